from google.protobuf import timestamp_pb2 as _timestamp_pb2
from roster.common.v1 import common_pb2 as _common_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class SaveRequest(_message.Message):
    __slots__ = ("query_options",)
    QUERY_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    query_options: _common_pb2.QueryOptions
    def __init__(self, query_options: _Optional[_Union[_common_pb2.QueryOptions, _Mapping]] = ...) -> None: ...

class SaveResponse(_message.Message):
    __slots__ = ("data", "query_meta")
    DATA_FIELD_NUMBER: _ClassVar[int]
    QUERY_META_FIELD_NUMBER: _ClassVar[int]
    data: bytes
    query_meta: _common_pb2.QueryMeta
    def __init__(self, data: _Optional[bytes] = ..., query_meta: _Optional[_Union[_common_pb2.QueryMeta, _Mapping]] = ...) -> None: ...

class RestoreRequest(_message.Message):
    __slots__ = ("data", "write_options")
    DATA_FIELD_NUMBER: _ClassVar[int]
    WRITE_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    data: bytes
    write_options: _common_pb2.WriteOptions
    def __init__(self, data: _Optional[bytes] = ..., write_options: _Optional[_Union[_common_pb2.WriteOptions, _Mapping]] = ...) -> None: ...

class RestoreResponse(_message.Message):
    __slots__ = ("index", "records")
    INDEX_FIELD_NUMBER: _ClassVar[int]
    RECORDS_FIELD_NUMBER: _ClassVar[int]
    index: int
    records: int
    def __init__(self, index: _Optional[int] = ..., records: _Optional[int] = ...) -> None: ...

class SnapshotRecord(_message.Message):
    __slots__ = ("table", "key", "value")
    TABLE_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    table: str
    key: bytes
    value: bytes
    def __init__(self, table: _Optional[str] = ..., key: _Optional[bytes] = ..., value: _Optional[bytes] = ...) -> None: ...

class ArchiveEntry(_message.Message):
    __slots__ = ("header", "record", "end")
    HEADER_FIELD_NUMBER: _ClassVar[int]
    RECORD_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    header: ArchiveHeader
    record: SnapshotRecord
    end: ArchiveEnd
    def __init__(self, header: _Optional[_Union[ArchiveHeader, _Mapping]] = ..., record: _Optional[_Union[SnapshotRecord, _Mapping]] = ..., end: _Optional[_Union[ArchiveEnd, _Mapping]] = ...) -> None: ...

class ArchiveHeader(_message.Message):
    __slots__ = ("index", "datacenter", "version", "created")
    INDEX_FIELD_NUMBER: _ClassVar[int]
    DATACENTER_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    CREATED_FIELD_NUMBER: _ClassVar[int]
    index: int
    datacenter: str
    version: str
    created: _timestamp_pb2.Timestamp
    def __init__(self, index: _Optional[int] = ..., datacenter: _Optional[str] = ..., version: _Optional[str] = ..., created: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ArchiveEnd(_message.Message):
    __slots__ = ("records",)
    RECORDS_FIELD_NUMBER: _ClassVar[int]
    records: int
    def __init__(self, records: _Optional[int] = ...) -> None: ...
