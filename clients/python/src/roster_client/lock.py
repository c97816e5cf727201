"""A distributed lock / leader election on one key, Consul's recipe:

1. create a session (TTL, release behavior) on the agent's node;
2. ``Put`` the key with ``acquire_session``: the answer says who won;
3. the loser blocks on the key until its ``session`` is empty, then tries
   again (a key in its lock-delay refuses for a while: retried on a timer);
4. the holder renews the session every TTL/2 and watches the key; if the
   session is lost anyway (TTL missed, node failed), or the key is deleted
   or held by another session, :attr:`Lock.lost` is set (and the session
   destroyed);
5. unlocking releases the key and destroys the session.

    with client.lock("service/job/leader", value=b"me"):
        ...  # only one holder in the cluster at a time

The key's ``(lock_index, session)`` is a fencing token: pass it along to
anything the holder writes if a paused holder must not overwrite a newer one.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Callable, Optional, Sequence, Union

from ._transport import ClientClosedError, log
from .errors import NotFoundError, RefusedError, RosterError

if TYPE_CHECKING:
    from .client import Client
    from .watch import Watch


class Lock:
    """A lock on ``key``.

    Args:
        client: the :class:`~roster_client.Client`.
        key: the KV key that holds the lock.
        value: written to the key while taking and releasing it.
        ttl: the session's TTL in seconds (10 to 86400); renewed every ttl/2.
        lock_delay: seconds the key stays unacquirable after the holder's
            session is invalidated (not after a clean release).
        session_name: the session's name.
        node_checks: the session's node checks (None: ``serfHealth``, so the
            lock goes if the agent's node fails; [] for a TTL-only lease).
        retry_interval: pause between attempts when the key has no holder
            but refused (it is in its lock-delay).
        on_lost: called (from the renewing or the watching thread) when a
            held lock is found lost: its session gone, or the key deleted or
            held by another session (or no longer watchable).
    """

    def __init__(
        self,
        client: "Client",
        key: str,
        *,
        value: Union[bytes, str] = b"",
        ttl: float = 15.0,
        lock_delay: float = 15.0,
        session_name: str = "roster-lock",
        node_checks: Optional[Sequence[str]] = None,
        retry_interval: float = 1.0,
        on_lost: Optional[Callable[["Lock"], None]] = None,
    ) -> None:
        self._client = client
        self.key = key
        self.value = value.encode() if isinstance(value, str) else bytes(value)
        self.ttl = ttl
        self.lock_delay = lock_delay
        self.session_name = session_name
        self.node_checks = node_checks
        self.retry_interval = retry_interval
        self.on_lost = on_lost
        #: Set when the session of a held lock was invalidated: the lock is
        #: no longer held, whatever the holder believes.
        self.lost = threading.Event()
        self._mu = threading.Lock()
        self._session: Optional[str] = None
        self._held = False
        self._stop_renewing: Optional[threading.Event] = None
        # The watch on the key while held (None when not held).
        self._monitor: Optional["Watch"] = None

    @property
    def session_id(self) -> Optional[str]:
        """The session the lock is (being) taken with."""
        return self._session

    @property
    def held(self) -> bool:
        """Whether this lock holds the key (as far as it knows: see
        :attr:`lost`)."""
        return self._held and not self.lost.is_set()

    # -- session -----------------------------------------------------------

    def _ensure_session(self) -> str:
        with self._mu:
            if self._session is not None:
                return self._session
        session = self._client.sessions.create(
            name=self.session_name, ttl=self.ttl, lock_delay=self.lock_delay, node_checks=self.node_checks
        )
        stop = threading.Event()
        with self._mu:
            self._session, self._stop_renewing = session, stop
        threading.Thread(target=self._renew, args=(session, stop), name=f"roster-lock-renew {self.key}", daemon=True).start()
        return session

    def _renew(self, session: str, stop: threading.Event) -> None:
        """Renews every ttl/2 until stopped; notes the loss of the session."""
        interval = self.ttl / 2
        while not stop.wait(interval):
            try:
                # Bounded, so that one stuck send cannot outlast the TTL.
                self._client.sessions.renew(session, timeout=self.ttl / 2)
                interval = self.ttl / 2
            except NotFoundError:
                self._session_gone(session)
                return
            except RosterError:
                # Every server failed this time: try again soon, well
                # within the TTL (the server allows 2 x TTL).
                interval = min(1.0, self.ttl / 4)
            except ClientClosedError:
                return

    def _session_gone(self, session: str) -> None:
        with self._mu:
            if self._session != session:
                return
            was_held = self._held
            self._session, self._held = None, False
            if self._stop_renewing is not None:
                self._stop_renewing.set()
            monitor, self._monitor = self._monitor, None
        if monitor is not None:
            monitor.cancel()
        if was_held:
            self._report_lost()

    def _report_lost(self) -> None:
        self.lost.set()
        if self.on_lost is not None:
            self.on_lost(self)

    def _watch_key(self, session: str, acquired_at: int) -> None:
        """Starts watching the key of the lock just taken: the lock is lost
        as soon as the key is deleted or held by another session, even
        while our session lives (someone deleted the key, or released it
        with our session id and another session took it)."""
        watch = self._client.kv.watch(self.key)
        with self._mu:
            self._monitor = watch
        threading.Thread(
            target=self._follow_key,
            args=(watch, session, acquired_at),
            name=f"roster-lock-watch {self.key}",
            daemon=True,
        ).start()

    def _follow_key(self, watch: "Watch", session: str, acquired_at: int) -> None:
        why = ""
        try:
            for update in watch:
                if update.query_meta.index < acquired_at:
                    continue  # read before the acquisition (stale server)
                holder = update.entries[0].session if update.entries else None
                if holder != session:
                    if holder is None:
                        why = "the key was deleted"
                    elif not holder:
                        why = "the key was released (its session invalidated?)"
                    else:
                        why = f"the key is held by session {holder!r}"
                    break
            else:
                return  # cancelled: released or already lost
        except ClientClosedError:
            return
        except RosterError as e:
            # The key can no longer be watched (every server failing past
            # the retry budget, or refused): the lock cannot be known to be
            # held, so it is given up rather than trusted.
            why = f"the key can no longer be watched ({e})"
        self._key_lost(watch, session, why)

    def _key_lost(self, watch: "Watch", session: str, why: str) -> None:
        with self._mu:
            if self._monitor is not watch or self._session != session:
                return  # released meanwhile
            was_held = self._held
            self._monitor, self._held = None, False
        log.warning("roster: lock %r lost: %s", self.key, why)
        # The session holds nothing any more (or, if the watch failed, must
        # not keep the key): destroying it makes "lost" true on the servers.
        self._drop_session_quietly()
        if was_held:
            self._report_lost()

    def _drop_session(self) -> None:
        """Stops renewing and watching, and destroys the session (best
        effort)."""
        with self._mu:
            session, stop, monitor = self._session, self._stop_renewing, self._monitor
            self._session, self._stop_renewing, self._held, self._monitor = None, None, False, None
        if stop is not None:
            stop.set()
        if monitor is not None:
            monitor.cancel()
        if session is not None:
            self._client.sessions.destroy(session)

    def _drop_session_quietly(self) -> None:
        try:
            self._drop_session()
        except (RosterError, ClientClosedError):
            pass  # an unused session expires with its TTL anyway

    # -- lock ----------------------------------------------------------------

    def acquire(self, blocking: bool = True, timeout: Optional[float] = None) -> bool:
        """Takes the lock: True once held; False if ``blocking`` is False and
        another session holds it, or ``timeout`` seconds passed."""
        if self._held and not self.lost.is_set():
            raise RuntimeError(f"lock {self.key!r} is already held by this Lock")
        deadline = None if timeout is None else time.monotonic() + timeout

        def remaining() -> Optional[float]:
            return None if deadline is None else deadline - time.monotonic()

        self.lost.clear()
        refusals = 0
        try:
            while True:
                session = self._ensure_session()
                try:
                    put = self._client.kv._put(self.key, self.value, acquire=session)
                except RefusedError:
                    # The session was invalidated under us: start over with a
                    # new one (but not forever if the refusal is for another
                    # reason, such as a missing node check).
                    refusals += 1
                    if refusals > 2:
                        raise
                    self._drop_session_quietly()
                    continue
                if put.success:
                    with self._mu:
                        self._held = True
                    self._watch_key(session, put.index)
                    return True
                if not blocking:
                    break
                # Wait for the holder to go: block on the key's index. From
                # 0 each time: an index kept from an earlier wait would block
                # up to 30 s on a key that no longer changes (one with no
                # holder that refused us during its lock-delay).
                index = 0
                saw_holder = False
                while True:
                    left = remaining()
                    if left is not None and left <= 0:
                        return False
                    wait = 30.0 if left is None else max(0.001, min(30.0, left))
                    response = self._client.kv.read(self.key, index=index, wait=wait)
                    index = response.query_meta.index
                    holder = response.entry.session if response.HasField("entry") else ""
                    if not holder:
                        break
                    saw_holder = True
                if not saw_holder:
                    # Nobody holds it yet the acquire failed: lock-delay.
                    left = remaining()
                    pause = self.retry_interval if left is None else min(self.retry_interval, max(0.0, left))
                    time.sleep(pause)
            return False
        finally:
            if not self._held:
                self._drop_session_quietly()

    def release(self) -> None:
        """Releases the lock and destroys its session. Does nothing when not
        held (a lost lock's session is already gone)."""
        with self._mu:
            session, held = self._session, self._held
            # Our own release changes the key: stop watching it first.
            monitor, self._monitor = self._monitor, None
        if monitor is not None:
            monitor.cancel()
        error: Optional[RosterError] = None
        if held and session is not None:
            try:
                self._client.kv.put(self.key, self.value, release=session)
            except RosterError as e:
                error = e  # destroying the session below releases it anyway
        try:
            self._drop_session()
        except RosterError as e:
            error = error or e
        if error is not None:
            raise error

    def __enter__(self) -> "Lock":
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
