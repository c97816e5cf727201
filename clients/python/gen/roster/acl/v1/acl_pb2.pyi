from roster.common.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class PolicyLink(_message.Message):
    __slots__ = ("id", "name")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...

class RoleLink(_message.Message):
    __slots__ = ("id", "name")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...

class ServiceIdentity(_message.Message):
    __slots__ = ("service_name", "datacenters")
    SERVICE_NAME_FIELD_NUMBER: _ClassVar[int]
    DATACENTERS_FIELD_NUMBER: _ClassVar[int]
    service_name: str
    datacenters: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, service_name: _Optional[str] = ..., datacenters: _Optional[_Iterable[str]] = ...) -> None: ...

class NodeIdentity(_message.Message):
    __slots__ = ("node_name", "datacenter")
    NODE_NAME_FIELD_NUMBER: _ClassVar[int]
    DATACENTER_FIELD_NUMBER: _ClassVar[int]
    node_name: str
    datacenter: str
    def __init__(self, node_name: _Optional[str] = ..., datacenter: _Optional[str] = ...) -> None: ...

class Token(_message.Message):
    __slots__ = ("accessor_id", "secret_id", "description", "policies", "roles", "service_identities", "node_identities", "local", "create_time_unix_ns", "expiration_time_unix_ns", "expiration_ttl_ns", "hash", "create_index", "modify_index")
    ACCESSOR_ID_FIELD_NUMBER: _ClassVar[int]
    SECRET_ID_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    POLICIES_FIELD_NUMBER: _ClassVar[int]
    ROLES_FIELD_NUMBER: _ClassVar[int]
    SERVICE_IDENTITIES_FIELD_NUMBER: _ClassVar[int]
    NODE_IDENTITIES_FIELD_NUMBER: _ClassVar[int]
    LOCAL_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_UNIX_NS_FIELD_NUMBER: _ClassVar[int]
    EXPIRATION_TIME_UNIX_NS_FIELD_NUMBER: _ClassVar[int]
    EXPIRATION_TTL_NS_FIELD_NUMBER: _ClassVar[int]
    HASH_FIELD_NUMBER: _ClassVar[int]
    CREATE_INDEX_FIELD_NUMBER: _ClassVar[int]
    MODIFY_INDEX_FIELD_NUMBER: _ClassVar[int]
    accessor_id: str
    secret_id: str
    description: str
    policies: _containers.RepeatedCompositeFieldContainer[PolicyLink]
    roles: _containers.RepeatedCompositeFieldContainer[RoleLink]
    service_identities: _containers.RepeatedCompositeFieldContainer[ServiceIdentity]
    node_identities: _containers.RepeatedCompositeFieldContainer[NodeIdentity]
    local: bool
    create_time_unix_ns: int
    expiration_time_unix_ns: int
    expiration_ttl_ns: int
    hash: bytes
    create_index: int
    modify_index: int
    def __init__(self, accessor_id: _Optional[str] = ..., secret_id: _Optional[str] = ..., description: _Optional[str] = ..., policies: _Optional[_Iterable[_Union[PolicyLink, _Mapping]]] = ..., roles: _Optional[_Iterable[_Union[RoleLink, _Mapping]]] = ..., service_identities: _Optional[_Iterable[_Union[ServiceIdentity, _Mapping]]] = ..., node_identities: _Optional[_Iterable[_Union[NodeIdentity, _Mapping]]] = ..., local: bool = ..., create_time_unix_ns: _Optional[int] = ..., expiration_time_unix_ns: _Optional[int] = ..., expiration_ttl_ns: _Optional[int] = ..., hash: _Optional[bytes] = ..., create_index: _Optional[int] = ..., modify_index: _Optional[int] = ...) -> None: ...

class Policy(_message.Message):
    __slots__ = ("id", "name", "description", "rules", "datacenters", "hash", "create_index", "modify_index")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    RULES_FIELD_NUMBER: _ClassVar[int]
    DATACENTERS_FIELD_NUMBER: _ClassVar[int]
    HASH_FIELD_NUMBER: _ClassVar[int]
    CREATE_INDEX_FIELD_NUMBER: _ClassVar[int]
    MODIFY_INDEX_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    description: str
    rules: str
    datacenters: _containers.RepeatedScalarFieldContainer[str]
    hash: bytes
    create_index: int
    modify_index: int
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., description: _Optional[str] = ..., rules: _Optional[str] = ..., datacenters: _Optional[_Iterable[str]] = ..., hash: _Optional[bytes] = ..., create_index: _Optional[int] = ..., modify_index: _Optional[int] = ...) -> None: ...

class Role(_message.Message):
    __slots__ = ("id", "name", "description", "policies", "service_identities", "node_identities", "hash", "create_index", "modify_index")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    POLICIES_FIELD_NUMBER: _ClassVar[int]
    SERVICE_IDENTITIES_FIELD_NUMBER: _ClassVar[int]
    NODE_IDENTITIES_FIELD_NUMBER: _ClassVar[int]
    HASH_FIELD_NUMBER: _ClassVar[int]
    CREATE_INDEX_FIELD_NUMBER: _ClassVar[int]
    MODIFY_INDEX_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    description: str
    policies: _containers.RepeatedCompositeFieldContainer[PolicyLink]
    service_identities: _containers.RepeatedCompositeFieldContainer[ServiceIdentity]
    node_identities: _containers.RepeatedCompositeFieldContainer[NodeIdentity]
    hash: bytes
    create_index: int
    modify_index: int
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., description: _Optional[str] = ..., policies: _Optional[_Iterable[_Union[PolicyLink, _Mapping]]] = ..., service_identities: _Optional[_Iterable[_Union[ServiceIdentity, _Mapping]]] = ..., node_identities: _Optional[_Iterable[_Union[NodeIdentity, _Mapping]]] = ..., hash: _Optional[bytes] = ..., create_index: _Optional[int] = ..., modify_index: _Optional[int] = ...) -> None: ...

class BootstrapRequest(_message.Message):
    __slots__ = ("write_options", "bootstrap_secret")
    WRITE_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    BOOTSTRAP_SECRET_FIELD_NUMBER: _ClassVar[int]
    write_options: _common_pb2.WriteOptions
    bootstrap_secret: str
    def __init__(self, write_options: _Optional[_Union[_common_pb2.WriteOptions, _Mapping]] = ..., bootstrap_secret: _Optional[str] = ...) -> None: ...

class BootstrapResponse(_message.Message):
    __slots__ = ("token",)
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    token: Token
    def __init__(self, token: _Optional[_Union[Token, _Mapping]] = ...) -> None: ...

class CreateTokenRequest(_message.Message):
    __slots__ = ("write_options", "token")
    WRITE_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    write_options: _common_pb2.WriteOptions
    token: Token
    def __init__(self, write_options: _Optional[_Union[_common_pb2.WriteOptions, _Mapping]] = ..., token: _Optional[_Union[Token, _Mapping]] = ...) -> None: ...

class CreateTokenResponse(_message.Message):
    __slots__ = ("token",)
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    token: Token
    def __init__(self, token: _Optional[_Union[Token, _Mapping]] = ...) -> None: ...

class UpdateTokenRequest(_message.Message):
    __slots__ = ("write_options", "token")
    WRITE_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    write_options: _common_pb2.WriteOptions
    token: Token
    def __init__(self, write_options: _Optional[_Union[_common_pb2.WriteOptions, _Mapping]] = ..., token: _Optional[_Union[Token, _Mapping]] = ...) -> None: ...

class UpdateTokenResponse(_message.Message):
    __slots__ = ("token",)
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    token: Token
    def __init__(self, token: _Optional[_Union[Token, _Mapping]] = ...) -> None: ...

class ReadTokenRequest(_message.Message):
    __slots__ = ("query_options", "accessor_id")
    QUERY_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    ACCESSOR_ID_FIELD_NUMBER: _ClassVar[int]
    query_options: _common_pb2.QueryOptions
    accessor_id: str
    def __init__(self, query_options: _Optional[_Union[_common_pb2.QueryOptions, _Mapping]] = ..., accessor_id: _Optional[str] = ...) -> None: ...

class ReadTokenResponse(_message.Message):
    __slots__ = ("query_meta", "token")
    QUERY_META_FIELD_NUMBER: _ClassVar[int]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    query_meta: _common_pb2.QueryMeta
    token: Token
    def __init__(self, query_meta: _Optional[_Union[_common_pb2.QueryMeta, _Mapping]] = ..., token: _Optional[_Union[Token, _Mapping]] = ...) -> None: ...

class TokenSelfRequest(_message.Message):
    __slots__ = ("query_options",)
    QUERY_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    query_options: _common_pb2.QueryOptions
    def __init__(self, query_options: _Optional[_Union[_common_pb2.QueryOptions, _Mapping]] = ...) -> None: ...

class TokenSelfResponse(_message.Message):
    __slots__ = ("query_meta", "token")
    QUERY_META_FIELD_NUMBER: _ClassVar[int]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    query_meta: _common_pb2.QueryMeta
    token: Token
    def __init__(self, query_meta: _Optional[_Union[_common_pb2.QueryMeta, _Mapping]] = ..., token: _Optional[_Union[Token, _Mapping]] = ...) -> None: ...

class CloneTokenRequest(_message.Message):
    __slots__ = ("write_options", "accessor_id", "description")
    WRITE_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    ACCESSOR_ID_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    write_options: _common_pb2.WriteOptions
    accessor_id: str
    description: str
    def __init__(self, write_options: _Optional[_Union[_common_pb2.WriteOptions, _Mapping]] = ..., accessor_id: _Optional[str] = ..., description: _Optional[str] = ...) -> None: ...

class CloneTokenResponse(_message.Message):
    __slots__ = ("token",)
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    token: Token
    def __init__(self, token: _Optional[_Union[Token, _Mapping]] = ...) -> None: ...

class DeleteTokenRequest(_message.Message):
    __slots__ = ("write_options", "accessor_id")
    WRITE_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    ACCESSOR_ID_FIELD_NUMBER: _ClassVar[int]
    write_options: _common_pb2.WriteOptions
    accessor_id: str
    def __init__(self, write_options: _Optional[_Union[_common_pb2.WriteOptions, _Mapping]] = ..., accessor_id: _Optional[str] = ...) -> None: ...

class DeleteTokenResponse(_message.Message):
    __slots__ = ("index",)
    INDEX_FIELD_NUMBER: _ClassVar[int]
    index: int
    def __init__(self, index: _Optional[int] = ...) -> None: ...

class ListTokensRequest(_message.Message):
    __slots__ = ("query_options", "policy", "role")
    QUERY_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    POLICY_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    query_options: _common_pb2.QueryOptions
    policy: str
    role: str
    def __init__(self, query_options: _Optional[_Union[_common_pb2.QueryOptions, _Mapping]] = ..., policy: _Optional[str] = ..., role: _Optional[str] = ...) -> None: ...

class ListTokensResponse(_message.Message):
    __slots__ = ("query_meta", "tokens")
    QUERY_META_FIELD_NUMBER: _ClassVar[int]
    TOKENS_FIELD_NUMBER: _ClassVar[int]
    query_meta: _common_pb2.QueryMeta
    tokens: _containers.RepeatedCompositeFieldContainer[Token]
    def __init__(self, query_meta: _Optional[_Union[_common_pb2.QueryMeta, _Mapping]] = ..., tokens: _Optional[_Iterable[_Union[Token, _Mapping]]] = ...) -> None: ...

class CreatePolicyRequest(_message.Message):
    __slots__ = ("write_options", "policy")
    WRITE_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    POLICY_FIELD_NUMBER: _ClassVar[int]
    write_options: _common_pb2.WriteOptions
    policy: Policy
    def __init__(self, write_options: _Optional[_Union[_common_pb2.WriteOptions, _Mapping]] = ..., policy: _Optional[_Union[Policy, _Mapping]] = ...) -> None: ...

class CreatePolicyResponse(_message.Message):
    __slots__ = ("policy",)
    POLICY_FIELD_NUMBER: _ClassVar[int]
    policy: Policy
    def __init__(self, policy: _Optional[_Union[Policy, _Mapping]] = ...) -> None: ...

class UpdatePolicyRequest(_message.Message):
    __slots__ = ("write_options", "policy")
    WRITE_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    POLICY_FIELD_NUMBER: _ClassVar[int]
    write_options: _common_pb2.WriteOptions
    policy: Policy
    def __init__(self, write_options: _Optional[_Union[_common_pb2.WriteOptions, _Mapping]] = ..., policy: _Optional[_Union[Policy, _Mapping]] = ...) -> None: ...

class UpdatePolicyResponse(_message.Message):
    __slots__ = ("policy",)
    POLICY_FIELD_NUMBER: _ClassVar[int]
    policy: Policy
    def __init__(self, policy: _Optional[_Union[Policy, _Mapping]] = ...) -> None: ...

class ReadPolicyRequest(_message.Message):
    __slots__ = ("query_options", "id", "name")
    QUERY_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    query_options: _common_pb2.QueryOptions
    id: str
    name: str
    def __init__(self, query_options: _Optional[_Union[_common_pb2.QueryOptions, _Mapping]] = ..., id: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...

class ReadPolicyResponse(_message.Message):
    __slots__ = ("query_meta", "policy")
    QUERY_META_FIELD_NUMBER: _ClassVar[int]
    POLICY_FIELD_NUMBER: _ClassVar[int]
    query_meta: _common_pb2.QueryMeta
    policy: Policy
    def __init__(self, query_meta: _Optional[_Union[_common_pb2.QueryMeta, _Mapping]] = ..., policy: _Optional[_Union[Policy, _Mapping]] = ...) -> None: ...

class DeletePolicyRequest(_message.Message):
    __slots__ = ("write_options", "id")
    WRITE_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    write_options: _common_pb2.WriteOptions
    id: str
    def __init__(self, write_options: _Optional[_Union[_common_pb2.WriteOptions, _Mapping]] = ..., id: _Optional[str] = ...) -> None: ...

class DeletePolicyResponse(_message.Message):
    __slots__ = ("index",)
    INDEX_FIELD_NUMBER: _ClassVar[int]
    index: int
    def __init__(self, index: _Optional[int] = ...) -> None: ...

class ListPoliciesRequest(_message.Message):
    __slots__ = ("query_options",)
    QUERY_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    query_options: _common_pb2.QueryOptions
    def __init__(self, query_options: _Optional[_Union[_common_pb2.QueryOptions, _Mapping]] = ...) -> None: ...

class ListPoliciesResponse(_message.Message):
    __slots__ = ("query_meta", "policies")
    QUERY_META_FIELD_NUMBER: _ClassVar[int]
    POLICIES_FIELD_NUMBER: _ClassVar[int]
    query_meta: _common_pb2.QueryMeta
    policies: _containers.RepeatedCompositeFieldContainer[Policy]
    def __init__(self, query_meta: _Optional[_Union[_common_pb2.QueryMeta, _Mapping]] = ..., policies: _Optional[_Iterable[_Union[Policy, _Mapping]]] = ...) -> None: ...

class CreateRoleRequest(_message.Message):
    __slots__ = ("write_options", "role")
    WRITE_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    write_options: _common_pb2.WriteOptions
    role: Role
    def __init__(self, write_options: _Optional[_Union[_common_pb2.WriteOptions, _Mapping]] = ..., role: _Optional[_Union[Role, _Mapping]] = ...) -> None: ...

class CreateRoleResponse(_message.Message):
    __slots__ = ("role",)
    ROLE_FIELD_NUMBER: _ClassVar[int]
    role: Role
    def __init__(self, role: _Optional[_Union[Role, _Mapping]] = ...) -> None: ...

class UpdateRoleRequest(_message.Message):
    __slots__ = ("write_options", "role")
    WRITE_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    write_options: _common_pb2.WriteOptions
    role: Role
    def __init__(self, write_options: _Optional[_Union[_common_pb2.WriteOptions, _Mapping]] = ..., role: _Optional[_Union[Role, _Mapping]] = ...) -> None: ...

class UpdateRoleResponse(_message.Message):
    __slots__ = ("role",)
    ROLE_FIELD_NUMBER: _ClassVar[int]
    role: Role
    def __init__(self, role: _Optional[_Union[Role, _Mapping]] = ...) -> None: ...

class ReadRoleRequest(_message.Message):
    __slots__ = ("query_options", "id", "name")
    QUERY_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    query_options: _common_pb2.QueryOptions
    id: str
    name: str
    def __init__(self, query_options: _Optional[_Union[_common_pb2.QueryOptions, _Mapping]] = ..., id: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...

class ReadRoleResponse(_message.Message):
    __slots__ = ("query_meta", "role")
    QUERY_META_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    query_meta: _common_pb2.QueryMeta
    role: Role
    def __init__(self, query_meta: _Optional[_Union[_common_pb2.QueryMeta, _Mapping]] = ..., role: _Optional[_Union[Role, _Mapping]] = ...) -> None: ...

class DeleteRoleRequest(_message.Message):
    __slots__ = ("write_options", "id")
    WRITE_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    write_options: _common_pb2.WriteOptions
    id: str
    def __init__(self, write_options: _Optional[_Union[_common_pb2.WriteOptions, _Mapping]] = ..., id: _Optional[str] = ...) -> None: ...

class DeleteRoleResponse(_message.Message):
    __slots__ = ("index",)
    INDEX_FIELD_NUMBER: _ClassVar[int]
    index: int
    def __init__(self, index: _Optional[int] = ...) -> None: ...

class ListRolesRequest(_message.Message):
    __slots__ = ("query_options", "policy")
    QUERY_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    POLICY_FIELD_NUMBER: _ClassVar[int]
    query_options: _common_pb2.QueryOptions
    policy: str
    def __init__(self, query_options: _Optional[_Union[_common_pb2.QueryOptions, _Mapping]] = ..., policy: _Optional[str] = ...) -> None: ...

class ListRolesResponse(_message.Message):
    __slots__ = ("query_meta", "roles")
    QUERY_META_FIELD_NUMBER: _ClassVar[int]
    ROLES_FIELD_NUMBER: _ClassVar[int]
    query_meta: _common_pb2.QueryMeta
    roles: _containers.RepeatedCompositeFieldContainer[Role]
    def __init__(self, query_meta: _Optional[_Union[_common_pb2.QueryMeta, _Mapping]] = ..., roles: _Optional[_Iterable[_Union[Role, _Mapping]]] = ...) -> None: ...

class ResolveRequest(_message.Message):
    __slots__ = ("query_options", "secret_id")
    QUERY_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    SECRET_ID_FIELD_NUMBER: _ClassVar[int]
    query_options: _common_pb2.QueryOptions
    secret_id: str
    def __init__(self, query_options: _Optional[_Union[_common_pb2.QueryOptions, _Mapping]] = ..., secret_id: _Optional[str] = ...) -> None: ...

class ResolveResponse(_message.Message):
    __slots__ = ("query_meta", "token", "policies", "service_identities", "node_identities")
    QUERY_META_FIELD_NUMBER: _ClassVar[int]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    POLICIES_FIELD_NUMBER: _ClassVar[int]
    SERVICE_IDENTITIES_FIELD_NUMBER: _ClassVar[int]
    NODE_IDENTITIES_FIELD_NUMBER: _ClassVar[int]
    query_meta: _common_pb2.QueryMeta
    token: Token
    policies: _containers.RepeatedCompositeFieldContainer[Policy]
    service_identities: _containers.RepeatedCompositeFieldContainer[ServiceIdentity]
    node_identities: _containers.RepeatedCompositeFieldContainer[NodeIdentity]
    def __init__(self, query_meta: _Optional[_Union[_common_pb2.QueryMeta, _Mapping]] = ..., token: _Optional[_Union[Token, _Mapping]] = ..., policies: _Optional[_Iterable[_Union[Policy, _Mapping]]] = ..., service_identities: _Optional[_Iterable[_Union[ServiceIdentity, _Mapping]]] = ..., node_identities: _Optional[_Iterable[_Union[NodeIdentity, _Mapping]]] = ...) -> None: ...
