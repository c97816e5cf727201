package io.roster.kv.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * KVService is the replicated key/value store. Consul: `/v1/kv/`.
 * </pre>
 */
@javax.annotation.Generated(
    value = "by gRPC proto compiler",
    comments = "Source: roster/kv/v1/kv.proto")
@io.grpc.stub.annotations.GrpcGenerated
public final class KVServiceGrpc {

  private KVServiceGrpc() {}

  public static final String SERVICE_NAME = "roster.kv.v1.KVService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<io.roster.kv.v1.GetRequest,
      io.roster.kv.v1.GetResponse> getGetMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Get",
      requestType = io.roster.kv.v1.GetRequest.class,
      responseType = io.roster.kv.v1.GetResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.kv.v1.GetRequest,
      io.roster.kv.v1.GetResponse> getGetMethod() {
    io.grpc.MethodDescriptor<io.roster.kv.v1.GetRequest, io.roster.kv.v1.GetResponse> getGetMethod;
    if ((getGetMethod = KVServiceGrpc.getGetMethod) == null) {
      synchronized (KVServiceGrpc.class) {
        if ((getGetMethod = KVServiceGrpc.getGetMethod) == null) {
          KVServiceGrpc.getGetMethod = getGetMethod =
              io.grpc.MethodDescriptor.<io.roster.kv.v1.GetRequest, io.roster.kv.v1.GetResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Get"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.kv.v1.GetRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.kv.v1.GetResponse.getDefaultInstance()))
              .setSchemaDescriptor(new KVServiceMethodDescriptorSupplier("Get"))
              .build();
        }
      }
    }
    return getGetMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.kv.v1.ListRequest,
      io.roster.kv.v1.ListResponse> getListMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "List",
      requestType = io.roster.kv.v1.ListRequest.class,
      responseType = io.roster.kv.v1.ListResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.kv.v1.ListRequest,
      io.roster.kv.v1.ListResponse> getListMethod() {
    io.grpc.MethodDescriptor<io.roster.kv.v1.ListRequest, io.roster.kv.v1.ListResponse> getListMethod;
    if ((getListMethod = KVServiceGrpc.getListMethod) == null) {
      synchronized (KVServiceGrpc.class) {
        if ((getListMethod = KVServiceGrpc.getListMethod) == null) {
          KVServiceGrpc.getListMethod = getListMethod =
              io.grpc.MethodDescriptor.<io.roster.kv.v1.ListRequest, io.roster.kv.v1.ListResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "List"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.kv.v1.ListRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.kv.v1.ListResponse.getDefaultInstance()))
              .setSchemaDescriptor(new KVServiceMethodDescriptorSupplier("List"))
              .build();
        }
      }
    }
    return getListMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.kv.v1.ListKeysRequest,
      io.roster.kv.v1.ListKeysResponse> getListKeysMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListKeys",
      requestType = io.roster.kv.v1.ListKeysRequest.class,
      responseType = io.roster.kv.v1.ListKeysResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.kv.v1.ListKeysRequest,
      io.roster.kv.v1.ListKeysResponse> getListKeysMethod() {
    io.grpc.MethodDescriptor<io.roster.kv.v1.ListKeysRequest, io.roster.kv.v1.ListKeysResponse> getListKeysMethod;
    if ((getListKeysMethod = KVServiceGrpc.getListKeysMethod) == null) {
      synchronized (KVServiceGrpc.class) {
        if ((getListKeysMethod = KVServiceGrpc.getListKeysMethod) == null) {
          KVServiceGrpc.getListKeysMethod = getListKeysMethod =
              io.grpc.MethodDescriptor.<io.roster.kv.v1.ListKeysRequest, io.roster.kv.v1.ListKeysResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListKeys"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.kv.v1.ListKeysRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.kv.v1.ListKeysResponse.getDefaultInstance()))
              .setSchemaDescriptor(new KVServiceMethodDescriptorSupplier("ListKeys"))
              .build();
        }
      }
    }
    return getListKeysMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.kv.v1.PutRequest,
      io.roster.kv.v1.PutResponse> getPutMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Put",
      requestType = io.roster.kv.v1.PutRequest.class,
      responseType = io.roster.kv.v1.PutResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.kv.v1.PutRequest,
      io.roster.kv.v1.PutResponse> getPutMethod() {
    io.grpc.MethodDescriptor<io.roster.kv.v1.PutRequest, io.roster.kv.v1.PutResponse> getPutMethod;
    if ((getPutMethod = KVServiceGrpc.getPutMethod) == null) {
      synchronized (KVServiceGrpc.class) {
        if ((getPutMethod = KVServiceGrpc.getPutMethod) == null) {
          KVServiceGrpc.getPutMethod = getPutMethod =
              io.grpc.MethodDescriptor.<io.roster.kv.v1.PutRequest, io.roster.kv.v1.PutResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Put"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.kv.v1.PutRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.kv.v1.PutResponse.getDefaultInstance()))
              .setSchemaDescriptor(new KVServiceMethodDescriptorSupplier("Put"))
              .build();
        }
      }
    }
    return getPutMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.kv.v1.DeleteRequest,
      io.roster.kv.v1.DeleteResponse> getDeleteMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Delete",
      requestType = io.roster.kv.v1.DeleteRequest.class,
      responseType = io.roster.kv.v1.DeleteResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.kv.v1.DeleteRequest,
      io.roster.kv.v1.DeleteResponse> getDeleteMethod() {
    io.grpc.MethodDescriptor<io.roster.kv.v1.DeleteRequest, io.roster.kv.v1.DeleteResponse> getDeleteMethod;
    if ((getDeleteMethod = KVServiceGrpc.getDeleteMethod) == null) {
      synchronized (KVServiceGrpc.class) {
        if ((getDeleteMethod = KVServiceGrpc.getDeleteMethod) == null) {
          KVServiceGrpc.getDeleteMethod = getDeleteMethod =
              io.grpc.MethodDescriptor.<io.roster.kv.v1.DeleteRequest, io.roster.kv.v1.DeleteResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Delete"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.kv.v1.DeleteRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.kv.v1.DeleteResponse.getDefaultInstance()))
              .setSchemaDescriptor(new KVServiceMethodDescriptorSupplier("Delete"))
              .build();
        }
      }
    }
    return getDeleteMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.kv.v1.WatchRequest,
      io.roster.kv.v1.WatchResponse> getWatchMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Watch",
      requestType = io.roster.kv.v1.WatchRequest.class,
      responseType = io.roster.kv.v1.WatchResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
  public static io.grpc.MethodDescriptor<io.roster.kv.v1.WatchRequest,
      io.roster.kv.v1.WatchResponse> getWatchMethod() {
    io.grpc.MethodDescriptor<io.roster.kv.v1.WatchRequest, io.roster.kv.v1.WatchResponse> getWatchMethod;
    if ((getWatchMethod = KVServiceGrpc.getWatchMethod) == null) {
      synchronized (KVServiceGrpc.class) {
        if ((getWatchMethod = KVServiceGrpc.getWatchMethod) == null) {
          KVServiceGrpc.getWatchMethod = getWatchMethod =
              io.grpc.MethodDescriptor.<io.roster.kv.v1.WatchRequest, io.roster.kv.v1.WatchResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Watch"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.kv.v1.WatchRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.kv.v1.WatchResponse.getDefaultInstance()))
              .setSchemaDescriptor(new KVServiceMethodDescriptorSupplier("Watch"))
              .build();
        }
      }
    }
    return getWatchMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.kv.v1.ScanRequest,
      io.roster.kv.v1.ScanResponse> getScanMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Scan",
      requestType = io.roster.kv.v1.ScanRequest.class,
      responseType = io.roster.kv.v1.ScanResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
  public static io.grpc.MethodDescriptor<io.roster.kv.v1.ScanRequest,
      io.roster.kv.v1.ScanResponse> getScanMethod() {
    io.grpc.MethodDescriptor<io.roster.kv.v1.ScanRequest, io.roster.kv.v1.ScanResponse> getScanMethod;
    if ((getScanMethod = KVServiceGrpc.getScanMethod) == null) {
      synchronized (KVServiceGrpc.class) {
        if ((getScanMethod = KVServiceGrpc.getScanMethod) == null) {
          KVServiceGrpc.getScanMethod = getScanMethod =
              io.grpc.MethodDescriptor.<io.roster.kv.v1.ScanRequest, io.roster.kv.v1.ScanResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Scan"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.kv.v1.ScanRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.kv.v1.ScanResponse.getDefaultInstance()))
              .setSchemaDescriptor(new KVServiceMethodDescriptorSupplier("Scan"))
              .build();
        }
      }
    }
    return getScanMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static KVServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<KVServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<KVServiceStub>() {
        @java.lang.Override
        public KVServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new KVServiceStub(channel, callOptions);
        }
      };
    return KVServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static KVServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<KVServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<KVServiceBlockingStub>() {
        @java.lang.Override
        public KVServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new KVServiceBlockingStub(channel, callOptions);
        }
      };
    return KVServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static KVServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<KVServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<KVServiceFutureStub>() {
        @java.lang.Override
        public KVServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new KVServiceFutureStub(channel, callOptions);
        }
      };
    return KVServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * KVService is the replicated key/value store. Consul: `/v1/kv/`.
   * </pre>
   */
  public static abstract class KVServiceImplBase implements io.grpc.BindableService {

    /**
     * <pre>
     * Get reads one key. A missing key is not an error: `entry` is unset and
     * `query_meta.index` can be used to block until it appears.
     * Consul: `GET /v1/kv/&lt;key&gt;`.
     * </pre>
     */
    public void get(io.roster.kv.v1.GetRequest request,
        io.grpc.stub.StreamObserver<io.roster.kv.v1.GetResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetMethod(), responseObserver);
    }

    /**
     * <pre>
     * List reads every entry whose key starts with `prefix`.
     * Consul: `GET /v1/kv/&lt;prefix&gt;?recurse`.
     * </pre>
     */
    public void list(io.roster.kv.v1.ListRequest request,
        io.grpc.stub.StreamObserver<io.roster.kv.v1.ListResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListMethod(), responseObserver);
    }

    /**
     * <pre>
     * ListKeys returns only the key names under `prefix`, optionally rolled up
     * at `separator`. Consul: `GET /v1/kv/&lt;prefix&gt;?keys&amp;separator=`.
     * </pre>
     */
    public void listKeys(io.roster.kv.v1.ListKeysRequest request,
        io.grpc.stub.StreamObserver<io.roster.kv.v1.ListKeysResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListKeysMethod(), responseObserver);
    }

    /**
     * <pre>
     * Put writes one key, optionally as a check-and-set.
     * Consul: `PUT /v1/kv/&lt;key&gt;?flags=&amp;cas=`.
     * </pre>
     */
    public void put(io.roster.kv.v1.PutRequest request,
        io.grpc.stub.StreamObserver<io.roster.kv.v1.PutResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getPutMethod(), responseObserver);
    }

    /**
     * <pre>
     * Delete removes one key, a check-and-set delete, or a whole prefix.
     * Consul: `DELETE /v1/kv/&lt;key&gt;?recurse&amp;cas=`.
     * </pre>
     */
    public void delete(io.roster.kv.v1.DeleteRequest request,
        io.grpc.stub.StreamObserver<io.roster.kv.v1.DeleteResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteMethod(), responseObserver);
    }

    /**
     * <pre>
     * Watch streams the current value of a key (or every entry under a prefix)
     * and then every change to it, each with the index it was read at.
     * </pre>
     */
    public void watch(io.roster.kv.v1.WatchRequest request,
        io.grpc.stub.StreamObserver<io.roster.kv.v1.WatchResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getWatchMethod(), responseObserver);
    }

    /**
     * <pre>
     * Scan streams every entry under `prefix` from one snapshot of the state,
     * for reads too large for one message (List answers in one): the first
     * response carries the query meta and no entries, the next ones the
     * entries in key order, about 1 MiB each. Blocking and consistency options
     * as List. Consul: `GET /v1/kv/&lt;prefix&gt;?recurse`, which the HTTP API
     * serves from it, chunked.
     * </pre>
     */
    public void scan(io.roster.kv.v1.ScanRequest request,
        io.grpc.stub.StreamObserver<io.roster.kv.v1.ScanResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getScanMethod(), responseObserver);
    }

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
          .addMethod(
            getGetMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.kv.v1.GetRequest,
                io.roster.kv.v1.GetResponse>(
                  this, METHODID_GET)))
          .addMethod(
            getListMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.kv.v1.ListRequest,
                io.roster.kv.v1.ListResponse>(
                  this, METHODID_LIST)))
          .addMethod(
            getListKeysMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.kv.v1.ListKeysRequest,
                io.roster.kv.v1.ListKeysResponse>(
                  this, METHODID_LIST_KEYS)))
          .addMethod(
            getPutMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.kv.v1.PutRequest,
                io.roster.kv.v1.PutResponse>(
                  this, METHODID_PUT)))
          .addMethod(
            getDeleteMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.kv.v1.DeleteRequest,
                io.roster.kv.v1.DeleteResponse>(
                  this, METHODID_DELETE)))
          .addMethod(
            getWatchMethod(),
            io.grpc.stub.ServerCalls.asyncServerStreamingCall(
              new MethodHandlers<
                io.roster.kv.v1.WatchRequest,
                io.roster.kv.v1.WatchResponse>(
                  this, METHODID_WATCH)))
          .addMethod(
            getScanMethod(),
            io.grpc.stub.ServerCalls.asyncServerStreamingCall(
              new MethodHandlers<
                io.roster.kv.v1.ScanRequest,
                io.roster.kv.v1.ScanResponse>(
                  this, METHODID_SCAN)))
          .build();
    }
  }

  /**
   * <pre>
   * KVService is the replicated key/value store. Consul: `/v1/kv/`.
   * </pre>
   */
  public static final class KVServiceStub extends io.grpc.stub.AbstractAsyncStub<KVServiceStub> {
    private KVServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected KVServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new KVServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Get reads one key. A missing key is not an error: `entry` is unset and
     * `query_meta.index` can be used to block until it appears.
     * Consul: `GET /v1/kv/&lt;key&gt;`.
     * </pre>
     */
    public void get(io.roster.kv.v1.GetRequest request,
        io.grpc.stub.StreamObserver<io.roster.kv.v1.GetResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * List reads every entry whose key starts with `prefix`.
     * Consul: `GET /v1/kv/&lt;prefix&gt;?recurse`.
     * </pre>
     */
    public void list(io.roster.kv.v1.ListRequest request,
        io.grpc.stub.StreamObserver<io.roster.kv.v1.ListResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * ListKeys returns only the key names under `prefix`, optionally rolled up
     * at `separator`. Consul: `GET /v1/kv/&lt;prefix&gt;?keys&amp;separator=`.
     * </pre>
     */
    public void listKeys(io.roster.kv.v1.ListKeysRequest request,
        io.grpc.stub.StreamObserver<io.roster.kv.v1.ListKeysResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListKeysMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Put writes one key, optionally as a check-and-set.
     * Consul: `PUT /v1/kv/&lt;key&gt;?flags=&amp;cas=`.
     * </pre>
     */
    public void put(io.roster.kv.v1.PutRequest request,
        io.grpc.stub.StreamObserver<io.roster.kv.v1.PutResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getPutMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Delete removes one key, a check-and-set delete, or a whole prefix.
     * Consul: `DELETE /v1/kv/&lt;key&gt;?recurse&amp;cas=`.
     * </pre>
     */
    public void delete(io.roster.kv.v1.DeleteRequest request,
        io.grpc.stub.StreamObserver<io.roster.kv.v1.DeleteResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Watch streams the current value of a key (or every entry under a prefix)
     * and then every change to it, each with the index it was read at.
     * </pre>
     */
    public void watch(io.roster.kv.v1.WatchRequest request,
        io.grpc.stub.StreamObserver<io.roster.kv.v1.WatchResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncServerStreamingCall(
          getChannel().newCall(getWatchMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Scan streams every entry under `prefix` from one snapshot of the state,
     * for reads too large for one message (List answers in one): the first
     * response carries the query meta and no entries, the next ones the
     * entries in key order, about 1 MiB each. Blocking and consistency options
     * as List. Consul: `GET /v1/kv/&lt;prefix&gt;?recurse`, which the HTTP API
     * serves from it, chunked.
     * </pre>
     */
    public void scan(io.roster.kv.v1.ScanRequest request,
        io.grpc.stub.StreamObserver<io.roster.kv.v1.ScanResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncServerStreamingCall(
          getChannel().newCall(getScanMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * <pre>
   * KVService is the replicated key/value store. Consul: `/v1/kv/`.
   * </pre>
   */
  public static final class KVServiceBlockingStub extends io.grpc.stub.AbstractBlockingStub<KVServiceBlockingStub> {
    private KVServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected KVServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new KVServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Get reads one key. A missing key is not an error: `entry` is unset and
     * `query_meta.index` can be used to block until it appears.
     * Consul: `GET /v1/kv/&lt;key&gt;`.
     * </pre>
     */
    public io.roster.kv.v1.GetResponse get(io.roster.kv.v1.GetRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * List reads every entry whose key starts with `prefix`.
     * Consul: `GET /v1/kv/&lt;prefix&gt;?recurse`.
     * </pre>
     */
    public io.roster.kv.v1.ListResponse list(io.roster.kv.v1.ListRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ListKeys returns only the key names under `prefix`, optionally rolled up
     * at `separator`. Consul: `GET /v1/kv/&lt;prefix&gt;?keys&amp;separator=`.
     * </pre>
     */
    public io.roster.kv.v1.ListKeysResponse listKeys(io.roster.kv.v1.ListKeysRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListKeysMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Put writes one key, optionally as a check-and-set.
     * Consul: `PUT /v1/kv/&lt;key&gt;?flags=&amp;cas=`.
     * </pre>
     */
    public io.roster.kv.v1.PutResponse put(io.roster.kv.v1.PutRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getPutMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Delete removes one key, a check-and-set delete, or a whole prefix.
     * Consul: `DELETE /v1/kv/&lt;key&gt;?recurse&amp;cas=`.
     * </pre>
     */
    public io.roster.kv.v1.DeleteResponse delete(io.roster.kv.v1.DeleteRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Watch streams the current value of a key (or every entry under a prefix)
     * and then every change to it, each with the index it was read at.
     * </pre>
     */
    public java.util.Iterator<io.roster.kv.v1.WatchResponse> watch(
        io.roster.kv.v1.WatchRequest request) {
      return io.grpc.stub.ClientCalls.blockingServerStreamingCall(
          getChannel(), getWatchMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Scan streams every entry under `prefix` from one snapshot of the state,
     * for reads too large for one message (List answers in one): the first
     * response carries the query meta and no entries, the next ones the
     * entries in key order, about 1 MiB each. Blocking and consistency options
     * as List. Consul: `GET /v1/kv/&lt;prefix&gt;?recurse`, which the HTTP API
     * serves from it, chunked.
     * </pre>
     */
    public java.util.Iterator<io.roster.kv.v1.ScanResponse> scan(
        io.roster.kv.v1.ScanRequest request) {
      return io.grpc.stub.ClientCalls.blockingServerStreamingCall(
          getChannel(), getScanMethod(), getCallOptions(), request);
    }
  }

  /**
   * <pre>
   * KVService is the replicated key/value store. Consul: `/v1/kv/`.
   * </pre>
   */
  public static final class KVServiceFutureStub extends io.grpc.stub.AbstractFutureStub<KVServiceFutureStub> {
    private KVServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected KVServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new KVServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Get reads one key. A missing key is not an error: `entry` is unset and
     * `query_meta.index` can be used to block until it appears.
     * Consul: `GET /v1/kv/&lt;key&gt;`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.kv.v1.GetResponse> get(
        io.roster.kv.v1.GetRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * List reads every entry whose key starts with `prefix`.
     * Consul: `GET /v1/kv/&lt;prefix&gt;?recurse`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.kv.v1.ListResponse> list(
        io.roster.kv.v1.ListRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * ListKeys returns only the key names under `prefix`, optionally rolled up
     * at `separator`. Consul: `GET /v1/kv/&lt;prefix&gt;?keys&amp;separator=`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.kv.v1.ListKeysResponse> listKeys(
        io.roster.kv.v1.ListKeysRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListKeysMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Put writes one key, optionally as a check-and-set.
     * Consul: `PUT /v1/kv/&lt;key&gt;?flags=&amp;cas=`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.kv.v1.PutResponse> put(
        io.roster.kv.v1.PutRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getPutMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Delete removes one key, a check-and-set delete, or a whole prefix.
     * Consul: `DELETE /v1/kv/&lt;key&gt;?recurse&amp;cas=`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.kv.v1.DeleteResponse> delete(
        io.roster.kv.v1.DeleteRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_GET = 0;
  private static final int METHODID_LIST = 1;
  private static final int METHODID_LIST_KEYS = 2;
  private static final int METHODID_PUT = 3;
  private static final int METHODID_DELETE = 4;
  private static final int METHODID_WATCH = 5;
  private static final int METHODID_SCAN = 6;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final KVServiceImplBase serviceImpl;
    private final int methodId;

    MethodHandlers(KVServiceImplBase serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_GET:
          serviceImpl.get((io.roster.kv.v1.GetRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.kv.v1.GetResponse>) responseObserver);
          break;
        case METHODID_LIST:
          serviceImpl.list((io.roster.kv.v1.ListRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.kv.v1.ListResponse>) responseObserver);
          break;
        case METHODID_LIST_KEYS:
          serviceImpl.listKeys((io.roster.kv.v1.ListKeysRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.kv.v1.ListKeysResponse>) responseObserver);
          break;
        case METHODID_PUT:
          serviceImpl.put((io.roster.kv.v1.PutRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.kv.v1.PutResponse>) responseObserver);
          break;
        case METHODID_DELETE:
          serviceImpl.delete((io.roster.kv.v1.DeleteRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.kv.v1.DeleteResponse>) responseObserver);
          break;
        case METHODID_WATCH:
          serviceImpl.watch((io.roster.kv.v1.WatchRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.kv.v1.WatchResponse>) responseObserver);
          break;
        case METHODID_SCAN:
          serviceImpl.scan((io.roster.kv.v1.ScanRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.kv.v1.ScanResponse>) responseObserver);
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

  private static abstract class KVServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    KVServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return io.roster.kv.v1.KvProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("KVService");
    }
  }

  private static final class KVServiceFileDescriptorSupplier
      extends KVServiceBaseDescriptorSupplier {
    KVServiceFileDescriptorSupplier() {}
  }

  private static final class KVServiceMethodDescriptorSupplier
      extends KVServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final String methodName;

    KVServiceMethodDescriptorSupplier(String methodName) {
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
      synchronized (KVServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new KVServiceFileDescriptorSupplier())
              .addMethod(getGetMethod())
              .addMethod(getListMethod())
              .addMethod(getListKeysMethod())
              .addMethod(getPutMethod())
              .addMethod(getDeleteMethod())
              .addMethod(getWatchMethod())
              .addMethod(getScanMethod())
              .build();
        }
      }
    }
    return result;
  }
}
