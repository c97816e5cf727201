package io.roster.client;

import com.google.protobuf.ByteString;
import io.roster.client.RosterClient.Safety;
import io.roster.kv.v1.DeleteRequest;
import io.roster.kv.v1.DeleteResponse;
import io.roster.kv.v1.Entry;
import io.roster.kv.v1.GetRequest;
import io.roster.kv.v1.GetResponse;
import io.roster.kv.v1.KVServiceGrpc;
import io.roster.kv.v1.ListKeysRequest;
import io.roster.kv.v1.ListRequest;
import io.roster.kv.v1.ListResponse;
import io.roster.kv.v1.PutRequest;
import io.roster.kv.v1.PutResponse;
import io.roster.kv.v1.WatchRequest;
import io.roster.kv.v1.WatchResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The key/value store ({@code KVService}). Writes carry a fresh request id, which the servers
 * deduplicate, so they are retried on another agent after a lost connection without applying
 * twice; {@code outcome_unknown} is still never retried.
 */
public final class Kv {
  private final RosterClient client;

  Kv(RosterClient client) {
    this.client = client;
  }

  /** The entry at {@code key}, if any. */
  public Optional<Entry> get(String key) {
    return get(key, 0, null).value();
  }

  /** The UTF-8 value at {@code key}, if any. */
  public Optional<String> getString(String key) {
    return get(key).map(e -> e.getValue().toStringUtf8());
  }

  /**
   * A blocking read: answers once the key's index passes {@code minIndex} or after {@code wait}
   * (null: the server's default, 5 min); with {@code minIndex} 0 it answers at once.
   */
  public Indexed<Optional<Entry>> get(String key, long minIndex, Duration wait) {
    GetRequest req = GetRequest.newBuilder()
        .setQueryOptions(client.blockingOptions(minIndex, wait))
        .setKey(key)
        .build();
    GetResponse resp = client.execute(Safety.READ, ch ->
        client.stubOn(ch, KVServiceGrpc::newBlockingStub, RosterClient.blockingSlack(wait))
            .get(req));
    Optional<Entry> entry = resp.hasEntry() ? Optional.of(resp.getEntry()) : Optional.empty();
    return new Indexed<>(entry, resp.getQueryMeta().getIndex());
  }

  /** Every entry whose key starts with {@code prefix}, in key order. */
  public List<Entry> list(String prefix) {
    return list(prefix, 0, null).value();
  }

  /** A blocking read of a prefix, as {@link #get(String, long, Duration)}. */
  public Indexed<List<Entry>> list(String prefix, long minIndex, Duration wait) {
    ListRequest req = ListRequest.newBuilder()
        .setQueryOptions(client.blockingOptions(minIndex, wait))
        .setPrefix(prefix)
        .build();
    ListResponse resp = client.execute(Safety.READ, ch ->
        client.stubOn(ch, KVServiceGrpc::newBlockingStub, RosterClient.blockingSlack(wait))
            .list(req));
    return new Indexed<>(resp.getEntriesList(), resp.getQueryMeta().getIndex());
  }

  /** Key names under {@code prefix}, rolled up at {@code separator} unless it is empty. */
  public List<String> keys(String prefix, String separator) {
    ListKeysRequest req = ListKeysRequest.newBuilder()
        .setQueryOptions(client.queryOptions())
        .setPrefix(prefix)
        .setSeparator(separator)
        .build();
    return client.execute(Safety.READ, ch ->
        client.stubOn(ch, KVServiceGrpc::newBlockingStub, Duration.ZERO).listKeys(req))
        .getKeysList();
  }

  /** Writes {@code value} at {@code key}; returns the write's index. */
  public long put(String key, byte[] value) {
    return put(PutRequest.newBuilder().setKey(key).setValue(ByteString.copyFrom(value)).build())
        .getIndex();
  }

  /** Writes a UTF-8 {@code value} at {@code key}; returns the write's index. */
  public long put(String key, String value) {
    return put(key, value.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Check-and-set: writes only if the key's modify index is {@code modifyIndex} (0: only if the
   * key does not exist). False when it did not match.
   */
  public boolean cas(String key, byte[] value, long modifyIndex) {
    return put(PutRequest.newBuilder()
        .setKey(key)
        .setValue(ByteString.copyFrom(value))
        .setCasIndex(modifyIndex)
        .build())
        .getSuccess();
  }

  /**
   * Any put (flags, CAS, acquire, release): the request's write options get this client's token
   * and datacenter, and a request id unless it has one.
   */
  public PutResponse put(PutRequest request) {
    PutRequest req = request.toBuilder()
        .setWriteOptions(withRequestId(request.getWriteOptions()))
        .build();
    return client.execute(Safety.IDEMPOTENT_WRITE, ch ->
        client.stubOn(ch, KVServiceGrpc::newBlockingStub, Duration.ZERO).put(req));
  }

  /** Deletes {@code key} (true even if it did not exist). */
  public boolean delete(String key) {
    return delete(DeleteRequest.newBuilder().setKey(key).build()).getSuccess();
  }

  /** Deletes {@code key} only if its modify index is {@code modifyIndex}. */
  public boolean deleteCas(String key, long modifyIndex) {
    return delete(DeleteRequest.newBuilder().setKey(key).setCasIndex(modifyIndex).build())
        .getSuccess();
  }

  /** Deletes every key starting with {@code prefix}. */
  public void deletePrefix(String prefix) {
    delete(DeleteRequest.newBuilder().setKey(prefix).setRecurse(true).build());
  }

  /** Any delete, with options filled in as {@link #put(PutRequest)} does. */
  public DeleteResponse delete(DeleteRequest request) {
    DeleteRequest req = request.toBuilder()
        .setWriteOptions(withRequestId(request.getWriteOptions()))
        .build();
    return client.execute(Safety.IDEMPOTENT_WRITE, ch ->
        client.stubOn(ch, KVServiceGrpc::newBlockingStub, Duration.ZERO).delete(req));
  }

  /**
   * Follows one key: its current state (empty when the key does not exist), then every change,
   * over {@code KVService.Watch}, resumed from the last index on another agent after a failure.
   * Read the states with {@link Watch#next}; close the watch when done.
   */
  public Watch<Optional<Entry>> watchKey(String key) {
    return Watch.open(watchOpener(key, false), Kv::single, null, null);
  }

  /** {@link #watchKey(String)} delivering each state to {@code onChange} on the watch's thread. */
  public Watch<Optional<Entry>> watchKey(String key, Consumer<Indexed<Optional<Entry>>> onChange,
      Consumer<RosterException> onError) {
    return Watch.open(watchOpener(key, false), Kv::single, onChange, onError);
  }

  /**
   * {@link #watchKey(String, Consumer, Consumer)} from states after {@code fromIndex}: the first
   * state delivered is at least as new as that index (for a lock's monitor, which must not take
   * a lagging read from before its own acquire for a loss).
   */
  Watch<Optional<Entry>> watchKey(String key, long fromIndex,
      Consumer<Indexed<Optional<Entry>>> onChange, Consumer<RosterException> onError) {
    return Watch.open(watchOpener(key, false), Kv::single, fromIndex, onChange, onError);
  }

  /** Follows every entry under {@code prefix}, as {@link #watchKey(String)}. */
  public Watch<List<Entry>> watchPrefix(String prefix) {
    return Watch.open(watchOpener(prefix, true), WatchResponse::getEntriesList, null, null);
  }

  /** {@link #watchPrefix(String)} with a callback, as {@link #watchKey(String, Consumer, Consumer)}. */
  public Watch<List<Entry>> watchPrefix(String prefix, Consumer<Indexed<List<Entry>>> onChange,
      Consumer<RosterException> onError) {
    return Watch.open(watchOpener(prefix, true), WatchResponse::getEntriesList, onChange, onError);
  }

  private Watch.Opener<WatchResponse> watchOpener(String key, boolean prefix) {
    return new Watch.Opener<>() {
      @Override
      public java.util.Iterator<WatchResponse> open(long minIndex) {
        WatchRequest req = WatchRequest.newBuilder()
            .setQueryOptions(client.queryOptions().setMinIndex(minIndex))
            .setKey(key)
            .setPrefix(prefix)
            .build();
        return KVServiceGrpc.newBlockingStub(client.channel()).watch(req);
      }

      @Override
      public long index(WatchResponse response) {
        return response.getQueryMeta().getIndex();
      }
    };
  }

  private static Optional<Entry> single(WatchResponse r) {
    return r.getEntriesCount() == 0 ? Optional.empty() : Optional.of(r.getEntries(0));
  }

  private io.roster.common.v1.WriteOptions withRequestId(io.roster.common.v1.WriteOptions given) {
    io.roster.common.v1.WriteOptions.Builder b = client.writeOptions();
    if (!given.getDatacenter().isEmpty()) {
      b.setDatacenter(given.getDatacenter());
    }
    if (!given.getToken().isEmpty()) {
      b.setToken(given.getToken());
    }
    b.setRequestId(given.getRequestId().isEmpty()
        ? UUID.randomUUID().toString()
        : given.getRequestId());
    return b.build();
  }
}
