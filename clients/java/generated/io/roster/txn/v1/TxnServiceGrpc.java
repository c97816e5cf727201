package io.roster.txn.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * TxnService runs transactions: up to 64 operations applied atomically in
 * one Raft entry (every write gets the same index), or rolled back whole
 * when any of them fails. Consul: `PUT /v1/txn`.
 * </pre>
 */
@javax.annotation.Generated(
    value = "by gRPC proto compiler",
    comments = "Source: roster/txn/v1/txn.proto")
@io.grpc.stub.annotations.GrpcGenerated
public final class TxnServiceGrpc {

  private TxnServiceGrpc() {}

  public static final String SERVICE_NAME = "roster.txn.v1.TxnService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<io.roster.txn.v1.TxnRequest,
      io.roster.txn.v1.TxnResponse> getTxnMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Txn",
      requestType = io.roster.txn.v1.TxnRequest.class,
      responseType = io.roster.txn.v1.TxnResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.txn.v1.TxnRequest,
      io.roster.txn.v1.TxnResponse> getTxnMethod() {
    io.grpc.MethodDescriptor<io.roster.txn.v1.TxnRequest, io.roster.txn.v1.TxnResponse> getTxnMethod;
    if ((getTxnMethod = TxnServiceGrpc.getTxnMethod) == null) {
      synchronized (TxnServiceGrpc.class) {
        if ((getTxnMethod = TxnServiceGrpc.getTxnMethod) == null) {
          TxnServiceGrpc.getTxnMethod = getTxnMethod =
              io.grpc.MethodDescriptor.<io.roster.txn.v1.TxnRequest, io.roster.txn.v1.TxnResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Txn"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.txn.v1.TxnRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.txn.v1.TxnResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TxnServiceMethodDescriptorSupplier("Txn"))
              .build();
        }
      }
    }
    return getTxnMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.txn.v1.ReadTxnRequest,
      io.roster.txn.v1.ReadTxnResponse> getReadTxnMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ReadTxn",
      requestType = io.roster.txn.v1.ReadTxnRequest.class,
      responseType = io.roster.txn.v1.ReadTxnResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.txn.v1.ReadTxnRequest,
      io.roster.txn.v1.ReadTxnResponse> getReadTxnMethod() {
    io.grpc.MethodDescriptor<io.roster.txn.v1.ReadTxnRequest, io.roster.txn.v1.ReadTxnResponse> getReadTxnMethod;
    if ((getReadTxnMethod = TxnServiceGrpc.getReadTxnMethod) == null) {
      synchronized (TxnServiceGrpc.class) {
        if ((getReadTxnMethod = TxnServiceGrpc.getReadTxnMethod) == null) {
          TxnServiceGrpc.getReadTxnMethod = getReadTxnMethod =
              io.grpc.MethodDescriptor.<io.roster.txn.v1.ReadTxnRequest, io.roster.txn.v1.ReadTxnResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ReadTxn"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.txn.v1.ReadTxnRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.txn.v1.ReadTxnResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TxnServiceMethodDescriptorSupplier("ReadTxn"))
              .build();
        }
      }
    }
    return getReadTxnMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static TxnServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<TxnServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<TxnServiceStub>() {
        @java.lang.Override
        public TxnServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new TxnServiceStub(channel, callOptions);
        }
      };
    return TxnServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static TxnServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<TxnServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<TxnServiceBlockingStub>() {
        @java.lang.Override
        public TxnServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new TxnServiceBlockingStub(channel, callOptions);
        }
      };
    return TxnServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static TxnServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<TxnServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<TxnServiceFutureStub>() {
        @java.lang.Override
        public TxnServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new TxnServiceFutureStub(channel, callOptions);
        }
      };
    return TxnServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * TxnService runs transactions: up to 64 operations applied atomically in
   * one Raft entry (every write gets the same index), or rolled back whole
   * when any of them fails. Consul: `PUT /v1/txn`.
   * </pre>
   */
  public static abstract class TxnServiceImplBase implements io.grpc.BindableService {

    /**
     * <pre>
     * Txn runs a transaction with writes through Raft. A rolled-back
     * transaction is not an RPC error: its response lists the errors (and no
     * results). Consul: `PUT /v1/txn`.
     * </pre>
     */
    public void txn(io.roster.txn.v1.TxnRequest request,
        io.grpc.stub.StreamObserver<io.roster.txn.v1.TxnResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getTxnMethod(), responseObserver);
    }

    /**
     * <pre>
     * ReadTxn runs a transaction of reads only (KV get, get-tree, check-*;
     * node, service and check get) without Raft, in the consistency mode
     * asked for. Consul: `PUT /v1/txn` with only read operations.
     * </pre>
     */
    public void readTxn(io.roster.txn.v1.ReadTxnRequest request,
        io.grpc.stub.StreamObserver<io.roster.txn.v1.ReadTxnResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getReadTxnMethod(), responseObserver);
    }

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
          .addMethod(
            getTxnMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.txn.v1.TxnRequest,
                io.roster.txn.v1.TxnResponse>(
                  this, METHODID_TXN)))
          .addMethod(
            getReadTxnMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.txn.v1.ReadTxnRequest,
                io.roster.txn.v1.ReadTxnResponse>(
                  this, METHODID_READ_TXN)))
          .build();
    }
  }

  /**
   * <pre>
   * TxnService runs transactions: up to 64 operations applied atomically in
   * one Raft entry (every write gets the same index), or rolled back whole
   * when any of them fails. Consul: `PUT /v1/txn`.
   * </pre>
   */
  public static final class TxnServiceStub extends io.grpc.stub.AbstractAsyncStub<TxnServiceStub> {
    private TxnServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected TxnServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new TxnServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Txn runs a transaction with writes through Raft. A rolled-back
     * transaction is not an RPC error: its response lists the errors (and no
     * results). Consul: `PUT /v1/txn`.
     * </pre>
     */
    public void txn(io.roster.txn.v1.TxnRequest request,
        io.grpc.stub.StreamObserver<io.roster.txn.v1.TxnResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getTxnMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * ReadTxn runs a transaction of reads only (KV get, get-tree, check-*;
     * node, service and check get) without Raft, in the consistency mode
     * asked for. Consul: `PUT /v1/txn` with only read operations.
     * </pre>
     */
    public void readTxn(io.roster.txn.v1.ReadTxnRequest request,
        io.grpc.stub.StreamObserver<io.roster.txn.v1.ReadTxnResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getReadTxnMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * <pre>
   * TxnService runs transactions: up to 64 operations applied atomically in
   * one Raft entry (every write gets the same index), or rolled back whole
   * when any of them fails. Consul: `PUT /v1/txn`.
   * </pre>
   */
  public static final class TxnServiceBlockingStub extends io.grpc.stub.AbstractBlockingStub<TxnServiceBlockingStub> {
    private TxnServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected TxnServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new TxnServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Txn runs a transaction with writes through Raft. A rolled-back
     * transaction is not an RPC error: its response lists the errors (and no
     * results). Consul: `PUT /v1/txn`.
     * </pre>
     */
    public io.roster.txn.v1.TxnResponse txn(io.roster.txn.v1.TxnRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getTxnMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ReadTxn runs a transaction of reads only (KV get, get-tree, check-*;
     * node, service and check get) without Raft, in the consistency mode
     * asked for. Consul: `PUT /v1/txn` with only read operations.
     * </pre>
     */
    public io.roster.txn.v1.ReadTxnResponse readTxn(io.roster.txn.v1.ReadTxnRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getReadTxnMethod(), getCallOptions(), request);
    }
  }

  /**
   * <pre>
   * TxnService runs transactions: up to 64 operations applied atomically in
   * one Raft entry (every write gets the same index), or rolled back whole
   * when any of them fails. Consul: `PUT /v1/txn`.
   * </pre>
   */
  public static final class TxnServiceFutureStub extends io.grpc.stub.AbstractFutureStub<TxnServiceFutureStub> {
    private TxnServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected TxnServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new TxnServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Txn runs a transaction with writes through Raft. A rolled-back
     * transaction is not an RPC error: its response lists the errors (and no
     * results). Consul: `PUT /v1/txn`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.txn.v1.TxnResponse> txn(
        io.roster.txn.v1.TxnRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getTxnMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * ReadTxn runs a transaction of reads only (KV get, get-tree, check-*;
     * node, service and check get) without Raft, in the consistency mode
     * asked for. Consul: `PUT /v1/txn` with only read operations.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.txn.v1.ReadTxnResponse> readTxn(
        io.roster.txn.v1.ReadTxnRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getReadTxnMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_TXN = 0;
  private static final int METHODID_READ_TXN = 1;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final TxnServiceImplBase serviceImpl;
    private final int methodId;

    MethodHandlers(TxnServiceImplBase serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_TXN:
          serviceImpl.txn((io.roster.txn.v1.TxnRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.txn.v1.TxnResponse>) responseObserver);
          break;
        case METHODID_READ_TXN:
          serviceImpl.readTxn((io.roster.txn.v1.ReadTxnRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.txn.v1.ReadTxnResponse>) responseObserver);
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

  private static abstract class TxnServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    TxnServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return io.roster.txn.v1.TxnProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("TxnService");
    }
  }

  private static final class TxnServiceFileDescriptorSupplier
      extends TxnServiceBaseDescriptorSupplier {
    TxnServiceFileDescriptorSupplier() {}
  }

  private static final class TxnServiceMethodDescriptorSupplier
      extends TxnServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final String methodName;

    TxnServiceMethodDescriptorSupplier(String methodName) {
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
      synchronized (TxnServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new TxnServiceFileDescriptorSupplier())
              .addMethod(getTxnMethod())
              .addMethod(getReadTxnMethod())
              .build();
        }
      }
    }
    return result;
  }
}
