package io.roster.agent.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * LocalStateService is this agent's own services and checks: what it
 * registers in the catalog for its node (by anti-entropy) and the checks it
 * runs. Every agent answers it itself; nothing is forwarded. Consul:
 * `/v1/agent/service/...`, `/v1/agent/check/...`.
 * </pre>
 */
@javax.annotation.Generated(
    value = "by gRPC proto compiler",
    comments = "Source: roster/agent/v1/local.proto")
@io.grpc.stub.annotations.GrpcGenerated
public final class LocalStateServiceGrpc {

  private LocalStateServiceGrpc() {}

  public static final String SERVICE_NAME = "roster.agent.v1.LocalStateService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<io.roster.agent.v1.RegisterServiceRequest,
      io.roster.agent.v1.RegisterServiceResponse> getRegisterServiceMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RegisterService",
      requestType = io.roster.agent.v1.RegisterServiceRequest.class,
      responseType = io.roster.agent.v1.RegisterServiceResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.agent.v1.RegisterServiceRequest,
      io.roster.agent.v1.RegisterServiceResponse> getRegisterServiceMethod() {
    io.grpc.MethodDescriptor<io.roster.agent.v1.RegisterServiceRequest, io.roster.agent.v1.RegisterServiceResponse> getRegisterServiceMethod;
    if ((getRegisterServiceMethod = LocalStateServiceGrpc.getRegisterServiceMethod) == null) {
      synchronized (LocalStateServiceGrpc.class) {
        if ((getRegisterServiceMethod = LocalStateServiceGrpc.getRegisterServiceMethod) == null) {
          LocalStateServiceGrpc.getRegisterServiceMethod = getRegisterServiceMethod =
              io.grpc.MethodDescriptor.<io.roster.agent.v1.RegisterServiceRequest, io.roster.agent.v1.RegisterServiceResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RegisterService"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.agent.v1.RegisterServiceRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.agent.v1.RegisterServiceResponse.getDefaultInstance()))
              .setSchemaDescriptor(new LocalStateServiceMethodDescriptorSupplier("RegisterService"))
              .build();
        }
      }
    }
    return getRegisterServiceMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.agent.v1.DeregisterServiceRequest,
      io.roster.agent.v1.DeregisterServiceResponse> getDeregisterServiceMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeregisterService",
      requestType = io.roster.agent.v1.DeregisterServiceRequest.class,
      responseType = io.roster.agent.v1.DeregisterServiceResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.agent.v1.DeregisterServiceRequest,
      io.roster.agent.v1.DeregisterServiceResponse> getDeregisterServiceMethod() {
    io.grpc.MethodDescriptor<io.roster.agent.v1.DeregisterServiceRequest, io.roster.agent.v1.DeregisterServiceResponse> getDeregisterServiceMethod;
    if ((getDeregisterServiceMethod = LocalStateServiceGrpc.getDeregisterServiceMethod) == null) {
      synchronized (LocalStateServiceGrpc.class) {
        if ((getDeregisterServiceMethod = LocalStateServiceGrpc.getDeregisterServiceMethod) == null) {
          LocalStateServiceGrpc.getDeregisterServiceMethod = getDeregisterServiceMethod =
              io.grpc.MethodDescriptor.<io.roster.agent.v1.DeregisterServiceRequest, io.roster.agent.v1.DeregisterServiceResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeregisterService"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.agent.v1.DeregisterServiceRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.agent.v1.DeregisterServiceResponse.getDefaultInstance()))
              .setSchemaDescriptor(new LocalStateServiceMethodDescriptorSupplier("DeregisterService"))
              .build();
        }
      }
    }
    return getDeregisterServiceMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.agent.v1.ListServicesRequest,
      io.roster.agent.v1.ListServicesResponse> getListServicesMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListServices",
      requestType = io.roster.agent.v1.ListServicesRequest.class,
      responseType = io.roster.agent.v1.ListServicesResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.agent.v1.ListServicesRequest,
      io.roster.agent.v1.ListServicesResponse> getListServicesMethod() {
    io.grpc.MethodDescriptor<io.roster.agent.v1.ListServicesRequest, io.roster.agent.v1.ListServicesResponse> getListServicesMethod;
    if ((getListServicesMethod = LocalStateServiceGrpc.getListServicesMethod) == null) {
      synchronized (LocalStateServiceGrpc.class) {
        if ((getListServicesMethod = LocalStateServiceGrpc.getListServicesMethod) == null) {
          LocalStateServiceGrpc.getListServicesMethod = getListServicesMethod =
              io.grpc.MethodDescriptor.<io.roster.agent.v1.ListServicesRequest, io.roster.agent.v1.ListServicesResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListServices"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.agent.v1.ListServicesRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.agent.v1.ListServicesResponse.getDefaultInstance()))
              .setSchemaDescriptor(new LocalStateServiceMethodDescriptorSupplier("ListServices"))
              .build();
        }
      }
    }
    return getListServicesMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.agent.v1.RegisterCheckRequest,
      io.roster.agent.v1.RegisterCheckResponse> getRegisterCheckMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RegisterCheck",
      requestType = io.roster.agent.v1.RegisterCheckRequest.class,
      responseType = io.roster.agent.v1.RegisterCheckResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.agent.v1.RegisterCheckRequest,
      io.roster.agent.v1.RegisterCheckResponse> getRegisterCheckMethod() {
    io.grpc.MethodDescriptor<io.roster.agent.v1.RegisterCheckRequest, io.roster.agent.v1.RegisterCheckResponse> getRegisterCheckMethod;
    if ((getRegisterCheckMethod = LocalStateServiceGrpc.getRegisterCheckMethod) == null) {
      synchronized (LocalStateServiceGrpc.class) {
        if ((getRegisterCheckMethod = LocalStateServiceGrpc.getRegisterCheckMethod) == null) {
          LocalStateServiceGrpc.getRegisterCheckMethod = getRegisterCheckMethod =
              io.grpc.MethodDescriptor.<io.roster.agent.v1.RegisterCheckRequest, io.roster.agent.v1.RegisterCheckResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RegisterCheck"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.agent.v1.RegisterCheckRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.agent.v1.RegisterCheckResponse.getDefaultInstance()))
              .setSchemaDescriptor(new LocalStateServiceMethodDescriptorSupplier("RegisterCheck"))
              .build();
        }
      }
    }
    return getRegisterCheckMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.agent.v1.DeregisterCheckRequest,
      io.roster.agent.v1.DeregisterCheckResponse> getDeregisterCheckMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeregisterCheck",
      requestType = io.roster.agent.v1.DeregisterCheckRequest.class,
      responseType = io.roster.agent.v1.DeregisterCheckResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.agent.v1.DeregisterCheckRequest,
      io.roster.agent.v1.DeregisterCheckResponse> getDeregisterCheckMethod() {
    io.grpc.MethodDescriptor<io.roster.agent.v1.DeregisterCheckRequest, io.roster.agent.v1.DeregisterCheckResponse> getDeregisterCheckMethod;
    if ((getDeregisterCheckMethod = LocalStateServiceGrpc.getDeregisterCheckMethod) == null) {
      synchronized (LocalStateServiceGrpc.class) {
        if ((getDeregisterCheckMethod = LocalStateServiceGrpc.getDeregisterCheckMethod) == null) {
          LocalStateServiceGrpc.getDeregisterCheckMethod = getDeregisterCheckMethod =
              io.grpc.MethodDescriptor.<io.roster.agent.v1.DeregisterCheckRequest, io.roster.agent.v1.DeregisterCheckResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeregisterCheck"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.agent.v1.DeregisterCheckRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.agent.v1.DeregisterCheckResponse.getDefaultInstance()))
              .setSchemaDescriptor(new LocalStateServiceMethodDescriptorSupplier("DeregisterCheck"))
              .build();
        }
      }
    }
    return getDeregisterCheckMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.agent.v1.UpdateCheckRequest,
      io.roster.agent.v1.UpdateCheckResponse> getUpdateCheckMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "UpdateCheck",
      requestType = io.roster.agent.v1.UpdateCheckRequest.class,
      responseType = io.roster.agent.v1.UpdateCheckResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.agent.v1.UpdateCheckRequest,
      io.roster.agent.v1.UpdateCheckResponse> getUpdateCheckMethod() {
    io.grpc.MethodDescriptor<io.roster.agent.v1.UpdateCheckRequest, io.roster.agent.v1.UpdateCheckResponse> getUpdateCheckMethod;
    if ((getUpdateCheckMethod = LocalStateServiceGrpc.getUpdateCheckMethod) == null) {
      synchronized (LocalStateServiceGrpc.class) {
        if ((getUpdateCheckMethod = LocalStateServiceGrpc.getUpdateCheckMethod) == null) {
          LocalStateServiceGrpc.getUpdateCheckMethod = getUpdateCheckMethod =
              io.grpc.MethodDescriptor.<io.roster.agent.v1.UpdateCheckRequest, io.roster.agent.v1.UpdateCheckResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "UpdateCheck"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.agent.v1.UpdateCheckRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.agent.v1.UpdateCheckResponse.getDefaultInstance()))
              .setSchemaDescriptor(new LocalStateServiceMethodDescriptorSupplier("UpdateCheck"))
              .build();
        }
      }
    }
    return getUpdateCheckMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.agent.v1.ListChecksRequest,
      io.roster.agent.v1.ListChecksResponse> getListChecksMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListChecks",
      requestType = io.roster.agent.v1.ListChecksRequest.class,
      responseType = io.roster.agent.v1.ListChecksResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.agent.v1.ListChecksRequest,
      io.roster.agent.v1.ListChecksResponse> getListChecksMethod() {
    io.grpc.MethodDescriptor<io.roster.agent.v1.ListChecksRequest, io.roster.agent.v1.ListChecksResponse> getListChecksMethod;
    if ((getListChecksMethod = LocalStateServiceGrpc.getListChecksMethod) == null) {
      synchronized (LocalStateServiceGrpc.class) {
        if ((getListChecksMethod = LocalStateServiceGrpc.getListChecksMethod) == null) {
          LocalStateServiceGrpc.getListChecksMethod = getListChecksMethod =
              io.grpc.MethodDescriptor.<io.roster.agent.v1.ListChecksRequest, io.roster.agent.v1.ListChecksResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListChecks"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.agent.v1.ListChecksRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.agent.v1.ListChecksResponse.getDefaultInstance()))
              .setSchemaDescriptor(new LocalStateServiceMethodDescriptorSupplier("ListChecks"))
              .build();
        }
      }
    }
    return getListChecksMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.agent.v1.SetMaintenanceRequest,
      io.roster.agent.v1.SetMaintenanceResponse> getSetMaintenanceMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "SetMaintenance",
      requestType = io.roster.agent.v1.SetMaintenanceRequest.class,
      responseType = io.roster.agent.v1.SetMaintenanceResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.agent.v1.SetMaintenanceRequest,
      io.roster.agent.v1.SetMaintenanceResponse> getSetMaintenanceMethod() {
    io.grpc.MethodDescriptor<io.roster.agent.v1.SetMaintenanceRequest, io.roster.agent.v1.SetMaintenanceResponse> getSetMaintenanceMethod;
    if ((getSetMaintenanceMethod = LocalStateServiceGrpc.getSetMaintenanceMethod) == null) {
      synchronized (LocalStateServiceGrpc.class) {
        if ((getSetMaintenanceMethod = LocalStateServiceGrpc.getSetMaintenanceMethod) == null) {
          LocalStateServiceGrpc.getSetMaintenanceMethod = getSetMaintenanceMethod =
              io.grpc.MethodDescriptor.<io.roster.agent.v1.SetMaintenanceRequest, io.roster.agent.v1.SetMaintenanceResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "SetMaintenance"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.agent.v1.SetMaintenanceRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.agent.v1.SetMaintenanceResponse.getDefaultInstance()))
              .setSchemaDescriptor(new LocalStateServiceMethodDescriptorSupplier("SetMaintenance"))
              .build();
        }
      }
    }
    return getSetMaintenanceMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.agent.v1.WatchLocalStateRequest,
      io.roster.agent.v1.WatchLocalStateResponse> getWatchLocalStateMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "WatchLocalState",
      requestType = io.roster.agent.v1.WatchLocalStateRequest.class,
      responseType = io.roster.agent.v1.WatchLocalStateResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
  public static io.grpc.MethodDescriptor<io.roster.agent.v1.WatchLocalStateRequest,
      io.roster.agent.v1.WatchLocalStateResponse> getWatchLocalStateMethod() {
    io.grpc.MethodDescriptor<io.roster.agent.v1.WatchLocalStateRequest, io.roster.agent.v1.WatchLocalStateResponse> getWatchLocalStateMethod;
    if ((getWatchLocalStateMethod = LocalStateServiceGrpc.getWatchLocalStateMethod) == null) {
      synchronized (LocalStateServiceGrpc.class) {
        if ((getWatchLocalStateMethod = LocalStateServiceGrpc.getWatchLocalStateMethod) == null) {
          LocalStateServiceGrpc.getWatchLocalStateMethod = getWatchLocalStateMethod =
              io.grpc.MethodDescriptor.<io.roster.agent.v1.WatchLocalStateRequest, io.roster.agent.v1.WatchLocalStateResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "WatchLocalState"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.agent.v1.WatchLocalStateRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.agent.v1.WatchLocalStateResponse.getDefaultInstance()))
              .setSchemaDescriptor(new LocalStateServiceMethodDescriptorSupplier("WatchLocalState"))
              .build();
        }
      }
    }
    return getWatchLocalStateMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static LocalStateServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<LocalStateServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<LocalStateServiceStub>() {
        @java.lang.Override
        public LocalStateServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new LocalStateServiceStub(channel, callOptions);
        }
      };
    return LocalStateServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static LocalStateServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<LocalStateServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<LocalStateServiceBlockingStub>() {
        @java.lang.Override
        public LocalStateServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new LocalStateServiceBlockingStub(channel, callOptions);
        }
      };
    return LocalStateServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static LocalStateServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<LocalStateServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<LocalStateServiceFutureStub>() {
        @java.lang.Override
        public LocalStateServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new LocalStateServiceFutureStub(channel, callOptions);
        }
      };
    return LocalStateServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * LocalStateService is this agent's own services and checks: what it
   * registers in the catalog for its node (by anti-entropy) and the checks it
   * runs. Every agent answers it itself; nothing is forwarded. Consul:
   * `/v1/agent/service/...`, `/v1/agent/check/...`.
   * </pre>
   */
  public static abstract class LocalStateServiceImplBase implements io.grpc.BindableService {

    /**
     * <pre>
     * RegisterService adds or replaces a service on this agent, with its
     * checks. Consul: `PUT /v1/agent/service/register`.
     * </pre>
     */
    public void registerService(io.roster.agent.v1.RegisterServiceRequest request,
        io.grpc.stub.StreamObserver<io.roster.agent.v1.RegisterServiceResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRegisterServiceMethod(), responseObserver);
    }

    /**
     * <pre>
     * DeregisterService removes a service and its checks; NotFound when the
     * agent has no such service. Consul: `PUT /v1/agent/service/deregister/&lt;id&gt;`.
     * </pre>
     */
    public void deregisterService(io.roster.agent.v1.DeregisterServiceRequest request,
        io.grpc.stub.StreamObserver<io.roster.agent.v1.DeregisterServiceResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeregisterServiceMethod(), responseObserver);
    }

    /**
     * <pre>
     * ListServices returns this agent's services. Consul: `GET /v1/agent/services`.
     * </pre>
     */
    public void listServices(io.roster.agent.v1.ListServicesRequest request,
        io.grpc.stub.StreamObserver<io.roster.agent.v1.ListServicesResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListServicesMethod(), responseObserver);
    }

    /**
     * <pre>
     * RegisterCheck adds or replaces a check on this agent. Consul:
     * `PUT /v1/agent/check/register`.
     * </pre>
     */
    public void registerCheck(io.roster.agent.v1.RegisterCheckRequest request,
        io.grpc.stub.StreamObserver<io.roster.agent.v1.RegisterCheckResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRegisterCheckMethod(), responseObserver);
    }

    /**
     * <pre>
     * DeregisterCheck removes a check; NotFound when the agent has none by
     * that ID. Consul: `PUT /v1/agent/check/deregister/&lt;id&gt;`.
     * </pre>
     */
    public void deregisterCheck(io.roster.agent.v1.DeregisterCheckRequest request,
        io.grpc.stub.StreamObserver<io.roster.agent.v1.DeregisterCheckResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeregisterCheckMethod(), responseObserver);
    }

    /**
     * <pre>
     * UpdateCheck sets the status and output of a TTL check and restarts its
     * TTL. Consul: `PUT /v1/agent/check/pass|warn|fail|update/&lt;id&gt;`.
     * </pre>
     */
    public void updateCheck(io.roster.agent.v1.UpdateCheckRequest request,
        io.grpc.stub.StreamObserver<io.roster.agent.v1.UpdateCheckResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getUpdateCheckMethod(), responseObserver);
    }

    /**
     * <pre>
     * ListChecks returns this agent's checks with their current status.
     * Consul: `GET /v1/agent/checks`.
     * </pre>
     */
    public void listChecks(io.roster.agent.v1.ListChecksRequest request,
        io.grpc.stub.StreamObserver<io.roster.agent.v1.ListChecksResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListChecksMethod(), responseObserver);
    }

    /**
     * <pre>
     * SetMaintenance puts the node, or one service, in maintenance (a
     * critical check) or takes it out. Consul: `PUT /v1/agent/maintenance`,
     * `PUT /v1/agent/service/maintenance/&lt;id&gt;`.
     * </pre>
     */
    public void setMaintenance(io.roster.agent.v1.SetMaintenanceRequest request,
        io.grpc.stub.StreamObserver<io.roster.agent.v1.SetMaintenanceResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getSetMaintenanceMethod(), responseObserver);
    }

    /**
     * <pre>
     * WatchLocalState sends this agent's services and checks now and again
     * after every change to them (a check's status or output included).
     * </pre>
     */
    public void watchLocalState(io.roster.agent.v1.WatchLocalStateRequest request,
        io.grpc.stub.StreamObserver<io.roster.agent.v1.WatchLocalStateResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getWatchLocalStateMethod(), responseObserver);
    }

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
          .addMethod(
            getRegisterServiceMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.agent.v1.RegisterServiceRequest,
                io.roster.agent.v1.RegisterServiceResponse>(
                  this, METHODID_REGISTER_SERVICE)))
          .addMethod(
            getDeregisterServiceMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.agent.v1.DeregisterServiceRequest,
                io.roster.agent.v1.DeregisterServiceResponse>(
                  this, METHODID_DEREGISTER_SERVICE)))
          .addMethod(
            getListServicesMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.agent.v1.ListServicesRequest,
                io.roster.agent.v1.ListServicesResponse>(
                  this, METHODID_LIST_SERVICES)))
          .addMethod(
            getRegisterCheckMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.agent.v1.RegisterCheckRequest,
                io.roster.agent.v1.RegisterCheckResponse>(
                  this, METHODID_REGISTER_CHECK)))
          .addMethod(
            getDeregisterCheckMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.agent.v1.DeregisterCheckRequest,
                io.roster.agent.v1.DeregisterCheckResponse>(
                  this, METHODID_DEREGISTER_CHECK)))
          .addMethod(
            getUpdateCheckMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.agent.v1.UpdateCheckRequest,
                io.roster.agent.v1.UpdateCheckResponse>(
                  this, METHODID_UPDATE_CHECK)))
          .addMethod(
            getListChecksMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.agent.v1.ListChecksRequest,
                io.roster.agent.v1.ListChecksResponse>(
                  this, METHODID_LIST_CHECKS)))
          .addMethod(
            getSetMaintenanceMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.agent.v1.SetMaintenanceRequest,
                io.roster.agent.v1.SetMaintenanceResponse>(
                  this, METHODID_SET_MAINTENANCE)))
          .addMethod(
            getWatchLocalStateMethod(),
            io.grpc.stub.ServerCalls.asyncServerStreamingCall(
              new MethodHandlers<
                io.roster.agent.v1.WatchLocalStateRequest,
                io.roster.agent.v1.WatchLocalStateResponse>(
                  this, METHODID_WATCH_LOCAL_STATE)))
          .build();
    }
  }

  /**
   * <pre>
   * LocalStateService is this agent's own services and checks: what it
   * registers in the catalog for its node (by anti-entropy) and the checks it
   * runs. Every agent answers it itself; nothing is forwarded. Consul:
   * `/v1/agent/service/...`, `/v1/agent/check/...`.
   * </pre>
   */
  public static final class LocalStateServiceStub extends io.grpc.stub.AbstractAsyncStub<LocalStateServiceStub> {
    private LocalStateServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected LocalStateServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new LocalStateServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * RegisterService adds or replaces a service on this agent, with its
     * checks. Consul: `PUT /v1/agent/service/register`.
     * </pre>
     */
    public void registerService(io.roster.agent.v1.RegisterServiceRequest request,
        io.grpc.stub.StreamObserver<io.roster.agent.v1.RegisterServiceResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRegisterServiceMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * DeregisterService removes a service and its checks; NotFound when the
     * agent has no such service. Consul: `PUT /v1/agent/service/deregister/&lt;id&gt;`.
     * </pre>
     */
    public void deregisterService(io.roster.agent.v1.DeregisterServiceRequest request,
        io.grpc.stub.StreamObserver<io.roster.agent.v1.DeregisterServiceResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeregisterServiceMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * ListServices returns this agent's services. Consul: `GET /v1/agent/services`.
     * </pre>
     */
    public void listServices(io.roster.agent.v1.ListServicesRequest request,
        io.grpc.stub.StreamObserver<io.roster.agent.v1.ListServicesResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListServicesMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * RegisterCheck adds or replaces a check on this agent. Consul:
     * `PUT /v1/agent/check/register`.
     * </pre>
     */
    public void registerCheck(io.roster.agent.v1.RegisterCheckRequest request,
        io.grpc.stub.StreamObserver<io.roster.agent.v1.RegisterCheckResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRegisterCheckMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * DeregisterCheck removes a check; NotFound when the agent has none by
     * that ID. Consul: `PUT /v1/agent/check/deregister/&lt;id&gt;`.
     * </pre>
     */
    public void deregisterCheck(io.roster.agent.v1.DeregisterCheckRequest request,
        io.grpc.stub.StreamObserver<io.roster.agent.v1.DeregisterCheckResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeregisterCheckMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * UpdateCheck sets the status and output of a TTL check and restarts its
     * TTL. Consul: `PUT /v1/agent/check/pass|warn|fail|update/&lt;id&gt;`.
     * </pre>
     */
    public void updateCheck(io.roster.agent.v1.UpdateCheckRequest request,
        io.grpc.stub.StreamObserver<io.roster.agent.v1.UpdateCheckResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getUpdateCheckMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * ListChecks returns this agent's checks with their current status.
     * Consul: `GET /v1/agent/checks`.
     * </pre>
     */
    public void listChecks(io.roster.agent.v1.ListChecksRequest request,
        io.grpc.stub.StreamObserver<io.roster.agent.v1.ListChecksResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListChecksMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * SetMaintenance puts the node, or one service, in maintenance (a
     * critical check) or takes it out. Consul: `PUT /v1/agent/maintenance`,
     * `PUT /v1/agent/service/maintenance/&lt;id&gt;`.
     * </pre>
     */
    public void setMaintenance(io.roster.agent.v1.SetMaintenanceRequest request,
        io.grpc.stub.StreamObserver<io.roster.agent.v1.SetMaintenanceResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getSetMaintenanceMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * WatchLocalState sends this agent's services and checks now and again
     * after every change to them (a check's status or output included).
     * </pre>
     */
    public void watchLocalState(io.roster.agent.v1.WatchLocalStateRequest request,
        io.grpc.stub.StreamObserver<io.roster.agent.v1.WatchLocalStateResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncServerStreamingCall(
          getChannel().newCall(getWatchLocalStateMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * <pre>
   * LocalStateService is this agent's own services and checks: what it
   * registers in the catalog for its node (by anti-entropy) and the checks it
   * runs. Every agent answers it itself; nothing is forwarded. Consul:
   * `/v1/agent/service/...`, `/v1/agent/check/...`.
   * </pre>
   */
  public static final class LocalStateServiceBlockingStub extends io.grpc.stub.AbstractBlockingStub<LocalStateServiceBlockingStub> {
    private LocalStateServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected LocalStateServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new LocalStateServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * RegisterService adds or replaces a service on this agent, with its
     * checks. Consul: `PUT /v1/agent/service/register`.
     * </pre>
     */
    public io.roster.agent.v1.RegisterServiceResponse registerService(io.roster.agent.v1.RegisterServiceRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRegisterServiceMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * DeregisterService removes a service and its checks; NotFound when the
     * agent has no such service. Consul: `PUT /v1/agent/service/deregister/&lt;id&gt;`.
     * </pre>
     */
    public io.roster.agent.v1.DeregisterServiceResponse deregisterService(io.roster.agent.v1.DeregisterServiceRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeregisterServiceMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ListServices returns this agent's services. Consul: `GET /v1/agent/services`.
     * </pre>
     */
    public io.roster.agent.v1.ListServicesResponse listServices(io.roster.agent.v1.ListServicesRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListServicesMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * RegisterCheck adds or replaces a check on this agent. Consul:
     * `PUT /v1/agent/check/register`.
     * </pre>
     */
    public io.roster.agent.v1.RegisterCheckResponse registerCheck(io.roster.agent.v1.RegisterCheckRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRegisterCheckMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * DeregisterCheck removes a check; NotFound when the agent has none by
     * that ID. Consul: `PUT /v1/agent/check/deregister/&lt;id&gt;`.
     * </pre>
     */
    public io.roster.agent.v1.DeregisterCheckResponse deregisterCheck(io.roster.agent.v1.DeregisterCheckRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeregisterCheckMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * UpdateCheck sets the status and output of a TTL check and restarts its
     * TTL. Consul: `PUT /v1/agent/check/pass|warn|fail|update/&lt;id&gt;`.
     * </pre>
     */
    public io.roster.agent.v1.UpdateCheckResponse updateCheck(io.roster.agent.v1.UpdateCheckRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getUpdateCheckMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ListChecks returns this agent's checks with their current status.
     * Consul: `GET /v1/agent/checks`.
     * </pre>
     */
    public io.roster.agent.v1.ListChecksResponse listChecks(io.roster.agent.v1.ListChecksRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListChecksMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * SetMaintenance puts the node, or one service, in maintenance (a
     * critical check) or takes it out. Consul: `PUT /v1/agent/maintenance`,
     * `PUT /v1/agent/service/maintenance/&lt;id&gt;`.
     * </pre>
     */
    public io.roster.agent.v1.SetMaintenanceResponse setMaintenance(io.roster.agent.v1.SetMaintenanceRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getSetMaintenanceMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * WatchLocalState sends this agent's services and checks now and again
     * after every change to them (a check's status or output included).
     * </pre>
     */
    public java.util.Iterator<io.roster.agent.v1.WatchLocalStateResponse> watchLocalState(
        io.roster.agent.v1.WatchLocalStateRequest request) {
      return io.grpc.stub.ClientCalls.blockingServerStreamingCall(
          getChannel(), getWatchLocalStateMethod(), getCallOptions(), request);
    }
  }

  /**
   * <pre>
   * LocalStateService is this agent's own services and checks: what it
   * registers in the catalog for its node (by anti-entropy) and the checks it
   * runs. Every agent answers it itself; nothing is forwarded. Consul:
   * `/v1/agent/service/...`, `/v1/agent/check/...`.
   * </pre>
   */
  public static final class LocalStateServiceFutureStub extends io.grpc.stub.AbstractFutureStub<LocalStateServiceFutureStub> {
    private LocalStateServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected LocalStateServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new LocalStateServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * RegisterService adds or replaces a service on this agent, with its
     * checks. Consul: `PUT /v1/agent/service/register`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.agent.v1.RegisterServiceResponse> registerService(
        io.roster.agent.v1.RegisterServiceRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRegisterServiceMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * DeregisterService removes a service and its checks; NotFound when the
     * agent has no such service. Consul: `PUT /v1/agent/service/deregister/&lt;id&gt;`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.agent.v1.DeregisterServiceResponse> deregisterService(
        io.roster.agent.v1.DeregisterServiceRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeregisterServiceMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * ListServices returns this agent's services. Consul: `GET /v1/agent/services`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.agent.v1.ListServicesResponse> listServices(
        io.roster.agent.v1.ListServicesRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListServicesMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * RegisterCheck adds or replaces a check on this agent. Consul:
     * `PUT /v1/agent/check/register`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.agent.v1.RegisterCheckResponse> registerCheck(
        io.roster.agent.v1.RegisterCheckRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRegisterCheckMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * DeregisterCheck removes a check; NotFound when the agent has none by
     * that ID. Consul: `PUT /v1/agent/check/deregister/&lt;id&gt;`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.agent.v1.DeregisterCheckResponse> deregisterCheck(
        io.roster.agent.v1.DeregisterCheckRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeregisterCheckMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * UpdateCheck sets the status and output of a TTL check and restarts its
     * TTL. Consul: `PUT /v1/agent/check/pass|warn|fail|update/&lt;id&gt;`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.agent.v1.UpdateCheckResponse> updateCheck(
        io.roster.agent.v1.UpdateCheckRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getUpdateCheckMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * ListChecks returns this agent's checks with their current status.
     * Consul: `GET /v1/agent/checks`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.agent.v1.ListChecksResponse> listChecks(
        io.roster.agent.v1.ListChecksRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListChecksMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * SetMaintenance puts the node, or one service, in maintenance (a
     * critical check) or takes it out. Consul: `PUT /v1/agent/maintenance`,
     * `PUT /v1/agent/service/maintenance/&lt;id&gt;`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.agent.v1.SetMaintenanceResponse> setMaintenance(
        io.roster.agent.v1.SetMaintenanceRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getSetMaintenanceMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_REGISTER_SERVICE = 0;
  private static final int METHODID_DEREGISTER_SERVICE = 1;
  private static final int METHODID_LIST_SERVICES = 2;
  private static final int METHODID_REGISTER_CHECK = 3;
  private static final int METHODID_DEREGISTER_CHECK = 4;
  private static final int METHODID_UPDATE_CHECK = 5;
  private static final int METHODID_LIST_CHECKS = 6;
  private static final int METHODID_SET_MAINTENANCE = 7;
  private static final int METHODID_WATCH_LOCAL_STATE = 8;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final LocalStateServiceImplBase serviceImpl;
    private final int methodId;

    MethodHandlers(LocalStateServiceImplBase serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_REGISTER_SERVICE:
          serviceImpl.registerService((io.roster.agent.v1.RegisterServiceRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.agent.v1.RegisterServiceResponse>) responseObserver);
          break;
        case METHODID_DEREGISTER_SERVICE:
          serviceImpl.deregisterService((io.roster.agent.v1.DeregisterServiceRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.agent.v1.DeregisterServiceResponse>) responseObserver);
          break;
        case METHODID_LIST_SERVICES:
          serviceImpl.listServices((io.roster.agent.v1.ListServicesRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.agent.v1.ListServicesResponse>) responseObserver);
          break;
        case METHODID_REGISTER_CHECK:
          serviceImpl.registerCheck((io.roster.agent.v1.RegisterCheckRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.agent.v1.RegisterCheckResponse>) responseObserver);
          break;
        case METHODID_DEREGISTER_CHECK:
          serviceImpl.deregisterCheck((io.roster.agent.v1.DeregisterCheckRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.agent.v1.DeregisterCheckResponse>) responseObserver);
          break;
        case METHODID_UPDATE_CHECK:
          serviceImpl.updateCheck((io.roster.agent.v1.UpdateCheckRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.agent.v1.UpdateCheckResponse>) responseObserver);
          break;
        case METHODID_LIST_CHECKS:
          serviceImpl.listChecks((io.roster.agent.v1.ListChecksRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.agent.v1.ListChecksResponse>) responseObserver);
          break;
        case METHODID_SET_MAINTENANCE:
          serviceImpl.setMaintenance((io.roster.agent.v1.SetMaintenanceRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.agent.v1.SetMaintenanceResponse>) responseObserver);
          break;
        case METHODID_WATCH_LOCAL_STATE:
          serviceImpl.watchLocalState((io.roster.agent.v1.WatchLocalStateRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.agent.v1.WatchLocalStateResponse>) responseObserver);
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

  private static abstract class LocalStateServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    LocalStateServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return io.roster.agent.v1.LocalProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("LocalStateService");
    }
  }

  private static final class LocalStateServiceFileDescriptorSupplier
      extends LocalStateServiceBaseDescriptorSupplier {
    LocalStateServiceFileDescriptorSupplier() {}
  }

  private static final class LocalStateServiceMethodDescriptorSupplier
      extends LocalStateServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final String methodName;

    LocalStateServiceMethodDescriptorSupplier(String methodName) {
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
      synchronized (LocalStateServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new LocalStateServiceFileDescriptorSupplier())
              .addMethod(getRegisterServiceMethod())
              .addMethod(getDeregisterServiceMethod())
              .addMethod(getListServicesMethod())
              .addMethod(getRegisterCheckMethod())
              .addMethod(getDeregisterCheckMethod())
              .addMethod(getUpdateCheckMethod())
              .addMethod(getListChecksMethod())
              .addMethod(getSetMaintenanceMethod())
              .addMethod(getWatchLocalStateMethod())
              .build();
        }
      }
    }
    return result;
  }
}
