package io.roster.status.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * StatusService reports the Raft cluster's leader and peers; it needs no
 * ACL token and never blocks. Consul: `/v1/status/`.
 * </pre>
 */
@javax.annotation.Generated(
    value = "by gRPC proto compiler",
    comments = "Source: roster/status/v1/status.proto")
@io.grpc.stub.annotations.GrpcGenerated
public final class StatusServiceGrpc {

  private StatusServiceGrpc() {}

  public static final String SERVICE_NAME = "roster.status.v1.StatusService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<io.roster.status.v1.LeaderRequest,
      io.roster.status.v1.LeaderResponse> getLeaderMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Leader",
      requestType = io.roster.status.v1.LeaderRequest.class,
      responseType = io.roster.status.v1.LeaderResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.status.v1.LeaderRequest,
      io.roster.status.v1.LeaderResponse> getLeaderMethod() {
    io.grpc.MethodDescriptor<io.roster.status.v1.LeaderRequest, io.roster.status.v1.LeaderResponse> getLeaderMethod;
    if ((getLeaderMethod = StatusServiceGrpc.getLeaderMethod) == null) {
      synchronized (StatusServiceGrpc.class) {
        if ((getLeaderMethod = StatusServiceGrpc.getLeaderMethod) == null) {
          StatusServiceGrpc.getLeaderMethod = getLeaderMethod =
              io.grpc.MethodDescriptor.<io.roster.status.v1.LeaderRequest, io.roster.status.v1.LeaderResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Leader"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.status.v1.LeaderRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.status.v1.LeaderResponse.getDefaultInstance()))
              .setSchemaDescriptor(new StatusServiceMethodDescriptorSupplier("Leader"))
              .build();
        }
      }
    }
    return getLeaderMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.status.v1.PeersRequest,
      io.roster.status.v1.PeersResponse> getPeersMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Peers",
      requestType = io.roster.status.v1.PeersRequest.class,
      responseType = io.roster.status.v1.PeersResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.status.v1.PeersRequest,
      io.roster.status.v1.PeersResponse> getPeersMethod() {
    io.grpc.MethodDescriptor<io.roster.status.v1.PeersRequest, io.roster.status.v1.PeersResponse> getPeersMethod;
    if ((getPeersMethod = StatusServiceGrpc.getPeersMethod) == null) {
      synchronized (StatusServiceGrpc.class) {
        if ((getPeersMethod = StatusServiceGrpc.getPeersMethod) == null) {
          StatusServiceGrpc.getPeersMethod = getPeersMethod =
              io.grpc.MethodDescriptor.<io.roster.status.v1.PeersRequest, io.roster.status.v1.PeersResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Peers"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.status.v1.PeersRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.status.v1.PeersResponse.getDefaultInstance()))
              .setSchemaDescriptor(new StatusServiceMethodDescriptorSupplier("Peers"))
              .build();
        }
      }
    }
    return getPeersMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static StatusServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<StatusServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<StatusServiceStub>() {
        @java.lang.Override
        public StatusServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new StatusServiceStub(channel, callOptions);
        }
      };
    return StatusServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static StatusServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<StatusServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<StatusServiceBlockingStub>() {
        @java.lang.Override
        public StatusServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new StatusServiceBlockingStub(channel, callOptions);
        }
      };
    return StatusServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static StatusServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<StatusServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<StatusServiceFutureStub>() {
        @java.lang.Override
        public StatusServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new StatusServiceFutureStub(channel, callOptions);
        }
      };
    return StatusServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * StatusService reports the Raft cluster's leader and peers; it needs no
   * ACL token and never blocks. Consul: `/v1/status/`.
   * </pre>
   */
  public static abstract class StatusServiceImplBase implements io.grpc.BindableService {

    /**
     * <pre>
     * Leader returns the leader's server (Raft) address.
     * Consul: `GET /v1/status/leader`.
     * </pre>
     */
    public void leader(io.roster.status.v1.LeaderRequest request,
        io.grpc.stub.StreamObserver<io.roster.status.v1.LeaderResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getLeaderMethod(), responseObserver);
    }

    /**
     * <pre>
     * Peers returns the server addresses in the current Raft configuration.
     * Consul: `GET /v1/status/peers`.
     * </pre>
     */
    public void peers(io.roster.status.v1.PeersRequest request,
        io.grpc.stub.StreamObserver<io.roster.status.v1.PeersResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getPeersMethod(), responseObserver);
    }

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
          .addMethod(
            getLeaderMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.status.v1.LeaderRequest,
                io.roster.status.v1.LeaderResponse>(
                  this, METHODID_LEADER)))
          .addMethod(
            getPeersMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.status.v1.PeersRequest,
                io.roster.status.v1.PeersResponse>(
                  this, METHODID_PEERS)))
          .build();
    }
  }

  /**
   * <pre>
   * StatusService reports the Raft cluster's leader and peers; it needs no
   * ACL token and never blocks. Consul: `/v1/status/`.
   * </pre>
   */
  public static final class StatusServiceStub extends io.grpc.stub.AbstractAsyncStub<StatusServiceStub> {
    private StatusServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected StatusServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new StatusServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Leader returns the leader's server (Raft) address.
     * Consul: `GET /v1/status/leader`.
     * </pre>
     */
    public void leader(io.roster.status.v1.LeaderRequest request,
        io.grpc.stub.StreamObserver<io.roster.status.v1.LeaderResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getLeaderMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Peers returns the server addresses in the current Raft configuration.
     * Consul: `GET /v1/status/peers`.
     * </pre>
     */
    public void peers(io.roster.status.v1.PeersRequest request,
        io.grpc.stub.StreamObserver<io.roster.status.v1.PeersResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getPeersMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * <pre>
   * StatusService reports the Raft cluster's leader and peers; it needs no
   * ACL token and never blocks. Consul: `/v1/status/`.
   * </pre>
   */
  public static final class StatusServiceBlockingStub extends io.grpc.stub.AbstractBlockingStub<StatusServiceBlockingStub> {
    private StatusServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected StatusServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new StatusServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Leader returns the leader's server (Raft) address.
     * Consul: `GET /v1/status/leader`.
     * </pre>
     */
    public io.roster.status.v1.LeaderResponse leader(io.roster.status.v1.LeaderRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getLeaderMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Peers returns the server addresses in the current Raft configuration.
     * Consul: `GET /v1/status/peers`.
     * </pre>
     */
    public io.roster.status.v1.PeersResponse peers(io.roster.status.v1.PeersRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getPeersMethod(), getCallOptions(), request);
    }
  }

  /**
   * <pre>
   * StatusService reports the Raft cluster's leader and peers; it needs no
   * ACL token and never blocks. Consul: `/v1/status/`.
   * </pre>
   */
  public static final class StatusServiceFutureStub extends io.grpc.stub.AbstractFutureStub<StatusServiceFutureStub> {
    private StatusServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected StatusServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new StatusServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Leader returns the leader's server (Raft) address.
     * Consul: `GET /v1/status/leader`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.status.v1.LeaderResponse> leader(
        io.roster.status.v1.LeaderRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getLeaderMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Peers returns the server addresses in the current Raft configuration.
     * Consul: `GET /v1/status/peers`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.status.v1.PeersResponse> peers(
        io.roster.status.v1.PeersRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getPeersMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_LEADER = 0;
  private static final int METHODID_PEERS = 1;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final StatusServiceImplBase serviceImpl;
    private final int methodId;

    MethodHandlers(StatusServiceImplBase serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_LEADER:
          serviceImpl.leader((io.roster.status.v1.LeaderRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.status.v1.LeaderResponse>) responseObserver);
          break;
        case METHODID_PEERS:
          serviceImpl.peers((io.roster.status.v1.PeersRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.status.v1.PeersResponse>) responseObserver);
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

  private static abstract class StatusServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    StatusServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return io.roster.status.v1.StatusProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("StatusService");
    }
  }

  private static final class StatusServiceFileDescriptorSupplier
      extends StatusServiceBaseDescriptorSupplier {
    StatusServiceFileDescriptorSupplier() {}
  }

  private static final class StatusServiceMethodDescriptorSupplier
      extends StatusServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final String methodName;

    StatusServiceMethodDescriptorSupplier(String methodName) {
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
      synchronized (StatusServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new StatusServiceFileDescriptorSupplier())
              .addMethod(getLeaderMethod())
              .addMethod(getPeersMethod())
              .build();
        }
      }
    }
    return result;
  }
}
