package io.roster.session.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * SessionService manages sessions: the leases that KV locks are held by.
 * A session belongs to a node and may be tied to health checks and a TTL;
 * when it is invalidated (destroyed, its TTL passed, its node deregistered,
 * one of its checks critical or deregistered) every lock it holds is
 * released, or the keys deleted, and lock-delay keeps those keys from being
 * acquired again for a while. Consul: `/v1/session/`.
 * </pre>
 */
@javax.annotation.Generated(
    value = "by gRPC proto compiler",
    comments = "Source: roster/session/v1/session.proto")
@io.grpc.stub.annotations.GrpcGenerated
public final class SessionServiceGrpc {

  private SessionServiceGrpc() {}

  public static final String SERVICE_NAME = "roster.session.v1.SessionService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<io.roster.session.v1.CreateRequest,
      io.roster.session.v1.CreateResponse> getCreateMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Create",
      requestType = io.roster.session.v1.CreateRequest.class,
      responseType = io.roster.session.v1.CreateResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.session.v1.CreateRequest,
      io.roster.session.v1.CreateResponse> getCreateMethod() {
    io.grpc.MethodDescriptor<io.roster.session.v1.CreateRequest, io.roster.session.v1.CreateResponse> getCreateMethod;
    if ((getCreateMethod = SessionServiceGrpc.getCreateMethod) == null) {
      synchronized (SessionServiceGrpc.class) {
        if ((getCreateMethod = SessionServiceGrpc.getCreateMethod) == null) {
          SessionServiceGrpc.getCreateMethod = getCreateMethod =
              io.grpc.MethodDescriptor.<io.roster.session.v1.CreateRequest, io.roster.session.v1.CreateResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Create"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.session.v1.CreateRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.session.v1.CreateResponse.getDefaultInstance()))
              .setSchemaDescriptor(new SessionServiceMethodDescriptorSupplier("Create"))
              .build();
        }
      }
    }
    return getCreateMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.session.v1.DestroyRequest,
      io.roster.session.v1.DestroyResponse> getDestroyMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Destroy",
      requestType = io.roster.session.v1.DestroyRequest.class,
      responseType = io.roster.session.v1.DestroyResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.session.v1.DestroyRequest,
      io.roster.session.v1.DestroyResponse> getDestroyMethod() {
    io.grpc.MethodDescriptor<io.roster.session.v1.DestroyRequest, io.roster.session.v1.DestroyResponse> getDestroyMethod;
    if ((getDestroyMethod = SessionServiceGrpc.getDestroyMethod) == null) {
      synchronized (SessionServiceGrpc.class) {
        if ((getDestroyMethod = SessionServiceGrpc.getDestroyMethod) == null) {
          SessionServiceGrpc.getDestroyMethod = getDestroyMethod =
              io.grpc.MethodDescriptor.<io.roster.session.v1.DestroyRequest, io.roster.session.v1.DestroyResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Destroy"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.session.v1.DestroyRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.session.v1.DestroyResponse.getDefaultInstance()))
              .setSchemaDescriptor(new SessionServiceMethodDescriptorSupplier("Destroy"))
              .build();
        }
      }
    }
    return getDestroyMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.session.v1.InfoRequest,
      io.roster.session.v1.InfoResponse> getInfoMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Info",
      requestType = io.roster.session.v1.InfoRequest.class,
      responseType = io.roster.session.v1.InfoResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.session.v1.InfoRequest,
      io.roster.session.v1.InfoResponse> getInfoMethod() {
    io.grpc.MethodDescriptor<io.roster.session.v1.InfoRequest, io.roster.session.v1.InfoResponse> getInfoMethod;
    if ((getInfoMethod = SessionServiceGrpc.getInfoMethod) == null) {
      synchronized (SessionServiceGrpc.class) {
        if ((getInfoMethod = SessionServiceGrpc.getInfoMethod) == null) {
          SessionServiceGrpc.getInfoMethod = getInfoMethod =
              io.grpc.MethodDescriptor.<io.roster.session.v1.InfoRequest, io.roster.session.v1.InfoResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Info"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.session.v1.InfoRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.session.v1.InfoResponse.getDefaultInstance()))
              .setSchemaDescriptor(new SessionServiceMethodDescriptorSupplier("Info"))
              .build();
        }
      }
    }
    return getInfoMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.session.v1.NodeSessionsRequest,
      io.roster.session.v1.NodeSessionsResponse> getNodeSessionsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "NodeSessions",
      requestType = io.roster.session.v1.NodeSessionsRequest.class,
      responseType = io.roster.session.v1.NodeSessionsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.session.v1.NodeSessionsRequest,
      io.roster.session.v1.NodeSessionsResponse> getNodeSessionsMethod() {
    io.grpc.MethodDescriptor<io.roster.session.v1.NodeSessionsRequest, io.roster.session.v1.NodeSessionsResponse> getNodeSessionsMethod;
    if ((getNodeSessionsMethod = SessionServiceGrpc.getNodeSessionsMethod) == null) {
      synchronized (SessionServiceGrpc.class) {
        if ((getNodeSessionsMethod = SessionServiceGrpc.getNodeSessionsMethod) == null) {
          SessionServiceGrpc.getNodeSessionsMethod = getNodeSessionsMethod =
              io.grpc.MethodDescriptor.<io.roster.session.v1.NodeSessionsRequest, io.roster.session.v1.NodeSessionsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "NodeSessions"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.session.v1.NodeSessionsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.session.v1.NodeSessionsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new SessionServiceMethodDescriptorSupplier("NodeSessions"))
              .build();
        }
      }
    }
    return getNodeSessionsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.session.v1.ListRequest,
      io.roster.session.v1.ListResponse> getListMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "List",
      requestType = io.roster.session.v1.ListRequest.class,
      responseType = io.roster.session.v1.ListResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.session.v1.ListRequest,
      io.roster.session.v1.ListResponse> getListMethod() {
    io.grpc.MethodDescriptor<io.roster.session.v1.ListRequest, io.roster.session.v1.ListResponse> getListMethod;
    if ((getListMethod = SessionServiceGrpc.getListMethod) == null) {
      synchronized (SessionServiceGrpc.class) {
        if ((getListMethod = SessionServiceGrpc.getListMethod) == null) {
          SessionServiceGrpc.getListMethod = getListMethod =
              io.grpc.MethodDescriptor.<io.roster.session.v1.ListRequest, io.roster.session.v1.ListResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "List"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.session.v1.ListRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.session.v1.ListResponse.getDefaultInstance()))
              .setSchemaDescriptor(new SessionServiceMethodDescriptorSupplier("List"))
              .build();
        }
      }
    }
    return getListMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.session.v1.RenewRequest,
      io.roster.session.v1.RenewResponse> getRenewMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Renew",
      requestType = io.roster.session.v1.RenewRequest.class,
      responseType = io.roster.session.v1.RenewResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.session.v1.RenewRequest,
      io.roster.session.v1.RenewResponse> getRenewMethod() {
    io.grpc.MethodDescriptor<io.roster.session.v1.RenewRequest, io.roster.session.v1.RenewResponse> getRenewMethod;
    if ((getRenewMethod = SessionServiceGrpc.getRenewMethod) == null) {
      synchronized (SessionServiceGrpc.class) {
        if ((getRenewMethod = SessionServiceGrpc.getRenewMethod) == null) {
          SessionServiceGrpc.getRenewMethod = getRenewMethod =
              io.grpc.MethodDescriptor.<io.roster.session.v1.RenewRequest, io.roster.session.v1.RenewResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Renew"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.session.v1.RenewRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.session.v1.RenewResponse.getDefaultInstance()))
              .setSchemaDescriptor(new SessionServiceMethodDescriptorSupplier("Renew"))
              .build();
        }
      }
    }
    return getRenewMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.session.v1.WatchSessionsRequest,
      io.roster.session.v1.WatchSessionsResponse> getWatchSessionsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "WatchSessions",
      requestType = io.roster.session.v1.WatchSessionsRequest.class,
      responseType = io.roster.session.v1.WatchSessionsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
  public static io.grpc.MethodDescriptor<io.roster.session.v1.WatchSessionsRequest,
      io.roster.session.v1.WatchSessionsResponse> getWatchSessionsMethod() {
    io.grpc.MethodDescriptor<io.roster.session.v1.WatchSessionsRequest, io.roster.session.v1.WatchSessionsResponse> getWatchSessionsMethod;
    if ((getWatchSessionsMethod = SessionServiceGrpc.getWatchSessionsMethod) == null) {
      synchronized (SessionServiceGrpc.class) {
        if ((getWatchSessionsMethod = SessionServiceGrpc.getWatchSessionsMethod) == null) {
          SessionServiceGrpc.getWatchSessionsMethod = getWatchSessionsMethod =
              io.grpc.MethodDescriptor.<io.roster.session.v1.WatchSessionsRequest, io.roster.session.v1.WatchSessionsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "WatchSessions"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.session.v1.WatchSessionsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.session.v1.WatchSessionsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new SessionServiceMethodDescriptorSupplier("WatchSessions"))
              .build();
        }
      }
    }
    return getWatchSessionsMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static SessionServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<SessionServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<SessionServiceStub>() {
        @java.lang.Override
        public SessionServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new SessionServiceStub(channel, callOptions);
        }
      };
    return SessionServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static SessionServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<SessionServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<SessionServiceBlockingStub>() {
        @java.lang.Override
        public SessionServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new SessionServiceBlockingStub(channel, callOptions);
        }
      };
    return SessionServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static SessionServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<SessionServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<SessionServiceFutureStub>() {
        @java.lang.Override
        public SessionServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new SessionServiceFutureStub(channel, callOptions);
        }
      };
    return SessionServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * SessionService manages sessions: the leases that KV locks are held by.
   * A session belongs to a node and may be tied to health checks and a TTL;
   * when it is invalidated (destroyed, its TTL passed, its node deregistered,
   * one of its checks critical or deregistered) every lock it holds is
   * released, or the keys deleted, and lock-delay keeps those keys from being
   * acquired again for a while. Consul: `/v1/session/`.
   * </pre>
   */
  public static abstract class SessionServiceImplBase implements io.grpc.BindableService {

    /**
     * <pre>
     * Create makes a new session. Consul: `PUT /v1/session/create`.
     * </pre>
     */
    public void create(io.roster.session.v1.CreateRequest request,
        io.grpc.stub.StreamObserver<io.roster.session.v1.CreateResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateMethod(), responseObserver);
    }

    /**
     * <pre>
     * Destroy invalidates a session (an unknown id is not an error).
     * Consul: `PUT /v1/session/destroy/&lt;id&gt;`.
     * </pre>
     */
    public void destroy(io.roster.session.v1.DestroyRequest request,
        io.grpc.stub.StreamObserver<io.roster.session.v1.DestroyResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDestroyMethod(), responseObserver);
    }

    /**
     * <pre>
     * Info reads one session. Consul: `GET /v1/session/info/&lt;id&gt;`.
     * </pre>
     */
    public void info(io.roster.session.v1.InfoRequest request,
        io.grpc.stub.StreamObserver<io.roster.session.v1.InfoResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getInfoMethod(), responseObserver);
    }

    /**
     * <pre>
     * NodeSessions lists the sessions of one node.
     * Consul: `GET /v1/session/node/&lt;node&gt;`.
     * </pre>
     */
    public void nodeSessions(io.roster.session.v1.NodeSessionsRequest request,
        io.grpc.stub.StreamObserver<io.roster.session.v1.NodeSessionsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getNodeSessionsMethod(), responseObserver);
    }

    /**
     * <pre>
     * List lists every session. Consul: `GET /v1/session/list`.
     * </pre>
     */
    public void list(io.roster.session.v1.ListRequest request,
        io.grpc.stub.StreamObserver<io.roster.session.v1.ListResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListMethod(), responseObserver);
    }

    /**
     * <pre>
     * Renew restarts a session's TTL on the leader; NOT_FOUND for an unknown
     * session. Consul: `PUT /v1/session/renew/&lt;id&gt;`.
     * </pre>
     */
    public void renew(io.roster.session.v1.RenewRequest request,
        io.grpc.stub.StreamObserver<io.roster.session.v1.RenewResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRenewMethod(), responseObserver);
    }

    /**
     * <pre>
     * WatchSessions streams every session (or the sessions of one node), then
     * the list again on every change.
     * </pre>
     */
    public void watchSessions(io.roster.session.v1.WatchSessionsRequest request,
        io.grpc.stub.StreamObserver<io.roster.session.v1.WatchSessionsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getWatchSessionsMethod(), responseObserver);
    }

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
          .addMethod(
            getCreateMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.session.v1.CreateRequest,
                io.roster.session.v1.CreateResponse>(
                  this, METHODID_CREATE)))
          .addMethod(
            getDestroyMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.session.v1.DestroyRequest,
                io.roster.session.v1.DestroyResponse>(
                  this, METHODID_DESTROY)))
          .addMethod(
            getInfoMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.session.v1.InfoRequest,
                io.roster.session.v1.InfoResponse>(
                  this, METHODID_INFO)))
          .addMethod(
            getNodeSessionsMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.session.v1.NodeSessionsRequest,
                io.roster.session.v1.NodeSessionsResponse>(
                  this, METHODID_NODE_SESSIONS)))
          .addMethod(
            getListMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.session.v1.ListRequest,
                io.roster.session.v1.ListResponse>(
                  this, METHODID_LIST)))
          .addMethod(
            getRenewMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.session.v1.RenewRequest,
                io.roster.session.v1.RenewResponse>(
                  this, METHODID_RENEW)))
          .addMethod(
            getWatchSessionsMethod(),
            io.grpc.stub.ServerCalls.asyncServerStreamingCall(
              new MethodHandlers<
                io.roster.session.v1.WatchSessionsRequest,
                io.roster.session.v1.WatchSessionsResponse>(
                  this, METHODID_WATCH_SESSIONS)))
          .build();
    }
  }

  /**
   * <pre>
   * SessionService manages sessions: the leases that KV locks are held by.
   * A session belongs to a node and may be tied to health checks and a TTL;
   * when it is invalidated (destroyed, its TTL passed, its node deregistered,
   * one of its checks critical or deregistered) every lock it holds is
   * released, or the keys deleted, and lock-delay keeps those keys from being
   * acquired again for a while. Consul: `/v1/session/`.
   * </pre>
   */
  public static final class SessionServiceStub extends io.grpc.stub.AbstractAsyncStub<SessionServiceStub> {
    private SessionServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected SessionServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new SessionServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Create makes a new session. Consul: `PUT /v1/session/create`.
     * </pre>
     */
    public void create(io.roster.session.v1.CreateRequest request,
        io.grpc.stub.StreamObserver<io.roster.session.v1.CreateResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Destroy invalidates a session (an unknown id is not an error).
     * Consul: `PUT /v1/session/destroy/&lt;id&gt;`.
     * </pre>
     */
    public void destroy(io.roster.session.v1.DestroyRequest request,
        io.grpc.stub.StreamObserver<io.roster.session.v1.DestroyResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDestroyMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Info reads one session. Consul: `GET /v1/session/info/&lt;id&gt;`.
     * </pre>
     */
    public void info(io.roster.session.v1.InfoRequest request,
        io.grpc.stub.StreamObserver<io.roster.session.v1.InfoResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getInfoMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * NodeSessions lists the sessions of one node.
     * Consul: `GET /v1/session/node/&lt;node&gt;`.
     * </pre>
     */
    public void nodeSessions(io.roster.session.v1.NodeSessionsRequest request,
        io.grpc.stub.StreamObserver<io.roster.session.v1.NodeSessionsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getNodeSessionsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * List lists every session. Consul: `GET /v1/session/list`.
     * </pre>
     */
    public void list(io.roster.session.v1.ListRequest request,
        io.grpc.stub.StreamObserver<io.roster.session.v1.ListResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Renew restarts a session's TTL on the leader; NOT_FOUND for an unknown
     * session. Consul: `PUT /v1/session/renew/&lt;id&gt;`.
     * </pre>
     */
    public void renew(io.roster.session.v1.RenewRequest request,
        io.grpc.stub.StreamObserver<io.roster.session.v1.RenewResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRenewMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * WatchSessions streams every session (or the sessions of one node), then
     * the list again on every change.
     * </pre>
     */
    public void watchSessions(io.roster.session.v1.WatchSessionsRequest request,
        io.grpc.stub.StreamObserver<io.roster.session.v1.WatchSessionsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncServerStreamingCall(
          getChannel().newCall(getWatchSessionsMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * <pre>
   * SessionService manages sessions: the leases that KV locks are held by.
   * A session belongs to a node and may be tied to health checks and a TTL;
   * when it is invalidated (destroyed, its TTL passed, its node deregistered,
   * one of its checks critical or deregistered) every lock it holds is
   * released, or the keys deleted, and lock-delay keeps those keys from being
   * acquired again for a while. Consul: `/v1/session/`.
   * </pre>
   */
  public static final class SessionServiceBlockingStub extends io.grpc.stub.AbstractBlockingStub<SessionServiceBlockingStub> {
    private SessionServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected SessionServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new SessionServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Create makes a new session. Consul: `PUT /v1/session/create`.
     * </pre>
     */
    public io.roster.session.v1.CreateResponse create(io.roster.session.v1.CreateRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Destroy invalidates a session (an unknown id is not an error).
     * Consul: `PUT /v1/session/destroy/&lt;id&gt;`.
     * </pre>
     */
    public io.roster.session.v1.DestroyResponse destroy(io.roster.session.v1.DestroyRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDestroyMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Info reads one session. Consul: `GET /v1/session/info/&lt;id&gt;`.
     * </pre>
     */
    public io.roster.session.v1.InfoResponse info(io.roster.session.v1.InfoRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getInfoMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * NodeSessions lists the sessions of one node.
     * Consul: `GET /v1/session/node/&lt;node&gt;`.
     * </pre>
     */
    public io.roster.session.v1.NodeSessionsResponse nodeSessions(io.roster.session.v1.NodeSessionsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getNodeSessionsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * List lists every session. Consul: `GET /v1/session/list`.
     * </pre>
     */
    public io.roster.session.v1.ListResponse list(io.roster.session.v1.ListRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Renew restarts a session's TTL on the leader; NOT_FOUND for an unknown
     * session. Consul: `PUT /v1/session/renew/&lt;id&gt;`.
     * </pre>
     */
    public io.roster.session.v1.RenewResponse renew(io.roster.session.v1.RenewRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRenewMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * WatchSessions streams every session (or the sessions of one node), then
     * the list again on every change.
     * </pre>
     */
    public java.util.Iterator<io.roster.session.v1.WatchSessionsResponse> watchSessions(
        io.roster.session.v1.WatchSessionsRequest request) {
      return io.grpc.stub.ClientCalls.blockingServerStreamingCall(
          getChannel(), getWatchSessionsMethod(), getCallOptions(), request);
    }
  }

  /**
   * <pre>
   * SessionService manages sessions: the leases that KV locks are held by.
   * A session belongs to a node and may be tied to health checks and a TTL;
   * when it is invalidated (destroyed, its TTL passed, its node deregistered,
   * one of its checks critical or deregistered) every lock it holds is
   * released, or the keys deleted, and lock-delay keeps those keys from being
   * acquired again for a while. Consul: `/v1/session/`.
   * </pre>
   */
  public static final class SessionServiceFutureStub extends io.grpc.stub.AbstractFutureStub<SessionServiceFutureStub> {
    private SessionServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected SessionServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new SessionServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Create makes a new session. Consul: `PUT /v1/session/create`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.session.v1.CreateResponse> create(
        io.roster.session.v1.CreateRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Destroy invalidates a session (an unknown id is not an error).
     * Consul: `PUT /v1/session/destroy/&lt;id&gt;`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.session.v1.DestroyResponse> destroy(
        io.roster.session.v1.DestroyRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDestroyMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Info reads one session. Consul: `GET /v1/session/info/&lt;id&gt;`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.session.v1.InfoResponse> info(
        io.roster.session.v1.InfoRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getInfoMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * NodeSessions lists the sessions of one node.
     * Consul: `GET /v1/session/node/&lt;node&gt;`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.session.v1.NodeSessionsResponse> nodeSessions(
        io.roster.session.v1.NodeSessionsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getNodeSessionsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * List lists every session. Consul: `GET /v1/session/list`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.session.v1.ListResponse> list(
        io.roster.session.v1.ListRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Renew restarts a session's TTL on the leader; NOT_FOUND for an unknown
     * session. Consul: `PUT /v1/session/renew/&lt;id&gt;`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.session.v1.RenewResponse> renew(
        io.roster.session.v1.RenewRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRenewMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_CREATE = 0;
  private static final int METHODID_DESTROY = 1;
  private static final int METHODID_INFO = 2;
  private static final int METHODID_NODE_SESSIONS = 3;
  private static final int METHODID_LIST = 4;
  private static final int METHODID_RENEW = 5;
  private static final int METHODID_WATCH_SESSIONS = 6;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final SessionServiceImplBase serviceImpl;
    private final int methodId;

    MethodHandlers(SessionServiceImplBase serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_CREATE:
          serviceImpl.create((io.roster.session.v1.CreateRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.session.v1.CreateResponse>) responseObserver);
          break;
        case METHODID_DESTROY:
          serviceImpl.destroy((io.roster.session.v1.DestroyRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.session.v1.DestroyResponse>) responseObserver);
          break;
        case METHODID_INFO:
          serviceImpl.info((io.roster.session.v1.InfoRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.session.v1.InfoResponse>) responseObserver);
          break;
        case METHODID_NODE_SESSIONS:
          serviceImpl.nodeSessions((io.roster.session.v1.NodeSessionsRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.session.v1.NodeSessionsResponse>) responseObserver);
          break;
        case METHODID_LIST:
          serviceImpl.list((io.roster.session.v1.ListRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.session.v1.ListResponse>) responseObserver);
          break;
        case METHODID_RENEW:
          serviceImpl.renew((io.roster.session.v1.RenewRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.session.v1.RenewResponse>) responseObserver);
          break;
        case METHODID_WATCH_SESSIONS:
          serviceImpl.watchSessions((io.roster.session.v1.WatchSessionsRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.session.v1.WatchSessionsResponse>) responseObserver);
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

  private static abstract class SessionServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    SessionServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return io.roster.session.v1.SessionProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("SessionService");
    }
  }

  private static final class SessionServiceFileDescriptorSupplier
      extends SessionServiceBaseDescriptorSupplier {
    SessionServiceFileDescriptorSupplier() {}
  }

  private static final class SessionServiceMethodDescriptorSupplier
      extends SessionServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final String methodName;

    SessionServiceMethodDescriptorSupplier(String methodName) {
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
      synchronized (SessionServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new SessionServiceFileDescriptorSupplier())
              .addMethod(getCreateMethod())
              .addMethod(getDestroyMethod())
              .addMethod(getInfoMethod())
              .addMethod(getNodeSessionsMethod())
              .addMethod(getListMethod())
              .addMethod(getRenewMethod())
              .addMethod(getWatchSessionsMethod())
              .build();
        }
      }
    }
    return result;
  }
}
