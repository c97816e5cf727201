package io.roster.health.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * HealthService reads the health of the catalog's nodes and service
 * instances: their checks, and instances with the checks that decide
 * whether they are served. Consul: `/v1/health/`.
 * </pre>
 */
@javax.annotation.Generated(
    value = "by gRPC proto compiler",
    comments = "Source: roster/health/v1/health.proto")
@io.grpc.stub.annotations.GrpcGenerated
public final class HealthServiceGrpc {

  private HealthServiceGrpc() {}

  public static final String SERVICE_NAME = "roster.health.v1.HealthService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<io.roster.health.v1.ListNodeChecksRequest,
      io.roster.health.v1.ListNodeChecksResponse> getListNodeChecksMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListNodeChecks",
      requestType = io.roster.health.v1.ListNodeChecksRequest.class,
      responseType = io.roster.health.v1.ListNodeChecksResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.health.v1.ListNodeChecksRequest,
      io.roster.health.v1.ListNodeChecksResponse> getListNodeChecksMethod() {
    io.grpc.MethodDescriptor<io.roster.health.v1.ListNodeChecksRequest, io.roster.health.v1.ListNodeChecksResponse> getListNodeChecksMethod;
    if ((getListNodeChecksMethod = HealthServiceGrpc.getListNodeChecksMethod) == null) {
      synchronized (HealthServiceGrpc.class) {
        if ((getListNodeChecksMethod = HealthServiceGrpc.getListNodeChecksMethod) == null) {
          HealthServiceGrpc.getListNodeChecksMethod = getListNodeChecksMethod =
              io.grpc.MethodDescriptor.<io.roster.health.v1.ListNodeChecksRequest, io.roster.health.v1.ListNodeChecksResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListNodeChecks"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.health.v1.ListNodeChecksRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.health.v1.ListNodeChecksResponse.getDefaultInstance()))
              .setSchemaDescriptor(new HealthServiceMethodDescriptorSupplier("ListNodeChecks"))
              .build();
        }
      }
    }
    return getListNodeChecksMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.health.v1.ListServiceChecksRequest,
      io.roster.health.v1.ListServiceChecksResponse> getListServiceChecksMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListServiceChecks",
      requestType = io.roster.health.v1.ListServiceChecksRequest.class,
      responseType = io.roster.health.v1.ListServiceChecksResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.health.v1.ListServiceChecksRequest,
      io.roster.health.v1.ListServiceChecksResponse> getListServiceChecksMethod() {
    io.grpc.MethodDescriptor<io.roster.health.v1.ListServiceChecksRequest, io.roster.health.v1.ListServiceChecksResponse> getListServiceChecksMethod;
    if ((getListServiceChecksMethod = HealthServiceGrpc.getListServiceChecksMethod) == null) {
      synchronized (HealthServiceGrpc.class) {
        if ((getListServiceChecksMethod = HealthServiceGrpc.getListServiceChecksMethod) == null) {
          HealthServiceGrpc.getListServiceChecksMethod = getListServiceChecksMethod =
              io.grpc.MethodDescriptor.<io.roster.health.v1.ListServiceChecksRequest, io.roster.health.v1.ListServiceChecksResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListServiceChecks"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.health.v1.ListServiceChecksRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.health.v1.ListServiceChecksResponse.getDefaultInstance()))
              .setSchemaDescriptor(new HealthServiceMethodDescriptorSupplier("ListServiceChecks"))
              .build();
        }
      }
    }
    return getListServiceChecksMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.health.v1.ListServiceHealthRequest,
      io.roster.health.v1.ListServiceHealthResponse> getListServiceHealthMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListServiceHealth",
      requestType = io.roster.health.v1.ListServiceHealthRequest.class,
      responseType = io.roster.health.v1.ListServiceHealthResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.health.v1.ListServiceHealthRequest,
      io.roster.health.v1.ListServiceHealthResponse> getListServiceHealthMethod() {
    io.grpc.MethodDescriptor<io.roster.health.v1.ListServiceHealthRequest, io.roster.health.v1.ListServiceHealthResponse> getListServiceHealthMethod;
    if ((getListServiceHealthMethod = HealthServiceGrpc.getListServiceHealthMethod) == null) {
      synchronized (HealthServiceGrpc.class) {
        if ((getListServiceHealthMethod = HealthServiceGrpc.getListServiceHealthMethod) == null) {
          HealthServiceGrpc.getListServiceHealthMethod = getListServiceHealthMethod =
              io.grpc.MethodDescriptor.<io.roster.health.v1.ListServiceHealthRequest, io.roster.health.v1.ListServiceHealthResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListServiceHealth"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.health.v1.ListServiceHealthRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.health.v1.ListServiceHealthResponse.getDefaultInstance()))
              .setSchemaDescriptor(new HealthServiceMethodDescriptorSupplier("ListServiceHealth"))
              .build();
        }
      }
    }
    return getListServiceHealthMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.health.v1.ListChecksInStateRequest,
      io.roster.health.v1.ListChecksInStateResponse> getListChecksInStateMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListChecksInState",
      requestType = io.roster.health.v1.ListChecksInStateRequest.class,
      responseType = io.roster.health.v1.ListChecksInStateResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.health.v1.ListChecksInStateRequest,
      io.roster.health.v1.ListChecksInStateResponse> getListChecksInStateMethod() {
    io.grpc.MethodDescriptor<io.roster.health.v1.ListChecksInStateRequest, io.roster.health.v1.ListChecksInStateResponse> getListChecksInStateMethod;
    if ((getListChecksInStateMethod = HealthServiceGrpc.getListChecksInStateMethod) == null) {
      synchronized (HealthServiceGrpc.class) {
        if ((getListChecksInStateMethod = HealthServiceGrpc.getListChecksInStateMethod) == null) {
          HealthServiceGrpc.getListChecksInStateMethod = getListChecksInStateMethod =
              io.grpc.MethodDescriptor.<io.roster.health.v1.ListChecksInStateRequest, io.roster.health.v1.ListChecksInStateResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListChecksInState"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.health.v1.ListChecksInStateRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.health.v1.ListChecksInStateResponse.getDefaultInstance()))
              .setSchemaDescriptor(new HealthServiceMethodDescriptorSupplier("ListChecksInState"))
              .build();
        }
      }
    }
    return getListChecksInStateMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.health.v1.WatchServiceHealthRequest,
      io.roster.health.v1.WatchServiceHealthResponse> getWatchServiceHealthMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "WatchServiceHealth",
      requestType = io.roster.health.v1.WatchServiceHealthRequest.class,
      responseType = io.roster.health.v1.WatchServiceHealthResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
  public static io.grpc.MethodDescriptor<io.roster.health.v1.WatchServiceHealthRequest,
      io.roster.health.v1.WatchServiceHealthResponse> getWatchServiceHealthMethod() {
    io.grpc.MethodDescriptor<io.roster.health.v1.WatchServiceHealthRequest, io.roster.health.v1.WatchServiceHealthResponse> getWatchServiceHealthMethod;
    if ((getWatchServiceHealthMethod = HealthServiceGrpc.getWatchServiceHealthMethod) == null) {
      synchronized (HealthServiceGrpc.class) {
        if ((getWatchServiceHealthMethod = HealthServiceGrpc.getWatchServiceHealthMethod) == null) {
          HealthServiceGrpc.getWatchServiceHealthMethod = getWatchServiceHealthMethod =
              io.grpc.MethodDescriptor.<io.roster.health.v1.WatchServiceHealthRequest, io.roster.health.v1.WatchServiceHealthResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "WatchServiceHealth"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.health.v1.WatchServiceHealthRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.health.v1.WatchServiceHealthResponse.getDefaultInstance()))
              .setSchemaDescriptor(new HealthServiceMethodDescriptorSupplier("WatchServiceHealth"))
              .build();
        }
      }
    }
    return getWatchServiceHealthMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static HealthServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<HealthServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<HealthServiceStub>() {
        @java.lang.Override
        public HealthServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new HealthServiceStub(channel, callOptions);
        }
      };
    return HealthServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static HealthServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<HealthServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<HealthServiceBlockingStub>() {
        @java.lang.Override
        public HealthServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new HealthServiceBlockingStub(channel, callOptions);
        }
      };
    return HealthServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static HealthServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<HealthServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<HealthServiceFutureStub>() {
        @java.lang.Override
        public HealthServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new HealthServiceFutureStub(channel, callOptions);
        }
      };
    return HealthServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * HealthService reads the health of the catalog's nodes and service
   * instances: their checks, and instances with the checks that decide
   * whether they are served. Consul: `/v1/health/`.
   * </pre>
   */
  public static abstract class HealthServiceImplBase implements io.grpc.BindableService {

    /**
     * <pre>
     * ListNodeChecks returns the checks of one node (node and service
     * checks). Blocking. Consul: `GET /v1/health/node/&lt;node&gt;`.
     * </pre>
     */
    public void listNodeChecks(io.roster.health.v1.ListNodeChecksRequest request,
        io.grpc.stub.StreamObserver<io.roster.health.v1.ListNodeChecksResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListNodeChecksMethod(), responseObserver);
    }

    /**
     * <pre>
     * ListServiceChecks returns the checks of every instance of a service.
     * Blocking. Consul: `GET /v1/health/checks/&lt;service&gt;`.
     * </pre>
     */
    public void listServiceChecks(io.roster.health.v1.ListServiceChecksRequest request,
        io.grpc.stub.StreamObserver<io.roster.health.v1.ListServiceChecksResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListServiceChecksMethod(), responseObserver);
    }

    /**
     * <pre>
     * ListServiceHealth returns the instances of a service, each with its
     * node and the checks that decide its health (the node's and its own).
     * Blocking. Consul: `GET /v1/health/service/&lt;service&gt;`.
     * </pre>
     */
    public void listServiceHealth(io.roster.health.v1.ListServiceHealthRequest request,
        io.grpc.stub.StreamObserver<io.roster.health.v1.ListServiceHealthResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListServiceHealthMethod(), responseObserver);
    }

    /**
     * <pre>
     * ListChecksInState returns every check in a state. Blocking. Consul:
     * `GET /v1/health/state/&lt;state&gt;`.
     * </pre>
     */
    public void listChecksInState(io.roster.health.v1.ListChecksInStateRequest request,
        io.grpc.stub.StreamObserver<io.roster.health.v1.ListChecksInStateResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListChecksInStateMethod(), responseObserver);
    }

    /**
     * <pre>
     * WatchServiceHealth sends the instances of a service now and again on
     * every change to them, until the client goes away.
     * </pre>
     */
    public void watchServiceHealth(io.roster.health.v1.WatchServiceHealthRequest request,
        io.grpc.stub.StreamObserver<io.roster.health.v1.WatchServiceHealthResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getWatchServiceHealthMethod(), responseObserver);
    }

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
          .addMethod(
            getListNodeChecksMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.health.v1.ListNodeChecksRequest,
                io.roster.health.v1.ListNodeChecksResponse>(
                  this, METHODID_LIST_NODE_CHECKS)))
          .addMethod(
            getListServiceChecksMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.health.v1.ListServiceChecksRequest,
                io.roster.health.v1.ListServiceChecksResponse>(
                  this, METHODID_LIST_SERVICE_CHECKS)))
          .addMethod(
            getListServiceHealthMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.health.v1.ListServiceHealthRequest,
                io.roster.health.v1.ListServiceHealthResponse>(
                  this, METHODID_LIST_SERVICE_HEALTH)))
          .addMethod(
            getListChecksInStateMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.health.v1.ListChecksInStateRequest,
                io.roster.health.v1.ListChecksInStateResponse>(
                  this, METHODID_LIST_CHECKS_IN_STATE)))
          .addMethod(
            getWatchServiceHealthMethod(),
            io.grpc.stub.ServerCalls.asyncServerStreamingCall(
              new MethodHandlers<
                io.roster.health.v1.WatchServiceHealthRequest,
                io.roster.health.v1.WatchServiceHealthResponse>(
                  this, METHODID_WATCH_SERVICE_HEALTH)))
          .build();
    }
  }

  /**
   * <pre>
   * HealthService reads the health of the catalog's nodes and service
   * instances: their checks, and instances with the checks that decide
   * whether they are served. Consul: `/v1/health/`.
   * </pre>
   */
  public static final class HealthServiceStub extends io.grpc.stub.AbstractAsyncStub<HealthServiceStub> {
    private HealthServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected HealthServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new HealthServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * ListNodeChecks returns the checks of one node (node and service
     * checks). Blocking. Consul: `GET /v1/health/node/&lt;node&gt;`.
     * </pre>
     */
    public void listNodeChecks(io.roster.health.v1.ListNodeChecksRequest request,
        io.grpc.stub.StreamObserver<io.roster.health.v1.ListNodeChecksResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListNodeChecksMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * ListServiceChecks returns the checks of every instance of a service.
     * Blocking. Consul: `GET /v1/health/checks/&lt;service&gt;`.
     * </pre>
     */
    public void listServiceChecks(io.roster.health.v1.ListServiceChecksRequest request,
        io.grpc.stub.StreamObserver<io.roster.health.v1.ListServiceChecksResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListServiceChecksMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * ListServiceHealth returns the instances of a service, each with its
     * node and the checks that decide its health (the node's and its own).
     * Blocking. Consul: `GET /v1/health/service/&lt;service&gt;`.
     * </pre>
     */
    public void listServiceHealth(io.roster.health.v1.ListServiceHealthRequest request,
        io.grpc.stub.StreamObserver<io.roster.health.v1.ListServiceHealthResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListServiceHealthMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * ListChecksInState returns every check in a state. Blocking. Consul:
     * `GET /v1/health/state/&lt;state&gt;`.
     * </pre>
     */
    public void listChecksInState(io.roster.health.v1.ListChecksInStateRequest request,
        io.grpc.stub.StreamObserver<io.roster.health.v1.ListChecksInStateResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListChecksInStateMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * WatchServiceHealth sends the instances of a service now and again on
     * every change to them, until the client goes away.
     * </pre>
     */
    public void watchServiceHealth(io.roster.health.v1.WatchServiceHealthRequest request,
        io.grpc.stub.StreamObserver<io.roster.health.v1.WatchServiceHealthResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncServerStreamingCall(
          getChannel().newCall(getWatchServiceHealthMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * <pre>
   * HealthService reads the health of the catalog's nodes and service
   * instances: their checks, and instances with the checks that decide
   * whether they are served. Consul: `/v1/health/`.
   * </pre>
   */
  public static final class HealthServiceBlockingStub extends io.grpc.stub.AbstractBlockingStub<HealthServiceBlockingStub> {
    private HealthServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected HealthServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new HealthServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * ListNodeChecks returns the checks of one node (node and service
     * checks). Blocking. Consul: `GET /v1/health/node/&lt;node&gt;`.
     * </pre>
     */
    public io.roster.health.v1.ListNodeChecksResponse listNodeChecks(io.roster.health.v1.ListNodeChecksRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListNodeChecksMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ListServiceChecks returns the checks of every instance of a service.
     * Blocking. Consul: `GET /v1/health/checks/&lt;service&gt;`.
     * </pre>
     */
    public io.roster.health.v1.ListServiceChecksResponse listServiceChecks(io.roster.health.v1.ListServiceChecksRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListServiceChecksMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ListServiceHealth returns the instances of a service, each with its
     * node and the checks that decide its health (the node's and its own).
     * Blocking. Consul: `GET /v1/health/service/&lt;service&gt;`.
     * </pre>
     */
    public io.roster.health.v1.ListServiceHealthResponse listServiceHealth(io.roster.health.v1.ListServiceHealthRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListServiceHealthMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ListChecksInState returns every check in a state. Blocking. Consul:
     * `GET /v1/health/state/&lt;state&gt;`.
     * </pre>
     */
    public io.roster.health.v1.ListChecksInStateResponse listChecksInState(io.roster.health.v1.ListChecksInStateRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListChecksInStateMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * WatchServiceHealth sends the instances of a service now and again on
     * every change to them, until the client goes away.
     * </pre>
     */
    public java.util.Iterator<io.roster.health.v1.WatchServiceHealthResponse> watchServiceHealth(
        io.roster.health.v1.WatchServiceHealthRequest request) {
      return io.grpc.stub.ClientCalls.blockingServerStreamingCall(
          getChannel(), getWatchServiceHealthMethod(), getCallOptions(), request);
    }
  }

  /**
   * <pre>
   * HealthService reads the health of the catalog's nodes and service
   * instances: their checks, and instances with the checks that decide
   * whether they are served. Consul: `/v1/health/`.
   * </pre>
   */
  public static final class HealthServiceFutureStub extends io.grpc.stub.AbstractFutureStub<HealthServiceFutureStub> {
    private HealthServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected HealthServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new HealthServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * ListNodeChecks returns the checks of one node (node and service
     * checks). Blocking. Consul: `GET /v1/health/node/&lt;node&gt;`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.health.v1.ListNodeChecksResponse> listNodeChecks(
        io.roster.health.v1.ListNodeChecksRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListNodeChecksMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * ListServiceChecks returns the checks of every instance of a service.
     * Blocking. Consul: `GET /v1/health/checks/&lt;service&gt;`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.health.v1.ListServiceChecksResponse> listServiceChecks(
        io.roster.health.v1.ListServiceChecksRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListServiceChecksMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * ListServiceHealth returns the instances of a service, each with its
     * node and the checks that decide its health (the node's and its own).
     * Blocking. Consul: `GET /v1/health/service/&lt;service&gt;`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.health.v1.ListServiceHealthResponse> listServiceHealth(
        io.roster.health.v1.ListServiceHealthRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListServiceHealthMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * ListChecksInState returns every check in a state. Blocking. Consul:
     * `GET /v1/health/state/&lt;state&gt;`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.health.v1.ListChecksInStateResponse> listChecksInState(
        io.roster.health.v1.ListChecksInStateRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListChecksInStateMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_LIST_NODE_CHECKS = 0;
  private static final int METHODID_LIST_SERVICE_CHECKS = 1;
  private static final int METHODID_LIST_SERVICE_HEALTH = 2;
  private static final int METHODID_LIST_CHECKS_IN_STATE = 3;
  private static final int METHODID_WATCH_SERVICE_HEALTH = 4;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final HealthServiceImplBase serviceImpl;
    private final int methodId;

    MethodHandlers(HealthServiceImplBase serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_LIST_NODE_CHECKS:
          serviceImpl.listNodeChecks((io.roster.health.v1.ListNodeChecksRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.health.v1.ListNodeChecksResponse>) responseObserver);
          break;
        case METHODID_LIST_SERVICE_CHECKS:
          serviceImpl.listServiceChecks((io.roster.health.v1.ListServiceChecksRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.health.v1.ListServiceChecksResponse>) responseObserver);
          break;
        case METHODID_LIST_SERVICE_HEALTH:
          serviceImpl.listServiceHealth((io.roster.health.v1.ListServiceHealthRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.health.v1.ListServiceHealthResponse>) responseObserver);
          break;
        case METHODID_LIST_CHECKS_IN_STATE:
          serviceImpl.listChecksInState((io.roster.health.v1.ListChecksInStateRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.health.v1.ListChecksInStateResponse>) responseObserver);
          break;
        case METHODID_WATCH_SERVICE_HEALTH:
          serviceImpl.watchServiceHealth((io.roster.health.v1.WatchServiceHealthRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.health.v1.WatchServiceHealthResponse>) responseObserver);
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

  private static abstract class HealthServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    HealthServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return io.roster.health.v1.HealthProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("HealthService");
    }
  }

  private static final class HealthServiceFileDescriptorSupplier
      extends HealthServiceBaseDescriptorSupplier {
    HealthServiceFileDescriptorSupplier() {}
  }

  private static final class HealthServiceMethodDescriptorSupplier
      extends HealthServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final String methodName;

    HealthServiceMethodDescriptorSupplier(String methodName) {
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
      synchronized (HealthServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new HealthServiceFileDescriptorSupplier())
              .addMethod(getListNodeChecksMethod())
              .addMethod(getListServiceChecksMethod())
              .addMethod(getListServiceHealthMethod())
              .addMethod(getListChecksInStateMethod())
              .addMethod(getWatchServiceHealthMethod())
              .build();
        }
      }
    }
    return result;
  }
}
