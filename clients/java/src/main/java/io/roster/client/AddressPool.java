package io.roster.client;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The agents a client may talk to, one channel each (opened on first use), and which one is in
 * use. {@link #channel()} is a {@link Channel} over the address in use: every call it starts
 * carries the token as {@code x-consul-token} metadata, and a call that ends UNAVAILABLE (the
 * agent is unreachable, or has no leader) moves the pool on to the next address, so that the
 * next call, from this client or from a raw stub built on the channel, goes elsewhere.
 */
final class AddressPool implements AutoCloseable {
  static final Metadata.Key<String> TOKEN_KEY =
      Metadata.Key.of("x-consul-token", Metadata.ASCII_STRING_MARSHALLER);

  private final List<String> addresses;
  private final Function<String, ManagedChannel> factory;
  private final ManagedChannel[] channels;
  private final String token;
  private final AtomicInteger current = new AtomicInteger();
  private final Channel failoverChannel = new FailoverChannel();
  private boolean closed;

  AddressPool(List<String> addresses, Function<String, ManagedChannel> factory, String token) {
    this.addresses = List.copyOf(addresses);
    this.factory = factory;
    this.channels = new ManagedChannel[addresses.size()];
    this.token = token;
  }

  List<String> addresses() {
    return addresses;
  }

  int currentIndex() {
    return current.get();
  }

  /**
   * Moves on from address {@code index} after a failure there. A compare-and-set, so that many
   * calls failing at once on one dead address move the pool by one step, not by many.
   */
  void failed(int index) {
    current.compareAndSet(index, (index + 1) % addresses.size());
  }

  Channel channel() {
    return failoverChannel;
  }

  private synchronized ManagedChannel channelAt(int index) {
    if (closed) {
      throw new IllegalStateException("RosterClient is closed");
    }
    if (channels[index] == null) {
      channels[index] = factory.apply(addresses.get(index));
    }
    return channels[index];
  }

  @Override
  public void close() {
    ManagedChannel[] open;
    synchronized (this) {
      closed = true;
      open = channels.clone();
    }
    for (ManagedChannel ch : open) {
      if (ch != null) {
        ch.shutdownNow();
      }
    }
    for (ManagedChannel ch : open) {
      if (ch != null) {
        try {
          ch.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private final class FailoverChannel extends Channel {
    @Override
    public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
      int index = current.get();
      ClientCall<Q, R> call = channelAt(index).newCall(method, options);
      return new ForwardingClientCall.SimpleForwardingClientCall<Q, R>(call) {
        @Override
        public void start(Listener<R> listener, Metadata headers) {
          if (!token.isEmpty()) {
            headers.put(TOKEN_KEY, token);
          }
          super.start(
              new ForwardingClientCallListener.SimpleForwardingClientCallListener<R>(listener) {
                @Override
                public void onClose(Status status, Metadata trailers) {
                  if (status.getCode() == Status.Code.UNAVAILABLE) {
                    failed(index);
                  }
                  super.onClose(status, trailers);
                }
              },
              headers);
        }
      };
    }

    @Override
    public String authority() {
      return channelAt(current.get()).authority();
    }
  }
}
