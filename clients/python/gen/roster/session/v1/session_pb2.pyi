from roster.common.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Behavior(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    BEHAVIOR_UNSPECIFIED: _ClassVar[Behavior]
    BEHAVIOR_RELEASE: _ClassVar[Behavior]
    BEHAVIOR_DELETE: _ClassVar[Behavior]
BEHAVIOR_UNSPECIFIED: Behavior
BEHAVIOR_RELEASE: Behavior
BEHAVIOR_DELETE: Behavior

class ServiceCheck(_message.Message):
    __slots__ = ("id", "namespace")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAMESPACE_FIELD_NUMBER: _ClassVar[int]
    id: str
    namespace: str
    def __init__(self, id: _Optional[str] = ..., namespace: _Optional[str] = ...) -> None: ...

class Session(_message.Message):
    __slots__ = ("id", "name", "node", "lock_delay_ns", "behavior", "ttl", "node_checks", "service_checks", "create_index", "modify_index")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    NODE_FIELD_NUMBER: _ClassVar[int]
    LOCK_DELAY_NS_FIELD_NUMBER: _ClassVar[int]
    BEHAVIOR_FIELD_NUMBER: _ClassVar[int]
    TTL_FIELD_NUMBER: _ClassVar[int]
    NODE_CHECKS_FIELD_NUMBER: _ClassVar[int]
    SERVICE_CHECKS_FIELD_NUMBER: _ClassVar[int]
    CREATE_INDEX_FIELD_NUMBER: _ClassVar[int]
    MODIFY_INDEX_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    node: str
    lock_delay_ns: int
    behavior: Behavior
    ttl: str
    node_checks: _containers.RepeatedScalarFieldContainer[str]
    service_checks: _containers.RepeatedCompositeFieldContainer[ServiceCheck]
    create_index: int
    modify_index: int
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., node: _Optional[str] = ..., lock_delay_ns: _Optional[int] = ..., behavior: _Optional[_Union[Behavior, str]] = ..., ttl: _Optional[str] = ..., node_checks: _Optional[_Iterable[str]] = ..., service_checks: _Optional[_Iterable[_Union[ServiceCheck, _Mapping]]] = ..., create_index: _Optional[int] = ..., modify_index: _Optional[int] = ...) -> None: ...

class CreateRequest(_message.Message):
    __slots__ = ("write_options", "session", "node_checks_set")
    WRITE_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    SESSION_FIELD_NUMBER: _ClassVar[int]
    NODE_CHECKS_SET_FIELD_NUMBER: _ClassVar[int]
    write_options: _common_pb2.WriteOptions
    session: Session
    node_checks_set: bool
    def __init__(self, write_options: _Optional[_Union[_common_pb2.WriteOptions, _Mapping]] = ..., session: _Optional[_Union[Session, _Mapping]] = ..., node_checks_set: bool = ...) -> None: ...

class CreateResponse(_message.Message):
    __slots__ = ("index", "id")
    INDEX_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    index: int
    id: str
    def __init__(self, index: _Optional[int] = ..., id: _Optional[str] = ...) -> None: ...

class DestroyRequest(_message.Message):
    __slots__ = ("write_options", "id")
    WRITE_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    write_options: _common_pb2.WriteOptions
    id: str
    def __init__(self, write_options: _Optional[_Union[_common_pb2.WriteOptions, _Mapping]] = ..., id: _Optional[str] = ...) -> None: ...

class DestroyResponse(_message.Message):
    __slots__ = ("index",)
    INDEX_FIELD_NUMBER: _ClassVar[int]
    index: int
    def __init__(self, index: _Optional[int] = ...) -> None: ...

class InfoRequest(_message.Message):
    __slots__ = ("query_options", "id")
    QUERY_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    query_options: _common_pb2.QueryOptions
    id: str
    def __init__(self, query_options: _Optional[_Union[_common_pb2.QueryOptions, _Mapping]] = ..., id: _Optional[str] = ...) -> None: ...

class InfoResponse(_message.Message):
    __slots__ = ("query_meta", "session")
    QUERY_META_FIELD_NUMBER: _ClassVar[int]
    SESSION_FIELD_NUMBER: _ClassVar[int]
    query_meta: _common_pb2.QueryMeta
    session: Session
    def __init__(self, query_meta: _Optional[_Union[_common_pb2.QueryMeta, _Mapping]] = ..., session: _Optional[_Union[Session, _Mapping]] = ...) -> None: ...

class NodeSessionsRequest(_message.Message):
    __slots__ = ("query_options", "node")
    QUERY_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    NODE_FIELD_NUMBER: _ClassVar[int]
    query_options: _common_pb2.QueryOptions
    node: str
    def __init__(self, query_options: _Optional[_Union[_common_pb2.QueryOptions, _Mapping]] = ..., node: _Optional[str] = ...) -> None: ...

class NodeSessionsResponse(_message.Message):
    __slots__ = ("query_meta", "sessions")
    QUERY_META_FIELD_NUMBER: _ClassVar[int]
    SESSIONS_FIELD_NUMBER: _ClassVar[int]
    query_meta: _common_pb2.QueryMeta
    sessions: _containers.RepeatedCompositeFieldContainer[Session]
    def __init__(self, query_meta: _Optional[_Union[_common_pb2.QueryMeta, _Mapping]] = ..., sessions: _Optional[_Iterable[_Union[Session, _Mapping]]] = ...) -> None: ...

class ListRequest(_message.Message):
    __slots__ = ("query_options",)
    QUERY_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    query_options: _common_pb2.QueryOptions
    def __init__(self, query_options: _Optional[_Union[_common_pb2.QueryOptions, _Mapping]] = ...) -> None: ...

class ListResponse(_message.Message):
    __slots__ = ("query_meta", "sessions")
    QUERY_META_FIELD_NUMBER: _ClassVar[int]
    SESSIONS_FIELD_NUMBER: _ClassVar[int]
    query_meta: _common_pb2.QueryMeta
    sessions: _containers.RepeatedCompositeFieldContainer[Session]
    def __init__(self, query_meta: _Optional[_Union[_common_pb2.QueryMeta, _Mapping]] = ..., sessions: _Optional[_Iterable[_Union[Session, _Mapping]]] = ...) -> None: ...

class RenewRequest(_message.Message):
    __slots__ = ("write_options", "id")
    WRITE_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    write_options: _common_pb2.WriteOptions
    id: str
    def __init__(self, write_options: _Optional[_Union[_common_pb2.WriteOptions, _Mapping]] = ..., id: _Optional[str] = ...) -> None: ...

class RenewResponse(_message.Message):
    __slots__ = ("session",)
    SESSION_FIELD_NUMBER: _ClassVar[int]
    session: Session
    def __init__(self, session: _Optional[_Union[Session, _Mapping]] = ...) -> None: ...

class WatchSessionsRequest(_message.Message):
    __slots__ = ("query_options", "node")
    QUERY_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    NODE_FIELD_NUMBER: _ClassVar[int]
    query_options: _common_pb2.QueryOptions
    node: str
    def __init__(self, query_options: _Optional[_Union[_common_pb2.QueryOptions, _Mapping]] = ..., node: _Optional[str] = ...) -> None: ...

class WatchSessionsResponse(_message.Message):
    __slots__ = ("query_meta", "sessions")
    QUERY_META_FIELD_NUMBER: _ClassVar[int]
    SESSIONS_FIELD_NUMBER: _ClassVar[int]
    query_meta: _common_pb2.QueryMeta
    sessions: _containers.RepeatedCompositeFieldContainer[Session]
    def __init__(self, query_meta: _Optional[_Union[_common_pb2.QueryMeta, _Mapping]] = ..., sessions: _Optional[_Iterable[_Union[Session, _Mapping]]] = ...) -> None: ...
