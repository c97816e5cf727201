from roster.common.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class LeaderRequest(_message.Message):
    __slots__ = ("query_options",)
    QUERY_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    query_options: _common_pb2.QueryOptions
    def __init__(self, query_options: _Optional[_Union[_common_pb2.QueryOptions, _Mapping]] = ...) -> None: ...

class LeaderResponse(_message.Message):
    __slots__ = ("query_meta", "address")
    QUERY_META_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    query_meta: _common_pb2.QueryMeta
    address: str
    def __init__(self, query_meta: _Optional[_Union[_common_pb2.QueryMeta, _Mapping]] = ..., address: _Optional[str] = ...) -> None: ...

class PeersRequest(_message.Message):
    __slots__ = ("query_options",)
    QUERY_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    query_options: _common_pb2.QueryOptions
    def __init__(self, query_options: _Optional[_Union[_common_pb2.QueryOptions, _Mapping]] = ...) -> None: ...

class PeersResponse(_message.Message):
    __slots__ = ("query_meta", "addresses")
    QUERY_META_FIELD_NUMBER: _ClassVar[int]
    ADDRESSES_FIELD_NUMBER: _ClassVar[int]
    query_meta: _common_pb2.QueryMeta
    addresses: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, query_meta: _Optional[_Union[_common_pb2.QueryMeta, _Mapping]] = ..., addresses: _Optional[_Iterable[str]] = ...) -> None: ...
