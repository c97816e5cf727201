package io.roster.acl.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * AclService manages access control: tokens, the policies they carry (rules
 * in Consul's language), and roles (named sets of policies). A request
 * names a token by its secret; the token's merged rules, or the agent's
 * default policy where no rule matches, decide what it may do. Every call
 * answers FAILED_PRECONDITION "ACL support disabled" (HTTP 401) when the
 * agent runs without ACLs. Consul: `/v1/acl/`.
 * </pre>
 */
@javax.annotation.Generated(
    value = "by gRPC proto compiler",
    comments = "Source: roster/acl/v1/acl.proto")
@io.grpc.stub.annotations.GrpcGenerated
public final class AclServiceGrpc {

  private AclServiceGrpc() {}

  public static final String SERVICE_NAME = "roster.acl.v1.AclService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<io.roster.acl.v1.BootstrapRequest,
      io.roster.acl.v1.BootstrapResponse> getBootstrapMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Bootstrap",
      requestType = io.roster.acl.v1.BootstrapRequest.class,
      responseType = io.roster.acl.v1.BootstrapResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.acl.v1.BootstrapRequest,
      io.roster.acl.v1.BootstrapResponse> getBootstrapMethod() {
    io.grpc.MethodDescriptor<io.roster.acl.v1.BootstrapRequest, io.roster.acl.v1.BootstrapResponse> getBootstrapMethod;
    if ((getBootstrapMethod = AclServiceGrpc.getBootstrapMethod) == null) {
      synchronized (AclServiceGrpc.class) {
        if ((getBootstrapMethod = AclServiceGrpc.getBootstrapMethod) == null) {
          AclServiceGrpc.getBootstrapMethod = getBootstrapMethod =
              io.grpc.MethodDescriptor.<io.roster.acl.v1.BootstrapRequest, io.roster.acl.v1.BootstrapResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Bootstrap"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.acl.v1.BootstrapRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.acl.v1.BootstrapResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AclServiceMethodDescriptorSupplier("Bootstrap"))
              .build();
        }
      }
    }
    return getBootstrapMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.acl.v1.CreateTokenRequest,
      io.roster.acl.v1.CreateTokenResponse> getCreateTokenMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateToken",
      requestType = io.roster.acl.v1.CreateTokenRequest.class,
      responseType = io.roster.acl.v1.CreateTokenResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.acl.v1.CreateTokenRequest,
      io.roster.acl.v1.CreateTokenResponse> getCreateTokenMethod() {
    io.grpc.MethodDescriptor<io.roster.acl.v1.CreateTokenRequest, io.roster.acl.v1.CreateTokenResponse> getCreateTokenMethod;
    if ((getCreateTokenMethod = AclServiceGrpc.getCreateTokenMethod) == null) {
      synchronized (AclServiceGrpc.class) {
        if ((getCreateTokenMethod = AclServiceGrpc.getCreateTokenMethod) == null) {
          AclServiceGrpc.getCreateTokenMethod = getCreateTokenMethod =
              io.grpc.MethodDescriptor.<io.roster.acl.v1.CreateTokenRequest, io.roster.acl.v1.CreateTokenResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateToken"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.acl.v1.CreateTokenRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.acl.v1.CreateTokenResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AclServiceMethodDescriptorSupplier("CreateToken"))
              .build();
        }
      }
    }
    return getCreateTokenMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.acl.v1.UpdateTokenRequest,
      io.roster.acl.v1.UpdateTokenResponse> getUpdateTokenMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "UpdateToken",
      requestType = io.roster.acl.v1.UpdateTokenRequest.class,
      responseType = io.roster.acl.v1.UpdateTokenResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.acl.v1.UpdateTokenRequest,
      io.roster.acl.v1.UpdateTokenResponse> getUpdateTokenMethod() {
    io.grpc.MethodDescriptor<io.roster.acl.v1.UpdateTokenRequest, io.roster.acl.v1.UpdateTokenResponse> getUpdateTokenMethod;
    if ((getUpdateTokenMethod = AclServiceGrpc.getUpdateTokenMethod) == null) {
      synchronized (AclServiceGrpc.class) {
        if ((getUpdateTokenMethod = AclServiceGrpc.getUpdateTokenMethod) == null) {
          AclServiceGrpc.getUpdateTokenMethod = getUpdateTokenMethod =
              io.grpc.MethodDescriptor.<io.roster.acl.v1.UpdateTokenRequest, io.roster.acl.v1.UpdateTokenResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "UpdateToken"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.acl.v1.UpdateTokenRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.acl.v1.UpdateTokenResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AclServiceMethodDescriptorSupplier("UpdateToken"))
              .build();
        }
      }
    }
    return getUpdateTokenMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.acl.v1.ReadTokenRequest,
      io.roster.acl.v1.ReadTokenResponse> getReadTokenMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ReadToken",
      requestType = io.roster.acl.v1.ReadTokenRequest.class,
      responseType = io.roster.acl.v1.ReadTokenResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.acl.v1.ReadTokenRequest,
      io.roster.acl.v1.ReadTokenResponse> getReadTokenMethod() {
    io.grpc.MethodDescriptor<io.roster.acl.v1.ReadTokenRequest, io.roster.acl.v1.ReadTokenResponse> getReadTokenMethod;
    if ((getReadTokenMethod = AclServiceGrpc.getReadTokenMethod) == null) {
      synchronized (AclServiceGrpc.class) {
        if ((getReadTokenMethod = AclServiceGrpc.getReadTokenMethod) == null) {
          AclServiceGrpc.getReadTokenMethod = getReadTokenMethod =
              io.grpc.MethodDescriptor.<io.roster.acl.v1.ReadTokenRequest, io.roster.acl.v1.ReadTokenResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ReadToken"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.acl.v1.ReadTokenRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.acl.v1.ReadTokenResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AclServiceMethodDescriptorSupplier("ReadToken"))
              .build();
        }
      }
    }
    return getReadTokenMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.acl.v1.TokenSelfRequest,
      io.roster.acl.v1.TokenSelfResponse> getTokenSelfMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "TokenSelf",
      requestType = io.roster.acl.v1.TokenSelfRequest.class,
      responseType = io.roster.acl.v1.TokenSelfResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.acl.v1.TokenSelfRequest,
      io.roster.acl.v1.TokenSelfResponse> getTokenSelfMethod() {
    io.grpc.MethodDescriptor<io.roster.acl.v1.TokenSelfRequest, io.roster.acl.v1.TokenSelfResponse> getTokenSelfMethod;
    if ((getTokenSelfMethod = AclServiceGrpc.getTokenSelfMethod) == null) {
      synchronized (AclServiceGrpc.class) {
        if ((getTokenSelfMethod = AclServiceGrpc.getTokenSelfMethod) == null) {
          AclServiceGrpc.getTokenSelfMethod = getTokenSelfMethod =
              io.grpc.MethodDescriptor.<io.roster.acl.v1.TokenSelfRequest, io.roster.acl.v1.TokenSelfResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "TokenSelf"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.acl.v1.TokenSelfRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.acl.v1.TokenSelfResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AclServiceMethodDescriptorSupplier("TokenSelf"))
              .build();
        }
      }
    }
    return getTokenSelfMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.acl.v1.CloneTokenRequest,
      io.roster.acl.v1.CloneTokenResponse> getCloneTokenMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CloneToken",
      requestType = io.roster.acl.v1.CloneTokenRequest.class,
      responseType = io.roster.acl.v1.CloneTokenResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.acl.v1.CloneTokenRequest,
      io.roster.acl.v1.CloneTokenResponse> getCloneTokenMethod() {
    io.grpc.MethodDescriptor<io.roster.acl.v1.CloneTokenRequest, io.roster.acl.v1.CloneTokenResponse> getCloneTokenMethod;
    if ((getCloneTokenMethod = AclServiceGrpc.getCloneTokenMethod) == null) {
      synchronized (AclServiceGrpc.class) {
        if ((getCloneTokenMethod = AclServiceGrpc.getCloneTokenMethod) == null) {
          AclServiceGrpc.getCloneTokenMethod = getCloneTokenMethod =
              io.grpc.MethodDescriptor.<io.roster.acl.v1.CloneTokenRequest, io.roster.acl.v1.CloneTokenResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CloneToken"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.acl.v1.CloneTokenRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.acl.v1.CloneTokenResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AclServiceMethodDescriptorSupplier("CloneToken"))
              .build();
        }
      }
    }
    return getCloneTokenMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.acl.v1.DeleteTokenRequest,
      io.roster.acl.v1.DeleteTokenResponse> getDeleteTokenMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteToken",
      requestType = io.roster.acl.v1.DeleteTokenRequest.class,
      responseType = io.roster.acl.v1.DeleteTokenResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.acl.v1.DeleteTokenRequest,
      io.roster.acl.v1.DeleteTokenResponse> getDeleteTokenMethod() {
    io.grpc.MethodDescriptor<io.roster.acl.v1.DeleteTokenRequest, io.roster.acl.v1.DeleteTokenResponse> getDeleteTokenMethod;
    if ((getDeleteTokenMethod = AclServiceGrpc.getDeleteTokenMethod) == null) {
      synchronized (AclServiceGrpc.class) {
        if ((getDeleteTokenMethod = AclServiceGrpc.getDeleteTokenMethod) == null) {
          AclServiceGrpc.getDeleteTokenMethod = getDeleteTokenMethod =
              io.grpc.MethodDescriptor.<io.roster.acl.v1.DeleteTokenRequest, io.roster.acl.v1.DeleteTokenResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteToken"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.acl.v1.DeleteTokenRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.acl.v1.DeleteTokenResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AclServiceMethodDescriptorSupplier("DeleteToken"))
              .build();
        }
      }
    }
    return getDeleteTokenMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.acl.v1.ListTokensRequest,
      io.roster.acl.v1.ListTokensResponse> getListTokensMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListTokens",
      requestType = io.roster.acl.v1.ListTokensRequest.class,
      responseType = io.roster.acl.v1.ListTokensResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.acl.v1.ListTokensRequest,
      io.roster.acl.v1.ListTokensResponse> getListTokensMethod() {
    io.grpc.MethodDescriptor<io.roster.acl.v1.ListTokensRequest, io.roster.acl.v1.ListTokensResponse> getListTokensMethod;
    if ((getListTokensMethod = AclServiceGrpc.getListTokensMethod) == null) {
      synchronized (AclServiceGrpc.class) {
        if ((getListTokensMethod = AclServiceGrpc.getListTokensMethod) == null) {
          AclServiceGrpc.getListTokensMethod = getListTokensMethod =
              io.grpc.MethodDescriptor.<io.roster.acl.v1.ListTokensRequest, io.roster.acl.v1.ListTokensResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListTokens"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.acl.v1.ListTokensRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.acl.v1.ListTokensResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AclServiceMethodDescriptorSupplier("ListTokens"))
              .build();
        }
      }
    }
    return getListTokensMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.acl.v1.CreatePolicyRequest,
      io.roster.acl.v1.CreatePolicyResponse> getCreatePolicyMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreatePolicy",
      requestType = io.roster.acl.v1.CreatePolicyRequest.class,
      responseType = io.roster.acl.v1.CreatePolicyResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.acl.v1.CreatePolicyRequest,
      io.roster.acl.v1.CreatePolicyResponse> getCreatePolicyMethod() {
    io.grpc.MethodDescriptor<io.roster.acl.v1.CreatePolicyRequest, io.roster.acl.v1.CreatePolicyResponse> getCreatePolicyMethod;
    if ((getCreatePolicyMethod = AclServiceGrpc.getCreatePolicyMethod) == null) {
      synchronized (AclServiceGrpc.class) {
        if ((getCreatePolicyMethod = AclServiceGrpc.getCreatePolicyMethod) == null) {
          AclServiceGrpc.getCreatePolicyMethod = getCreatePolicyMethod =
              io.grpc.MethodDescriptor.<io.roster.acl.v1.CreatePolicyRequest, io.roster.acl.v1.CreatePolicyResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreatePolicy"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.acl.v1.CreatePolicyRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.acl.v1.CreatePolicyResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AclServiceMethodDescriptorSupplier("CreatePolicy"))
              .build();
        }
      }
    }
    return getCreatePolicyMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.acl.v1.UpdatePolicyRequest,
      io.roster.acl.v1.UpdatePolicyResponse> getUpdatePolicyMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "UpdatePolicy",
      requestType = io.roster.acl.v1.UpdatePolicyRequest.class,
      responseType = io.roster.acl.v1.UpdatePolicyResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.acl.v1.UpdatePolicyRequest,
      io.roster.acl.v1.UpdatePolicyResponse> getUpdatePolicyMethod() {
    io.grpc.MethodDescriptor<io.roster.acl.v1.UpdatePolicyRequest, io.roster.acl.v1.UpdatePolicyResponse> getUpdatePolicyMethod;
    if ((getUpdatePolicyMethod = AclServiceGrpc.getUpdatePolicyMethod) == null) {
      synchronized (AclServiceGrpc.class) {
        if ((getUpdatePolicyMethod = AclServiceGrpc.getUpdatePolicyMethod) == null) {
          AclServiceGrpc.getUpdatePolicyMethod = getUpdatePolicyMethod =
              io.grpc.MethodDescriptor.<io.roster.acl.v1.UpdatePolicyRequest, io.roster.acl.v1.UpdatePolicyResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "UpdatePolicy"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.acl.v1.UpdatePolicyRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.acl.v1.UpdatePolicyResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AclServiceMethodDescriptorSupplier("UpdatePolicy"))
              .build();
        }
      }
    }
    return getUpdatePolicyMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.acl.v1.ReadPolicyRequest,
      io.roster.acl.v1.ReadPolicyResponse> getReadPolicyMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ReadPolicy",
      requestType = io.roster.acl.v1.ReadPolicyRequest.class,
      responseType = io.roster.acl.v1.ReadPolicyResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.acl.v1.ReadPolicyRequest,
      io.roster.acl.v1.ReadPolicyResponse> getReadPolicyMethod() {
    io.grpc.MethodDescriptor<io.roster.acl.v1.ReadPolicyRequest, io.roster.acl.v1.ReadPolicyResponse> getReadPolicyMethod;
    if ((getReadPolicyMethod = AclServiceGrpc.getReadPolicyMethod) == null) {
      synchronized (AclServiceGrpc.class) {
        if ((getReadPolicyMethod = AclServiceGrpc.getReadPolicyMethod) == null) {
          AclServiceGrpc.getReadPolicyMethod = getReadPolicyMethod =
              io.grpc.MethodDescriptor.<io.roster.acl.v1.ReadPolicyRequest, io.roster.acl.v1.ReadPolicyResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ReadPolicy"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.acl.v1.ReadPolicyRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.acl.v1.ReadPolicyResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AclServiceMethodDescriptorSupplier("ReadPolicy"))
              .build();
        }
      }
    }
    return getReadPolicyMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.acl.v1.DeletePolicyRequest,
      io.roster.acl.v1.DeletePolicyResponse> getDeletePolicyMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeletePolicy",
      requestType = io.roster.acl.v1.DeletePolicyRequest.class,
      responseType = io.roster.acl.v1.DeletePolicyResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.acl.v1.DeletePolicyRequest,
      io.roster.acl.v1.DeletePolicyResponse> getDeletePolicyMethod() {
    io.grpc.MethodDescriptor<io.roster.acl.v1.DeletePolicyRequest, io.roster.acl.v1.DeletePolicyResponse> getDeletePolicyMethod;
    if ((getDeletePolicyMethod = AclServiceGrpc.getDeletePolicyMethod) == null) {
      synchronized (AclServiceGrpc.class) {
        if ((getDeletePolicyMethod = AclServiceGrpc.getDeletePolicyMethod) == null) {
          AclServiceGrpc.getDeletePolicyMethod = getDeletePolicyMethod =
              io.grpc.MethodDescriptor.<io.roster.acl.v1.DeletePolicyRequest, io.roster.acl.v1.DeletePolicyResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeletePolicy"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.acl.v1.DeletePolicyRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.acl.v1.DeletePolicyResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AclServiceMethodDescriptorSupplier("DeletePolicy"))
              .build();
        }
      }
    }
    return getDeletePolicyMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.acl.v1.ListPoliciesRequest,
      io.roster.acl.v1.ListPoliciesResponse> getListPoliciesMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListPolicies",
      requestType = io.roster.acl.v1.ListPoliciesRequest.class,
      responseType = io.roster.acl.v1.ListPoliciesResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.acl.v1.ListPoliciesRequest,
      io.roster.acl.v1.ListPoliciesResponse> getListPoliciesMethod() {
    io.grpc.MethodDescriptor<io.roster.acl.v1.ListPoliciesRequest, io.roster.acl.v1.ListPoliciesResponse> getListPoliciesMethod;
    if ((getListPoliciesMethod = AclServiceGrpc.getListPoliciesMethod) == null) {
      synchronized (AclServiceGrpc.class) {
        if ((getListPoliciesMethod = AclServiceGrpc.getListPoliciesMethod) == null) {
          AclServiceGrpc.getListPoliciesMethod = getListPoliciesMethod =
              io.grpc.MethodDescriptor.<io.roster.acl.v1.ListPoliciesRequest, io.roster.acl.v1.ListPoliciesResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListPolicies"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.acl.v1.ListPoliciesRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.acl.v1.ListPoliciesResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AclServiceMethodDescriptorSupplier("ListPolicies"))
              .build();
        }
      }
    }
    return getListPoliciesMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.acl.v1.CreateRoleRequest,
      io.roster.acl.v1.CreateRoleResponse> getCreateRoleMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateRole",
      requestType = io.roster.acl.v1.CreateRoleRequest.class,
      responseType = io.roster.acl.v1.CreateRoleResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.acl.v1.CreateRoleRequest,
      io.roster.acl.v1.CreateRoleResponse> getCreateRoleMethod() {
    io.grpc.MethodDescriptor<io.roster.acl.v1.CreateRoleRequest, io.roster.acl.v1.CreateRoleResponse> getCreateRoleMethod;
    if ((getCreateRoleMethod = AclServiceGrpc.getCreateRoleMethod) == null) {
      synchronized (AclServiceGrpc.class) {
        if ((getCreateRoleMethod = AclServiceGrpc.getCreateRoleMethod) == null) {
          AclServiceGrpc.getCreateRoleMethod = getCreateRoleMethod =
              io.grpc.MethodDescriptor.<io.roster.acl.v1.CreateRoleRequest, io.roster.acl.v1.CreateRoleResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateRole"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.acl.v1.CreateRoleRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.acl.v1.CreateRoleResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AclServiceMethodDescriptorSupplier("CreateRole"))
              .build();
        }
      }
    }
    return getCreateRoleMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.acl.v1.UpdateRoleRequest,
      io.roster.acl.v1.UpdateRoleResponse> getUpdateRoleMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "UpdateRole",
      requestType = io.roster.acl.v1.UpdateRoleRequest.class,
      responseType = io.roster.acl.v1.UpdateRoleResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.acl.v1.UpdateRoleRequest,
      io.roster.acl.v1.UpdateRoleResponse> getUpdateRoleMethod() {
    io.grpc.MethodDescriptor<io.roster.acl.v1.UpdateRoleRequest, io.roster.acl.v1.UpdateRoleResponse> getUpdateRoleMethod;
    if ((getUpdateRoleMethod = AclServiceGrpc.getUpdateRoleMethod) == null) {
      synchronized (AclServiceGrpc.class) {
        if ((getUpdateRoleMethod = AclServiceGrpc.getUpdateRoleMethod) == null) {
          AclServiceGrpc.getUpdateRoleMethod = getUpdateRoleMethod =
              io.grpc.MethodDescriptor.<io.roster.acl.v1.UpdateRoleRequest, io.roster.acl.v1.UpdateRoleResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "UpdateRole"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.acl.v1.UpdateRoleRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.acl.v1.UpdateRoleResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AclServiceMethodDescriptorSupplier("UpdateRole"))
              .build();
        }
      }
    }
    return getUpdateRoleMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.acl.v1.ReadRoleRequest,
      io.roster.acl.v1.ReadRoleResponse> getReadRoleMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ReadRole",
      requestType = io.roster.acl.v1.ReadRoleRequest.class,
      responseType = io.roster.acl.v1.ReadRoleResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.acl.v1.ReadRoleRequest,
      io.roster.acl.v1.ReadRoleResponse> getReadRoleMethod() {
    io.grpc.MethodDescriptor<io.roster.acl.v1.ReadRoleRequest, io.roster.acl.v1.ReadRoleResponse> getReadRoleMethod;
    if ((getReadRoleMethod = AclServiceGrpc.getReadRoleMethod) == null) {
      synchronized (AclServiceGrpc.class) {
        if ((getReadRoleMethod = AclServiceGrpc.getReadRoleMethod) == null) {
          AclServiceGrpc.getReadRoleMethod = getReadRoleMethod =
              io.grpc.MethodDescriptor.<io.roster.acl.v1.ReadRoleRequest, io.roster.acl.v1.ReadRoleResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ReadRole"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.acl.v1.ReadRoleRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.acl.v1.ReadRoleResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AclServiceMethodDescriptorSupplier("ReadRole"))
              .build();
        }
      }
    }
    return getReadRoleMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.acl.v1.DeleteRoleRequest,
      io.roster.acl.v1.DeleteRoleResponse> getDeleteRoleMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteRole",
      requestType = io.roster.acl.v1.DeleteRoleRequest.class,
      responseType = io.roster.acl.v1.DeleteRoleResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.acl.v1.DeleteRoleRequest,
      io.roster.acl.v1.DeleteRoleResponse> getDeleteRoleMethod() {
    io.grpc.MethodDescriptor<io.roster.acl.v1.DeleteRoleRequest, io.roster.acl.v1.DeleteRoleResponse> getDeleteRoleMethod;
    if ((getDeleteRoleMethod = AclServiceGrpc.getDeleteRoleMethod) == null) {
      synchronized (AclServiceGrpc.class) {
        if ((getDeleteRoleMethod = AclServiceGrpc.getDeleteRoleMethod) == null) {
          AclServiceGrpc.getDeleteRoleMethod = getDeleteRoleMethod =
              io.grpc.MethodDescriptor.<io.roster.acl.v1.DeleteRoleRequest, io.roster.acl.v1.DeleteRoleResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteRole"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.acl.v1.DeleteRoleRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.acl.v1.DeleteRoleResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AclServiceMethodDescriptorSupplier("DeleteRole"))
              .build();
        }
      }
    }
    return getDeleteRoleMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.acl.v1.ListRolesRequest,
      io.roster.acl.v1.ListRolesResponse> getListRolesMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListRoles",
      requestType = io.roster.acl.v1.ListRolesRequest.class,
      responseType = io.roster.acl.v1.ListRolesResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.acl.v1.ListRolesRequest,
      io.roster.acl.v1.ListRolesResponse> getListRolesMethod() {
    io.grpc.MethodDescriptor<io.roster.acl.v1.ListRolesRequest, io.roster.acl.v1.ListRolesResponse> getListRolesMethod;
    if ((getListRolesMethod = AclServiceGrpc.getListRolesMethod) == null) {
      synchronized (AclServiceGrpc.class) {
        if ((getListRolesMethod = AclServiceGrpc.getListRolesMethod) == null) {
          AclServiceGrpc.getListRolesMethod = getListRolesMethod =
              io.grpc.MethodDescriptor.<io.roster.acl.v1.ListRolesRequest, io.roster.acl.v1.ListRolesResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListRoles"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.acl.v1.ListRolesRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.acl.v1.ListRolesResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AclServiceMethodDescriptorSupplier("ListRoles"))
              .build();
        }
      }
    }
    return getListRolesMethod;
  }

  private static volatile io.grpc.MethodDescriptor<io.roster.acl.v1.ResolveRequest,
      io.roster.acl.v1.ResolveResponse> getResolveMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Resolve",
      requestType = io.roster.acl.v1.ResolveRequest.class,
      responseType = io.roster.acl.v1.ResolveResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.roster.acl.v1.ResolveRequest,
      io.roster.acl.v1.ResolveResponse> getResolveMethod() {
    io.grpc.MethodDescriptor<io.roster.acl.v1.ResolveRequest, io.roster.acl.v1.ResolveResponse> getResolveMethod;
    if ((getResolveMethod = AclServiceGrpc.getResolveMethod) == null) {
      synchronized (AclServiceGrpc.class) {
        if ((getResolveMethod = AclServiceGrpc.getResolveMethod) == null) {
          AclServiceGrpc.getResolveMethod = getResolveMethod =
              io.grpc.MethodDescriptor.<io.roster.acl.v1.ResolveRequest, io.roster.acl.v1.ResolveResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Resolve"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.acl.v1.ResolveRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.roster.acl.v1.ResolveResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AclServiceMethodDescriptorSupplier("Resolve"))
              .build();
        }
      }
    }
    return getResolveMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static AclServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AclServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AclServiceStub>() {
        @java.lang.Override
        public AclServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AclServiceStub(channel, callOptions);
        }
      };
    return AclServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static AclServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AclServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AclServiceBlockingStub>() {
        @java.lang.Override
        public AclServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AclServiceBlockingStub(channel, callOptions);
        }
      };
    return AclServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static AclServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AclServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AclServiceFutureStub>() {
        @java.lang.Override
        public AclServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AclServiceFutureStub(channel, callOptions);
        }
      };
    return AclServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * AclService manages access control: tokens, the policies they carry (rules
   * in Consul's language), and roles (named sets of policies). A request
   * names a token by its secret; the token's merged rules, or the agent's
   * default policy where no rule matches, decide what it may do. Every call
   * answers FAILED_PRECONDITION "ACL support disabled" (HTTP 401) when the
   * agent runs without ACLs. Consul: `/v1/acl/`.
   * </pre>
   */
  public static abstract class AclServiceImplBase implements io.grpc.BindableService {

    /**
     * <pre>
     * Bootstrap creates the first management token, once: later calls answer
     * PERMISSION_DENIED with the reset index. Consul: `PUT /v1/acl/bootstrap`.
     * </pre>
     */
    public void bootstrap(io.roster.acl.v1.BootstrapRequest request,
        io.grpc.stub.StreamObserver<io.roster.acl.v1.BootstrapResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getBootstrapMethod(), responseObserver);
    }

    /**
     * <pre>
     * CreateToken makes a new token. Consul: `PUT /v1/acl/token`.
     * </pre>
     */
    public void createToken(io.roster.acl.v1.CreateTokenRequest request,
        io.grpc.stub.StreamObserver<io.roster.acl.v1.CreateTokenResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateTokenMethod(), responseObserver);
    }

    /**
     * <pre>
     * UpdateToken replaces an existing token's description, links and
     * identities (its secret never changes). Consul: `PUT /v1/acl/token/&lt;id&gt;`.
     * </pre>
     */
    public void updateToken(io.roster.acl.v1.UpdateTokenRequest request,
        io.grpc.stub.StreamObserver<io.roster.acl.v1.UpdateTokenResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getUpdateTokenMethod(), responseObserver);
    }

    /**
     * <pre>
     * ReadToken reads a token by its accessor ID.
     * Consul: `GET /v1/acl/token/&lt;id&gt;`.
     * </pre>
     */
    public void readToken(io.roster.acl.v1.ReadTokenRequest request,
        io.grpc.stub.StreamObserver<io.roster.acl.v1.ReadTokenResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getReadTokenMethod(), responseObserver);
    }

    /**
     * <pre>
     * TokenSelf reads the token the request was made with.
     * Consul: `GET /v1/acl/token/self`.
     * </pre>
     */
    public void tokenSelf(io.roster.acl.v1.TokenSelfRequest request,
        io.grpc.stub.StreamObserver<io.roster.acl.v1.TokenSelfResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getTokenSelfMethod(), responseObserver);
    }

    /**
     * <pre>
     * CloneToken makes a new token with another's links and identities.
     * Consul: `PUT /v1/acl/token/&lt;id&gt;/clone`.
     * </pre>
     */
    public void cloneToken(io.roster.acl.v1.CloneTokenRequest request,
        io.grpc.stub.StreamObserver<io.roster.acl.v1.CloneTokenResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCloneTokenMethod(), responseObserver);
    }

    /**
     * <pre>
     * DeleteToken removes a token. Consul: `DELETE /v1/acl/token/&lt;id&gt;`.
     * </pre>
     */
    public void deleteToken(io.roster.acl.v1.DeleteTokenRequest request,
        io.grpc.stub.StreamObserver<io.roster.acl.v1.DeleteTokenResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteTokenMethod(), responseObserver);
    }

    /**
     * <pre>
     * ListTokens lists tokens, without their secrets.
     * Consul: `GET /v1/acl/tokens`.
     * </pre>
     */
    public void listTokens(io.roster.acl.v1.ListTokensRequest request,
        io.grpc.stub.StreamObserver<io.roster.acl.v1.ListTokensResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListTokensMethod(), responseObserver);
    }

    /**
     * <pre>
     * CreatePolicy makes a new policy. Consul: `PUT /v1/acl/policy`.
     * </pre>
     */
    public void createPolicy(io.roster.acl.v1.CreatePolicyRequest request,
        io.grpc.stub.StreamObserver<io.roster.acl.v1.CreatePolicyResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreatePolicyMethod(), responseObserver);
    }

    /**
     * <pre>
     * UpdatePolicy replaces a policy. Consul: `PUT /v1/acl/policy/&lt;id&gt;`.
     * </pre>
     */
    public void updatePolicy(io.roster.acl.v1.UpdatePolicyRequest request,
        io.grpc.stub.StreamObserver<io.roster.acl.v1.UpdatePolicyResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getUpdatePolicyMethod(), responseObserver);
    }

    /**
     * <pre>
     * ReadPolicy reads a policy by ID or name.
     * Consul: `GET /v1/acl/policy/&lt;id&gt;`, `GET /v1/acl/policy/name/&lt;name&gt;`.
     * </pre>
     */
    public void readPolicy(io.roster.acl.v1.ReadPolicyRequest request,
        io.grpc.stub.StreamObserver<io.roster.acl.v1.ReadPolicyResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getReadPolicyMethod(), responseObserver);
    }

    /**
     * <pre>
     * DeletePolicy removes a policy. Consul: `DELETE /v1/acl/policy/&lt;id&gt;`.
     * </pre>
     */
    public void deletePolicy(io.roster.acl.v1.DeletePolicyRequest request,
        io.grpc.stub.StreamObserver<io.roster.acl.v1.DeletePolicyResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeletePolicyMethod(), responseObserver);
    }

    /**
     * <pre>
     * ListPolicies lists policies, without their rules.
     * Consul: `GET /v1/acl/policies`.
     * </pre>
     */
    public void listPolicies(io.roster.acl.v1.ListPoliciesRequest request,
        io.grpc.stub.StreamObserver<io.roster.acl.v1.ListPoliciesResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListPoliciesMethod(), responseObserver);
    }

    /**
     * <pre>
     * CreateRole makes a new role. Consul: `PUT /v1/acl/role`.
     * </pre>
     */
    public void createRole(io.roster.acl.v1.CreateRoleRequest request,
        io.grpc.stub.StreamObserver<io.roster.acl.v1.CreateRoleResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateRoleMethod(), responseObserver);
    }

    /**
     * <pre>
     * UpdateRole replaces a role. Consul: `PUT /v1/acl/role/&lt;id&gt;`.
     * </pre>
     */
    public void updateRole(io.roster.acl.v1.UpdateRoleRequest request,
        io.grpc.stub.StreamObserver<io.roster.acl.v1.UpdateRoleResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getUpdateRoleMethod(), responseObserver);
    }

    /**
     * <pre>
     * ReadRole reads a role by ID or name.
     * Consul: `GET /v1/acl/role/&lt;id&gt;`, `GET /v1/acl/role/name/&lt;name&gt;`.
     * </pre>
     */
    public void readRole(io.roster.acl.v1.ReadRoleRequest request,
        io.grpc.stub.StreamObserver<io.roster.acl.v1.ReadRoleResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getReadRoleMethod(), responseObserver);
    }

    /**
     * <pre>
     * DeleteRole removes a role. Consul: `DELETE /v1/acl/role/&lt;id&gt;`.
     * </pre>
     */
    public void deleteRole(io.roster.acl.v1.DeleteRoleRequest request,
        io.grpc.stub.StreamObserver<io.roster.acl.v1.DeleteRoleResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteRoleMethod(), responseObserver);
    }

    /**
     * <pre>
     * ListRoles lists roles. Consul: `GET /v1/acl/roles`.
     * </pre>
     */
    public void listRoles(io.roster.acl.v1.ListRolesRequest request,
        io.grpc.stub.StreamObserver<io.roster.acl.v1.ListRolesResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListRolesMethod(), responseObserver);
    }

    /**
     * <pre>
     * Resolve returns what a secret grants: the token and the rules of every
     * policy it carries, directly or through roles. Agents call it to build
     * their authorizer; the secret is the credential, so no other permission
     * is needed. NOT_FOUND "ACL not found" for an unknown or expired secret.
     * </pre>
     */
    public void resolve(io.roster.acl.v1.ResolveRequest request,
        io.grpc.stub.StreamObserver<io.roster.acl.v1.ResolveResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getResolveMethod(), responseObserver);
    }

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
          .addMethod(
            getBootstrapMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.acl.v1.BootstrapRequest,
                io.roster.acl.v1.BootstrapResponse>(
                  this, METHODID_BOOTSTRAP)))
          .addMethod(
            getCreateTokenMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.acl.v1.CreateTokenRequest,
                io.roster.acl.v1.CreateTokenResponse>(
                  this, METHODID_CREATE_TOKEN)))
          .addMethod(
            getUpdateTokenMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.acl.v1.UpdateTokenRequest,
                io.roster.acl.v1.UpdateTokenResponse>(
                  this, METHODID_UPDATE_TOKEN)))
          .addMethod(
            getReadTokenMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.acl.v1.ReadTokenRequest,
                io.roster.acl.v1.ReadTokenResponse>(
                  this, METHODID_READ_TOKEN)))
          .addMethod(
            getTokenSelfMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.acl.v1.TokenSelfRequest,
                io.roster.acl.v1.TokenSelfResponse>(
                  this, METHODID_TOKEN_SELF)))
          .addMethod(
            getCloneTokenMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.acl.v1.CloneTokenRequest,
                io.roster.acl.v1.CloneTokenResponse>(
                  this, METHODID_CLONE_TOKEN)))
          .addMethod(
            getDeleteTokenMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.acl.v1.DeleteTokenRequest,
                io.roster.acl.v1.DeleteTokenResponse>(
                  this, METHODID_DELETE_TOKEN)))
          .addMethod(
            getListTokensMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.acl.v1.ListTokensRequest,
                io.roster.acl.v1.ListTokensResponse>(
                  this, METHODID_LIST_TOKENS)))
          .addMethod(
            getCreatePolicyMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.acl.v1.CreatePolicyRequest,
                io.roster.acl.v1.CreatePolicyResponse>(
                  this, METHODID_CREATE_POLICY)))
          .addMethod(
            getUpdatePolicyMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.acl.v1.UpdatePolicyRequest,
                io.roster.acl.v1.UpdatePolicyResponse>(
                  this, METHODID_UPDATE_POLICY)))
          .addMethod(
            getReadPolicyMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.acl.v1.ReadPolicyRequest,
                io.roster.acl.v1.ReadPolicyResponse>(
                  this, METHODID_READ_POLICY)))
          .addMethod(
            getDeletePolicyMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.acl.v1.DeletePolicyRequest,
                io.roster.acl.v1.DeletePolicyResponse>(
                  this, METHODID_DELETE_POLICY)))
          .addMethod(
            getListPoliciesMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.acl.v1.ListPoliciesRequest,
                io.roster.acl.v1.ListPoliciesResponse>(
                  this, METHODID_LIST_POLICIES)))
          .addMethod(
            getCreateRoleMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.acl.v1.CreateRoleRequest,
                io.roster.acl.v1.CreateRoleResponse>(
                  this, METHODID_CREATE_ROLE)))
          .addMethod(
            getUpdateRoleMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.acl.v1.UpdateRoleRequest,
                io.roster.acl.v1.UpdateRoleResponse>(
                  this, METHODID_UPDATE_ROLE)))
          .addMethod(
            getReadRoleMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.acl.v1.ReadRoleRequest,
                io.roster.acl.v1.ReadRoleResponse>(
                  this, METHODID_READ_ROLE)))
          .addMethod(
            getDeleteRoleMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.acl.v1.DeleteRoleRequest,
                io.roster.acl.v1.DeleteRoleResponse>(
                  this, METHODID_DELETE_ROLE)))
          .addMethod(
            getListRolesMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.acl.v1.ListRolesRequest,
                io.roster.acl.v1.ListRolesResponse>(
                  this, METHODID_LIST_ROLES)))
          .addMethod(
            getResolveMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                io.roster.acl.v1.ResolveRequest,
                io.roster.acl.v1.ResolveResponse>(
                  this, METHODID_RESOLVE)))
          .build();
    }
  }

  /**
   * <pre>
   * AclService manages access control: tokens, the policies they carry (rules
   * in Consul's language), and roles (named sets of policies). A request
   * names a token by its secret; the token's merged rules, or the agent's
   * default policy where no rule matches, decide what it may do. Every call
   * answers FAILED_PRECONDITION "ACL support disabled" (HTTP 401) when the
   * agent runs without ACLs. Consul: `/v1/acl/`.
   * </pre>
   */
  public static final class AclServiceStub extends io.grpc.stub.AbstractAsyncStub<AclServiceStub> {
    private AclServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AclServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AclServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Bootstrap creates the first management token, once: later calls answer
     * PERMISSION_DENIED with the reset index. Consul: `PUT /v1/acl/bootstrap`.
     * </pre>
     */
    public void bootstrap(io.roster.acl.v1.BootstrapRequest request,
        io.grpc.stub.StreamObserver<io.roster.acl.v1.BootstrapResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getBootstrapMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * CreateToken makes a new token. Consul: `PUT /v1/acl/token`.
     * </pre>
     */
    public void createToken(io.roster.acl.v1.CreateTokenRequest request,
        io.grpc.stub.StreamObserver<io.roster.acl.v1.CreateTokenResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateTokenMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * UpdateToken replaces an existing token's description, links and
     * identities (its secret never changes). Consul: `PUT /v1/acl/token/&lt;id&gt;`.
     * </pre>
     */
    public void updateToken(io.roster.acl.v1.UpdateTokenRequest request,
        io.grpc.stub.StreamObserver<io.roster.acl.v1.UpdateTokenResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getUpdateTokenMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * ReadToken reads a token by its accessor ID.
     * Consul: `GET /v1/acl/token/&lt;id&gt;`.
     * </pre>
     */
    public void readToken(io.roster.acl.v1.ReadTokenRequest request,
        io.grpc.stub.StreamObserver<io.roster.acl.v1.ReadTokenResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getReadTokenMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * TokenSelf reads the token the request was made with.
     * Consul: `GET /v1/acl/token/self`.
     * </pre>
     */
    public void tokenSelf(io.roster.acl.v1.TokenSelfRequest request,
        io.grpc.stub.StreamObserver<io.roster.acl.v1.TokenSelfResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getTokenSelfMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * CloneToken makes a new token with another's links and identities.
     * Consul: `PUT /v1/acl/token/&lt;id&gt;/clone`.
     * </pre>
     */
    public void cloneToken(io.roster.acl.v1.CloneTokenRequest request,
        io.grpc.stub.StreamObserver<io.roster.acl.v1.CloneTokenResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCloneTokenMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * DeleteToken removes a token. Consul: `DELETE /v1/acl/token/&lt;id&gt;`.
     * </pre>
     */
    public void deleteToken(io.roster.acl.v1.DeleteTokenRequest request,
        io.grpc.stub.StreamObserver<io.roster.acl.v1.DeleteTokenResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteTokenMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * ListTokens lists tokens, without their secrets.
     * Consul: `GET /v1/acl/tokens`.
     * </pre>
     */
    public void listTokens(io.roster.acl.v1.ListTokensRequest request,
        io.grpc.stub.StreamObserver<io.roster.acl.v1.ListTokensResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListTokensMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * CreatePolicy makes a new policy. Consul: `PUT /v1/acl/policy`.
     * </pre>
     */
    public void createPolicy(io.roster.acl.v1.CreatePolicyRequest request,
        io.grpc.stub.StreamObserver<io.roster.acl.v1.CreatePolicyResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreatePolicyMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * UpdatePolicy replaces a policy. Consul: `PUT /v1/acl/policy/&lt;id&gt;`.
     * </pre>
     */
    public void updatePolicy(io.roster.acl.v1.UpdatePolicyRequest request,
        io.grpc.stub.StreamObserver<io.roster.acl.v1.UpdatePolicyResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getUpdatePolicyMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * ReadPolicy reads a policy by ID or name.
     * Consul: `GET /v1/acl/policy/&lt;id&gt;`, `GET /v1/acl/policy/name/&lt;name&gt;`.
     * </pre>
     */
    public void readPolicy(io.roster.acl.v1.ReadPolicyRequest request,
        io.grpc.stub.StreamObserver<io.roster.acl.v1.ReadPolicyResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getReadPolicyMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * DeletePolicy removes a policy. Consul: `DELETE /v1/acl/policy/&lt;id&gt;`.
     * </pre>
     */
    public void deletePolicy(io.roster.acl.v1.DeletePolicyRequest request,
        io.grpc.stub.StreamObserver<io.roster.acl.v1.DeletePolicyResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeletePolicyMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * ListPolicies lists policies, without their rules.
     * Consul: `GET /v1/acl/policies`.
     * </pre>
     */
    public void listPolicies(io.roster.acl.v1.ListPoliciesRequest request,
        io.grpc.stub.StreamObserver<io.roster.acl.v1.ListPoliciesResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListPoliciesMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * CreateRole makes a new role. Consul: `PUT /v1/acl/role`.
     * </pre>
     */
    public void createRole(io.roster.acl.v1.CreateRoleRequest request,
        io.grpc.stub.StreamObserver<io.roster.acl.v1.CreateRoleResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateRoleMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * UpdateRole replaces a role. Consul: `PUT /v1/acl/role/&lt;id&gt;`.
     * </pre>
     */
    public void updateRole(io.roster.acl.v1.UpdateRoleRequest request,
        io.grpc.stub.StreamObserver<io.roster.acl.v1.UpdateRoleResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getUpdateRoleMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * ReadRole reads a role by ID or name.
     * Consul: `GET /v1/acl/role/&lt;id&gt;`, `GET /v1/acl/role/name/&lt;name&gt;`.
     * </pre>
     */
    public void readRole(io.roster.acl.v1.ReadRoleRequest request,
        io.grpc.stub.StreamObserver<io.roster.acl.v1.ReadRoleResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getReadRoleMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * DeleteRole removes a role. Consul: `DELETE /v1/acl/role/&lt;id&gt;`.
     * </pre>
     */
    public void deleteRole(io.roster.acl.v1.DeleteRoleRequest request,
        io.grpc.stub.StreamObserver<io.roster.acl.v1.DeleteRoleResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteRoleMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * ListRoles lists roles. Consul: `GET /v1/acl/roles`.
     * </pre>
     */
    public void listRoles(io.roster.acl.v1.ListRolesRequest request,
        io.grpc.stub.StreamObserver<io.roster.acl.v1.ListRolesResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListRolesMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Resolve returns what a secret grants: the token and the rules of every
     * policy it carries, directly or through roles. Agents call it to build
     * their authorizer; the secret is the credential, so no other permission
     * is needed. NOT_FOUND "ACL not found" for an unknown or expired secret.
     * </pre>
     */
    public void resolve(io.roster.acl.v1.ResolveRequest request,
        io.grpc.stub.StreamObserver<io.roster.acl.v1.ResolveResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getResolveMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * <pre>
   * AclService manages access control: tokens, the policies they carry (rules
   * in Consul's language), and roles (named sets of policies). A request
   * names a token by its secret; the token's merged rules, or the agent's
   * default policy where no rule matches, decide what it may do. Every call
   * answers FAILED_PRECONDITION "ACL support disabled" (HTTP 401) when the
   * agent runs without ACLs. Consul: `/v1/acl/`.
   * </pre>
   */
  public static final class AclServiceBlockingStub extends io.grpc.stub.AbstractBlockingStub<AclServiceBlockingStub> {
    private AclServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AclServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AclServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Bootstrap creates the first management token, once: later calls answer
     * PERMISSION_DENIED with the reset index. Consul: `PUT /v1/acl/bootstrap`.
     * </pre>
     */
    public io.roster.acl.v1.BootstrapResponse bootstrap(io.roster.acl.v1.BootstrapRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getBootstrapMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * CreateToken makes a new token. Consul: `PUT /v1/acl/token`.
     * </pre>
     */
    public io.roster.acl.v1.CreateTokenResponse createToken(io.roster.acl.v1.CreateTokenRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateTokenMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * UpdateToken replaces an existing token's description, links and
     * identities (its secret never changes). Consul: `PUT /v1/acl/token/&lt;id&gt;`.
     * </pre>
     */
    public io.roster.acl.v1.UpdateTokenResponse updateToken(io.roster.acl.v1.UpdateTokenRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getUpdateTokenMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ReadToken reads a token by its accessor ID.
     * Consul: `GET /v1/acl/token/&lt;id&gt;`.
     * </pre>
     */
    public io.roster.acl.v1.ReadTokenResponse readToken(io.roster.acl.v1.ReadTokenRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getReadTokenMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * TokenSelf reads the token the request was made with.
     * Consul: `GET /v1/acl/token/self`.
     * </pre>
     */
    public io.roster.acl.v1.TokenSelfResponse tokenSelf(io.roster.acl.v1.TokenSelfRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getTokenSelfMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * CloneToken makes a new token with another's links and identities.
     * Consul: `PUT /v1/acl/token/&lt;id&gt;/clone`.
     * </pre>
     */
    public io.roster.acl.v1.CloneTokenResponse cloneToken(io.roster.acl.v1.CloneTokenRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCloneTokenMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * DeleteToken removes a token. Consul: `DELETE /v1/acl/token/&lt;id&gt;`.
     * </pre>
     */
    public io.roster.acl.v1.DeleteTokenResponse deleteToken(io.roster.acl.v1.DeleteTokenRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteTokenMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ListTokens lists tokens, without their secrets.
     * Consul: `GET /v1/acl/tokens`.
     * </pre>
     */
    public io.roster.acl.v1.ListTokensResponse listTokens(io.roster.acl.v1.ListTokensRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListTokensMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * CreatePolicy makes a new policy. Consul: `PUT /v1/acl/policy`.
     * </pre>
     */
    public io.roster.acl.v1.CreatePolicyResponse createPolicy(io.roster.acl.v1.CreatePolicyRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreatePolicyMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * UpdatePolicy replaces a policy. Consul: `PUT /v1/acl/policy/&lt;id&gt;`.
     * </pre>
     */
    public io.roster.acl.v1.UpdatePolicyResponse updatePolicy(io.roster.acl.v1.UpdatePolicyRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getUpdatePolicyMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ReadPolicy reads a policy by ID or name.
     * Consul: `GET /v1/acl/policy/&lt;id&gt;`, `GET /v1/acl/policy/name/&lt;name&gt;`.
     * </pre>
     */
    public io.roster.acl.v1.ReadPolicyResponse readPolicy(io.roster.acl.v1.ReadPolicyRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getReadPolicyMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * DeletePolicy removes a policy. Consul: `DELETE /v1/acl/policy/&lt;id&gt;`.
     * </pre>
     */
    public io.roster.acl.v1.DeletePolicyResponse deletePolicy(io.roster.acl.v1.DeletePolicyRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeletePolicyMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ListPolicies lists policies, without their rules.
     * Consul: `GET /v1/acl/policies`.
     * </pre>
     */
    public io.roster.acl.v1.ListPoliciesResponse listPolicies(io.roster.acl.v1.ListPoliciesRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListPoliciesMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * CreateRole makes a new role. Consul: `PUT /v1/acl/role`.
     * </pre>
     */
    public io.roster.acl.v1.CreateRoleResponse createRole(io.roster.acl.v1.CreateRoleRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateRoleMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * UpdateRole replaces a role. Consul: `PUT /v1/acl/role/&lt;id&gt;`.
     * </pre>
     */
    public io.roster.acl.v1.UpdateRoleResponse updateRole(io.roster.acl.v1.UpdateRoleRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getUpdateRoleMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ReadRole reads a role by ID or name.
     * Consul: `GET /v1/acl/role/&lt;id&gt;`, `GET /v1/acl/role/name/&lt;name&gt;`.
     * </pre>
     */
    public io.roster.acl.v1.ReadRoleResponse readRole(io.roster.acl.v1.ReadRoleRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getReadRoleMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * DeleteRole removes a role. Consul: `DELETE /v1/acl/role/&lt;id&gt;`.
     * </pre>
     */
    public io.roster.acl.v1.DeleteRoleResponse deleteRole(io.roster.acl.v1.DeleteRoleRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteRoleMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ListRoles lists roles. Consul: `GET /v1/acl/roles`.
     * </pre>
     */
    public io.roster.acl.v1.ListRolesResponse listRoles(io.roster.acl.v1.ListRolesRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListRolesMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Resolve returns what a secret grants: the token and the rules of every
     * policy it carries, directly or through roles. Agents call it to build
     * their authorizer; the secret is the credential, so no other permission
     * is needed. NOT_FOUND "ACL not found" for an unknown or expired secret.
     * </pre>
     */
    public io.roster.acl.v1.ResolveResponse resolve(io.roster.acl.v1.ResolveRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getResolveMethod(), getCallOptions(), request);
    }
  }

  /**
   * <pre>
   * AclService manages access control: tokens, the policies they carry (rules
   * in Consul's language), and roles (named sets of policies). A request
   * names a token by its secret; the token's merged rules, or the agent's
   * default policy where no rule matches, decide what it may do. Every call
   * answers FAILED_PRECONDITION "ACL support disabled" (HTTP 401) when the
   * agent runs without ACLs. Consul: `/v1/acl/`.
   * </pre>
   */
  public static final class AclServiceFutureStub extends io.grpc.stub.AbstractFutureStub<AclServiceFutureStub> {
    private AclServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AclServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AclServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Bootstrap creates the first management token, once: later calls answer
     * PERMISSION_DENIED with the reset index. Consul: `PUT /v1/acl/bootstrap`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.acl.v1.BootstrapResponse> bootstrap(
        io.roster.acl.v1.BootstrapRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getBootstrapMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * CreateToken makes a new token. Consul: `PUT /v1/acl/token`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.acl.v1.CreateTokenResponse> createToken(
        io.roster.acl.v1.CreateTokenRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateTokenMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * UpdateToken replaces an existing token's description, links and
     * identities (its secret never changes). Consul: `PUT /v1/acl/token/&lt;id&gt;`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.acl.v1.UpdateTokenResponse> updateToken(
        io.roster.acl.v1.UpdateTokenRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getUpdateTokenMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * ReadToken reads a token by its accessor ID.
     * Consul: `GET /v1/acl/token/&lt;id&gt;`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.acl.v1.ReadTokenResponse> readToken(
        io.roster.acl.v1.ReadTokenRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getReadTokenMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * TokenSelf reads the token the request was made with.
     * Consul: `GET /v1/acl/token/self`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.acl.v1.TokenSelfResponse> tokenSelf(
        io.roster.acl.v1.TokenSelfRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getTokenSelfMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * CloneToken makes a new token with another's links and identities.
     * Consul: `PUT /v1/acl/token/&lt;id&gt;/clone`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.acl.v1.CloneTokenResponse> cloneToken(
        io.roster.acl.v1.CloneTokenRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCloneTokenMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * DeleteToken removes a token. Consul: `DELETE /v1/acl/token/&lt;id&gt;`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.acl.v1.DeleteTokenResponse> deleteToken(
        io.roster.acl.v1.DeleteTokenRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteTokenMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * ListTokens lists tokens, without their secrets.
     * Consul: `GET /v1/acl/tokens`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.acl.v1.ListTokensResponse> listTokens(
        io.roster.acl.v1.ListTokensRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListTokensMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * CreatePolicy makes a new policy. Consul: `PUT /v1/acl/policy`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.acl.v1.CreatePolicyResponse> createPolicy(
        io.roster.acl.v1.CreatePolicyRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreatePolicyMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * UpdatePolicy replaces a policy. Consul: `PUT /v1/acl/policy/&lt;id&gt;`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.acl.v1.UpdatePolicyResponse> updatePolicy(
        io.roster.acl.v1.UpdatePolicyRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getUpdatePolicyMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * ReadPolicy reads a policy by ID or name.
     * Consul: `GET /v1/acl/policy/&lt;id&gt;`, `GET /v1/acl/policy/name/&lt;name&gt;`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.acl.v1.ReadPolicyResponse> readPolicy(
        io.roster.acl.v1.ReadPolicyRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getReadPolicyMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * DeletePolicy removes a policy. Consul: `DELETE /v1/acl/policy/&lt;id&gt;`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.acl.v1.DeletePolicyResponse> deletePolicy(
        io.roster.acl.v1.DeletePolicyRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeletePolicyMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * ListPolicies lists policies, without their rules.
     * Consul: `GET /v1/acl/policies`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.acl.v1.ListPoliciesResponse> listPolicies(
        io.roster.acl.v1.ListPoliciesRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListPoliciesMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * CreateRole makes a new role. Consul: `PUT /v1/acl/role`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.acl.v1.CreateRoleResponse> createRole(
        io.roster.acl.v1.CreateRoleRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateRoleMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * UpdateRole replaces a role. Consul: `PUT /v1/acl/role/&lt;id&gt;`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.acl.v1.UpdateRoleResponse> updateRole(
        io.roster.acl.v1.UpdateRoleRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getUpdateRoleMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * ReadRole reads a role by ID or name.
     * Consul: `GET /v1/acl/role/&lt;id&gt;`, `GET /v1/acl/role/name/&lt;name&gt;`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.acl.v1.ReadRoleResponse> readRole(
        io.roster.acl.v1.ReadRoleRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getReadRoleMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * DeleteRole removes a role. Consul: `DELETE /v1/acl/role/&lt;id&gt;`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.acl.v1.DeleteRoleResponse> deleteRole(
        io.roster.acl.v1.DeleteRoleRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteRoleMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * ListRoles lists roles. Consul: `GET /v1/acl/roles`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.acl.v1.ListRolesResponse> listRoles(
        io.roster.acl.v1.ListRolesRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListRolesMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Resolve returns what a secret grants: the token and the rules of every
     * policy it carries, directly or through roles. Agents call it to build
     * their authorizer; the secret is the credential, so no other permission
     * is needed. NOT_FOUND "ACL not found" for an unknown or expired secret.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<io.roster.acl.v1.ResolveResponse> resolve(
        io.roster.acl.v1.ResolveRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getResolveMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_BOOTSTRAP = 0;
  private static final int METHODID_CREATE_TOKEN = 1;
  private static final int METHODID_UPDATE_TOKEN = 2;
  private static final int METHODID_READ_TOKEN = 3;
  private static final int METHODID_TOKEN_SELF = 4;
  private static final int METHODID_CLONE_TOKEN = 5;
  private static final int METHODID_DELETE_TOKEN = 6;
  private static final int METHODID_LIST_TOKENS = 7;
  private static final int METHODID_CREATE_POLICY = 8;
  private static final int METHODID_UPDATE_POLICY = 9;
  private static final int METHODID_READ_POLICY = 10;
  private static final int METHODID_DELETE_POLICY = 11;
  private static final int METHODID_LIST_POLICIES = 12;
  private static final int METHODID_CREATE_ROLE = 13;
  private static final int METHODID_UPDATE_ROLE = 14;
  private static final int METHODID_READ_ROLE = 15;
  private static final int METHODID_DELETE_ROLE = 16;
  private static final int METHODID_LIST_ROLES = 17;
  private static final int METHODID_RESOLVE = 18;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final AclServiceImplBase serviceImpl;
    private final int methodId;

    MethodHandlers(AclServiceImplBase serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_BOOTSTRAP:
          serviceImpl.bootstrap((io.roster.acl.v1.BootstrapRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.acl.v1.BootstrapResponse>) responseObserver);
          break;
        case METHODID_CREATE_TOKEN:
          serviceImpl.createToken((io.roster.acl.v1.CreateTokenRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.acl.v1.CreateTokenResponse>) responseObserver);
          break;
        case METHODID_UPDATE_TOKEN:
          serviceImpl.updateToken((io.roster.acl.v1.UpdateTokenRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.acl.v1.UpdateTokenResponse>) responseObserver);
          break;
        case METHODID_READ_TOKEN:
          serviceImpl.readToken((io.roster.acl.v1.ReadTokenRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.acl.v1.ReadTokenResponse>) responseObserver);
          break;
        case METHODID_TOKEN_SELF:
          serviceImpl.tokenSelf((io.roster.acl.v1.TokenSelfRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.acl.v1.TokenSelfResponse>) responseObserver);
          break;
        case METHODID_CLONE_TOKEN:
          serviceImpl.cloneToken((io.roster.acl.v1.CloneTokenRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.acl.v1.CloneTokenResponse>) responseObserver);
          break;
        case METHODID_DELETE_TOKEN:
          serviceImpl.deleteToken((io.roster.acl.v1.DeleteTokenRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.acl.v1.DeleteTokenResponse>) responseObserver);
          break;
        case METHODID_LIST_TOKENS:
          serviceImpl.listTokens((io.roster.acl.v1.ListTokensRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.acl.v1.ListTokensResponse>) responseObserver);
          break;
        case METHODID_CREATE_POLICY:
          serviceImpl.createPolicy((io.roster.acl.v1.CreatePolicyRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.acl.v1.CreatePolicyResponse>) responseObserver);
          break;
        case METHODID_UPDATE_POLICY:
          serviceImpl.updatePolicy((io.roster.acl.v1.UpdatePolicyRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.acl.v1.UpdatePolicyResponse>) responseObserver);
          break;
        case METHODID_READ_POLICY:
          serviceImpl.readPolicy((io.roster.acl.v1.ReadPolicyRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.acl.v1.ReadPolicyResponse>) responseObserver);
          break;
        case METHODID_DELETE_POLICY:
          serviceImpl.deletePolicy((io.roster.acl.v1.DeletePolicyRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.acl.v1.DeletePolicyResponse>) responseObserver);
          break;
        case METHODID_LIST_POLICIES:
          serviceImpl.listPolicies((io.roster.acl.v1.ListPoliciesRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.acl.v1.ListPoliciesResponse>) responseObserver);
          break;
        case METHODID_CREATE_ROLE:
          serviceImpl.createRole((io.roster.acl.v1.CreateRoleRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.acl.v1.CreateRoleResponse>) responseObserver);
          break;
        case METHODID_UPDATE_ROLE:
          serviceImpl.updateRole((io.roster.acl.v1.UpdateRoleRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.acl.v1.UpdateRoleResponse>) responseObserver);
          break;
        case METHODID_READ_ROLE:
          serviceImpl.readRole((io.roster.acl.v1.ReadRoleRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.acl.v1.ReadRoleResponse>) responseObserver);
          break;
        case METHODID_DELETE_ROLE:
          serviceImpl.deleteRole((io.roster.acl.v1.DeleteRoleRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.acl.v1.DeleteRoleResponse>) responseObserver);
          break;
        case METHODID_LIST_ROLES:
          serviceImpl.listRoles((io.roster.acl.v1.ListRolesRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.acl.v1.ListRolesResponse>) responseObserver);
          break;
        case METHODID_RESOLVE:
          serviceImpl.resolve((io.roster.acl.v1.ResolveRequest) request,
              (io.grpc.stub.StreamObserver<io.roster.acl.v1.ResolveResponse>) responseObserver);
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

  private static abstract class AclServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    AclServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return io.roster.acl.v1.AclProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("AclService");
    }
  }

  private static final class AclServiceFileDescriptorSupplier
      extends AclServiceBaseDescriptorSupplier {
    AclServiceFileDescriptorSupplier() {}
  }

  private static final class AclServiceMethodDescriptorSupplier
      extends AclServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final String methodName;

    AclServiceMethodDescriptorSupplier(String methodName) {
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
      synchronized (AclServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new AclServiceFileDescriptorSupplier())
              .addMethod(getBootstrapMethod())
              .addMethod(getCreateTokenMethod())
              .addMethod(getUpdateTokenMethod())
              .addMethod(getReadTokenMethod())
              .addMethod(getTokenSelfMethod())
              .addMethod(getCloneTokenMethod())
              .addMethod(getDeleteTokenMethod())
              .addMethod(getListTokensMethod())
              .addMethod(getCreatePolicyMethod())
              .addMethod(getUpdatePolicyMethod())
              .addMethod(getReadPolicyMethod())
              .addMethod(getDeletePolicyMethod())
              .addMethod(getListPoliciesMethod())
              .addMethod(getCreateRoleMethod())
              .addMethod(getUpdateRoleMethod())
              .addMethod(getReadRoleMethod())
              .addMethod(getDeleteRoleMethod())
              .addMethod(getListRolesMethod())
              .addMethod(getResolveMethod())
              .build();
        }
      }
    }
    return result;
  }
}
