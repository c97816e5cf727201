package io.roster.snapshot.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * SnapshotService saves the replicated state to an archive and restores it.
 * Consul: `/v1/snapshot`.
 * </pre>
 */
@javax.annotation.Generated(
    value = "by gRPC proto compiler",
    comments = "Source: roster/snapshot/v1/snapshot.proto")
@io.grpc.stub.annotations.GrpcGenerated
public final class SnapshotServiceGrpc {

  private SnapshotServiceGrpc() {}

  public static final String SERVICE_NAME = "roster.snapshot.v1.SnapshotService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<io.roster.snapshot.v1.SaveRequest,
      io.roster.snapshot.v1.SaveResponse> getSaveMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Save",
      requestType = io.roster.snapshot.v1.SaveRequest.class,
      responseType = io.roster.snapshot.v1.SaveResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
  public static io.grpc.MethodDescriptor<io.roster.snapshot.v1.SaveRequest,
      io.roster.snapshot.v1.SaveResponse> getSaveMethod() {
    io.grpc.MethodDescriptor<io.roster.snapshot.v1.SaveRequest, io.roster.snapshot.v1.SaveResponse> getSaveMethod;
    if ((getSaveMethod = SnapshotServiceGrpc.getSaveMethod) == null) {
      synchronized (SnapshotServiceGrpc.class) {
        if ((getSaveMethod = SnapshotServiceGrpc.getSaveMethod) == null) {
          SnapshotServiceGrpc.getSaveMethod = getSaveMethod =
              io.grpc.MethodDescriptor.<io.roster.snapshot.v1.SaveRequest, io.roster.snapshot.v1.SaveResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Save"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.snapshot.v1.SaveRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.snapshot.v1.SaveResponse.getDefaultInstance()))
              .setSchemaDescriptor(new SnapshotServiceMethodDescriptorSupplier("Save"))
              .build();
        }
      }
    }
    return getSaveMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.snapshot.v1.RestoreRequest,
      io.roster.snapshot.v1.RestoreResponse> getRestoreMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Restore",
      requestType = io.roster.snapshot.v1.RestoreRequest.class,
      responseType = io.roster.snapshot.v1.RestoreResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.CLIENT_STREAMING)
  public static io.grpc.MethodDescriptor<io.roster.snapshot.v1.RestoreRequest,
      io.roster.snapshot.v1.RestoreResponse> getRestoreMethod() {
    io.grpc.MethodDescriptor<io.roster.snapshot.v1.RestoreRequest, io.roster.snapshot.v1.RestoreResponse> getRestoreMethod;
    if ((getRestoreMethod = SnapshotServiceGrpc.getRestoreMethod) == null) {
      synchronized (SnapshotServiceGrpc.class) {
        if ((getRestoreMethod = SnapshotServiceGrpc.getRestoreMethod) == null) {
          SnapshotServiceGrpc.getRestoreMethod = getRestoreMethod =
              io.grpc.MethodDescriptor.<io.roster.snapshot.v1.RestoreRequest, io.roster.snapshot.v1.RestoreResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.CLIENT_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Restore"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.snapshot.v1.RestoreRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.snapshot.v1.RestoreResponse.getDefaultInstance()))
              .setSchemaDescriptor(new SnapshotServiceMethodDescriptorSupplier("Restore"))
              .build();
        }
      }
    }
    return getRestoreMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static SnapshotServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<SnapshotServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<SnapshotServiceStub>() {
        @java.lang.Override
        public SnapshotServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new SnapshotServiceStub(channel, callOptions);
        }
      };
    return SnapshotServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static SnapshotServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<SnapshotServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<SnapshotServiceBlockingStub>() {
        @java.lang.Override
        public SnapshotServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new SnapshotServiceBlockingStub(channel, callOptions);
        }
      };
    return SnapshotServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static SnapshotServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<SnapshotServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<SnapshotServiceFutureStub>() {
        @java.lang.Override
        public SnapshotServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new SnapshotServiceFutureStub(channel, callOptions);
        }
      };
    return SnapshotServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * SnapshotService saves the replicated state to an archive and restores it.
   * Consul: `/v1/snapshot`.
   * </pre>
   */
  public static abstract class SnapshotServiceImplBase implements io.grpc.BindableService {

    /**
     * <pre>
     * Save streams a point-in-time archive of the state (gzip; see
     * ArchiveEntry). Consul: `GET /v1/snapshot`.
     * </pre>
     */
    public void save(io.roster.snapshot.v1.SaveRequest request,
        io.grpc.stub.StreamObserver<io.roster.snapshot.v1.SaveResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getSaveMethod(), responseObserver);
    }

    /**
     * <pre>
     * Restore replaces the state on every server with an archive's, through
     * the Raft log. A malformed archive changes nothing.
     * Consul: `PUT /v1/snapshot`.
     * </pre>
     */
    public io.grpc.stub.StreamObserver<io.roster.snapshot.v1.RestoreRequest> restore(
        io.grpc.stub.StreamObserver<io.roster.snapshot.v1.RestoreResponse> responseObserver) {
      return io.grpc.stub.ServerCalls.asyncUnimplementedStreamingCall(getRestoreMethod(), responseObserver);
    }

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
          .addMethod(
            getSaveMethod(),
            io.grpc.stub.ServerCalls.asyncServerStreamingCall(
              new MethodHandlers<
                io.roster.snapshot.v1.SaveRequest,
                io.roster.snapshot.v1.SaveResponse>(
                  this, METHODID_SAVE)))
          .addMethod(
            getRestoreMethod(),
            io.grpc.stub.ServerCalls.asyncClientStreamingCall(
              new MethodHandlers<
                io.roster.snapshot.v1.RestoreRequest,
                io.roster.snapshot.v1.RestoreResponse>(
                  this, METHODID_RESTORE)))
          .build();
    }
  }

  /**
   * <pre>
   * SnapshotService saves the replicated state to an archive and restores it.
   * Consul: `/v1/snapshot`.
   * </pre>
   */
  public static final class SnapshotServiceStub extends io.grpc.stub.AbstractAsyncStub<SnapshotServiceStub> {
    private SnapshotServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected SnapshotServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new SnapshotServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Save streams a point-in-time archive of the state (gzip; see
     * ArchiveEntry). Consul: `GET /v1/snapshot`.
     * </pre>
     */
    public void save(io.roster.snapshot.v1.SaveRequest request,
        io.grpc.stub.StreamObserver<io.roster.snapshot.v1.SaveResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncServerStreamingCall(
          getChannel().newCall(getSaveMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Restore replaces the state on every server with an archive's, through
     * the Raft log. A malformed archive changes nothing.
     * Consul: `PUT /v1/snapshot`.
     * </pre>
     */
    public io.grpc.stub.StreamObserver<io.roster.snapshot.v1.RestoreRequest> restore(
        io.grpc.stub.StreamObserver<io.roster.snapshot.v1.RestoreResponse> responseObserver) {
      return io.grpc.stub.ClientCalls.asyncClientStreamingCall(
          getChannel().newCall(getRestoreMethod(), getCallOptions()), responseObserver);
    }
  }

  /**
   * <pre>
   * SnapshotService saves the replicated state to an archive and restores it.
   * Consul: `/v1/snapshot`.
   * </pre>
   */
  public static final class SnapshotServiceBlockingStub extends io.grpc.stub.AbstractBlockingStub<SnapshotServiceBlockingStub> {
    private SnapshotServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected SnapshotServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new SnapshotServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Save streams a point-in-time archive of the state (gzip; see
     * ArchiveEntry). Consul: `GET /v1/snapshot`.
     * </pre>
     */
    public java.util.Iterator<io.roster.snapshot.v1.SaveResponse> save(
        io.roster.snapshot.v1.SaveRequest request) {
      return io.grpc.stub.ClientCalls.blockingServerStreamingCall(
          getChannel(), getSaveMethod(), getCallOptions(), request);
    }
  }

  /**
   * <pre>
   * SnapshotService saves the replicated state to an archive and restores it.
   * Consul: `/v1/snapshot`.
   * </pre>
   */
  public static final class SnapshotServiceFutureStub extends io.grpc.stub.AbstractFutureStub<SnapshotServiceFutureStub> {
    private SnapshotServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected SnapshotServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new SnapshotServiceFutureStub(channel, callOptions);
    }
  }

  private static final int METHODID_SAVE = 0;
  private static final int METHODID_RESTORE = 1;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final SnapshotServiceImplBase serviceImpl;
    private final int methodId;

    MethodHandlers(SnapshotServiceImplBase serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_SAVE:
          serviceImpl.save((io.roster.snapshot.v1.SaveRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.snapshot.v1.SaveResponse>) responseObserver);
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
        case METHODID_RESTORE:
          return (io.grpc.stub.StreamObserver<Req>) serviceImpl.restore(
              (io.grpc.stub.StreamObserver<io.roster.snapshot.v1.RestoreResponse>) responseObserver);
        default:
          throw new AssertionError();
      }
    }
  }

  private static abstract class SnapshotServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    SnapshotServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return io.roster.snapshot.v1.SnapshotProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("SnapshotService");
    }
  }

  private static final class SnapshotServiceFileDescriptorSupplier
      extends SnapshotServiceBaseDescriptorSupplier {
    SnapshotServiceFileDescriptorSupplier() {}
  }

  private static final class SnapshotServiceMethodDescriptorSupplier
      extends SnapshotServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final String methodName;

    SnapshotServiceMethodDescriptorSupplier(String methodName) {
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
      synchronized (SnapshotServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new SnapshotServiceFileDescriptorSupplier())
              .addMethod(getSaveMethod())
              .addMethod(getRestoreMethod())
              .build();
        }
      }
    }
    return result;
  }
}
