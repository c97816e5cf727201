package io.roster.coordinate.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * CoordinateService reads and updates the Vivaldi network coordinates that
 * every agent estimates from gossip probe round trips. Consul:
 * `/v1/coordinate/`.
 * </pre>
 */
@javax.annotation.Generated(
    value = "by gRPC proto compiler",
    comments = "Source: roster/coordinate/v1/coordinate.proto")
@io.grpc.stub.annotations.GrpcGenerated
public final class CoordinateServiceGrpc {

  private CoordinateServiceGrpc() {}

  public static final String SERVICE_NAME = "roster.coordinate.v1.CoordinateService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<io.roster.coordinate.v1.ListDatacentersRequest,
      io.roster.coordinate.v1.ListDatacentersResponse> getListDatacentersMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListDatacenters",
      requestType = io.roster.coordinate.v1.ListDatacentersRequest.class,
      responseType = io.roster.coordinate.v1.ListDatacentersResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.coordinate.v1.ListDatacentersRequest,
      io.roster.coordinate.v1.ListDatacentersResponse> getListDatacentersMethod() {
    io.grpc.MethodDescriptor<io.roster.coordinate.v1.ListDatacentersRequest, io.roster.coordinate.v1.ListDatacentersResponse> getListDatacentersMethod;
    if ((getListDatacentersMethod = CoordinateServiceGrpc.getListDatacentersMethod) == null) {
      synchronized (CoordinateServiceGrpc.class) {
        if ((getListDatacentersMethod = CoordinateServiceGrpc.getListDatacentersMethod) == null) {
          CoordinateServiceGrpc.getListDatacentersMethod = getListDatacentersMethod =
              io.grpc.MethodDescriptor.<io.roster.coordinate.v1.ListDatacentersRequest, io.roster.coordinate.v1.ListDatacentersResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListDatacenters"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.coordinate.v1.ListDatacentersRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.coordinate.v1.ListDatacentersResponse.getDefaultInstance()))
              .setSchemaDescriptor(new CoordinateServiceMethodDescriptorSupplier("ListDatacenters"))
              .build();
        }
      }
    }
    return getListDatacentersMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.coordinate.v1.ListNodesRequest,
      io.roster.coordinate.v1.ListNodesResponse> getListNodesMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListNodes",
      requestType = io.roster.coordinate.v1.ListNodesRequest.class,
      responseType = io.roster.coordinate.v1.ListNodesResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.coordinate.v1.ListNodesRequest,
      io.roster.coordinate.v1.ListNodesResponse> getListNodesMethod() {
    io.grpc.MethodDescriptor<io.roster.coordinate.v1.ListNodesRequest, io.roster.coordinate.v1.ListNodesResponse> getListNodesMethod;
    if ((getListNodesMethod = CoordinateServiceGrpc.getListNodesMethod) == null) {
      synchronized (CoordinateServiceGrpc.class) {
        if ((getListNodesMethod = CoordinateServiceGrpc.getListNodesMethod) == null) {
          CoordinateServiceGrpc.getListNodesMethod = getListNodesMethod =
              io.grpc.MethodDescriptor.<io.roster.coordinate.v1.ListNodesRequest, io.roster.coordinate.v1.ListNodesResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListNodes"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.coordinate.v1.ListNodesRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.coordinate.v1.ListNodesResponse.getDefaultInstance()))
              .setSchemaDescriptor(new CoordinateServiceMethodDescriptorSupplier("ListNodes"))
              .build();
        }
      }
    }
    return getListNodesMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.coordinate.v1.GetNodeRequest,
      io.roster.coordinate.v1.GetNodeResponse> getGetNodeMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetNode",
      requestType = io.roster.coordinate.v1.GetNodeRequest.class,
      responseType = io.roster.coordinate.v1.GetNodeResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.coordinate.v1.GetNodeRequest,
      io.roster.coordinate.v1.GetNodeResponse> getGetNodeMethod() {
    io.grpc.MethodDescriptor<io.roster.coordinate.v1.GetNodeRequest, io.roster.coordinate.v1.GetNodeResponse> getGetNodeMethod;
    if ((getGetNodeMethod = CoordinateServiceGrpc.getGetNodeMethod) == null) {
      synchronized (CoordinateServiceGrpc.class) {
        if ((getGetNodeMethod = CoordinateServiceGrpc.getGetNodeMethod) == null) {
          CoordinateServiceGrpc.getGetNodeMethod = getGetNodeMethod =
              io.grpc.MethodDescriptor.<io.roster.coordinate.v1.GetNodeRequest, io.roster.coordinate.v1.GetNodeResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetNode"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.coordinate.v1.GetNodeRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.coordinate.v1.GetNodeResponse.getDefaultInstance()))
              .setSchemaDescriptor(new CoordinateServiceMethodDescriptorSupplier("GetNode"))
              .build();
        }
      }
    }
    return getGetNodeMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.coordinate.v1.UpdateRequest,
      io.roster.coordinate.v1.UpdateResponse> getUpdateMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Update",
      requestType = io.roster.coordinate.v1.UpdateRequest.class,
      responseType = io.roster.coordinate.v1.UpdateResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.coordinate.v1.UpdateRequest,
      io.roster.coordinate.v1.UpdateResponse> getUpdateMethod() {
    io.grpc.MethodDescriptor<io.roster.coordinate.v1.UpdateRequest, io.roster.coordinate.v1.UpdateResponse> getUpdateMethod;
    if ((getUpdateMethod = CoordinateServiceGrpc.getUpdateMethod) == null) {
      synchronized (CoordinateServiceGrpc.class) {
        if ((getUpdateMethod = CoordinateServiceGrpc.getUpdateMethod) == null) {
          CoordinateServiceGrpc.getUpdateMethod = getUpdateMethod =
              io.grpc.MethodDescriptor.<io.roster.coordinate.v1.UpdateRequest, io.roster.coordinate.v1.UpdateResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Update"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.coordinate.v1.UpdateRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.coordinate.v1.UpdateResponse.getDefaultInstance()))
              .setSchemaDescriptor(new CoordinateServiceMethodDescriptorSupplier("Update"))
              .build();
        }
      }
    }
    return getUpdateMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static CoordinateServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<CoordinateServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<CoordinateServiceStub>() {
        @java.lang.Override
        public CoordinateServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new CoordinateServiceStub(channel, callOptions);
        }
      };
    return CoordinateServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static CoordinateServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<CoordinateServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<CoordinateServiceBlockingStub>() {
        @java.lang.Override
        public CoordinateServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new CoordinateServiceBlockingStub(channel, callOptions);
        }
      };
    return CoordinateServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static CoordinateServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<CoordinateServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<CoordinateServiceFutureStub>() {
        @java.lang.Override
        public CoordinateServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new CoordinateServiceFutureStub(channel, callOptions);
        }
      };
    return CoordinateServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * CoordinateService reads and updates the Vivaldi network coordinates that
   * every agent estimates from gossip probe round trips. Consul:
   * `/v1/coordinate/`.
   * </pre>
   */
  public static abstract class CoordinateServiceImplBase implements io.grpc.BindableService {

    /**
     * <pre>
     * ListDatacenters returns the WAN coordinates of the servers of every
     * known datacenter. Consul: `GET /v1/coordinate/datacenters`.
     * </pre>
     */
    public void listDatacenters(io.roster.coordinate.v1.ListDatacentersRequest request,
        io.grpc.stub.StreamObserver<io.roster.coordinate.v1.ListDatacentersResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListDatacentersMethod(), responseObserver);
    }

    /**
     * <pre>
     * ListNodes returns the LAN coordinate of every node in the datacenter.
     * Blocking. Consul: `GET /v1/coordinate/nodes`.
     * </pre>
     */
    public void listNodes(io.roster.coordinate.v1.ListNodesRequest request,
        io.grpc.stub.StreamObserver<io.roster.coordinate.v1.ListNodesResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListNodesMethod(), responseObserver);
    }

    /**
     * <pre>
     * GetNode returns the LAN coordinates of one node (one per segment);
     * NotFound when the node has none. Consul: `GET /v1/coordinate/node/&lt;node&gt;`.
     * </pre>
     */
    public void getNode(io.roster.coordinate.v1.GetNodeRequest request,
        io.grpc.stub.StreamObserver<io.roster.coordinate.v1.GetNodeResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetNodeMethod(), responseObserver);
    }

    /**
     * <pre>
     * Update stores a node's coordinate. Updates are batched on the leader and
     * written through Raft every few seconds. Consul: `PUT /v1/coordinate/update`.
     * </pre>
     */
    public void update(io.roster.coordinate.v1.UpdateRequest request,
        io.grpc.stub.StreamObserver<io.roster.coordinate.v1.UpdateResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getUpdateMethod(), responseObserver);
    }

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
          .addMethod(
            getListDatacentersMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.coordinate.v1.ListDatacentersRequest,
                io.roster.coordinate.v1.ListDatacentersResponse>(
                  this, METHODID_LIST_DATACENTERS)))
          .addMethod(
            getListNodesMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.coordinate.v1.ListNodesRequest,
                io.roster.coordinate.v1.ListNodesResponse>(
                  this, METHODID_LIST_NODES)))
          .addMethod(
            getGetNodeMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.coordinate.v1.GetNodeRequest,
                io.roster.coordinate.v1.GetNodeResponse>(
                  this, METHODID_GET_NODE)))
          .addMethod(
            getUpdateMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.coordinate.v1.UpdateRequest,
                io.roster.coordinate.v1.UpdateResponse>(
                  this, METHODID_UPDATE)))
          .build();
    }
  }

  /**
   * <pre>
   * CoordinateService reads and updates the Vivaldi network coordinates that
   * every agent estimates from gossip probe round trips. Consul:
   * `/v1/coordinate/`.
   * </pre>
   */
  public static final class CoordinateServiceStub extends io.grpc.stub.AbstractAsyncStub<CoordinateServiceStub> {
    private CoordinateServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected CoordinateServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new CoordinateServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * ListDatacenters returns the WAN coordinates of the servers of every
     * known datacenter. Consul: `GET /v1/coordinate/datacenters`.
     * </pre>
     */
    public void listDatacenters(io.roster.coordinate.v1.ListDatacentersRequest request,
        io.grpc.stub.StreamObserver<io.roster.coordinate.v1.ListDatacentersResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListDatacentersMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * ListNodes returns the LAN coordinate of every node in the datacenter.
     * Blocking. Consul: `GET /v1/coordinate/nodes`.
     * </pre>
     */
    public void listNodes(io.roster.coordinate.v1.ListNodesRequest request,
        io.grpc.stub.StreamObserver<io.roster.coordinate.v1.ListNodesResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListNodesMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * GetNode returns the LAN coordinates of one node (one per segment);
     * NotFound when the node has none. Consul: `GET /v1/coordinate/node/&lt;node&gt;`.
     * </pre>
     */
    public void getNode(io.roster.coordinate.v1.GetNodeRequest request,
        io.grpc.stub.StreamObserver<io.roster.coordinate.v1.GetNodeResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetNodeMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Update stores a node's coordinate. Updates are batched on the leader and
     * written through Raft every few seconds. Consul: `PUT /v1/coordinate/update`.
     * </pre>
     */
    public void update(io.roster.coordinate.v1.UpdateRequest request,
        io.grpc.stub.StreamObserver<io.roster.coordinate.v1.UpdateResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getUpdateMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * <pre>
   * CoordinateService reads and updates the Vivaldi network coordinates that
   * every agent estimates from gossip probe round trips. Consul:
   * `/v1/coordinate/`.
   * </pre>
   */
  public static final class CoordinateServiceBlockingStub extends io.grpc.stub.AbstractBlockingStub<CoordinateServiceBlockingStub> {
    private CoordinateServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected CoordinateServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new CoordinateServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * ListDatacenters returns the WAN coordinates of the servers of every
     * known datacenter. Consul: `GET /v1/coordinate/datacenters`.
     * </pre>
     */
    public io.roster.coordinate.v1.ListDatacentersResponse listDatacenters(io.roster.coordinate.v1.ListDatacentersRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListDatacentersMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ListNodes returns the LAN coordinate of every node in the datacenter.
     * Blocking. Consul: `GET /v1/coordinate/nodes`.
     * </pre>
     */
    public io.roster.coordinate.v1.ListNodesResponse listNodes(io.roster.coordinate.v1.ListNodesRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListNodesMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * GetNode returns the LAN coordinates of one node (one per segment);
     * NotFound when the node has none. Consul: `GET /v1/coordinate/node/&lt;node&gt;`.
     * </pre>
     */
    public io.roster.coordinate.v1.GetNodeResponse getNode(io.roster.coordinate.v1.GetNodeRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetNodeMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Update stores a node's coordinate. Updates are batched on the leader and
     * written through Raft every few seconds. Consul: `PUT /v1/coordinate/update`.
     * </pre>
     */
    public io.roster.coordinate.v1.UpdateResponse update(io.roster.coordinate.v1.UpdateRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getUpdateMethod(), getCallOptions(), request);
    }
  }

  /**
   * <pre>
   * CoordinateService reads and updates the Vivaldi network coordinates that
   * every agent estimates from gossip probe round trips. Consul:
   * `/v1/coordinate/`.
   * </pre>
   */
  public static final class CoordinateServiceFutureStub extends io.grpc.stub.AbstractFutureStub<CoordinateServiceFutureStub> {
    private CoordinateServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected CoordinateServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new CoordinateServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * ListDatacenters returns the WAN coordinates of the servers of every
     * known datacenter. Consul: `GET /v1/coordinate/datacenters`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.coordinate.v1.ListDatacentersResponse> listDatacenters(
        io.roster.coordinate.v1.ListDatacentersRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListDatacentersMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * ListNodes returns the LAN coordinate of every node in the datacenter.
     * Blocking. Consul: `GET /v1/coordinate/nodes`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.coordinate.v1.ListNodesResponse> listNodes(
        io.roster.coordinate.v1.ListNodesRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListNodesMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * GetNode returns the LAN coordinates of one node (one per segment);
     * NotFound when the node has none. Consul: `GET /v1/coordinate/node/&lt;node&gt;`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.coordinate.v1.GetNodeResponse> getNode(
        io.roster.coordinate.v1.GetNodeRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetNodeMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Update stores a node's coordinate. Updates are batched on the leader and
     * written through Raft every few seconds. Consul: `PUT /v1/coordinate/update`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.coordinate.v1.UpdateResponse> update(
        io.roster.coordinate.v1.UpdateRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getUpdateMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_LIST_DATACENTERS = 0;
  private static final int METHODID_LIST_NODES = 1;
  private static final int METHODID_GET_NODE = 2;
  private static final int METHODID_UPDATE = 3;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final CoordinateServiceImplBase serviceImpl;
    private final int methodId;

    MethodHandlers(CoordinateServiceImplBase serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_LIST_DATACENTERS:
          serviceImpl.listDatacenters((io.roster.coordinate.v1.ListDatacentersRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.coordinate.v1.ListDatacentersResponse>) responseObserver);
          break;
        case METHODID_LIST_NODES:
          serviceImpl.listNodes((io.roster.coordinate.v1.ListNodesRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.coordinate.v1.ListNodesResponse>) responseObserver);
          break;
        case METHODID_GET_NODE:
          serviceImpl.getNode((io.roster.coordinate.v1.GetNodeRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.coordinate.v1.GetNodeResponse>) responseObserver);
          break;
        case METHODID_UPDATE:
          serviceImpl.update((io.roster.coordinate.v1.UpdateRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.coordinate.v1.UpdateResponse>) responseObserver);
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

  private static abstract class CoordinateServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    CoordinateServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return io.roster.coordinate.v1.CoordinateProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("CoordinateService");
    }
  }

  private static final class CoordinateServiceFileDescriptorSupplier
      extends CoordinateServiceBaseDescriptorSupplier {
    CoordinateServiceFileDescriptorSupplier() {}
  }

  private static final class CoordinateServiceMethodDescriptorSupplier
      extends CoordinateServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final String methodName;

    CoordinateServiceMethodDescriptorSupplier(String methodName) {
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
      synchronized (CoordinateServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new CoordinateServiceFileDescriptorSupplier())
              .addMethod(getListDatacentersMethod())
              .addMethod(getListNodesMethod())
              .addMethod(getGetNodeMethod())
              .addMethod(getUpdateMethod())
              .build();
        }
      }
    }
    return result;
  }
}
