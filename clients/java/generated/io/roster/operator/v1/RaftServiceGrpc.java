package io.roster.operator.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * RaftService shows and changes the servers' Raft configuration.
 * Consul: `/v1/operator/raft/`.
 * </pre>
 */
@javax.annotation.Generated(
    value = "by gRPC proto compiler",
    comments = "Source: roster/operator/v1/raft.proto")
@io.grpc.stub.annotations.GrpcGenerated
public final class RaftServiceGrpc {

  private RaftServiceGrpc() {}

  public static final String SERVICE_NAME = "roster.operator.v1.RaftService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<io.roster.operator.v1.GetConfigurationRequest,
      io.roster.operator.v1.GetConfigurationResponse> getGetConfigurationMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetConfiguration",
      requestType = io.roster.operator.v1.GetConfigurationRequest.class,
      responseType = io.roster.operator.v1.GetConfigurationResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.operator.v1.GetConfigurationRequest,
      io.roster.operator.v1.GetConfigurationResponse> getGetConfigurationMethod() {
    io.grpc.MethodDescriptor<io.roster.operator.v1.GetConfigurationRequest, io.roster.operator.v1.GetConfigurationResponse> getGetConfigurationMethod;
    if ((getGetConfigurationMethod = RaftServiceGrpc.getGetConfigurationMethod) == null) {
      synchronized (RaftServiceGrpc.class) {
        if ((getGetConfigurationMethod = RaftServiceGrpc.getGetConfigurationMethod) == null) {
          RaftServiceGrpc.getGetConfigurationMethod = getGetConfigurationMethod =
              io.grpc.MethodDescriptor.<io.roster.operator.v1.GetConfigurationRequest, io.roster.operator.v1.GetConfigurationResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetConfiguration"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.operator.v1.GetConfigurationRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.operator.v1.GetConfigurationResponse.getDefaultInstance()))
              .setSchemaDescriptor(new RaftServiceMethodDescriptorSupplier("GetConfiguration"))
              .build();
        }
      }
    }
    return getGetConfigurationMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.operator.v1.RemovePeerRequest,
      io.roster.operator.v1.RemovePeerResponse> getRemovePeerMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RemovePeer",
      requestType = io.roster.operator.v1.RemovePeerRequest.class,
      responseType = io.roster.operator.v1.RemovePeerResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.operator.v1.RemovePeerRequest,
      io.roster.operator.v1.RemovePeerResponse> getRemovePeerMethod() {
    io.grpc.MethodDescriptor<io.roster.operator.v1.RemovePeerRequest, io.roster.operator.v1.RemovePeerResponse> getRemovePeerMethod;
    if ((getRemovePeerMethod = RaftServiceGrpc.getRemovePeerMethod) == null) {
      synchronized (RaftServiceGrpc.class) {
        if ((getRemovePeerMethod = RaftServiceGrpc.getRemovePeerMethod) == null) {
          RaftServiceGrpc.getRemovePeerMethod = getRemovePeerMethod =
              io.grpc.MethodDescriptor.<io.roster.operator.v1.RemovePeerRequest, io.roster.operator.v1.RemovePeerResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RemovePeer"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.operator.v1.RemovePeerRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.operator.v1.RemovePeerResponse.getDefaultInstance()))
              .setSchemaDescriptor(new RaftServiceMethodDescriptorSupplier("RemovePeer"))
              .build();
        }
      }
    }
    return getRemovePeerMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.operator.v1.TransferLeaderRequest,
      io.roster.operator.v1.TransferLeaderResponse> getTransferLeaderMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "TransferLeader",
      requestType = io.roster.operator.v1.TransferLeaderRequest.class,
      responseType = io.roster.operator.v1.TransferLeaderResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.operator.v1.TransferLeaderRequest,
      io.roster.operator.v1.TransferLeaderResponse> getTransferLeaderMethod() {
    io.grpc.MethodDescriptor<io.roster.operator.v1.TransferLeaderRequest, io.roster.operator.v1.TransferLeaderResponse> getTransferLeaderMethod;
    if ((getTransferLeaderMethod = RaftServiceGrpc.getTransferLeaderMethod) == null) {
      synchronized (RaftServiceGrpc.class) {
        if ((getTransferLeaderMethod = RaftServiceGrpc.getTransferLeaderMethod) == null) {
          RaftServiceGrpc.getTransferLeaderMethod = getTransferLeaderMethod =
              io.grpc.MethodDescriptor.<io.roster.operator.v1.TransferLeaderRequest, io.roster.operator.v1.TransferLeaderResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "TransferLeader"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.operator.v1.TransferLeaderRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.operator.v1.TransferLeaderResponse.getDefaultInstance()))
              .setSchemaDescriptor(new RaftServiceMethodDescriptorSupplier("TransferLeader"))
              .build();
        }
      }
    }
    return getTransferLeaderMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static RaftServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<RaftServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<RaftServiceStub>() {
        @java.lang.Override
        public RaftServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new RaftServiceStub(channel, callOptions);
        }
      };
    return RaftServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static RaftServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<RaftServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<RaftServiceBlockingStub>() {
        @java.lang.Override
        public RaftServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new RaftServiceBlockingStub(channel, callOptions);
        }
      };
    return RaftServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static RaftServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<RaftServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<RaftServiceFutureStub>() {
        @java.lang.Override
        public RaftServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new RaftServiceFutureStub(channel, callOptions);
        }
      };
    return RaftServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * RaftService shows and changes the servers' Raft configuration.
   * Consul: `/v1/operator/raft/`.
   * </pre>
   */
  public static abstract class RaftServiceImplBase implements io.grpc.BindableService {

    /**
     * <pre>
     * GetConfiguration lists the servers in the Raft configuration.
     * Consul: `GET /v1/operator/raft/configuration`.
     * </pre>
     */
    public void getConfiguration(io.roster.operator.v1.GetConfigurationRequest request,
        io.grpc.stub.StreamObserver<io.roster.operator.v1.GetConfigurationResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetConfigurationMethod(), responseObserver);
    }

    /**
     * <pre>
     * RemovePeer removes a server from the configuration by node ID, Raft id
     * or server address (through the leader).
     * Consul: `DELETE /v1/operator/raft/peer`.
     * </pre>
     */
    public void removePeer(io.roster.operator.v1.RemovePeerRequest request,
        io.grpc.stub.StreamObserver<io.roster.operator.v1.RemovePeerResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRemovePeerMethod(), responseObserver);
    }

    /**
     * <pre>
     * TransferLeader hands leadership to another voter: the one named, or
     * the most up-to-date one, and waits until another server leads.
     * Consul: `POST /v1/operator/raft/transfer-leader`.
     * </pre>
     */
    public void transferLeader(io.roster.operator.v1.TransferLeaderRequest request,
        io.grpc.stub.StreamObserver<io.roster.operator.v1.TransferLeaderResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getTransferLeaderMethod(), responseObserver);
    }

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
          .addMethod(
            getGetConfigurationMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.operator.v1.GetConfigurationRequest,
                io.roster.operator.v1.GetConfigurationResponse>(
                  this, METHODID_GET_CONFIGURATION)))
          .addMethod(
            getRemovePeerMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.operator.v1.RemovePeerRequest,
                io.roster.operator.v1.RemovePeerResponse>(
                  this, METHODID_REMOVE_PEER)))
          .addMethod(
            getTransferLeaderMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.operator.v1.TransferLeaderRequest,
                io.roster.operator.v1.TransferLeaderResponse>(
                  this, METHODID_TRANSFER_LEADER)))
          .build();
    }
  }

  /**
   * <pre>
   * RaftService shows and changes the servers' Raft configuration.
   * Consul: `/v1/operator/raft/`.
   * </pre>
   */
  public static final class RaftServiceStub extends io.grpc.stub.AbstractAsyncStub<RaftServiceStub> {
    private RaftServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected RaftServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new RaftServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * GetConfiguration lists the servers in the Raft configuration.
     * Consul: `GET /v1/operator/raft/configuration`.
     * </pre>
     */
    public void getConfiguration(io.roster.operator.v1.GetConfigurationRequest request,
        io.grpc.stub.StreamObserver<io.roster.operator.v1.GetConfigurationResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetConfigurationMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * RemovePeer removes a server from the configuration by node ID, Raft id
     * or server address (through the leader).
     * Consul: `DELETE /v1/operator/raft/peer`.
     * </pre>
     */
    public void removePeer(io.roster.operator.v1.RemovePeerRequest request,
        io.grpc.stub.StreamObserver<io.roster.operator.v1.RemovePeerResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRemovePeerMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * TransferLeader hands leadership to another voter: the one named, or
     * the most up-to-date one, and waits until another server leads.
     * Consul: `POST /v1/operator/raft/transfer-leader`.
     * </pre>
     */
    public void transferLeader(io.roster.operator.v1.TransferLeaderRequest request,
        io.grpc.stub.StreamObserver<io.roster.operator.v1.TransferLeaderResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getTransferLeaderMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * <pre>
   * RaftService shows and changes the servers' Raft configuration.
   * Consul: `/v1/operator/raft/`.
   * </pre>
   */
  public static final class RaftServiceBlockingStub extends io.grpc.stub.AbstractBlockingStub<RaftServiceBlockingStub> {
    private RaftServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected RaftServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new RaftServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * GetConfiguration lists the servers in the Raft configuration.
     * Consul: `GET /v1/operator/raft/configuration`.
     * </pre>
     */
    public io.roster.operator.v1.GetConfigurationResponse getConfiguration(io.roster.operator.v1.GetConfigurationRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetConfigurationMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * RemovePeer removes a server from the configuration by node ID, Raft id
     * or server address (through the leader).
     * Consul: `DELETE /v1/operator/raft/peer`.
     * </pre>
     */
    public io.roster.operator.v1.RemovePeerResponse removePeer(io.roster.operator.v1.RemovePeerRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRemovePeerMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * TransferLeader hands leadership to another voter: the one named, or
     * the most up-to-date one, and waits until another server leads.
     * Consul: `POST /v1/operator/raft/transfer-leader`.
     * </pre>
     */
    public io.roster.operator.v1.TransferLeaderResponse transferLeader(io.roster.operator.v1.TransferLeaderRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getTransferLeaderMethod(), getCallOptions(), request);
    }
  }

  /**
   * <pre>
   * RaftService shows and changes the servers' Raft configuration.
   * Consul: `/v1/operator/raft/`.
   * </pre>
   */
  public static final class RaftServiceFutureStub extends io.grpc.stub.AbstractFutureStub<RaftServiceFutureStub> {
    private RaftServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected RaftServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new RaftServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * GetConfiguration lists the servers in the Raft configuration.
     * Consul: `GET /v1/operator/raft/configuration`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.operator.v1.GetConfigurationResponse> getConfiguration(
        io.roster.operator.v1.GetConfigurationRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetConfigurationMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * RemovePeer removes a server from the configuration by node ID, Raft id
     * or server address (through the leader).
     * Consul: `DELETE /v1/operator/raft/peer`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.operator.v1.RemovePeerResponse> removePeer(
        io.roster.operator.v1.RemovePeerRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRemovePeerMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * TransferLeader hands leadership to another voter: the one named, or
     * the most up-to-date one, and waits until another server leads.
     * Consul: `POST /v1/operator/raft/transfer-leader`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.operator.v1.TransferLeaderResponse> transferLeader(
        io.roster.operator.v1.TransferLeaderRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getTransferLeaderMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_GET_CONFIGURATION = 0;
  private static final int METHODID_REMOVE_PEER = 1;
  private static final int METHODID_TRANSFER_LEADER = 2;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final RaftServiceImplBase serviceImpl;
    private final int methodId;

    MethodHandlers(RaftServiceImplBase serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_GET_CONFIGURATION:
          serviceImpl.getConfiguration((io.roster.operator.v1.GetConfigurationRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.operator.v1.GetConfigurationResponse>) responseObserver);
          break;
        case METHODID_REMOVE_PEER:
          serviceImpl.removePeer((io.roster.operator.v1.RemovePeerRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.operator.v1.RemovePeerResponse>) responseObserver);
          break;
        case METHODID_TRANSFER_LEADER:
          serviceImpl.transferLeader((io.roster.operator.v1.TransferLeaderRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.operator.v1.TransferLeaderResponse>) responseObserver);
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

  private static abstract class RaftServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    RaftServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return io.roster.operator.v1.RaftProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("RaftService");
    }
  }

  private static final class RaftServiceFileDescriptorSupplier
      extends RaftServiceBaseDescriptorSupplier {
    RaftServiceFileDescriptorSupplier() {}
  }

  private static final class RaftServiceMethodDescriptorSupplier
      extends RaftServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final String methodName;

    RaftServiceMethodDescriptorSupplier(String methodName) {
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
      synchronized (RaftServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new RaftServiceFileDescriptorSupplier())
              .addMethod(getGetConfigurationMethod())
              .addMethod(getRemovePeerMethod())
              .addMethod(getTransferLeaderMethod())
              .build();
        }
      }
    }
    return result;
  }
}
