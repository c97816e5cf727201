package io.roster.catalog.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * CatalogService reads and writes the catalog: the nodes of the datacenter,
 * the services registered on them and their health checks, held in Raft.
 * Agents keep their own node's entries in sync (anti-entropy); Register and
 * Deregister are for external nodes. Consul: `/v1/catalog/`.
 * </pre>
 */
@javax.annotation.Generated(
    value = "by gRPC proto compiler",
    comments = "Source: roster/catalog/v1/catalog.proto")
@io.grpc.stub.annotations.GrpcGenerated
public final class CatalogServiceGrpc {

  private CatalogServiceGrpc() {}

  public static final String SERVICE_NAME = "roster.catalog.v1.CatalogService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<io.roster.catalog.v1.RegisterRequest,
      io.roster.catalog.v1.RegisterResponse> getRegisterMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Register",
      requestType = io.roster.catalog.v1.RegisterRequest.class,
      responseType = io.roster.catalog.v1.RegisterResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.catalog.v1.RegisterRequest,
      io.roster.catalog.v1.RegisterResponse> getRegisterMethod() {
    io.grpc.MethodDescriptor<io.roster.catalog.v1.RegisterRequest, io.roster.catalog.v1.RegisterResponse> getRegisterMethod;
    if ((getRegisterMethod = CatalogServiceGrpc.getRegisterMethod) == null) {
      synchronized (CatalogServiceGrpc.class) {
        if ((getRegisterMethod = CatalogServiceGrpc.getRegisterMethod) == null) {
          CatalogServiceGrpc.getRegisterMethod = getRegisterMethod =
              io.grpc.MethodDescriptor.<io.roster.catalog.v1.RegisterRequest, io.roster.catalog.v1.RegisterResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Register"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.catalog.v1.RegisterRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.catalog.v1.RegisterResponse.getDefaultInstance()))
              .setSchemaDescriptor(new CatalogServiceMethodDescriptorSupplier("Register"))
              .build();
        }
      }
    }
    return getRegisterMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.catalog.v1.DeregisterRequest,
      io.roster.catalog.v1.DeregisterResponse> getDeregisterMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Deregister",
      requestType = io.roster.catalog.v1.DeregisterRequest.class,
      responseType = io.roster.catalog.v1.DeregisterResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.catalog.v1.DeregisterRequest,
      io.roster.catalog.v1.DeregisterResponse> getDeregisterMethod() {
    io.grpc.MethodDescriptor<io.roster.catalog.v1.DeregisterRequest, io.roster.catalog.v1.DeregisterResponse> getDeregisterMethod;
    if ((getDeregisterMethod = CatalogServiceGrpc.getDeregisterMethod) == null) {
      synchronized (CatalogServiceGrpc.class) {
        if ((getDeregisterMethod = CatalogServiceGrpc.getDeregisterMethod) == null) {
          CatalogServiceGrpc.getDeregisterMethod = getDeregisterMethod =
              io.grpc.MethodDescriptor.<io.roster.catalog.v1.DeregisterRequest, io.roster.catalog.v1.DeregisterResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Deregister"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.catalog.v1.DeregisterRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.catalog.v1.DeregisterResponse.getDefaultInstance()))
              .setSchemaDescriptor(new CatalogServiceMethodDescriptorSupplier("Deregister"))
              .build();
        }
      }
    }
    return getDeregisterMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.catalog.v1.ListDatacentersRequest,
      io.roster.catalog.v1.ListDatacentersResponse> getListDatacentersMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListDatacenters",
      requestType = io.roster.catalog.v1.ListDatacentersRequest.class,
      responseType = io.roster.catalog.v1.ListDatacentersResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.catalog.v1.ListDatacentersRequest,
      io.roster.catalog.v1.ListDatacentersResponse> getListDatacentersMethod() {
    io.grpc.MethodDescriptor<io.roster.catalog.v1.ListDatacentersRequest, io.roster.catalog.v1.ListDatacentersResponse> getListDatacentersMethod;
    if ((getListDatacentersMethod = CatalogServiceGrpc.getListDatacentersMethod) == null) {
      synchronized (CatalogServiceGrpc.class) {
        if ((getListDatacentersMethod = CatalogServiceGrpc.getListDatacentersMethod) == null) {
          CatalogServiceGrpc.getListDatacentersMethod = getListDatacentersMethod =
              io.grpc.MethodDescriptor.<io.roster.catalog.v1.ListDatacentersRequest, io.roster.catalog.v1.ListDatacentersResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListDatacenters"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.catalog.v1.ListDatacentersRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.catalog.v1.ListDatacentersResponse.getDefaultInstance()))
              .setSchemaDescriptor(new CatalogServiceMethodDescriptorSupplier("ListDatacenters"))
              .build();
        }
      }
    }
    return getListDatacentersMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.catalog.v1.ListNodesRequest,
      io.roster.catalog.v1.ListNodesResponse> getListNodesMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListNodes",
      requestType = io.roster.catalog.v1.ListNodesRequest.class,
      responseType = io.roster.catalog.v1.ListNodesResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.catalog.v1.ListNodesRequest,
      io.roster.catalog.v1.ListNodesResponse> getListNodesMethod() {
    io.grpc.MethodDescriptor<io.roster.catalog.v1.ListNodesRequest, io.roster.catalog.v1.ListNodesResponse> getListNodesMethod;
    if ((getListNodesMethod = CatalogServiceGrpc.getListNodesMethod) == null) {
      synchronized (CatalogServiceGrpc.class) {
        if ((getListNodesMethod = CatalogServiceGrpc.getListNodesMethod) == null) {
          CatalogServiceGrpc.getListNodesMethod = getListNodesMethod =
              io.grpc.MethodDescriptor.<io.roster.catalog.v1.ListNodesRequest, io.roster.catalog.v1.ListNodesResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListNodes"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.catalog.v1.ListNodesRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.catalog.v1.ListNodesResponse.getDefaultInstance()))
              .setSchemaDescriptor(new CatalogServiceMethodDescriptorSupplier("ListNodes"))
              .build();
        }
      }
    }
    return getListNodesMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.catalog.v1.ListServicesRequest,
      io.roster.catalog.v1.ListServicesResponse> getListServicesMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListServices",
      requestType = io.roster.catalog.v1.ListServicesRequest.class,
      responseType = io.roster.catalog.v1.ListServicesResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.catalog.v1.ListServicesRequest,
      io.roster.catalog.v1.ListServicesResponse> getListServicesMethod() {
    io.grpc.MethodDescriptor<io.roster.catalog.v1.ListServicesRequest, io.roster.catalog.v1.ListServicesResponse> getListServicesMethod;
    if ((getListServicesMethod = CatalogServiceGrpc.getListServicesMethod) == null) {
      synchronized (CatalogServiceGrpc.class) {
        if ((getListServicesMethod = CatalogServiceGrpc.getListServicesMethod) == null) {
          CatalogServiceGrpc.getListServicesMethod = getListServicesMethod =
              io.grpc.MethodDescriptor.<io.roster.catalog.v1.ListServicesRequest, io.roster.catalog.v1.ListServicesResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListServices"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.catalog.v1.ListServicesRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.catalog.v1.ListServicesResponse.getDefaultInstance()))
              .setSchemaDescriptor(new CatalogServiceMethodDescriptorSupplier("ListServices"))
              .build();
        }
      }
    }
    return getListServicesMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.catalog.v1.ListServiceInstancesRequest,
      io.roster.catalog.v1.ListServiceInstancesResponse> getListServiceInstancesMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListServiceInstances",
      requestType = io.roster.catalog.v1.ListServiceInstancesRequest.class,
      responseType = io.roster.catalog.v1.ListServiceInstancesResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.catalog.v1.ListServiceInstancesRequest,
      io.roster.catalog.v1.ListServiceInstancesResponse> getListServiceInstancesMethod() {
    io.grpc.MethodDescriptor<io.roster.catalog.v1.ListServiceInstancesRequest, io.roster.catalog.v1.ListServiceInstancesResponse> getListServiceInstancesMethod;
    if ((getListServiceInstancesMethod = CatalogServiceGrpc.getListServiceInstancesMethod) == null) {
      synchronized (CatalogServiceGrpc.class) {
        if ((getListServiceInstancesMethod = CatalogServiceGrpc.getListServiceInstancesMethod) == null) {
          CatalogServiceGrpc.getListServiceInstancesMethod = getListServiceInstancesMethod =
              io.grpc.MethodDescriptor.<io.roster.catalog.v1.ListServiceInstancesRequest, io.roster.catalog.v1.ListServiceInstancesResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListServiceInstances"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.catalog.v1.ListServiceInstancesRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.catalog.v1.ListServiceInstancesResponse.getDefaultInstance()))
              .setSchemaDescriptor(new CatalogServiceMethodDescriptorSupplier("ListServiceInstances"))
              .build();
        }
      }
    }
    return getListServiceInstancesMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.catalog.v1.GetNodeRequest,
      io.roster.catalog.v1.GetNodeResponse> getGetNodeMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetNode",
      requestType = io.roster.catalog.v1.GetNodeRequest.class,
      responseType = io.roster.catalog.v1.GetNodeResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.catalog.v1.GetNodeRequest,
      io.roster.catalog.v1.GetNodeResponse> getGetNodeMethod() {
    io.grpc.MethodDescriptor<io.roster.catalog.v1.GetNodeRequest, io.roster.catalog.v1.GetNodeResponse> getGetNodeMethod;
    if ((getGetNodeMethod = CatalogServiceGrpc.getGetNodeMethod) == null) {
      synchronized (CatalogServiceGrpc.class) {
        if ((getGetNodeMethod = CatalogServiceGrpc.getGetNodeMethod) == null) {
          CatalogServiceGrpc.getGetNodeMethod = getGetNodeMethod =
              io.grpc.MethodDescriptor.<io.roster.catalog.v1.GetNodeRequest, io.roster.catalog.v1.GetNodeResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetNode"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.catalog.v1.GetNodeRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.catalog.v1.GetNodeResponse.getDefaultInstance()))
              .setSchemaDescriptor(new CatalogServiceMethodDescriptorSupplier("GetNode"))
              .build();
        }
      }
    }
    return getGetNodeMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.catalog.v1.WatchNodesRequest,
      io.roster.catalog.v1.WatchNodesResponse> getWatchNodesMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "WatchNodes",
      requestType = io.roster.catalog.v1.WatchNodesRequest.class,
      responseType = io.roster.catalog.v1.WatchNodesResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
  public static io.grpc.MethodDescriptor<io.roster.catalog.v1.WatchNodesRequest,
      io.roster.catalog.v1.WatchNodesResponse> getWatchNodesMethod() {
    io.grpc.MethodDescriptor<io.roster.catalog.v1.WatchNodesRequest, io.roster.catalog.v1.WatchNodesResponse> getWatchNodesMethod;
    if ((getWatchNodesMethod = CatalogServiceGrpc.getWatchNodesMethod) == null) {
      synchronized (CatalogServiceGrpc.class) {
        if ((getWatchNodesMethod = CatalogServiceGrpc.getWatchNodesMethod) == null) {
          CatalogServiceGrpc.getWatchNodesMethod = getWatchNodesMethod =
              io.grpc.MethodDescriptor.<io.roster.catalog.v1.WatchNodesRequest, io.roster.catalog.v1.WatchNodesResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "WatchNodes"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.catalog.v1.WatchNodesRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.catalog.v1.WatchNodesResponse.getDefaultInstance()))
              .setSchemaDescriptor(new CatalogServiceMethodDescriptorSupplier("WatchNodes"))
              .build();
        }
      }
    }
    return getWatchNodesMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.catalog.v1.WatchServicesRequest,
      io.roster.catalog.v1.WatchServicesResponse> getWatchServicesMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "WatchServices",
      requestType = io.roster.catalog.v1.WatchServicesRequest.class,
      responseType = io.roster.catalog.v1.WatchServicesResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
  public static io.grpc.MethodDescriptor<io.roster.catalog.v1.WatchServicesRequest,
      io.roster.catalog.v1.WatchServicesResponse> getWatchServicesMethod() {
    io.grpc.MethodDescriptor<io.roster.catalog.v1.WatchServicesRequest, io.roster.catalog.v1.WatchServicesResponse> getWatchServicesMethod;
    if ((getWatchServicesMethod = CatalogServiceGrpc.getWatchServicesMethod) == null) {
      synchronized (CatalogServiceGrpc.class) {
        if ((getWatchServicesMethod = CatalogServiceGrpc.getWatchServicesMethod) == null) {
          CatalogServiceGrpc.getWatchServicesMethod = getWatchServicesMethod =
              io.grpc.MethodDescriptor.<io.roster.catalog.v1.WatchServicesRequest, io.roster.catalog.v1.WatchServicesResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "WatchServices"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.catalog.v1.WatchServicesRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.catalog.v1.WatchServicesResponse.getDefaultInstance()))
              .setSchemaDescriptor(new CatalogServiceMethodDescriptorSupplier("WatchServices"))
              .build();
        }
      }
    }
    return getWatchServicesMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.catalog.v1.WatchServiceInstancesRequest,
      io.roster.catalog.v1.WatchServiceInstancesResponse> getWatchServiceInstancesMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "WatchServiceInstances",
      requestType = io.roster.catalog.v1.WatchServiceInstancesRequest.class,
      responseType = io.roster.catalog.v1.WatchServiceInstancesResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
  public static io.grpc.MethodDescriptor<io.roster.catalog.v1.WatchServiceInstancesRequest,
      io.roster.catalog.v1.WatchServiceInstancesResponse> getWatchServiceInstancesMethod() {
    io.grpc.MethodDescriptor<io.roster.catalog.v1.WatchServiceInstancesRequest, io.roster.catalog.v1.WatchServiceInstancesResponse> getWatchServiceInstancesMethod;
    if ((getWatchServiceInstancesMethod = CatalogServiceGrpc.getWatchServiceInstancesMethod) == null) {
      synchronized (CatalogServiceGrpc.class) {
        if ((getWatchServiceInstancesMethod = CatalogServiceGrpc.getWatchServiceInstancesMethod) == null) {
          CatalogServiceGrpc.getWatchServiceInstancesMethod = getWatchServiceInstancesMethod =
              io.grpc.MethodDescriptor.<io.roster.catalog.v1.WatchServiceInstancesRequest, io.roster.catalog.v1.WatchServiceInstancesResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "WatchServiceInstances"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.catalog.v1.WatchServiceInstancesRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.catalog.v1.WatchServiceInstancesResponse.getDefaultInstance()))
              .setSchemaDescriptor(new CatalogServiceMethodDescriptorSupplier("WatchServiceInstances"))
              .build();
        }
      }
    }
    return getWatchServiceInstancesMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static CatalogServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<CatalogServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<CatalogServiceStub>() {
        @java.lang.Override
        public CatalogServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new CatalogServiceStub(channel, callOptions);
        }
      };
    return CatalogServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static CatalogServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<CatalogServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<CatalogServiceBlockingStub>() {
        @java.lang.Override
        public CatalogServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new CatalogServiceBlockingStub(channel, callOptions);
        }
      };
    return CatalogServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static CatalogServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<CatalogServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<CatalogServiceFutureStub>() {
        @java.lang.Override
        public CatalogServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new CatalogServiceFutureStub(channel, callOptions);
        }
      };
    return CatalogServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * CatalogService reads and writes the catalog: the nodes of the datacenter,
   * the services registered on them and their health checks, held in Raft.
   * Agents keep their own node's entries in sync (anti-entropy); Register and
   * Deregister are for external nodes. Consul: `/v1/catalog/`.
   * </pre>
   */
  public static abstract class CatalogServiceImplBase implements io.grpc.BindableService {

    /**
     * <pre>
     * Register creates or updates a node, optionally with one service and
     * checks, in one atomic change. Consul: `PUT /v1/catalog/register`.
     * </pre>
     */
    public void register(io.roster.catalog.v1.RegisterRequest request,
        io.grpc.stub.StreamObserver<io.roster.catalog.v1.RegisterResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRegisterMethod(), responseObserver);
    }

    /**
     * <pre>
     * Deregister removes a service (with its checks), a check, or a whole
     * node. Consul: `PUT /v1/catalog/deregister`.
     * </pre>
     */
    public void deregister(io.roster.catalog.v1.DeregisterRequest request,
        io.grpc.stub.StreamObserver<io.roster.catalog.v1.DeregisterResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeregisterMethod(), responseObserver);
    }

    /**
     * <pre>
     * ListDatacenters names the known datacenters, nearest first. Consul:
     * `GET /v1/catalog/datacenters`.
     * </pre>
     */
    public void listDatacenters(io.roster.catalog.v1.ListDatacentersRequest request,
        io.grpc.stub.StreamObserver<io.roster.catalog.v1.ListDatacentersResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListDatacentersMethod(), responseObserver);
    }

    /**
     * <pre>
     * ListNodes returns every node, by name (or by distance with `near`).
     * Blocking. Consul: `GET /v1/catalog/nodes`.
     * </pre>
     */
    public void listNodes(io.roster.catalog.v1.ListNodesRequest request,
        io.grpc.stub.StreamObserver<io.roster.catalog.v1.ListNodesResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListNodesMethod(), responseObserver);
    }

    /**
     * <pre>
     * ListServices returns every service name with the union of its tags.
     * Blocking. Consul: `GET /v1/catalog/services`.
     * </pre>
     */
    public void listServices(io.roster.catalog.v1.ListServicesRequest request,
        io.grpc.stub.StreamObserver<io.roster.catalog.v1.ListServicesResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListServicesMethod(), responseObserver);
    }

    /**
     * <pre>
     * ListServiceInstances returns the instances of one service with their
     * nodes, with no health filtering. Blocking. Consul:
     * `GET /v1/catalog/service/&lt;name&gt;`.
     * </pre>
     */
    public void listServiceInstances(io.roster.catalog.v1.ListServiceInstancesRequest request,
        io.grpc.stub.StreamObserver<io.roster.catalog.v1.ListServiceInstancesResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListServiceInstancesMethod(), responseObserver);
    }

    /**
     * <pre>
     * GetNode returns one node and its services. Blocking. Consul:
     * `GET /v1/catalog/node/&lt;node&gt;` and `/v1/catalog/node-services/&lt;node&gt;`.
     * </pre>
     */
    public void getNode(io.roster.catalog.v1.GetNodeRequest request,
        io.grpc.stub.StreamObserver<io.roster.catalog.v1.GetNodeResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetNodeMethod(), responseObserver);
    }

    /**
     * <pre>
     * WatchNodes sends the nodes now and again on every change to them.
     * </pre>
     */
    public void watchNodes(io.roster.catalog.v1.WatchNodesRequest request,
        io.grpc.stub.StreamObserver<io.roster.catalog.v1.WatchNodesResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getWatchNodesMethod(), responseObserver);
    }

    /**
     * <pre>
     * WatchServices sends the service names now and on every change.
     * </pre>
     */
    public void watchServices(io.roster.catalog.v1.WatchServicesRequest request,
        io.grpc.stub.StreamObserver<io.roster.catalog.v1.WatchServicesResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getWatchServicesMethod(), responseObserver);
    }

    /**
     * <pre>
     * WatchServiceInstances sends a service's instances now and on every
     * change to them.
     * </pre>
     */
    public void watchServiceInstances(io.roster.catalog.v1.WatchServiceInstancesRequest request,
        io.grpc.stub.StreamObserver<io.roster.catalog.v1.WatchServiceInstancesResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getWatchServiceInstancesMethod(), responseObserver);
    }

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
          .addMethod(
            getRegisterMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.catalog.v1.RegisterRequest,
                io.roster.catalog.v1.RegisterResponse>(
                  this, METHODID_REGISTER)))
          .addMethod(
            getDeregisterMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.catalog.v1.DeregisterRequest,
                io.roster.catalog.v1.DeregisterResponse>(
                  this, METHODID_DEREGISTER)))
          .addMethod(
            getListDatacentersMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.catalog.v1.ListDatacentersRequest,
                io.roster.catalog.v1.ListDatacentersResponse>(
                  this, METHODID_LIST_DATACENTERS)))
          .addMethod(
            getListNodesMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.catalog.v1.ListNodesRequest,
                io.roster.catalog.v1.ListNodesResponse>(
                  this, METHODID_LIST_NODES)))
          .addMethod(
            getListServicesMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.catalog.v1.ListServicesRequest,
                io.roster.catalog.v1.ListServicesResponse>(
                  this, METHODID_LIST_SERVICES)))
          .addMethod(
            getListServiceInstancesMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.catalog.v1.ListServiceInstancesRequest,
                io.roster.catalog.v1.ListServiceInstancesResponse>(
                  this, METHODID_LIST_SERVICE_INSTANCES)))
          .addMethod(
            getGetNodeMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.catalog.v1.GetNodeRequest,
                io.roster.catalog.v1.GetNodeResponse>(
                  this, METHODID_GET_NODE)))
          .addMethod(
            getWatchNodesMethod(),
            io.grpc.stub.ServerCalls.asyncServerStreamingCall(
              new MethodHandlers<
                io.roster.catalog.v1.WatchNodesRequest,
                io.roster.catalog.v1.WatchNodesResponse>(
                  this, METHODID_WATCH_NODES)))
          .addMethod(
            getWatchServicesMethod(),
            io.grpc.stub.ServerCalls.asyncServerStreamingCall(
              new MethodHandlers<
                io.roster.catalog.v1.WatchServicesRequest,
                io.roster.catalog.v1.WatchServicesResponse>(
                  this, METHODID_WATCH_SERVICES)))
          .addMethod(
            getWatchServiceInstancesMethod(),
            io.grpc.stub.ServerCalls.asyncServerStreamingCall(
              new MethodHandlers<
                io.roster.catalog.v1.WatchServiceInstancesRequest,
                io.roster.catalog.v1.WatchServiceInstancesResponse>(
                  this, METHODID_WATCH_SERVICE_INSTANCES)))
          .build();
    }
  }

  /**
   * <pre>
   * CatalogService reads and writes the catalog: the nodes of the datacenter,
   * the services registered on them and their health checks, held in Raft.
   * Agents keep their own node's entries in sync (anti-entropy); Register and
   * Deregister are for external nodes. Consul: `/v1/catalog/`.
   * </pre>
   */
  public static final class CatalogServiceStub extends io.grpc.stub.AbstractAsyncStub<CatalogServiceStub> {
    private CatalogServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected CatalogServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new CatalogServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Register creates or updates a node, optionally with one service and
     * checks, in one atomic change. Consul: `PUT /v1/catalog/register`.
     * </pre>
     */
    public void register(io.roster.catalog.v1.RegisterRequest request,
        io.grpc.stub.StreamObserver<io.roster.catalog.v1.RegisterResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRegisterMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Deregister removes a service (with its checks), a check, or a whole
     * node. Consul: `PUT /v1/catalog/deregister`.
     * </pre>
     */
    public void deregister(io.roster.catalog.v1.DeregisterRequest request,
        io.grpc.stub.StreamObserver<io.roster.catalog.v1.DeregisterResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeregisterMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * ListDatacenters names the known datacenters, nearest first. Consul:
     * `GET /v1/catalog/datacenters`.
     * </pre>
     */
    public void listDatacenters(io.roster.catalog.v1.ListDatacentersRequest request,
        io.grpc.stub.StreamObserver<io.roster.catalog.v1.ListDatacentersResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListDatacentersMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * ListNodes returns every node, by name (or by distance with `near`).
     * Blocking. Consul: `GET /v1/catalog/nodes`.
     * </pre>
     */
    public void listNodes(io.roster.catalog.v1.ListNodesRequest request,
        io.grpc.stub.StreamObserver<io.roster.catalog.v1.ListNodesResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListNodesMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * ListServices returns every service name with the union of its tags.
     * Blocking. Consul: `GET /v1/catalog/services`.
     * </pre>
     */
    public void listServices(io.roster.catalog.v1.ListServicesRequest request,
        io.grpc.stub.StreamObserver<io.roster.catalog.v1.ListServicesResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListServicesMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * ListServiceInstances returns the instances of one service with their
     * nodes, with no health filtering. Blocking. Consul:
     * `GET /v1/catalog/service/&lt;name&gt;`.
     * </pre>
     */
    public void listServiceInstances(io.roster.catalog.v1.ListServiceInstancesRequest request,
        io.grpc.stub.StreamObserver<io.roster.catalog.v1.ListServiceInstancesResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListServiceInstancesMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * GetNode returns one node and its services. Blocking. Consul:
     * `GET /v1/catalog/node/&lt;node&gt;` and `/v1/catalog/node-services/&lt;node&gt;`.
     * </pre>
     */
    public void getNode(io.roster.catalog.v1.GetNodeRequest request,
        io.grpc.stub.StreamObserver<io.roster.catalog.v1.GetNodeResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetNodeMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * WatchNodes sends the nodes now and again on every change to them.
     * </pre>
     */
    public void watchNodes(io.roster.catalog.v1.WatchNodesRequest request,
        io.grpc.stub.StreamObserver<io.roster.catalog.v1.WatchNodesResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncServerStreamingCall(
          getChannel().newCall(getWatchNodesMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * WatchServices sends the service names now and on every change.
     * </pre>
     */
    public void watchServices(io.roster.catalog.v1.WatchServicesRequest request,
        io.grpc.stub.StreamObserver<io.roster.catalog.v1.WatchServicesResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncServerStreamingCall(
          getChannel().newCall(getWatchServicesMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * WatchServiceInstances sends a service's instances now and on every
     * change to them.
     * </pre>
     */
    public void watchServiceInstances(io.roster.catalog.v1.WatchServiceInstancesRequest request,
        io.grpc.stub.StreamObserver<io.roster.catalog.v1.WatchServiceInstancesResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncServerStreamingCall(
          getChannel().newCall(getWatchServiceInstancesMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * <pre>
   * CatalogService reads and writes the catalog: the nodes of the datacenter,
   * the services registered on them and their health checks, held in Raft.
   * Agents keep their own node's entries in sync (anti-entropy); Register and
   * Deregister are for external nodes. Consul: `/v1/catalog/`.
   * </pre>
   */
  public static final class CatalogServiceBlockingStub extends io.grpc.stub.AbstractBlockingStub<CatalogServiceBlockingStub> {
    private CatalogServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected CatalogServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new CatalogServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Register creates or updates a node, optionally with one service and
     * checks, in one atomic change. Consul: `PUT /v1/catalog/register`.
     * </pre>
     */
    public io.roster.catalog.v1.RegisterResponse register(io.roster.catalog.v1.RegisterRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRegisterMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Deregister removes a service (with its checks), a check, or a whole
     * node. Consul: `PUT /v1/catalog/deregister`.
     * </pre>
     */
    public io.roster.catalog.v1.DeregisterResponse deregister(io.roster.catalog.v1.DeregisterRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeregisterMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ListDatacenters names the known datacenters, nearest first. Consul:
     * `GET /v1/catalog/datacenters`.
     * </pre>
     */
    public io.roster.catalog.v1.ListDatacentersResponse listDatacenters(io.roster.catalog.v1.ListDatacentersRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListDatacentersMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ListNodes returns every node, by name (or by distance with `near`).
     * Blocking. Consul: `GET /v1/catalog/nodes`.
     * </pre>
     */
    public io.roster.catalog.v1.ListNodesResponse listNodes(io.roster.catalog.v1.ListNodesRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListNodesMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ListServices returns every service name with the union of its tags.
     * Blocking. Consul: `GET /v1/catalog/services`.
     * </pre>
     */
    public io.roster.catalog.v1.ListServicesResponse listServices(io.roster.catalog.v1.ListServicesRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListServicesMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ListServiceInstances returns the instances of one service with their
     * nodes, with no health filtering. Blocking. Consul:
     * `GET /v1/catalog/service/&lt;name&gt;`.
     * </pre>
     */
    public io.roster.catalog.v1.ListServiceInstancesResponse listServiceInstances(io.roster.catalog.v1.ListServiceInstancesRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListServiceInstancesMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * GetNode returns one node and its services. Blocking. Consul:
     * `GET /v1/catalog/node/&lt;node&gt;` and `/v1/catalog/node-services/&lt;node&gt;`.
     * </pre>
     */
    public io.roster.catalog.v1.GetNodeResponse getNode(io.roster.catalog.v1.GetNodeRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetNodeMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * WatchNodes sends the nodes now and again on every change to them.
     * </pre>
     */
    public java.util.Iterator<io.roster.catalog.v1.WatchNodesResponse> watchNodes(
        io.roster.catalog.v1.WatchNodesRequest request) {
      return io.grpc.stub.ClientCalls.blockingServerStreamingCall(
          getChannel(), getWatchNodesMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * WatchServices sends the service names now and on every change.
     * </pre>
     */
    public java.util.Iterator<io.roster.catalog.v1.WatchServicesResponse> watchServices(
        io.roster.catalog.v1.WatchServicesRequest request) {
      return io.grpc.stub.ClientCalls.blockingServerStreamingCall(
          getChannel(), getWatchServicesMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * WatchServiceInstances sends a service's instances now and on every
     * change to them.
     * </pre>
     */
    public java.util.Iterator<io.roster.catalog.v1.WatchServiceInstancesResponse> watchServiceInstances(
        io.roster.catalog.v1.WatchServiceInstancesRequest request) {
      return io.grpc.stub.ClientCalls.blockingServerStreamingCall(
          getChannel(), getWatchServiceInstancesMethod(), getCallOptions(), request);
    }
  }

  /**
   * <pre>
   * CatalogService reads and writes the catalog: the nodes of the datacenter,
   * the services registered on them and their health checks, held in Raft.
   * Agents keep their own node's entries in sync (anti-entropy); Register and
   * Deregister are for external nodes. Consul: `/v1/catalog/`.
   * </pre>
   */
  public static final class CatalogServiceFutureStub extends io.grpc.stub.AbstractFutureStub<CatalogServiceFutureStub> {
    private CatalogServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected CatalogServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new CatalogServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Register creates or updates a node, optionally with one service and
     * checks, in one atomic change. Consul: `PUT /v1/catalog/register`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.catalog.v1.RegisterResponse> register(
        io.roster.catalog.v1.RegisterRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRegisterMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Deregister removes a service (with its checks), a check, or a whole
     * node. Consul: `PUT /v1/catalog/deregister`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.catalog.v1.DeregisterResponse> deregister(
        io.roster.catalog.v1.DeregisterRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeregisterMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * ListDatacenters names the known datacenters, nearest first. Consul:
     * `GET /v1/catalog/datacenters`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.catalog.v1.ListDatacentersResponse> listDatacenters(
        io.roster.catalog.v1.ListDatacentersRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListDatacentersMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * ListNodes returns every node, by name (or by distance with `near`).
     * Blocking. Consul: `GET /v1/catalog/nodes`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.catalog.v1.ListNodesResponse> listNodes(
        io.roster.catalog.v1.ListNodesRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListNodesMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * ListServices returns every service name with the union of its tags.
     * Blocking. Consul: `GET /v1/catalog/services`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.catalog.v1.ListServicesResponse> listServices(
        io.roster.catalog.v1.ListServicesRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListServicesMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * ListServiceInstances returns the instances of one service with their
     * nodes, with no health filtering. Blocking. Consul:
     * `GET /v1/catalog/service/&lt;name&gt;`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.catalog.v1.ListServiceInstancesResponse> listServiceInstances(
        io.roster.catalog.v1.ListServiceInstancesRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListServiceInstancesMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * GetNode returns one node and its services. Blocking. Consul:
     * `GET /v1/catalog/node/&lt;node&gt;` and `/v1/catalog/node-services/&lt;node&gt;`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.catalog.v1.GetNodeResponse> getNode(
        io.roster.catalog.v1.GetNodeRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetNodeMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_REGISTER = 0;
  private static final int METHODID_DEREGISTER = 1;
  private static final int METHODID_LIST_DATACENTERS = 2;
  private static final int METHODID_LIST_NODES = 3;
  private static final int METHODID_LIST_SERVICES = 4;
  private static final int METHODID_LIST_SERVICE_INSTANCES = 5;
  private static final int METHODID_GET_NODE = 6;
  private static final int METHODID_WATCH_NODES = 7;
  private static final int METHODID_WATCH_SERVICES = 8;
  private static final int METHODID_WATCH_SERVICE_INSTANCES = 9;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final CatalogServiceImplBase serviceImpl;
    private final int methodId;

    MethodHandlers(CatalogServiceImplBase serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_REGISTER:
          serviceImpl.register((io.roster.catalog.v1.RegisterRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.catalog.v1.RegisterResponse>) responseObserver);
          break;
        case METHODID_DEREGISTER:
          serviceImpl.deregister((io.roster.catalog.v1.DeregisterRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.catalog.v1.DeregisterResponse>) responseObserver);
          break;
        case METHODID_LIST_DATACENTERS:
          serviceImpl.listDatacenters((io.roster.catalog.v1.ListDatacentersRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.catalog.v1.ListDatacentersResponse>) responseObserver);
          break;
        case METHODID_LIST_NODES:
          serviceImpl.listNodes((io.roster.catalog.v1.ListNodesRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.catalog.v1.ListNodesResponse>) responseObserver);
          break;
        case METHODID_LIST_SERVICES:
          serviceImpl.listServices((io.roster.catalog.v1.ListServicesRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.catalog.v1.ListServicesResponse>) responseObserver);
          break;
        case METHODID_LIST_SERVICE_INSTANCES:
          serviceImpl.listServiceInstances((io.roster.catalog.v1.ListServiceInstancesRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.catalog.v1.ListServiceInstancesResponse>) responseObserver);
          break;
        case METHODID_GET_NODE:
          serviceImpl.getNode((io.roster.catalog.v1.GetNodeRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.catalog.v1.GetNodeResponse>) responseObserver);
          break;
        case METHODID_WATCH_NODES:
          serviceImpl.watchNodes((io.roster.catalog.v1.WatchNodesRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.catalog.v1.WatchNodesResponse>) responseObserver);
          break;
        case METHODID_WATCH_SERVICES:
          serviceImpl.watchServices((io.roster.catalog.v1.WatchServicesRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.catalog.v1.WatchServicesResponse>) responseObserver);
          break;
        case METHODID_WATCH_SERVICE_INSTANCES:
          serviceImpl.watchServiceInstances((io.roster.catalog.v1.WatchServiceInstancesRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.catalog.v1.WatchServiceInstancesResponse>) responseObserver);
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

  private static abstract class CatalogServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    CatalogServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return io.roster.catalog.v1.CatalogProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("CatalogService");
    }
  }

  private static final class CatalogServiceFileDescriptorSupplier
      extends CatalogServiceBaseDescriptorSupplier {
    CatalogServiceFileDescriptorSupplier() {}
  }

  private static final class CatalogServiceMethodDescriptorSupplier
      extends CatalogServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final String methodName;

    CatalogServiceMethodDescriptorSupplier(String methodName) {
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
      synchronized (CatalogServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new CatalogServiceFileDescriptorSupplier())
              .addMethod(getRegisterMethod())
              .addMethod(getDeregisterMethod())
              .addMethod(getListDatacentersMethod())
              .addMethod(getListNodesMethod())
              .addMethod(getListServicesMethod())
              .addMethod(getListServiceInstancesMethod())
              .addMethod(getGetNodeMethod())
              .addMethod(getWatchNodesMethod())
              .addMethod(getWatchServicesMethod())
              .addMethod(getWatchServiceInstancesMethod())
              .build();
        }
      }
    }
    return result;
  }
}
