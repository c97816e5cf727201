package io.roster.agent.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * AgentService is the local agent's view of gossip membership. Every agent,
 * client or server, answers it itself; nothing is forwarded to the servers.
 * Consul: `/v1/agent/members`, `/v1/agent/self`, `/v1/agent/join`, ...
 * </pre>
 */
@javax.annotation.Generated(
    value = "by gRPC proto compiler",
    comments = "Source: roster/agent/v1/agent.proto")
@io.grpc.stub.annotations.GrpcGenerated
public final class AgentServiceGrpc {

  private AgentServiceGrpc() {}

  public static final String SERVICE_NAME = "roster.agent.v1.AgentService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<io.roster.agent.v1.ListMembersRequest,
      io.roster.agent.v1.ListMembersResponse> getListMembersMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListMembers",
      requestType = io.roster.agent.v1.ListMembersRequest.class,
      responseType = io.roster.agent.v1.ListMembersResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.agent.v1.ListMembersRequest,
      io.roster.agent.v1.ListMembersResponse> getListMembersMethod() {
    io.grpc.MethodDescriptor<io.roster.agent.v1.ListMembersRequest, io.roster.agent.v1.ListMembersResponse> getListMembersMethod;
    if ((getListMembersMethod = AgentServiceGrpc.getListMembersMethod) == null) {
      synchronized (AgentServiceGrpc.class) {
        if ((getListMembersMethod = AgentServiceGrpc.getListMembersMethod) == null) {
          AgentServiceGrpc.getListMembersMethod = getListMembersMethod =
              io.grpc.MethodDescriptor.<io.roster.agent.v1.ListMembersRequest, io.roster.agent.v1.ListMembersResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListMembers"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.agent.v1.ListMembersRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.agent.v1.ListMembersResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AgentServiceMethodDescriptorSupplier("ListMembers"))
              .build();
        }
      }
    }
    return getListMembersMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.agent.v1.GetSelfRequest,
      io.roster.agent.v1.GetSelfResponse> getGetSelfMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetSelf",
      requestType = io.roster.agent.v1.GetSelfRequest.class,
      responseType = io.roster.agent.v1.GetSelfResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.agent.v1.GetSelfRequest,
      io.roster.agent.v1.GetSelfResponse> getGetSelfMethod() {
    io.grpc.MethodDescriptor<io.roster.agent.v1.GetSelfRequest, io.roster.agent.v1.GetSelfResponse> getGetSelfMethod;
    if ((getGetSelfMethod = AgentServiceGrpc.getGetSelfMethod) == null) {
      synchronized (AgentServiceGrpc.class) {
        if ((getGetSelfMethod = AgentServiceGrpc.getGetSelfMethod) == null) {
          AgentServiceGrpc.getGetSelfMethod = getGetSelfMethod =
              io.grpc.MethodDescriptor.<io.roster.agent.v1.GetSelfRequest, io.roster.agent.v1.GetSelfResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetSelf"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.agent.v1.GetSelfRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.agent.v1.GetSelfResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AgentServiceMethodDescriptorSupplier("GetSelf"))
              .build();
        }
      }
    }
    return getGetSelfMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.agent.v1.JoinRequest,
      io.roster.agent.v1.JoinResponse> getJoinMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Join",
      requestType = io.roster.agent.v1.JoinRequest.class,
      responseType = io.roster.agent.v1.JoinResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.agent.v1.JoinRequest,
      io.roster.agent.v1.JoinResponse> getJoinMethod() {
    io.grpc.MethodDescriptor<io.roster.agent.v1.JoinRequest, io.roster.agent.v1.JoinResponse> getJoinMethod;
    if ((getJoinMethod = AgentServiceGrpc.getJoinMethod) == null) {
      synchronized (AgentServiceGrpc.class) {
        if ((getJoinMethod = AgentServiceGrpc.getJoinMethod) == null) {
          AgentServiceGrpc.getJoinMethod = getJoinMethod =
              io.grpc.MethodDescriptor.<io.roster.agent.v1.JoinRequest, io.roster.agent.v1.JoinResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Join"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.agent.v1.JoinRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.agent.v1.JoinResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AgentServiceMethodDescriptorSupplier("Join"))
              .build();
        }
      }
    }
    return getJoinMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.agent.v1.LeaveRequest,
      io.roster.agent.v1.LeaveResponse> getLeaveMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Leave",
      requestType = io.roster.agent.v1.LeaveRequest.class,
      responseType = io.roster.agent.v1.LeaveResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.agent.v1.LeaveRequest,
      io.roster.agent.v1.LeaveResponse> getLeaveMethod() {
    io.grpc.MethodDescriptor<io.roster.agent.v1.LeaveRequest, io.roster.agent.v1.LeaveResponse> getLeaveMethod;
    if ((getLeaveMethod = AgentServiceGrpc.getLeaveMethod) == null) {
      synchronized (AgentServiceGrpc.class) {
        if ((getLeaveMethod = AgentServiceGrpc.getLeaveMethod) == null) {
          AgentServiceGrpc.getLeaveMethod = getLeaveMethod =
              io.grpc.MethodDescriptor.<io.roster.agent.v1.LeaveRequest, io.roster.agent.v1.LeaveResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Leave"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.agent.v1.LeaveRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.agent.v1.LeaveResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AgentServiceMethodDescriptorSupplier("Leave"))
              .build();
        }
      }
    }
    return getLeaveMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.agent.v1.ForceLeaveRequest,
      io.roster.agent.v1.ForceLeaveResponse> getForceLeaveMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ForceLeave",
      requestType = io.roster.agent.v1.ForceLeaveRequest.class,
      responseType = io.roster.agent.v1.ForceLeaveResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.agent.v1.ForceLeaveRequest,
      io.roster.agent.v1.ForceLeaveResponse> getForceLeaveMethod() {
    io.grpc.MethodDescriptor<io.roster.agent.v1.ForceLeaveRequest, io.roster.agent.v1.ForceLeaveResponse> getForceLeaveMethod;
    if ((getForceLeaveMethod = AgentServiceGrpc.getForceLeaveMethod) == null) {
      synchronized (AgentServiceGrpc.class) {
        if ((getForceLeaveMethod = AgentServiceGrpc.getForceLeaveMethod) == null) {
          AgentServiceGrpc.getForceLeaveMethod = getForceLeaveMethod =
              io.grpc.MethodDescriptor.<io.roster.agent.v1.ForceLeaveRequest, io.roster.agent.v1.ForceLeaveResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ForceLeave"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.agent.v1.ForceLeaveRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.agent.v1.ForceLeaveResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AgentServiceMethodDescriptorSupplier("ForceLeave"))
              .build();
        }
      }
    }
    return getForceLeaveMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.agent.v1.GetHostRequest,
      io.roster.agent.v1.GetHostResponse> getGetHostMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetHost",
      requestType = io.roster.agent.v1.GetHostRequest.class,
      responseType = io.roster.agent.v1.GetHostResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.agent.v1.GetHostRequest,
      io.roster.agent.v1.GetHostResponse> getGetHostMethod() {
    io.grpc.MethodDescriptor<io.roster.agent.v1.GetHostRequest, io.roster.agent.v1.GetHostResponse> getGetHostMethod;
    if ((getGetHostMethod = AgentServiceGrpc.getGetHostMethod) == null) {
      synchronized (AgentServiceGrpc.class) {
        if ((getGetHostMethod = AgentServiceGrpc.getGetHostMethod) == null) {
          AgentServiceGrpc.getGetHostMethod = getGetHostMethod =
              io.grpc.MethodDescriptor.<io.roster.agent.v1.GetHostRequest, io.roster.agent.v1.GetHostResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetHost"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.agent.v1.GetHostRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.agent.v1.GetHostResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AgentServiceMethodDescriptorSupplier("GetHost"))
              .build();
        }
      }
    }
    return getGetHostMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.agent.v1.ReloadRequest,
      io.roster.agent.v1.ReloadResponse> getReloadMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Reload",
      requestType = io.roster.agent.v1.ReloadRequest.class,
      responseType = io.roster.agent.v1.ReloadResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.agent.v1.ReloadRequest,
      io.roster.agent.v1.ReloadResponse> getReloadMethod() {
    io.grpc.MethodDescriptor<io.roster.agent.v1.ReloadRequest, io.roster.agent.v1.ReloadResponse> getReloadMethod;
    if ((getReloadMethod = AgentServiceGrpc.getReloadMethod) == null) {
      synchronized (AgentServiceGrpc.class) {
        if ((getReloadMethod = AgentServiceGrpc.getReloadMethod) == null) {
          AgentServiceGrpc.getReloadMethod = getReloadMethod =
              io.grpc.MethodDescriptor.<io.roster.agent.v1.ReloadRequest, io.roster.agent.v1.ReloadResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Reload"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.agent.v1.ReloadRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.agent.v1.ReloadResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AgentServiceMethodDescriptorSupplier("Reload"))
              .build();
        }
      }
    }
    return getReloadMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.agent.v1.SetTokenRequest,
      io.roster.agent.v1.SetTokenResponse> getSetTokenMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "SetToken",
      requestType = io.roster.agent.v1.SetTokenRequest.class,
      responseType = io.roster.agent.v1.SetTokenResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.agent.v1.SetTokenRequest,
      io.roster.agent.v1.SetTokenResponse> getSetTokenMethod() {
    io.grpc.MethodDescriptor<io.roster.agent.v1.SetTokenRequest, io.roster.agent.v1.SetTokenResponse> getSetTokenMethod;
    if ((getSetTokenMethod = AgentServiceGrpc.getSetTokenMethod) == null) {
      synchronized (AgentServiceGrpc.class) {
        if ((getSetTokenMethod = AgentServiceGrpc.getSetTokenMethod) == null) {
          AgentServiceGrpc.getSetTokenMethod = getSetTokenMethod =
              io.grpc.MethodDescriptor.<io.roster.agent.v1.SetTokenRequest, io.roster.agent.v1.SetTokenResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "SetToken"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.agent.v1.SetTokenRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.agent.v1.SetTokenResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AgentServiceMethodDescriptorSupplier("SetToken"))
              .build();
        }
      }
    }
    return getSetTokenMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static AgentServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AgentServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AgentServiceStub>() {
        @java.lang.Override
        public AgentServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AgentServiceStub(channel, callOptions);
        }
      };
    return AgentServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static AgentServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AgentServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AgentServiceBlockingStub>() {
        @java.lang.Override
        public AgentServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AgentServiceBlockingStub(channel, callOptions);
        }
      };
    return AgentServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static AgentServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AgentServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AgentServiceFutureStub>() {
        @java.lang.Override
        public AgentServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AgentServiceFutureStub(channel, callOptions);
        }
      };
    return AgentServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * AgentService is the local agent's view of gossip membership. Every agent,
   * client or server, answers it itself; nothing is forwarded to the servers.
   * Consul: `/v1/agent/members`, `/v1/agent/self`, `/v1/agent/join`, ...
   * </pre>
   */
  public static abstract class AgentServiceImplBase implements io.grpc.BindableService {

    /**
     * <pre>
     * ListMembers returns the members of the LAN (or WAN) gossip pool as this
     * agent sees them. Consul: `GET /v1/agent/members`.
     * </pre>
     */
    public void listMembers(io.roster.agent.v1.ListMembersRequest request,
        io.grpc.stub.StreamObserver<io.roster.agent.v1.ListMembersResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListMembersMethod(), responseObserver);
    }

    /**
     * <pre>
     * GetSelf describes this agent: configuration, member entry, coordinate.
     * Consul: `GET /v1/agent/self`.
     * </pre>
     */
    public void getSelf(io.roster.agent.v1.GetSelfRequest request,
        io.grpc.stub.StreamObserver<io.roster.agent.v1.GetSelfResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetSelfMethod(), responseObserver);
    }

    /**
     * <pre>
     * Join asks this agent to join the pool through the given addresses.
     * Consul: `PUT /v1/agent/join/&lt;address&gt;`.
     * </pre>
     */
    public void join(io.roster.agent.v1.JoinRequest request,
        io.grpc.stub.StreamObserver<io.roster.agent.v1.JoinResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getJoinMethod(), responseObserver);
    }

    /**
     * <pre>
     * Leave makes this agent leave the pools gracefully and shut down.
     * Consul: `PUT /v1/agent/leave`.
     * </pre>
     */
    public void leave(io.roster.agent.v1.LeaveRequest request,
        io.grpc.stub.StreamObserver<io.roster.agent.v1.LeaveResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getLeaveMethod(), responseObserver);
    }

    /**
     * <pre>
     * ForceLeave moves a failed member to `left` (and with `prune`, forgets
     * it at once). Consul: `PUT /v1/agent/force-leave/&lt;node&gt;`.
     * </pre>
     */
    public void forceLeave(io.roster.agent.v1.ForceLeaveRequest request,
        io.grpc.stub.StreamObserver<io.roster.agent.v1.ForceLeaveResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getForceLeaveMethod(), responseObserver);
    }

    /**
     * <pre>
     * GetHost describes the machine the agent runs on. Consul:
     * `GET /v1/agent/host`.
     * </pre>
     */
    public void getHost(io.roster.agent.v1.GetHostRequest request,
        io.grpc.stub.StreamObserver<io.roster.agent.v1.GetHostResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetHostMethod(), responseObserver);
    }

    /**
     * <pre>
     * Reload reads the configuration files again and registers and
     * deregisters the services and checks they define, by difference.
     * Consul: `PUT /v1/agent/reload`.
     * </pre>
     */
    public void reload(io.roster.agent.v1.ReloadRequest request,
        io.grpc.stub.StreamObserver<io.roster.agent.v1.ReloadResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getReloadMethod(), responseObserver);
    }

    /**
     * <pre>
     * SetToken replaces one of the agent's ACL tokens at run time (kept in
     * the data dir with `acl.enable_token_persistence`); needs `acl:write`.
     * Consul: `PUT /v1/agent/token/&lt;kind&gt;`.
     * </pre>
     */
    public void setToken(io.roster.agent.v1.SetTokenRequest request,
        io.grpc.stub.StreamObserver<io.roster.agent.v1.SetTokenResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getSetTokenMethod(), responseObserver);
    }

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
          .addMethod(
            getListMembersMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.agent.v1.ListMembersRequest,
                io.roster.agent.v1.ListMembersResponse>(
                  this, METHODID_LIST_MEMBERS)))
          .addMethod(
            getGetSelfMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.agent.v1.GetSelfRequest,
                io.roster.agent.v1.GetSelfResponse>(
                  this, METHODID_GET_SELF)))
          .addMethod(
            getJoinMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.agent.v1.JoinRequest,
                io.roster.agent.v1.JoinResponse>(
                  this, METHODID_JOIN)))
          .addMethod(
            getLeaveMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.agent.v1.LeaveRequest,
                io.roster.agent.v1.LeaveResponse>(
                  this, METHODID_LEAVE)))
          .addMethod(
            getForceLeaveMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.agent.v1.ForceLeaveRequest,
                io.roster.agent.v1.ForceLeaveResponse>(
                  this, METHODID_FORCE_LEAVE)))
          .addMethod(
            getGetHostMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.agent.v1.GetHostRequest,
                io.roster.agent.v1.GetHostResponse>(
                  this, METHODID_GET_HOST)))
          .addMethod(
            getReloadMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.agent.v1.ReloadRequest,
                io.roster.agent.v1.ReloadResponse>(
                  this, METHODID_RELOAD)))
          .addMethod(
            getSetTokenMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.agent.v1.SetTokenRequest,
                io.roster.agent.v1.SetTokenResponse>(
                  this, METHODID_SET_TOKEN)))
          .build();
    }
  }

  /**
   * <pre>
   * AgentService is the local agent's view of gossip membership. Every agent,
   * client or server, answers it itself; nothing is forwarded to the servers.
   * Consul: `/v1/agent/members`, `/v1/agent/self`, `/v1/agent/join`, ...
   * </pre>
   */
  public static final class AgentServiceStub extends io.grpc.stub.AbstractAsyncStub<AgentServiceStub> {
    private AgentServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AgentServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AgentServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * ListMembers returns the members of the LAN (or WAN) gossip pool as this
     * agent sees them. Consul: `GET /v1/agent/members`.
     * </pre>
     */
    public void listMembers(io.roster.agent.v1.ListMembersRequest request,
        io.grpc.stub.StreamObserver<io.roster.agent.v1.ListMembersResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListMembersMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * GetSelf describes this agent: configuration, member entry, coordinate.
     * Consul: `GET /v1/agent/self`.
     * </pre>
     */
    public void getSelf(io.roster.agent.v1.GetSelfRequest request,
        io.grpc.stub.StreamObserver<io.roster.agent.v1.GetSelfResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetSelfMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Join asks this agent to join the pool through the given addresses.
     * Consul: `PUT /v1/agent/join/&lt;address&gt;`.
     * </pre>
     */
    public void join(io.roster.agent.v1.JoinRequest request,
        io.grpc.stub.StreamObserver<io.roster.agent.v1.JoinResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getJoinMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Leave makes this agent leave the pools gracefully and shut down.
     * Consul: `PUT /v1/agent/leave`.
     * </pre>
     */
    public void leave(io.roster.agent.v1.LeaveRequest request,
        io.grpc.stub.StreamObserver<io.roster.agent.v1.LeaveResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getLeaveMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * ForceLeave moves a failed member to `left` (and with `prune`, forgets
     * it at once). Consul: `PUT /v1/agent/force-leave/&lt;node&gt;`.
     * </pre>
     */
    public void forceLeave(io.roster.agent.v1.ForceLeaveRequest request,
        io.grpc.stub.StreamObserver<io.roster.agent.v1.ForceLeaveResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getForceLeaveMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * GetHost describes the machine the agent runs on. Consul:
     * `GET /v1/agent/host`.
     * </pre>
     */
    public void getHost(io.roster.agent.v1.GetHostRequest request,
        io.grpc.stub.StreamObserver<io.roster.agent.v1.GetHostResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetHostMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Reload reads the configuration files again and registers and
     * deregisters the services and checks they define, by difference.
     * Consul: `PUT /v1/agent/reload`.
     * </pre>
     */
    public void reload(io.roster.agent.v1.ReloadRequest request,
        io.grpc.stub.StreamObserver<io.roster.agent.v1.ReloadResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getReloadMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * SetToken replaces one of the agent's ACL tokens at run time (kept in
     * the data dir with `acl.enable_token_persistence`); needs `acl:write`.
     * Consul: `PUT /v1/agent/token/&lt;kind&gt;`.
     * </pre>
     */
    public void setToken(io.roster.agent.v1.SetTokenRequest request,
        io.grpc.stub.StreamObserver<io.roster.agent.v1.SetTokenResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getSetTokenMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * <pre>
   * AgentService is the local agent's view of gossip membership. Every agent,
   * client or server, answers it itself; nothing is forwarded to the servers.
   * Consul: `/v1/agent/members`, `/v1/agent/self`, `/v1/agent/join`, ...
   * </pre>
   */
  public static final class AgentServiceBlockingStub extends io.grpc.stub.AbstractBlockingStub<AgentServiceBlockingStub> {
    private AgentServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AgentServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AgentServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * ListMembers returns the members of the LAN (or WAN) gossip pool as this
     * agent sees them. Consul: `GET /v1/agent/members`.
     * </pre>
     */
    public io.roster.agent.v1.ListMembersResponse listMembers(io.roster.agent.v1.ListMembersRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListMembersMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * GetSelf describes this agent: configuration, member entry, coordinate.
     * Consul: `GET /v1/agent/self`.
     * </pre>
     */
    public io.roster.agent.v1.GetSelfResponse getSelf(io.roster.agent.v1.GetSelfRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetSelfMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Join asks this agent to join the pool through the given addresses.
     * Consul: `PUT /v1/agent/join/&lt;address&gt;`.
     * </pre>
     */
    public io.roster.agent.v1.JoinResponse join(io.roster.agent.v1.JoinRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getJoinMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Leave makes this agent leave the pools gracefully and shut down.
     * Consul: `PUT /v1/agent/leave`.
     * </pre>
     */
    public io.roster.agent.v1.LeaveResponse leave(io.roster.agent.v1.LeaveRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getLeaveMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ForceLeave moves a failed member to `left` (and with `prune`, forgets
     * it at once). Consul: `PUT /v1/agent/force-leave/&lt;node&gt;`.
     * </pre>
     */
    public io.roster.agent.v1.ForceLeaveResponse forceLeave(io.roster.agent.v1.ForceLeaveRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getForceLeaveMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * GetHost describes the machine the agent runs on. Consul:
     * `GET /v1/agent/host`.
     * </pre>
     */
    public io.roster.agent.v1.GetHostResponse getHost(io.roster.agent.v1.GetHostRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetHostMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Reload reads the configuration files again and registers and
     * deregisters the services and checks they define, by difference.
     * Consul: `PUT /v1/agent/reload`.
     * </pre>
     */
    public io.roster.agent.v1.ReloadResponse reload(io.roster.agent.v1.ReloadRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getReloadMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * SetToken replaces one of the agent's ACL tokens at run time (kept in
     * the data dir with `acl.enable_token_persistence`); needs `acl:write`.
     * Consul: `PUT /v1/agent/token/&lt;kind&gt;`.
     * </pre>
     */
    public io.roster.agent.v1.SetTokenResponse setToken(io.roster.agent.v1.SetTokenRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getSetTokenMethod(), getCallOptions(), request);
    }
  }

  /**
   * <pre>
   * AgentService is the local agent's view of gossip membership. Every agent,
   * client or server, answers it itself; nothing is forwarded to the servers.
   * Consul: `/v1/agent/members`, `/v1/agent/self`, `/v1/agent/join`, ...
   * </pre>
   */
  public static final class AgentServiceFutureStub extends io.grpc.stub.AbstractFutureStub<AgentServiceFutureStub> {
    private AgentServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AgentServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AgentServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * ListMembers returns the members of the LAN (or WAN) gossip pool as this
     * agent sees them. Consul: `GET /v1/agent/members`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.agent.v1.ListMembersResponse> listMembers(
        io.roster.agent.v1.ListMembersRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListMembersMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * GetSelf describes this agent: configuration, member entry, coordinate.
     * Consul: `GET /v1/agent/self`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.agent.v1.GetSelfResponse> getSelf(
        io.roster.agent.v1.GetSelfRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetSelfMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Join asks this agent to join the pool through the given addresses.
     * Consul: `PUT /v1/agent/join/&lt;address&gt;`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.agent.v1.JoinResponse> join(
        io.roster.agent.v1.JoinRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getJoinMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Leave makes this agent leave the pools gracefully and shut down.
     * Consul: `PUT /v1/agent/leave`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.agent.v1.LeaveResponse> leave(
        io.roster.agent.v1.LeaveRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getLeaveMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * ForceLeave moves a failed member to `left` (and with `prune`, forgets
     * it at once). Consul: `PUT /v1/agent/force-leave/&lt;node&gt;`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.agent.v1.ForceLeaveResponse> forceLeave(
        io.roster.agent.v1.ForceLeaveRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getForceLeaveMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * GetHost describes the machine the agent runs on. Consul:
     * `GET /v1/agent/host`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.agent.v1.GetHostResponse> getHost(
        io.roster.agent.v1.GetHostRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetHostMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Reload reads the configuration files again and registers and
     * deregisters the services and checks they define, by difference.
     * Consul: `PUT /v1/agent/reload`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.agent.v1.ReloadResponse> reload(
        io.roster.agent.v1.ReloadRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getReloadMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * SetToken replaces one of the agent's ACL tokens at run time (kept in
     * the data dir with `acl.enable_token_persistence`); needs `acl:write`.
     * Consul: `PUT /v1/agent/token/&lt;kind&gt;`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.agent.v1.SetTokenResponse> setToken(
        io.roster.agent.v1.SetTokenRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getSetTokenMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_LIST_MEMBERS = 0;
  private static final int METHODID_GET_SELF = 1;
  private static final int METHODID_JOIN = 2;
  private static final int METHODID_LEAVE = 3;
  private static final int METHODID_FORCE_LEAVE = 4;
  private static final int METHODID_GET_HOST = 5;
  private static final int METHODID_RELOAD = 6;
  private static final int METHODID_SET_TOKEN = 7;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final AgentServiceImplBase serviceImpl;
    private final int methodId;

    MethodHandlers(AgentServiceImplBase serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_LIST_MEMBERS:
          serviceImpl.listMembers((io.roster.agent.v1.ListMembersRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.agent.v1.ListMembersResponse>) responseObserver);
          break;
        case METHODID_GET_SELF:
          serviceImpl.getSelf((io.roster.agent.v1.GetSelfRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.agent.v1.GetSelfResponse>) responseObserver);
          break;
        case METHODID_JOIN:
          serviceImpl.join((io.roster.agent.v1.JoinRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.agent.v1.JoinResponse>) responseObserver);
          break;
        case METHODID_LEAVE:
          serviceImpl.leave((io.roster.agent.v1.LeaveRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.agent.v1.LeaveResponse>) responseObserver);
          break;
        case METHODID_FORCE_LEAVE:
          serviceImpl.forceLeave((io.roster.agent.v1.ForceLeaveRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.agent.v1.ForceLeaveResponse>) responseObserver);
          break;
        case METHODID_GET_HOST:
          serviceImpl.getHost((io.roster.agent.v1.GetHostRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.agent.v1.GetHostResponse>) responseObserver);
          break;
        case METHODID_RELOAD:
          serviceImpl.reload((io.roster.agent.v1.ReloadRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.agent.v1.ReloadResponse>) responseObserver);
          break;
        case METHODID_SET_TOKEN:
          serviceImpl.setToken((io.roster.agent.v1.SetTokenRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.agent.v1.SetTokenResponse>) responseObserver);
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

  private static abstract class AgentServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    AgentServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return io.roster.agent.v1.AgentProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("AgentService");
    }
  }

  private static final class AgentServiceFileDescriptorSupplier
      extends AgentServiceBaseDescriptorSupplier {
    AgentServiceFileDescriptorSupplier() {}
  }

  private static final class AgentServiceMethodDescriptorSupplier
      extends AgentServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final String methodName;

    AgentServiceMethodDescriptorSupplier(String methodName) {
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
      synchronized (AgentServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new AgentServiceFileDescriptorSupplier())
              .addMethod(getListMembersMethod())
              .addMethod(getGetSelfMethod())
              .addMethod(getJoinMethod())
              .addMethod(getLeaveMethod())
              .addMethod(getForceLeaveMethod())
              .addMethod(getGetHostMethod())
              .addMethod(getReloadMethod())
              .addMethod(getSetTokenMethod())
              .build();
        }
      }
    }
    return result;
  }
}
