package io.roster.operator.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * KeyringService manages the gossip encryption keyring of every agent in the
 * pools this agent belongs to (LAN, and WAN on servers), by gossip queries.
 * Consul: `/v1/operator/keyring`.
 * </pre>
 */
@javax.annotation.Generated(
    value = "by gRPC proto compiler",
    comments = "Source: roster/operator/v1/keyring.proto")
@io.grpc.stub.annotations.GrpcGenerated
public final class KeyringServiceGrpc {

  private KeyringServiceGrpc() {}

  public static final String SERVICE_NAME = "roster.operator.v1.KeyringService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<io.roster.operator.v1.ListKeysRequest,
      io.roster.operator.v1.ListKeysResponse> getListKeysMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListKeys",
      requestType = io.roster.operator.v1.ListKeysRequest.class,
      responseType = io.roster.operator.v1.ListKeysResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.operator.v1.ListKeysRequest,
      io.roster.operator.v1.ListKeysResponse> getListKeysMethod() {
    io.grpc.MethodDescriptor<io.roster.operator.v1.ListKeysRequest, io.roster.operator.v1.ListKeysResponse> getListKeysMethod;
    if ((getListKeysMethod = KeyringServiceGrpc.getListKeysMethod) == null) {
      synchronized (KeyringServiceGrpc.class) {
        if ((getListKeysMethod = KeyringServiceGrpc.getListKeysMethod) == null) {
          KeyringServiceGrpc.getListKeysMethod = getListKeysMethod =
              io.grpc.MethodDescriptor.<io.roster.operator.v1.ListKeysRequest, io.roster.operator.v1.ListKeysResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListKeys"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.operator.v1.ListKeysRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.operator.v1.ListKeysResponse.getDefaultInstance()))
              .setSchemaDescriptor(new KeyringServiceMethodDescriptorSupplier("ListKeys"))
              .build();
        }
      }
    }
    return getListKeysMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.operator.v1.InstallKeyRequest,
      io.roster.operator.v1.InstallKeyResponse> getInstallKeyMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "InstallKey",
      requestType = io.roster.operator.v1.InstallKeyRequest.class,
      responseType = io.roster.operator.v1.InstallKeyResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.operator.v1.InstallKeyRequest,
      io.roster.operator.v1.InstallKeyResponse> getInstallKeyMethod() {
    io.grpc.MethodDescriptor<io.roster.operator.v1.InstallKeyRequest, io.roster.operator.v1.InstallKeyResponse> getInstallKeyMethod;
    if ((getInstallKeyMethod = KeyringServiceGrpc.getInstallKeyMethod) == null) {
      synchronized (KeyringServiceGrpc.class) {
        if ((getInstallKeyMethod = KeyringServiceGrpc.getInstallKeyMethod) == null) {
          KeyringServiceGrpc.getInstallKeyMethod = getInstallKeyMethod =
              io.grpc.MethodDescriptor.<io.roster.operator.v1.InstallKeyRequest, io.roster.operator.v1.InstallKeyResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "InstallKey"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.operator.v1.InstallKeyRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.operator.v1.InstallKeyResponse.getDefaultInstance()))
              .setSchemaDescriptor(new KeyringServiceMethodDescriptorSupplier("InstallKey"))
              .build();
        }
      }
    }
    return getInstallKeyMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.operator.v1.UseKeyRequest,
      io.roster.operator.v1.UseKeyResponse> getUseKeyMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "UseKey",
      requestType = io.roster.operator.v1.UseKeyRequest.class,
      responseType = io.roster.operator.v1.UseKeyResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.operator.v1.UseKeyRequest,
      io.roster.operator.v1.UseKeyResponse> getUseKeyMethod() {
    io.grpc.MethodDescriptor<io.roster.operator.v1.UseKeyRequest, io.roster.operator.v1.UseKeyResponse> getUseKeyMethod;
    if ((getUseKeyMethod = KeyringServiceGrpc.getUseKeyMethod) == null) {
      synchronized (KeyringServiceGrpc.class) {
        if ((getUseKeyMethod = KeyringServiceGrpc.getUseKeyMethod) == null) {
          KeyringServiceGrpc.getUseKeyMethod = getUseKeyMethod =
              io.grpc.MethodDescriptor.<io.roster.operator.v1.UseKeyRequest, io.roster.operator.v1.UseKeyResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "UseKey"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.operator.v1.UseKeyRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.operator.v1.UseKeyResponse.getDefaultInstance()))
              .setSchemaDescriptor(new KeyringServiceMethodDescriptorSupplier("UseKey"))
              .build();
        }
      }
    }
    return getUseKeyMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.operator.v1.RemoveKeyRequest,
      io.roster.operator.v1.RemoveKeyResponse> getRemoveKeyMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RemoveKey",
      requestType = io.roster.operator.v1.RemoveKeyRequest.class,
      responseType = io.roster.operator.v1.RemoveKeyResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.operator.v1.RemoveKeyRequest,
      io.roster.operator.v1.RemoveKeyResponse> getRemoveKeyMethod() {
    io.grpc.MethodDescriptor<io.roster.operator.v1.RemoveKeyRequest, io.roster.operator.v1.RemoveKeyResponse> getRemoveKeyMethod;
    if ((getRemoveKeyMethod = KeyringServiceGrpc.getRemoveKeyMethod) == null) {
      synchronized (KeyringServiceGrpc.class) {
        if ((getRemoveKeyMethod = KeyringServiceGrpc.getRemoveKeyMethod) == null) {
          KeyringServiceGrpc.getRemoveKeyMethod = getRemoveKeyMethod =
              io.grpc.MethodDescriptor.<io.roster.operator.v1.RemoveKeyRequest, io.roster.operator.v1.RemoveKeyResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RemoveKey"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.operator.v1.RemoveKeyRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.operator.v1.RemoveKeyResponse.getDefaultInstance()))
              .setSchemaDescriptor(new KeyringServiceMethodDescriptorSupplier("RemoveKey"))
              .build();
        }
      }
    }
    return getRemoveKeyMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static KeyringServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<KeyringServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<KeyringServiceStub>() {
        @java.lang.Override
        public KeyringServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new KeyringServiceStub(channel, callOptions);
        }
      };
    return KeyringServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static KeyringServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<KeyringServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<KeyringServiceBlockingStub>() {
        @java.lang.Override
        public KeyringServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new KeyringServiceBlockingStub(channel, callOptions);
        }
      };
    return KeyringServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static KeyringServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<KeyringServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<KeyringServiceFutureStub>() {
        @java.lang.Override
        public KeyringServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new KeyringServiceFutureStub(channel, callOptions);
        }
      };
    return KeyringServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * KeyringService manages the gossip encryption keyring of every agent in the
   * pools this agent belongs to (LAN, and WAN on servers), by gossip queries.
   * Consul: `/v1/operator/keyring`.
   * </pre>
   */
  public static abstract class KeyringServiceImplBase implements io.grpc.BindableService {

    /**
     * <pre>
     * ListKeys reports the keys installed across the pools and how many
     * members hold each. Consul: `GET /v1/operator/keyring`.
     * </pre>
     */
    public void listKeys(io.roster.operator.v1.ListKeysRequest request,
        io.grpc.stub.StreamObserver<io.roster.operator.v1.ListKeysResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListKeysMethod(), responseObserver);
    }

    /**
     * <pre>
     * InstallKey adds a key to every member's keyring (not yet used for
     * sending). Consul: `POST /v1/operator/keyring`.
     * </pre>
     */
    public void installKey(io.roster.operator.v1.InstallKeyRequest request,
        io.grpc.stub.StreamObserver<io.roster.operator.v1.InstallKeyResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getInstallKeyMethod(), responseObserver);
    }

    /**
     * <pre>
     * UseKey makes an installed key the primary (sending) key everywhere.
     * Consul: `PUT /v1/operator/keyring`.
     * </pre>
     */
    public void useKey(io.roster.operator.v1.UseKeyRequest request,
        io.grpc.stub.StreamObserver<io.roster.operator.v1.UseKeyResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getUseKeyMethod(), responseObserver);
    }

    /**
     * <pre>
     * RemoveKey deletes a key that is not primary from every keyring.
     * Consul: `DELETE /v1/operator/keyring`.
     * </pre>
     */
    public void removeKey(io.roster.operator.v1.RemoveKeyRequest request,
        io.grpc.stub.StreamObserver<io.roster.operator.v1.RemoveKeyResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRemoveKeyMethod(), responseObserver);
    }

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
          .addMethod(
            getListKeysMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.operator.v1.ListKeysRequest,
                io.roster.operator.v1.ListKeysResponse>(
                  this, METHODID_LIST_KEYS)))
          .addMethod(
            getInstallKeyMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.operator.v1.InstallKeyRequest,
                io.roster.operator.v1.InstallKeyResponse>(
                  this, METHODID_INSTALL_KEY)))
          .addMethod(
            getUseKeyMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.operator.v1.UseKeyRequest,
                io.roster.operator.v1.UseKeyResponse>(
                  this, METHODID_USE_KEY)))
          .addMethod(
            getRemoveKeyMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.operator.v1.RemoveKeyRequest,
                io.roster.operator.v1.RemoveKeyResponse>(
                  this, METHODID_REMOVE_KEY)))
          .build();
    }
  }

  /**
   * <pre>
   * KeyringService manages the gossip encryption keyring of every agent in the
   * pools this agent belongs to (LAN, and WAN on servers), by gossip queries.
   * Consul: `/v1/operator/keyring`.
   * </pre>
   */
  public static final class KeyringServiceStub extends io.grpc.stub.AbstractAsyncStub<KeyringServiceStub> {
    private KeyringServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected KeyringServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new KeyringServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * ListKeys reports the keys installed across the pools and how many
     * members hold each. Consul: `GET /v1/operator/keyring`.
     * </pre>
     */
    public void listKeys(io.roster.operator.v1.ListKeysRequest request,
        io.grpc.stub.StreamObserver<io.roster.operator.v1.ListKeysResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListKeysMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * InstallKey adds a key to every member's keyring (not yet used for
     * sending). Consul: `POST /v1/operator/keyring`.
     * </pre>
     */
    public void installKey(io.roster.operator.v1.InstallKeyRequest request,
        io.grpc.stub.StreamObserver<io.roster.operator.v1.InstallKeyResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getInstallKeyMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * UseKey makes an installed key the primary (sending) key everywhere.
     * Consul: `PUT /v1/operator/keyring`.
     * </pre>
     */
    public void useKey(io.roster.operator.v1.UseKeyRequest request,
        io.grpc.stub.StreamObserver<io.roster.operator.v1.UseKeyResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getUseKeyMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * RemoveKey deletes a key that is not primary from every keyring.
     * Consul: `DELETE /v1/operator/keyring`.
     * </pre>
     */
    public void removeKey(io.roster.operator.v1.RemoveKeyRequest request,
        io.grpc.stub.StreamObserver<io.roster.operator.v1.RemoveKeyResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRemoveKeyMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * <pre>
   * KeyringService manages the gossip encryption keyring of every agent in the
   * pools this agent belongs to (LAN, and WAN on servers), by gossip queries.
   * Consul: `/v1/operator/keyring`.
   * </pre>
   */
  public static final class KeyringServiceBlockingStub extends io.grpc.stub.AbstractBlockingStub<KeyringServiceBlockingStub> {
    private KeyringServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected KeyringServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new KeyringServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * ListKeys reports the keys installed across the pools and how many
     * members hold each. Consul: `GET /v1/operator/keyring`.
     * </pre>
     */
    public io.roster.operator.v1.ListKeysResponse listKeys(io.roster.operator.v1.ListKeysRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListKeysMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * InstallKey adds a key to every member's keyring (not yet used for
     * sending). Consul: `POST /v1/operator/keyring`.
     * </pre>
     */
    public io.roster.operator.v1.InstallKeyResponse installKey(io.roster.operator.v1.InstallKeyRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getInstallKeyMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * UseKey makes an installed key the primary (sending) key everywhere.
     * Consul: `PUT /v1/operator/keyring`.
     * </pre>
     */
    public io.roster.operator.v1.UseKeyResponse useKey(io.roster.operator.v1.UseKeyRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getUseKeyMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * RemoveKey deletes a key that is not primary from every keyring.
     * Consul: `DELETE /v1/operator/keyring`.
     * </pre>
     */
    public io.roster.operator.v1.RemoveKeyResponse removeKey(io.roster.operator.v1.RemoveKeyRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRemoveKeyMethod(), getCallOptions(), request);
    }
  }

  /**
   * <pre>
   * KeyringService manages the gossip encryption keyring of every agent in the
   * pools this agent belongs to (LAN, and WAN on servers), by gossip queries.
   * Consul: `/v1/operator/keyring`.
   * </pre>
   */
  public static final class KeyringServiceFutureStub extends io.grpc.stub.AbstractFutureStub<KeyringServiceFutureStub> {
    private KeyringServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected KeyringServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new KeyringServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * ListKeys reports the keys installed across the pools and how many
     * members hold each. Consul: `GET /v1/operator/keyring`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.operator.v1.ListKeysResponse> listKeys(
        io.roster.operator.v1.ListKeysRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListKeysMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * InstallKey adds a key to every member's keyring (not yet used for
     * sending). Consul: `POST /v1/operator/keyring`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.operator.v1.InstallKeyResponse> installKey(
        io.roster.operator.v1.InstallKeyRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getInstallKeyMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * UseKey makes an installed key the primary (sending) key everywhere.
     * Consul: `PUT /v1/operator/keyring`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.operator.v1.UseKeyResponse> useKey(
        io.roster.operator.v1.UseKeyRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getUseKeyMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * RemoveKey deletes a key that is not primary from every keyring.
     * Consul: `DELETE /v1/operator/keyring`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.operator.v1.RemoveKeyResponse> removeKey(
        io.roster.operator.v1.RemoveKeyRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRemoveKeyMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_LIST_KEYS = 0;
  private static final int METHODID_INSTALL_KEY = 1;
  private static final int METHODID_USE_KEY = 2;
  private static final int METHODID_REMOVE_KEY = 3;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final KeyringServiceImplBase serviceImpl;
    private final int methodId;

    MethodHandlers(KeyringServiceImplBase serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_LIST_KEYS:
          serviceImpl.listKeys((io.roster.operator.v1.ListKeysRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.operator.v1.ListKeysResponse>) responseObserver);
          break;
        case METHODID_INSTALL_KEY:
          serviceImpl.installKey((io.roster.operator.v1.InstallKeyRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.operator.v1.InstallKeyResponse>) responseObserver);
          break;
        case METHODID_USE_KEY:
          serviceImpl.useKey((io.roster.operator.v1.UseKeyRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.operator.v1.UseKeyResponse>) responseObserver);
          break;
        case METHODID_REMOVE_KEY:
          serviceImpl.removeKey((io.roster.operator.v1.RemoveKeyRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.operator.v1.RemoveKeyResponse>) responseObserver);
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

  private static abstract class KeyringServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    KeyringServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return io.roster.operator.v1.KeyringProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("KeyringService");
    }
  }

  private static final class KeyringServiceFileDescriptorSupplier
      extends KeyringServiceBaseDescriptorSupplier {
    KeyringServiceFileDescriptorSupplier() {}
  }

  private static final class KeyringServiceMethodDescriptorSupplier
      extends KeyringServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final String methodName;

    KeyringServiceMethodDescriptorSupplier(String methodName) {
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
      synchronized (KeyringServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new KeyringServiceFileDescriptorSupplier())
              .addMethod(getListKeysMethod())
              .addMethod(getInstallKeyMethod())
              .addMethod(getUseKeyMethod())
              .addMethod(getRemoveKeyMethod())
              .build();
        }
      }
    }
    return result;
  }
}
