package io.roster.operator.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * AutopilotService reports the health autopilot keeps of the servers.
 * Consul: `/v1/operator/autopilot/`.
 * </pre>
 */
@javax.annotation.Generated(
    value = "by gRPC proto compiler",
    comments = "Source: roster/operator/v1/raft.proto")
@io.grpc.stub.annotations.GrpcGenerated
public final class AutopilotServiceGrpc {

  private AutopilotServiceGrpc() {}

  public static final String SERVICE_NAME = "roster.operator.v1.AutopilotService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<io.roster.operator.v1.ServerHealthRequest,
      io.roster.operator.v1.ServerHealthResponse> getServerHealthMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ServerHealth",
      requestType = io.roster.operator.v1.ServerHealthRequest.class,
      responseType = io.roster.operator.v1.ServerHealthResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.operator.v1.ServerHealthRequest,
      io.roster.operator.v1.ServerHealthResponse> getServerHealthMethod() {
    io.grpc.MethodDescriptor<io.roster.operator.v1.ServerHealthRequest, io.roster.operator.v1.ServerHealthResponse> getServerHealthMethod;
    if ((getServerHealthMethod = AutopilotServiceGrpc.getServerHealthMethod) == null) {
      synchronized (AutopilotServiceGrpc.class) {
        if ((getServerHealthMethod = AutopilotServiceGrpc.getServerHealthMethod) == null) {
          AutopilotServiceGrpc.getServerHealthMethod = getServerHealthMethod =
              io.grpc.MethodDescriptor.<io.roster.operator.v1.ServerHealthRequest, io.roster.operator.v1.ServerHealthResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ServerHealth"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.operator.v1.ServerHealthRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.operator.v1.ServerHealthResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AutopilotServiceMethodDescriptorSupplier("ServerHealth"))
              .build();
        }
      }
    }
    return getServerHealthMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.operator.v1.GetAutopilotConfigurationRequest,
      io.roster.operator.v1.GetAutopilotConfigurationResponse> getGetAutopilotConfigurationMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetAutopilotConfiguration",
      requestType = io.roster.operator.v1.GetAutopilotConfigurationRequest.class,
      responseType = io.roster.operator.v1.GetAutopilotConfigurationResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.operator.v1.GetAutopilotConfigurationRequest,
      io.roster.operator.v1.GetAutopilotConfigurationResponse> getGetAutopilotConfigurationMethod() {
    io.grpc.MethodDescriptor<io.roster.operator.v1.GetAutopilotConfigurationRequest, io.roster.operator.v1.GetAutopilotConfigurationResponse> getGetAutopilotConfigurationMethod;
    if ((getGetAutopilotConfigurationMethod = AutopilotServiceGrpc.getGetAutopilotConfigurationMethod) == null) {
      synchronized (AutopilotServiceGrpc.class) {
        if ((getGetAutopilotConfigurationMethod = AutopilotServiceGrpc.getGetAutopilotConfigurationMethod) == null) {
          AutopilotServiceGrpc.getGetAutopilotConfigurationMethod = getGetAutopilotConfigurationMethod =
              io.grpc.MethodDescriptor.<io.roster.operator.v1.GetAutopilotConfigurationRequest, io.roster.operator.v1.GetAutopilotConfigurationResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetAutopilotConfiguration"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.operator.v1.GetAutopilotConfigurationRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.operator.v1.GetAutopilotConfigurationResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AutopilotServiceMethodDescriptorSupplier("GetAutopilotConfiguration"))
              .build();
        }
      }
    }
    return getGetAutopilotConfigurationMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.operator.v1.SetAutopilotConfigurationRequest,
      io.roster.operator.v1.SetAutopilotConfigurationResponse> getSetAutopilotConfigurationMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "SetAutopilotConfiguration",
      requestType = io.roster.operator.v1.SetAutopilotConfigurationRequest.class,
      responseType = io.roster.operator.v1.SetAutopilotConfigurationResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.operator.v1.SetAutopilotConfigurationRequest,
      io.roster.operator.v1.SetAutopilotConfigurationResponse> getSetAutopilotConfigurationMethod() {
    io.grpc.MethodDescriptor<io.roster.operator.v1.SetAutopilotConfigurationRequest, io.roster.operator.v1.SetAutopilotConfigurationResponse> getSetAutopilotConfigurationMethod;
    if ((getSetAutopilotConfigurationMethod = AutopilotServiceGrpc.getSetAutopilotConfigurationMethod) == null) {
      synchronized (AutopilotServiceGrpc.class) {
        if ((getSetAutopilotConfigurationMethod = AutopilotServiceGrpc.getSetAutopilotConfigurationMethod) == null) {
          AutopilotServiceGrpc.getSetAutopilotConfigurationMethod = getSetAutopilotConfigurationMethod =
              io.grpc.MethodDescriptor.<io.roster.operator.v1.SetAutopilotConfigurationRequest, io.roster.operator.v1.SetAutopilotConfigurationResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "SetAutopilotConfiguration"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.operator.v1.SetAutopilotConfigurationRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.operator.v1.SetAutopilotConfigurationResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AutopilotServiceMethodDescriptorSupplier("SetAutopilotConfiguration"))
              .build();
        }
      }
    }
    return getSetAutopilotConfigurationMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static AutopilotServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AutopilotServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AutopilotServiceStub>() {
        @java.lang.Override
        public AutopilotServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AutopilotServiceStub(channel, callOptions);
        }
      };
    return AutopilotServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static AutopilotServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AutopilotServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AutopilotServiceBlockingStub>() {
        @java.lang.Override
        public AutopilotServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AutopilotServiceBlockingStub(channel, callOptions);
        }
      };
    return AutopilotServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static AutopilotServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AutopilotServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AutopilotServiceFutureStub>() {
        @java.lang.Override
        public AutopilotServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AutopilotServiceFutureStub(channel, callOptions);
        }
      };
    return AutopilotServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * AutopilotService reports the health autopilot keeps of the servers.
   * Consul: `/v1/operator/autopilot/`.
   * </pre>
   */
  public static abstract class AutopilotServiceImplBase implements io.grpc.BindableService {

    /**
     * <pre>
     * ServerHealth reports every server's health as the leader sees it.
     * Consul: `GET /v1/operator/autopilot/health`.
     * </pre>
     */
    public void serverHealth(io.roster.operator.v1.ServerHealthRequest request,
        io.grpc.stub.StreamObserver<io.roster.operator.v1.ServerHealthResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getServerHealthMethod(), responseObserver);
    }

    /**
     * <pre>
     * GetAutopilotConfiguration returns the cluster's autopilot settings (kept
     * in Raft; the first leader writes them from its agent configuration).
     * Consul: `GET /v1/operator/autopilot/configuration`.
     * </pre>
     */
    public void getAutopilotConfiguration(io.roster.operator.v1.GetAutopilotConfigurationRequest request,
        io.grpc.stub.StreamObserver<io.roster.operator.v1.GetAutopilotConfigurationResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetAutopilotConfigurationMethod(), responseObserver);
    }

    /**
     * <pre>
     * SetAutopilotConfiguration replaces them, optionally check-and-set on
     * their ModifyIndex. Consul: `PUT /v1/operator/autopilot/configuration`.
     * </pre>
     */
    public void setAutopilotConfiguration(io.roster.operator.v1.SetAutopilotConfigurationRequest request,
        io.grpc.stub.StreamObserver<io.roster.operator.v1.SetAutopilotConfigurationResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getSetAutopilotConfigurationMethod(), responseObserver);
    }

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
          .addMethod(
            getServerHealthMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.operator.v1.ServerHealthRequest,
                io.roster.operator.v1.ServerHealthResponse>(
                  this, METHODID_SERVER_HEALTH)))
          .addMethod(
            getGetAutopilotConfigurationMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.operator.v1.GetAutopilotConfigurationRequest,
                io.roster.operator.v1.GetAutopilotConfigurationResponse>(
                  this, METHODID_GET_AUTOPILOT_CONFIGURATION)))
          .addMethod(
            getSetAutopilotConfigurationMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.operator.v1.SetAutopilotConfigurationRequest,
                io.roster.operator.v1.SetAutopilotConfigurationResponse>(
                  this, METHODID_SET_AUTOPILOT_CONFIGURATION)))
          .build();
    }
  }

  /**
   * <pre>
   * AutopilotService reports the health autopilot keeps of the servers.
   * Consul: `/v1/operator/autopilot/`.
   * </pre>
   */
  public static final class AutopilotServiceStub extends io.grpc.stub.AbstractAsyncStub<AutopilotServiceStub> {
    private AutopilotServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AutopilotServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AutopilotServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * ServerHealth reports every server's health as the leader sees it.
     * Consul: `GET /v1/operator/autopilot/health`.
     * </pre>
     */
    public void serverHealth(io.roster.operator.v1.ServerHealthRequest request,
        io.grpc.stub.StreamObserver<io.roster.operator.v1.ServerHealthResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getServerHealthMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * GetAutopilotConfiguration returns the cluster's autopilot settings (kept
     * in Raft; the first leader writes them from its agent configuration).
     * Consul: `GET /v1/operator/autopilot/configuration`.
     * </pre>
     */
    public void getAutopilotConfiguration(io.roster.operator.v1.GetAutopilotConfigurationRequest request,
        io.grpc.stub.StreamObserver<io.roster.operator.v1.GetAutopilotConfigurationResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetAutopilotConfigurationMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * SetAutopilotConfiguration replaces them, optionally check-and-set on
     * their ModifyIndex. Consul: `PUT /v1/operator/autopilot/configuration`.
     * </pre>
     */
    public void setAutopilotConfiguration(io.roster.operator.v1.SetAutopilotConfigurationRequest request,
        io.grpc.stub.StreamObserver<io.roster.operator.v1.SetAutopilotConfigurationResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getSetAutopilotConfigurationMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * <pre>
   * AutopilotService reports the health autopilot keeps of the servers.
   * Consul: `/v1/operator/autopilot/`.
   * </pre>
   */
  public static final class AutopilotServiceBlockingStub extends io.grpc.stub.AbstractBlockingStub<AutopilotServiceBlockingStub> {
    private AutopilotServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AutopilotServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AutopilotServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * ServerHealth reports every server's health as the leader sees it.
     * Consul: `GET /v1/operator/autopilot/health`.
     * </pre>
     */
    public io.roster.operator.v1.ServerHealthResponse serverHealth(io.roster.operator.v1.ServerHealthRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getServerHealthMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * GetAutopilotConfiguration returns the cluster's autopilot settings (kept
     * in Raft; the first leader writes them from its agent configuration).
     * Consul: `GET /v1/operator/autopilot/configuration`.
     * </pre>
     */
    public io.roster.operator.v1.GetAutopilotConfigurationResponse getAutopilotConfiguration(io.roster.operator.v1.GetAutopilotConfigurationRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetAutopilotConfigurationMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * SetAutopilotConfiguration replaces them, optionally check-and-set on
     * their ModifyIndex. Consul: `PUT /v1/operator/autopilot/configuration`.
     * </pre>
     */
    public io.roster.operator.v1.SetAutopilotConfigurationResponse setAutopilotConfiguration(io.roster.operator.v1.SetAutopilotConfigurationRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getSetAutopilotConfigurationMethod(), getCallOptions(), request);
    }
  }

  /**
   * <pre>
   * AutopilotService reports the health autopilot keeps of the servers.
   * Consul: `/v1/operator/autopilot/`.
   * </pre>
   */
  public static final class AutopilotServiceFutureStub extends io.grpc.stub.AbstractFutureStub<AutopilotServiceFutureStub> {
    private AutopilotServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AutopilotServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AutopilotServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * ServerHealth reports every server's health as the leader sees it.
     * Consul: `GET /v1/operator/autopilot/health`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.operator.v1.ServerHealthResponse> serverHealth(
        io.roster.operator.v1.ServerHealthRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getServerHealthMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * GetAutopilotConfiguration returns the cluster's autopilot settings (kept
     * in Raft; the first leader writes them from its agent configuration).
     * Consul: `GET /v1/operator/autopilot/configuration`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.operator.v1.GetAutopilotConfigurationResponse> getAutopilotConfiguration(
        io.roster.operator.v1.GetAutopilotConfigurationRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetAutopilotConfigurationMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * SetAutopilotConfiguration replaces them, optionally check-and-set on
     * their ModifyIndex. Consul: `PUT /v1/operator/autopilot/configuration`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.operator.v1.SetAutopilotConfigurationResponse> setAutopilotConfiguration(
        io.roster.operator.v1.SetAutopilotConfigurationRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getSetAutopilotConfigurationMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_SERVER_HEALTH = 0;
  private static final int METHODID_GET_AUTOPILOT_CONFIGURATION = 1;
  private static final int METHODID_SET_AUTOPILOT_CONFIGURATION = 2;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final AutopilotServiceImplBase serviceImpl;
    private final int methodId;

    MethodHandlers(AutopilotServiceImplBase serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_SERVER_HEALTH:
          serviceImpl.serverHealth((io.roster.operator.v1.ServerHealthRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.operator.v1.ServerHealthResponse>) responseObserver);
          break;
        case METHODID_GET_AUTOPILOT_CONFIGURATION:
          serviceImpl.getAutopilotConfiguration((io.roster.operator.v1.GetAutopilotConfigurationRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.operator.v1.GetAutopilotConfigurationResponse>) responseObserver);
          break;
        case METHODID_SET_AUTOPILOT_CONFIGURATION:
          serviceImpl.setAutopilotConfiguration((io.roster.operator.v1.SetAutopilotConfigurationRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.operator.v1.SetAutopilotConfigurationResponse>) responseObserver);
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

  private static abstract class AutopilotServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    AutopilotServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return io.roster.operator.v1.RaftProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("AutopilotService");
    }
  }

  private static final class AutopilotServiceFileDescriptorSupplier
      extends AutopilotServiceBaseDescriptorSupplier {
    AutopilotServiceFileDescriptorSupplier() {}
  }

  private static final class AutopilotServiceMethodDescriptorSupplier
      extends AutopilotServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final String methodName;

    AutopilotServiceMethodDescriptorSupplier(String methodName) {
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
      synchronized (AutopilotServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new AutopilotServiceFileDescriptorSupplier())
              .addMethod(getServerHealthMethod())
              .addMethod(getGetAutopilotConfigurationMethod())
              .addMethod(getSetAutopilotConfigurationMethod())
              .build();
        }
      }
    }
    return result;
  }
}
