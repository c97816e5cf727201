from roster.catalog.v1 import catalog_pb2 as _catalog_pb2
from roster.common.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ListNodeChecksRequest(_message.Message):
    __slots__ = ("query_options", "node")
    QUERY_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    NODE_FIELD_NUMBER: _ClassVar[int]
    query_options: _common_pb2.QueryOptions
    node: str
    def __init__(self, query_options: _Optional[_Union[_common_pb2.QueryOptions, _Mapping]] = ..., node: _Optional[str] = ...) -> None: ...

class ListNodeChecksResponse(_message.Message):
    __slots__ = ("query_meta", "checks")
    QUERY_META_FIELD_NUMBER: _ClassVar[int]
    CHECKS_FIELD_NUMBER: _ClassVar[int]
    query_meta: _common_pb2.QueryMeta
    checks: _containers.RepeatedCompositeFieldContainer[_catalog_pb2.HealthCheck]
    def __init__(self, query_meta: _Optional[_Union[_common_pb2.QueryMeta, _Mapping]] = ..., checks: _Optional[_Iterable[_Union[_catalog_pb2.HealthCheck, _Mapping]]] = ...) -> None: ...

class ListServiceChecksRequest(_message.Message):
    __slots__ = ("query_options", "service", "node_meta")
    class NodeMetaEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    QUERY_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    SERVICE_FIELD_NUMBER: _ClassVar[int]
    NODE_META_FIELD_NUMBER: _ClassVar[int]
    query_options: _common_pb2.QueryOptions
    service: str
    node_meta: _containers.ScalarMap[str, str]
    def __init__(self, query_options: _Optional[_Union[_common_pb2.QueryOptions, _Mapping]] = ..., service: _Optional[str] = ..., node_meta: _Optional[_Mapping[str, str]] = ...) -> None: ...

class ListServiceChecksResponse(_message.Message):
    __slots__ = ("query_meta", "checks")
    QUERY_META_FIELD_NUMBER: _ClassVar[int]
    CHECKS_FIELD_NUMBER: _ClassVar[int]
    query_meta: _common_pb2.QueryMeta
    checks: _containers.RepeatedCompositeFieldContainer[_catalog_pb2.HealthCheck]
    def __init__(self, query_meta: _Optional[_Union[_common_pb2.QueryMeta, _Mapping]] = ..., checks: _Optional[_Iterable[_Union[_catalog_pb2.HealthCheck, _Mapping]]] = ...) -> None: ...

class ServiceHealthQuery(_message.Message):
    __slots__ = ("service", "tags", "node_meta", "passing_only")
    class NodeMetaEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    SERVICE_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    NODE_META_FIELD_NUMBER: _ClassVar[int]
    PASSING_ONLY_FIELD_NUMBER: _ClassVar[int]
    service: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    node_meta: _containers.ScalarMap[str, str]
    passing_only: bool
    def __init__(self, service: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ..., node_meta: _Optional[_Mapping[str, str]] = ..., passing_only: bool = ...) -> None: ...

class ServiceHealth(_message.Message):
    __slots__ = ("node", "service", "checks")
    NODE_FIELD_NUMBER: _ClassVar[int]
    SERVICE_FIELD_NUMBER: _ClassVar[int]
    CHECKS_FIELD_NUMBER: _ClassVar[int]
    node: _catalog_pb2.Node
    service: _catalog_pb2.Service
    checks: _containers.RepeatedCompositeFieldContainer[_catalog_pb2.HealthCheck]
    def __init__(self, node: _Optional[_Union[_catalog_pb2.Node, _Mapping]] = ..., service: _Optional[_Union[_catalog_pb2.Service, _Mapping]] = ..., checks: _Optional[_Iterable[_Union[_catalog_pb2.HealthCheck, _Mapping]]] = ...) -> None: ...

class ListServiceHealthRequest(_message.Message):
    __slots__ = ("query_options", "query")
    QUERY_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    QUERY_FIELD_NUMBER: _ClassVar[int]
    query_options: _common_pb2.QueryOptions
    query: ServiceHealthQuery
    def __init__(self, query_options: _Optional[_Union[_common_pb2.QueryOptions, _Mapping]] = ..., query: _Optional[_Union[ServiceHealthQuery, _Mapping]] = ...) -> None: ...

class ListServiceHealthResponse(_message.Message):
    __slots__ = ("query_meta", "instances")
    QUERY_META_FIELD_NUMBER: _ClassVar[int]
    INSTANCES_FIELD_NUMBER: _ClassVar[int]
    query_meta: _common_pb2.QueryMeta
    instances: _containers.RepeatedCompositeFieldContainer[ServiceHealth]
    def __init__(self, query_meta: _Optional[_Union[_common_pb2.QueryMeta, _Mapping]] = ..., instances: _Optional[_Iterable[_Union[ServiceHealth, _Mapping]]] = ...) -> None: ...

class ListChecksInStateRequest(_message.Message):
    __slots__ = ("query_options", "state", "node_meta")
    class NodeMetaEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    QUERY_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    NODE_META_FIELD_NUMBER: _ClassVar[int]
    query_options: _common_pb2.QueryOptions
    state: _catalog_pb2.HealthStatus
    node_meta: _containers.ScalarMap[str, str]
    def __init__(self, query_options: _Optional[_Union[_common_pb2.QueryOptions, _Mapping]] = ..., state: _Optional[_Union[_catalog_pb2.HealthStatus, str]] = ..., node_meta: _Optional[_Mapping[str, str]] = ...) -> None: ...

class ListChecksInStateResponse(_message.Message):
    __slots__ = ("query_meta", "checks")
    QUERY_META_FIELD_NUMBER: _ClassVar[int]
    CHECKS_FIELD_NUMBER: _ClassVar[int]
    query_meta: _common_pb2.QueryMeta
    checks: _containers.RepeatedCompositeFieldContainer[_catalog_pb2.HealthCheck]
    def __init__(self, query_meta: _Optional[_Union[_common_pb2.QueryMeta, _Mapping]] = ..., checks: _Optional[_Iterable[_Union[_catalog_pb2.HealthCheck, _Mapping]]] = ...) -> None: ...

class WatchServiceHealthRequest(_message.Message):
    __slots__ = ("query_options", "query")
    QUERY_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    QUERY_FIELD_NUMBER: _ClassVar[int]
    query_options: _common_pb2.QueryOptions
    query: ServiceHealthQuery
    def __init__(self, query_options: _Optional[_Union[_common_pb2.QueryOptions, _Mapping]] = ..., query: _Optional[_Union[ServiceHealthQuery, _Mapping]] = ...) -> None: ...

class WatchServiceHealthResponse(_message.Message):
    __slots__ = ("query_meta", "instances")
    QUERY_META_FIELD_NUMBER: _ClassVar[int]
    INSTANCES_FIELD_NUMBER: _ClassVar[int]
    query_meta: _common_pb2.QueryMeta
    instances: _containers.RepeatedCompositeFieldContainer[ServiceHealth]
    def __init__(self, query_meta: _Optional[_Union[_common_pb2.QueryMeta, _Mapping]] = ..., instances: _Optional[_Iterable[_Union[ServiceHealth, _Mapping]]] = ...) -> None: ...
