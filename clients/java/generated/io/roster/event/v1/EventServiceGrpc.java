package io.roster.event.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * EventService fires user events, which gossip delivers best-effort to every
 * agent of the datacenter, and lists the last 256 events this agent received.
 * Consul: `/v1/event/`.
 * </pre>
 */
@javax.annotation.Generated(
    value = "by gRPC proto compiler",
    comments = "Source: roster/event/v1/event.proto")
@io.grpc.stub.annotations.GrpcGenerated
public final class EventServiceGrpc {

  private EventServiceGrpc() {}

  public static final String SERVICE_NAME = "roster.event.v1.EventService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<io.roster.event.v1.FireRequest,
      io.roster.event.v1.FireResponse> getFireMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Fire",
      requestType = io.roster.event.v1.FireRequest.class,
      responseType = io.roster.event.v1.FireResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.event.v1.FireRequest,
      io.roster.event.v1.FireResponse> getFireMethod() {
    io.grpc.MethodDescriptor<io.roster.event.v1.FireRequest, io.roster.event.v1.FireResponse> getFireMethod;
    if ((getFireMethod = EventServiceGrpc.getFireMethod) == null) {
      synchronized (EventServiceGrpc.class) {
        if ((getFireMethod = EventServiceGrpc.getFireMethod) == null) {
          EventServiceGrpc.getFireMethod = getFireMethod =
              io.grpc.MethodDescriptor.<io.roster.event.v1.FireRequest, io.roster.event.v1.FireResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Fire"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.event.v1.FireRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.event.v1.FireResponse.getDefaultInstance()))
              .setSchemaDescriptor(new EventServiceMethodDescriptorSupplier("Fire"))
              .build();
        }
      }
    }
    return getFireMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.event.v1.ListRequest,
      io.roster.event.v1.ListResponse> getListMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "List",
      requestType = io.roster.event.v1.ListRequest.class,
      responseType = io.roster.event.v1.ListResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.event.v1.ListRequest,
      io.roster.event.v1.ListResponse> getListMethod() {
    io.grpc.MethodDescriptor<io.roster.event.v1.ListRequest, io.roster.event.v1.ListResponse> getListMethod;
    if ((getListMethod = EventServiceGrpc.getListMethod) == null) {
      synchronized (EventServiceGrpc.class) {
        if ((getListMethod = EventServiceGrpc.getListMethod) == null) {
          EventServiceGrpc.getListMethod = getListMethod =
              io.grpc.MethodDescriptor.<io.roster.event.v1.ListRequest, io.roster.event.v1.ListResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "List"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.event.v1.ListRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.event.v1.ListResponse.getDefaultInstance()))
              .setSchemaDescriptor(new EventServiceMethodDescriptorSupplier("List"))
              .build();
        }
      }
    }
    return getListMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static EventServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<EventServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<EventServiceStub>() {
        @java.lang.Override
        public EventServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new EventServiceStub(channel, callOptions);
        }
      };
    return EventServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static EventServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<EventServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<EventServiceBlockingStub>() {
        @java.lang.Override
        public EventServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new EventServiceBlockingStub(channel, callOptions);
        }
      };
    return EventServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static EventServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<EventServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<EventServiceFutureStub>() {
        @java.lang.Override
        public EventServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new EventServiceFutureStub(channel, callOptions);
        }
      };
    return EventServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * EventService fires user events, which gossip delivers best-effort to every
   * agent of the datacenter, and lists the last 256 events this agent received.
   * Consul: `/v1/event/`.
   * </pre>
   */
  public static abstract class EventServiceImplBase implements io.grpc.BindableService {

    /**
     * <pre>
     * Fire broadcasts a user event. Consul: `PUT /v1/event/fire/&lt;name&gt;`.
     * </pre>
     */
    public void fire(io.roster.event.v1.FireRequest request,
        io.grpc.stub.StreamObserver<io.roster.event.v1.FireResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getFireMethod(), responseObserver);
    }

    /**
     * <pre>
     * List returns the events this agent received, oldest first. Blocking: the
     * index is the newest matching event's ID folded to 64 bits (not a Raft
     * index); the call waits while it equals `min_index`.
     * Consul: `GET /v1/event/list`.
     * </pre>
     */
    public void list(io.roster.event.v1.ListRequest request,
        io.grpc.stub.StreamObserver<io.roster.event.v1.ListResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListMethod(), responseObserver);
    }

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
          .addMethod(
            getFireMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.event.v1.FireRequest,
                io.roster.event.v1.FireResponse>(
                  this, METHODID_FIRE)))
          .addMethod(
            getListMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.event.v1.ListRequest,
                io.roster.event.v1.ListResponse>(
                  this, METHODID_LIST)))
          .build();
    }
  }

  /**
   * <pre>
   * EventService fires user events, which gossip delivers best-effort to every
   * agent of the datacenter, and lists the last 256 events this agent received.
   * Consul: `/v1/event/`.
   * </pre>
   */
  public static final class EventServiceStub extends io.grpc.stub.AbstractAsyncStub<EventServiceStub> {
    private EventServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected EventServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new EventServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Fire broadcasts a user event. Consul: `PUT /v1/event/fire/&lt;name&gt;`.
     * </pre>
     */
    public void fire(io.roster.event.v1.FireRequest request,
        io.grpc.stub.StreamObserver<io.roster.event.v1.FireResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getFireMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * List returns the events this agent received, oldest first. Blocking: the
     * index is the newest matching event's ID folded to 64 bits (not a Raft
     * index); the call waits while it equals `min_index`.
     * Consul: `GET /v1/event/list`.
     * </pre>
     */
    public void list(io.roster.event.v1.ListRequest request,
        io.grpc.stub.StreamObserver<io.roster.event.v1.ListResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * <pre>
   * EventService fires user events, which gossip delivers best-effort to every
   * agent of the datacenter, and lists the last 256 events this agent received.
   * Consul: `/v1/event/`.
   * </pre>
   */
  public static final class EventServiceBlockingStub extends io.grpc.stub.AbstractBlockingStub<EventServiceBlockingStub> {
    private EventServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected EventServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new EventServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Fire broadcasts a user event. Consul: `PUT /v1/event/fire/&lt;name&gt;`.
     * </pre>
     */
    public io.roster.event.v1.FireResponse fire(io.roster.event.v1.FireRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getFireMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * List returns the events this agent received, oldest first. Blocking: the
     * index is the newest matching event's ID folded to 64 bits (not a Raft
     * index); the call waits while it equals `min_index`.
     * Consul: `GET /v1/event/list`.
     * </pre>
     */
    public io.roster.event.v1.ListResponse list(io.roster.event.v1.ListRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListMethod(), getCallOptions(), request);
    }
  }

  /**
   * <pre>
   * EventService fires user events, which gossip delivers best-effort to every
   * agent of the datacenter, and lists the last 256 events this agent received.
   * Consul: `/v1/event/`.
   * </pre>
   */
  public static final class EventServiceFutureStub extends io.grpc.stub.AbstractFutureStub<EventServiceFutureStub> {
    private EventServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected EventServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new EventServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Fire broadcasts a user event. Consul: `PUT /v1/event/fire/&lt;name&gt;`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.event.v1.FireResponse> fire(
        io.roster.event.v1.FireRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getFireMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * List returns the events this agent received, oldest first. Blocking: the
     * index is the newest matching event's ID folded to 64 bits (not a Raft
     * index); the call waits while it equals `min_index`.
     * Consul: `GET /v1/event/list`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.event.v1.ListResponse> list(
        io.roster.event.v1.ListRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_FIRE = 0;
  private static final int METHODID_LIST = 1;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final EventServiceImplBase serviceImpl;
    private final int methodId;

    MethodHandlers(EventServiceImplBase serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_FIRE:
          serviceImpl.fire((io.roster.event.v1.FireRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.event.v1.FireResponse>) responseObserver);
          break;
        case METHODID_LIST:
          serviceImpl.list((io.roster.event.v1.ListRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.event.v1.ListResponse>) responseObserver);
          break;
        default:
          throw new AssertionError();
      }
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public io.grpc.stub.StreamObserver<Req> invoke(
        io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        default:
          throw new AssertionError();
      }
    }
  }

  private static abstract class EventServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    EventServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return io.roster.event.v1.EventProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("EventService");
    }
  }

  private static final class EventServiceFileDescriptorSupplier
      extends EventServiceBaseDescriptorSupplier {
    EventServiceFileDescriptorSupplier() {}
  }

  private static final class EventServiceMethodDescriptorSupplier
      extends EventServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final String methodName;

    EventServiceMethodDescriptorSupplier(String methodName) {
      this.methodName = methodName;
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.MethodDescriptor getMethodDescriptor() {
      return getServiceDescriptor().findMethodByName(methodName);
    }
  }

  private static volatile io.grpc.ServiceDescriptor serviceDescriptor;

  public static io.grpc.ServiceDescriptor getServiceDescriptor() {
    io.grpc.ServiceDescriptor result = serviceDescriptor;
    if (result == null) {
      synchronized (EventServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new EventServiceFileDescriptorSupplier())
              .addMethod(getFireMethod())
              .addMethod(getListMethod())
              .build();
        }
      }
    }
    return result;
  }
}
