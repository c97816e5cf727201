from roster.common.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class UserEvent(_message.Message):
    __slots__ = ("id", "name", "payload", "node_filter", "service_filter", "tag_filter", "version", "ltime")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PAYLOAD_FIELD_NUMBER: _ClassVar[int]
    NODE_FILTER_FIELD_NUMBER: _ClassVar[int]
    SERVICE_FILTER_FIELD_NUMBER: _ClassVar[int]
    TAG_FILTER_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    LTIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    payload: bytes
    node_filter: str
    service_filter: str
    tag_filter: str
    version: int
    ltime: int
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., payload: _Optional[bytes] = ..., node_filter: _Optional[str] = ..., service_filter: _Optional[str] = ..., tag_filter: _Optional[str] = ..., version: _Optional[int] = ..., ltime: _Optional[int] = ...) -> None: ...

class FireRequest(_message.Message):
    __slots__ = ("write_options", "name", "payload", "node_filter", "service_filter", "tag_filter")
    WRITE_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PAYLOAD_FIELD_NUMBER: _ClassVar[int]
    NODE_FILTER_FIELD_NUMBER: _ClassVar[int]
    SERVICE_FILTER_FIELD_NUMBER: _ClassVar[int]
    TAG_FILTER_FIELD_NUMBER: _ClassVar[int]
    write_options: _common_pb2.WriteOptions
    name: str
    payload: bytes
    node_filter: str
    service_filter: str
    tag_filter: str
    def __init__(self, write_options: _Optional[_Union[_common_pb2.WriteOptions, _Mapping]] = ..., name: _Optional[str] = ..., payload: _Optional[bytes] = ..., node_filter: _Optional[str] = ..., service_filter: _Optional[str] = ..., tag_filter: _Optional[str] = ...) -> None: ...

class FireResponse(_message.Message):
    __slots__ = ("event",)
    EVENT_FIELD_NUMBER: _ClassVar[int]
    event: UserEvent
    def __init__(self, event: _Optional[_Union[UserEvent, _Mapping]] = ...) -> None: ...

class ListRequest(_message.Message):
    __slots__ = ("query_options", "name")
    QUERY_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    query_options: _common_pb2.QueryOptions
    name: str
    def __init__(self, query_options: _Optional[_Union[_common_pb2.QueryOptions, _Mapping]] = ..., name: _Optional[str] = ...) -> None: ...

class ListResponse(_message.Message):
    __slots__ = ("query_meta", "events")
    QUERY_META_FIELD_NUMBER: _ClassVar[int]
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    query_meta: _common_pb2.QueryMeta
    events: _containers.RepeatedCompositeFieldContainer[UserEvent]
    def __init__(self, query_meta: _Optional[_Union[_common_pb2.QueryMeta, _Mapping]] = ..., events: _Optional[_Iterable[_Union[UserEvent, _Mapping]]] = ...) -> None: ...
