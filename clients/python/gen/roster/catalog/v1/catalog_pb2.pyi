from roster.common.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class HealthStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    HEALTH_STATUS_UNSPECIFIED: _ClassVar[HealthStatus]
    HEALTH_STATUS_PASSING: _ClassVar[HealthStatus]
    HEALTH_STATUS_WARNING: _ClassVar[HealthStatus]
    HEALTH_STATUS_CRITICAL: _ClassVar[HealthStatus]
HEALTH_STATUS_UNSPECIFIED: HealthStatus
HEALTH_STATUS_PASSING: HealthStatus
HEALTH_STATUS_WARNING: HealthStatus
HEALTH_STATUS_CRITICAL: HealthStatus

class Node(_message.Message):
    __slots__ = ("id", "node", "address", "datacenter", "tagged_addresses", "meta", "create_index", "modify_index")
    class TaggedAddressesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    class MetaEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    NODE_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    DATACENTER_FIELD_NUMBER: _ClassVar[int]
    TAGGED_ADDRESSES_FIELD_NUMBER: _ClassVar[int]
    META_FIELD_NUMBER: _ClassVar[int]
    CREATE_INDEX_FIELD_NUMBER: _ClassVar[int]
    MODIFY_INDEX_FIELD_NUMBER: _ClassVar[int]
    id: str
    node: str
    address: str
    datacenter: str
    tagged_addresses: _containers.ScalarMap[str, str]
    meta: _containers.ScalarMap[str, str]
    create_index: int
    modify_index: int
    def __init__(self, id: _Optional[str] = ..., node: _Optional[str] = ..., address: _Optional[str] = ..., datacenter: _Optional[str] = ..., tagged_addresses: _Optional[_Mapping[str, str]] = ..., meta: _Optional[_Mapping[str, str]] = ..., create_index: _Optional[int] = ..., modify_index: _Optional[int] = ...) -> None: ...

class ServiceAddress(_message.Message):
    __slots__ = ("address", "port")
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    PORT_FIELD_NUMBER: _ClassVar[int]
    address: str
    port: int
    def __init__(self, address: _Optional[str] = ..., port: _Optional[int] = ...) -> None: ...

class Weights(_message.Message):
    __slots__ = ("passing", "warning")
    PASSING_FIELD_NUMBER: _ClassVar[int]
    WARNING_FIELD_NUMBER: _ClassVar[int]
    passing: int
    warning: int
    def __init__(self, passing: _Optional[int] = ..., warning: _Optional[int] = ...) -> None: ...

class Service(_message.Message):
    __slots__ = ("id", "service", "tags", "address", "tagged_addresses", "meta", "port", "weights", "enable_tag_override", "kind", "socket_path", "create_index", "modify_index")
    class TaggedAddressesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: ServiceAddress
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[ServiceAddress, _Mapping]] = ...) -> None: ...
    class MetaEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    SERVICE_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    TAGGED_ADDRESSES_FIELD_NUMBER: _ClassVar[int]
    META_FIELD_NUMBER: _ClassVar[int]
    PORT_FIELD_NUMBER: _ClassVar[int]
    WEIGHTS_FIELD_NUMBER: _ClassVar[int]
    ENABLE_TAG_OVERRIDE_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    SOCKET_PATH_FIELD_NUMBER: _ClassVar[int]
    CREATE_INDEX_FIELD_NUMBER: _ClassVar[int]
    MODIFY_INDEX_FIELD_NUMBER: _ClassVar[int]
    id: str
    service: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    address: str
    tagged_addresses: _containers.MessageMap[str, ServiceAddress]
    meta: _containers.ScalarMap[str, str]
    port: int
    weights: Weights
    enable_tag_override: bool
    kind: str
    socket_path: str
    create_index: int
    modify_index: int
    def __init__(self, id: _Optional[str] = ..., service: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ..., address: _Optional[str] = ..., tagged_addresses: _Optional[_Mapping[str, ServiceAddress]] = ..., meta: _Optional[_Mapping[str, str]] = ..., port: _Optional[int] = ..., weights: _Optional[_Union[Weights, _Mapping]] = ..., enable_tag_override: bool = ..., kind: _Optional[str] = ..., socket_path: _Optional[str] = ..., create_index: _Optional[int] = ..., modify_index: _Optional[int] = ...) -> None: ...

class HeaderValues(_message.Message):
    __slots__ = ("values",)
    VALUES_FIELD_NUMBER: _ClassVar[int]
    values: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, values: _Optional[_Iterable[str]] = ...) -> None: ...

class CheckDefinition(_message.Message):
    __slots__ = ("http", "tls_server_name", "tls_skip_verify", "header", "method", "body", "disable_redirects", "tcp", "tcp_use_tls", "udp", "grpc", "grpc_use_tls", "script_args", "docker_container_id", "shell", "alias_node", "alias_service", "interval", "timeout", "ttl", "deregister_critical_service_after", "h2ping", "h2ping_use_tls")
    class HeaderEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: HeaderValues
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[HeaderValues, _Mapping]] = ...) -> None: ...
    HTTP_FIELD_NUMBER: _ClassVar[int]
    TLS_SERVER_NAME_FIELD_NUMBER: _ClassVar[int]
    TLS_SKIP_VERIFY_FIELD_NUMBER: _ClassVar[int]
    HEADER_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    DISABLE_REDIRECTS_FIELD_NUMBER: _ClassVar[int]
    TCP_FIELD_NUMBER: _ClassVar[int]
    TCP_USE_TLS_FIELD_NUMBER: _ClassVar[int]
    UDP_FIELD_NUMBER: _ClassVar[int]
    GRPC_FIELD_NUMBER: _ClassVar[int]
    GRPC_USE_TLS_FIELD_NUMBER: _ClassVar[int]
    SCRIPT_ARGS_FIELD_NUMBER: _ClassVar[int]
    DOCKER_CONTAINER_ID_FIELD_NUMBER: _ClassVar[int]
    SHELL_FIELD_NUMBER: _ClassVar[int]
    ALIAS_NODE_FIELD_NUMBER: _ClassVar[int]
    ALIAS_SERVICE_FIELD_NUMBER: _ClassVar[int]
    INTERVAL_FIELD_NUMBER: _ClassVar[int]
    TIMEOUT_FIELD_NUMBER: _ClassVar[int]
    TTL_FIELD_NUMBER: _ClassVar[int]
    DEREGISTER_CRITICAL_SERVICE_AFTER_FIELD_NUMBER: _ClassVar[int]
    H2PING_FIELD_NUMBER: _ClassVar[int]
    H2PING_USE_TLS_FIELD_NUMBER: _ClassVar[int]
    http: str
    tls_server_name: str
    tls_skip_verify: bool
    header: _containers.MessageMap[str, HeaderValues]
    method: str
    body: str
    disable_redirects: bool
    tcp: str
    tcp_use_tls: bool
    udp: str
    grpc: str
    grpc_use_tls: bool
    script_args: _containers.RepeatedScalarFieldContainer[str]
    docker_container_id: str
    shell: str
    alias_node: str
    alias_service: str
    interval: str
    timeout: str
    ttl: str
    deregister_critical_service_after: str
    h2ping: str
    h2ping_use_tls: bool
    def __init__(self, http: _Optional[str] = ..., tls_server_name: _Optional[str] = ..., tls_skip_verify: bool = ..., header: _Optional[_Mapping[str, HeaderValues]] = ..., method: _Optional[str] = ..., body: _Optional[str] = ..., disable_redirects: bool = ..., tcp: _Optional[str] = ..., tcp_use_tls: bool = ..., udp: _Optional[str] = ..., grpc: _Optional[str] = ..., grpc_use_tls: bool = ..., script_args: _Optional[_Iterable[str]] = ..., docker_container_id: _Optional[str] = ..., shell: _Optional[str] = ..., alias_node: _Optional[str] = ..., alias_service: _Optional[str] = ..., interval: _Optional[str] = ..., timeout: _Optional[str] = ..., ttl: _Optional[str] = ..., deregister_critical_service_after: _Optional[str] = ..., h2ping: _Optional[str] = ..., h2ping_use_tls: bool = ...) -> None: ...

class HealthCheck(_message.Message):
    __slots__ = ("node", "check_id", "name", "status", "notes", "output", "service_id", "service_name", "service_tags", "type", "definition", "exposed_port", "create_index", "modify_index")
    NODE_FIELD_NUMBER: _ClassVar[int]
    CHECK_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    OUTPUT_FIELD_NUMBER: _ClassVar[int]
    SERVICE_ID_FIELD_NUMBER: _ClassVar[int]
    SERVICE_NAME_FIELD_NUMBER: _ClassVar[int]
    SERVICE_TAGS_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    DEFINITION_FIELD_NUMBER: _ClassVar[int]
    EXPOSED_PORT_FIELD_NUMBER: _ClassVar[int]
    CREATE_INDEX_FIELD_NUMBER: _ClassVar[int]
    MODIFY_INDEX_FIELD_NUMBER: _ClassVar[int]
    node: str
    check_id: str
    name: str
    status: HealthStatus
    notes: str
    output: str
    service_id: str
    service_name: str
    service_tags: _containers.RepeatedScalarFieldContainer[str]
    type: str
    definition: CheckDefinition
    exposed_port: int
    create_index: int
    modify_index: int
    def __init__(self, node: _Optional[str] = ..., check_id: _Optional[str] = ..., name: _Optional[str] = ..., status: _Optional[_Union[HealthStatus, str]] = ..., notes: _Optional[str] = ..., output: _Optional[str] = ..., service_id: _Optional[str] = ..., service_name: _Optional[str] = ..., service_tags: _Optional[_Iterable[str]] = ..., type: _Optional[str] = ..., definition: _Optional[_Union[CheckDefinition, _Mapping]] = ..., exposed_port: _Optional[int] = ..., create_index: _Optional[int] = ..., modify_index: _Optional[int] = ...) -> None: ...

class ServiceInstance(_message.Message):
    __slots__ = ("node", "service")
    NODE_FIELD_NUMBER: _ClassVar[int]
    SERVICE_FIELD_NUMBER: _ClassVar[int]
    node: Node
    service: Service
    def __init__(self, node: _Optional[_Union[Node, _Mapping]] = ..., service: _Optional[_Union[Service, _Mapping]] = ...) -> None: ...

class RegisterRequest(_message.Message):
    __slots__ = ("write_options", "node", "service", "checks", "skip_node_update")
    WRITE_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    NODE_FIELD_NUMBER: _ClassVar[int]
    SERVICE_FIELD_NUMBER: _ClassVar[int]
    CHECKS_FIELD_NUMBER: _ClassVar[int]
    SKIP_NODE_UPDATE_FIELD_NUMBER: _ClassVar[int]
    write_options: _common_pb2.WriteOptions
    node: Node
    service: Service
    checks: _containers.RepeatedCompositeFieldContainer[HealthCheck]
    skip_node_update: bool
    def __init__(self, write_options: _Optional[_Union[_common_pb2.WriteOptions, _Mapping]] = ..., node: _Optional[_Union[Node, _Mapping]] = ..., service: _Optional[_Union[Service, _Mapping]] = ..., checks: _Optional[_Iterable[_Union[HealthCheck, _Mapping]]] = ..., skip_node_update: bool = ...) -> None: ...

class RegisterResponse(_message.Message):
    __slots__ = ("index",)
    INDEX_FIELD_NUMBER: _ClassVar[int]
    index: int
    def __init__(self, index: _Optional[int] = ...) -> None: ...

class DeregisterRequest(_message.Message):
    __slots__ = ("write_options", "node", "service_id", "check_id")
    WRITE_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    NODE_FIELD_NUMBER: _ClassVar[int]
    SERVICE_ID_FIELD_NUMBER: _ClassVar[int]
    CHECK_ID_FIELD_NUMBER: _ClassVar[int]
    write_options: _common_pb2.WriteOptions
    node: str
    service_id: str
    check_id: str
    def __init__(self, write_options: _Optional[_Union[_common_pb2.WriteOptions, _Mapping]] = ..., node: _Optional[str] = ..., service_id: _Optional[str] = ..., check_id: _Optional[str] = ...) -> None: ...

class DeregisterResponse(_message.Message):
    __slots__ = ("index",)
    INDEX_FIELD_NUMBER: _ClassVar[int]
    index: int
    def __init__(self, index: _Optional[int] = ...) -> None: ...

class ListDatacentersRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListDatacentersResponse(_message.Message):
    __slots__ = ("datacenters",)
    DATACENTERS_FIELD_NUMBER: _ClassVar[int]
    datacenters: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, datacenters: _Optional[_Iterable[str]] = ...) -> None: ...

class ListNodesRequest(_message.Message):
    __slots__ = ("query_options", "node_meta")
    class NodeMetaEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    QUERY_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    NODE_META_FIELD_NUMBER: _ClassVar[int]
    query_options: _common_pb2.QueryOptions
    node_meta: _containers.ScalarMap[str, str]
    def __init__(self, query_options: _Optional[_Union[_common_pb2.QueryOptions, _Mapping]] = ..., node_meta: _Optional[_Mapping[str, str]] = ...) -> None: ...

class ListNodesResponse(_message.Message):
    __slots__ = ("query_meta", "nodes")
    QUERY_META_FIELD_NUMBER: _ClassVar[int]
    NODES_FIELD_NUMBER: _ClassVar[int]
    query_meta: _common_pb2.QueryMeta
    nodes: _containers.RepeatedCompositeFieldContainer[Node]
    def __init__(self, query_meta: _Optional[_Union[_common_pb2.QueryMeta, _Mapping]] = ..., nodes: _Optional[_Iterable[_Union[Node, _Mapping]]] = ...) -> None: ...

class ListServicesRequest(_message.Message):
    __slots__ = ("query_options", "node_meta")
    class NodeMetaEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    QUERY_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    NODE_META_FIELD_NUMBER: _ClassVar[int]
    query_options: _common_pb2.QueryOptions
    node_meta: _containers.ScalarMap[str, str]
    def __init__(self, query_options: _Optional[_Union[_common_pb2.QueryOptions, _Mapping]] = ..., node_meta: _Optional[_Mapping[str, str]] = ...) -> None: ...

class ServiceTags(_message.Message):
    __slots__ = ("service", "tags")
    SERVICE_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    service: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, service: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ...) -> None: ...

class ListServicesResponse(_message.Message):
    __slots__ = ("query_meta", "services")
    QUERY_META_FIELD_NUMBER: _ClassVar[int]
    SERVICES_FIELD_NUMBER: _ClassVar[int]
    query_meta: _common_pb2.QueryMeta
    services: _containers.RepeatedCompositeFieldContainer[ServiceTags]
    def __init__(self, query_meta: _Optional[_Union[_common_pb2.QueryMeta, _Mapping]] = ..., services: _Optional[_Iterable[_Union[ServiceTags, _Mapping]]] = ...) -> None: ...

class ListServiceInstancesRequest(_message.Message):
    __slots__ = ("query_options", "service", "tags", "node_meta")
    class NodeMetaEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    QUERY_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    SERVICE_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    NODE_META_FIELD_NUMBER: _ClassVar[int]
    query_options: _common_pb2.QueryOptions
    service: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    node_meta: _containers.ScalarMap[str, str]
    def __init__(self, query_options: _Optional[_Union[_common_pb2.QueryOptions, _Mapping]] = ..., service: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ..., node_meta: _Optional[_Mapping[str, str]] = ...) -> None: ...

class ListServiceInstancesResponse(_message.Message):
    __slots__ = ("query_meta", "instances")
    QUERY_META_FIELD_NUMBER: _ClassVar[int]
    INSTANCES_FIELD_NUMBER: _ClassVar[int]
    query_meta: _common_pb2.QueryMeta
    instances: _containers.RepeatedCompositeFieldContainer[ServiceInstance]
    def __init__(self, query_meta: _Optional[_Union[_common_pb2.QueryMeta, _Mapping]] = ..., instances: _Optional[_Iterable[_Union[ServiceInstance, _Mapping]]] = ...) -> None: ...

class GetNodeRequest(_message.Message):
    __slots__ = ("query_options", "node")
    QUERY_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    NODE_FIELD_NUMBER: _ClassVar[int]
    query_options: _common_pb2.QueryOptions
    node: str
    def __init__(self, query_options: _Optional[_Union[_common_pb2.QueryOptions, _Mapping]] = ..., node: _Optional[str] = ...) -> None: ...

class GetNodeResponse(_message.Message):
    __slots__ = ("query_meta", "node", "services")
    QUERY_META_FIELD_NUMBER: _ClassVar[int]
    NODE_FIELD_NUMBER: _ClassVar[int]
    SERVICES_FIELD_NUMBER: _ClassVar[int]
    query_meta: _common_pb2.QueryMeta
    node: Node
    services: _containers.RepeatedCompositeFieldContainer[Service]
    def __init__(self, query_meta: _Optional[_Union[_common_pb2.QueryMeta, _Mapping]] = ..., node: _Optional[_Union[Node, _Mapping]] = ..., services: _Optional[_Iterable[_Union[Service, _Mapping]]] = ...) -> None: ...

class WatchNodesRequest(_message.Message):
    __slots__ = ("request",)
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    request: ListNodesRequest
    def __init__(self, request: _Optional[_Union[ListNodesRequest, _Mapping]] = ...) -> None: ...

class WatchNodesResponse(_message.Message):
    __slots__ = ("response",)
    RESPONSE_FIELD_NUMBER: _ClassVar[int]
    response: ListNodesResponse
    def __init__(self, response: _Optional[_Union[ListNodesResponse, _Mapping]] = ...) -> None: ...

class WatchServicesRequest(_message.Message):
    __slots__ = ("request",)
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    request: ListServicesRequest
    def __init__(self, request: _Optional[_Union[ListServicesRequest, _Mapping]] = ...) -> None: ...

class WatchServicesResponse(_message.Message):
    __slots__ = ("response",)
    RESPONSE_FIELD_NUMBER: _ClassVar[int]
    response: ListServicesResponse
    def __init__(self, response: _Optional[_Union[ListServicesResponse, _Mapping]] = ...) -> None: ...

class WatchServiceInstancesRequest(_message.Message):
    __slots__ = ("request",)
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    request: ListServiceInstancesRequest
    def __init__(self, request: _Optional[_Union[ListServiceInstancesRequest, _Mapping]] = ...) -> None: ...

class WatchServiceInstancesResponse(_message.Message):
    __slots__ = ("response",)
    RESPONSE_FIELD_NUMBER: _ClassVar[int]
    response: ListServiceInstancesResponse
    def __init__(self, response: _Optional[_Union[ListServiceInstancesResponse, _Mapping]] = ...) -> None: ...
