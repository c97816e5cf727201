"""Watches: iterators over a Roster Watch stream that survive failover.

Each Roster ``Watch*`` RPC sends the current state and then every change,
each with the index it was read at. :class:`Watch` follows such a stream
and, when the server goes away, opens it again on the next address with
``min_index`` set to the last index seen, so no change is lost and none
already delivered is sent twice. When an index goes backwards (a snapshot
was restored), the watch resumes from 0 instead: the current state is sent
again rather than changes missed.

    with client.kv.watch("config/", prefix=True) as watch:
        for update in watch:
            print(update.query_meta.index, [e.key for e in update.entries])

:meth:`Watch.cancel` (from any thread) ends the iteration.
"""

from __future__ import annotations

import threading
import time
from typing import Callable, Generic, Optional, Tuple, TypeVar

import grpc
from google.protobuf.message import Message

from ._transport import RetryBudget, Transport, log, sent_nothing
from .errors import ErrorKind, error_from_rpc, kind_of_rpc_error

R = TypeVar("R", bound=Message)


class Watch(Generic[R]):
    """An iterator over the responses of a ``Watch*`` stream (each has a
    ``query_meta`` with the index it was read at).

    Args:
        transport: the client's connections.
        stub_class, method: the streaming RPC.
        make_request: builds the request for a ``min_index``.
        index: start after this index (0: from the current state).
        timeout: stop iterating (StopIteration) after this many seconds.
    """

    def __init__(
        self,
        transport: Transport,
        stub_class: type,
        method: str,
        make_request: Callable[[int], Message],
        *,
        index: int = 0,
        timeout: Optional[float] = None,
    ) -> None:
        self._transport = transport
        self._stub_class = stub_class
        self._method = method
        self._make_request = make_request
        self._deadline = None if timeout is None else time.monotonic() + timeout
        self._lock = threading.Lock()
        self._call = None
        # A watch moves between addresses on its own: its failures say
        # nothing certain about the client's other calls.
        self._address_index: Optional[int] = None
        self._cancelled = False
        self._budget = RetryBudget(transport)
        self._pending: Optional[Tuple[threading.Thread, dict]] = None
        #: The index to resume from: the last state's (0 before the first,
        #: or after the index went backwards).
        self.index = index

    def __iter__(self) -> "Watch[R]":
        return self

    def __next__(self) -> R:
        if self._pending is not None:
            # A timed-out next(timeout) is still pulling: its result is next.
            return self._collect(None)  # type: ignore[return-value]
        return self._pull()

    def _pull(self) -> R:
        while True:
            call = self._open()
            try:
                response = next(call)
            except StopIteration:
                # The server ended the stream (e.g. shutting down): resume.
                self._drop(call)
                continue
            except grpc.RpcError as e:
                self._drop(call)
                self._recover(e)
                continue
            self._budget.reset()
            self._advance(response.query_meta.index)
            return response

    def _advance(self, index: int) -> None:
        """Takes a delivered state's index as the one to resume from.

        Consul's rule: an index lower than the previous one means the
        servers' state went back (a snapshot was restored); resuming from the
        old, higher index would block until the new history passes it and
        miss every change until then, so the watch starts over from 0 (the
        current state is read again) instead."""
        self.index = 0 if index < self.index else index

    def _open(self):
        with self._lock:
            if self._cancelled:
                raise StopIteration
            if self._call is not None:
                return self._call
            remaining = None
            if self._deadline is not None:
                remaining = self._deadline - time.monotonic()
                if remaining <= 0:
                    raise StopIteration
            self._address_index, self._call = self._transport.open_stream(
                self._stub_class,
                self._method,
                self._make_request(self.index),
                index=self._address_index,
                timeout=remaining,
            )
            return self._call

    def _drop(self, call) -> None:
        with self._lock:
            if self._call is call:
                self._call = None

    def _recover(self, error: grpc.RpcError) -> None:
        """Decides after a failed stream: resume elsewhere, stop, or raise."""
        if self._cancelled:
            raise StopIteration
        code = error.code()
        if code == grpc.StatusCode.DEADLINE_EXCEEDED and self._deadline is not None:
            if time.monotonic() >= self._deadline - 0.05:
                raise StopIteration
        kind, named = kind_of_rpc_error(error)
        # A watch only reads: any broken connection may be resumed, as may a
        # server's own no_leader/unavailable.
        resumable = sent_nothing(error) or (not named and kind is ErrorKind.UNAVAILABLE and code != grpc.StatusCode.CANCELLED)
        addresses = self._transport.addresses
        index = self._address_index or 0
        address = addresses[index]
        if not resumable:
            raise error_from_rpc(error, address) from None
        self._address_index = (index + 1) % len(addresses)
        log.info("roster: watch on %s failed (%s); resuming on %s from index %d",
                 address, error.details(), addresses[self._address_index], self.index)
        if not self._budget.another():
            raise error_from_rpc(error, address) from None

    def next(self, timeout: Optional[float] = None) -> Optional[R]:
        """The next state, or None if none came within ``timeout`` seconds
        (the watch goes on, and a later call returns that state). Raises
        StopIteration once the watch has ended."""
        if timeout is None:
            return next(self)
        # gRPC's stream iterator has no per-message timeout: pull in a helper
        # thread, and keep it (and what it gets) for the next call if time
        # runs out first.
        if self._pending is None:
            box: dict = {}

            def pull() -> None:
                try:
                    box["value"] = self._pull()
                except BaseException as e:  # re-raised in the caller's thread
                    box["error"] = e

            thread = threading.Thread(target=pull, daemon=True)
            thread.start()
            self._pending = (thread, box)
        return self._collect(timeout)

    def _collect(self, timeout: Optional[float]) -> Optional[R]:
        assert self._pending is not None
        thread, box = self._pending
        thread.join(timeout)
        if thread.is_alive():
            return None
        self._pending = None
        if "error" in box:
            raise box["error"]
        return box["value"]

    def cancel(self) -> None:
        """Ends the watch; a blocked iteration returns StopIteration."""
        with self._lock:
            self._cancelled = True
            call, self._call = self._call, None
        if call is not None:
            call.cancel()

    def __enter__(self) -> "Watch[R]":
        return self

    def __exit__(self, *exc) -> None:
        self.cancel()


__all__ = ["Watch"]
