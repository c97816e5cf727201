from roster.common.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Entry(_message.Message):
    __slots__ = ("key", "value", "flags", "session", "lock_index", "create_index", "modify_index")
    KEY_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    FLAGS_FIELD_NUMBER: _ClassVar[int]
    SESSION_FIELD_NUMBER: _ClassVar[int]
    LOCK_INDEX_FIELD_NUMBER: _ClassVar[int]
    CREATE_INDEX_FIELD_NUMBER: _ClassVar[int]
    MODIFY_INDEX_FIELD_NUMBER: _ClassVar[int]
    key: str
    value: bytes
    flags: int
    session: str
    lock_index: int
    create_index: int
    modify_index: int
    def __init__(self, key: _Optional[str] = ..., value: _Optional[bytes] = ..., flags: _Optional[int] = ..., session: _Optional[str] = ..., lock_index: _Optional[int] = ..., create_index: _Optional[int] = ..., modify_index: _Optional[int] = ...) -> None: ...

class GetRequest(_message.Message):
    __slots__ = ("query_options", "key")
    QUERY_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    query_options: _common_pb2.QueryOptions
    key: str
    def __init__(self, query_options: _Optional[_Union[_common_pb2.QueryOptions, _Mapping]] = ..., key: _Optional[str] = ...) -> None: ...

class GetResponse(_message.Message):
    __slots__ = ("query_meta", "entry")
    QUERY_META_FIELD_NUMBER: _ClassVar[int]
    ENTRY_FIELD_NUMBER: _ClassVar[int]
    query_meta: _common_pb2.QueryMeta
    entry: Entry
    def __init__(self, query_meta: _Optional[_Union[_common_pb2.QueryMeta, _Mapping]] = ..., entry: _Optional[_Union[Entry, _Mapping]] = ...) -> None: ...

class ListRequest(_message.Message):
    __slots__ = ("query_options", "prefix")
    QUERY_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    PREFIX_FIELD_NUMBER: _ClassVar[int]
    query_options: _common_pb2.QueryOptions
    prefix: str
    def __init__(self, query_options: _Optional[_Union[_common_pb2.QueryOptions, _Mapping]] = ..., prefix: _Optional[str] = ...) -> None: ...

class ListResponse(_message.Message):
    __slots__ = ("query_meta", "entries")
    QUERY_META_FIELD_NUMBER: _ClassVar[int]
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    query_meta: _common_pb2.QueryMeta
    entries: _containers.RepeatedCompositeFieldContainer[Entry]
    def __init__(self, query_meta: _Optional[_Union[_common_pb2.QueryMeta, _Mapping]] = ..., entries: _Optional[_Iterable[_Union[Entry, _Mapping]]] = ...) -> None: ...

class ScanRequest(_message.Message):
    __slots__ = ("query_options", "prefix")
    QUERY_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    PREFIX_FIELD_NUMBER: _ClassVar[int]
    query_options: _common_pb2.QueryOptions
    prefix: str
    def __init__(self, query_options: _Optional[_Union[_common_pb2.QueryOptions, _Mapping]] = ..., prefix: _Optional[str] = ...) -> None: ...

class ScanResponse(_message.Message):
    __slots__ = ("query_meta", "entries")
    QUERY_META_FIELD_NUMBER: _ClassVar[int]
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    query_meta: _common_pb2.QueryMeta
    entries: _containers.RepeatedCompositeFieldContainer[Entry]
    def __init__(self, query_meta: _Optional[_Union[_common_pb2.QueryMeta, _Mapping]] = ..., entries: _Optional[_Iterable[_Union[Entry, _Mapping]]] = ...) -> None: ...

class ListKeysRequest(_message.Message):
    __slots__ = ("query_options", "prefix", "separator")
    QUERY_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    PREFIX_FIELD_NUMBER: _ClassVar[int]
    SEPARATOR_FIELD_NUMBER: _ClassVar[int]
    query_options: _common_pb2.QueryOptions
    prefix: str
    separator: str
    def __init__(self, query_options: _Optional[_Union[_common_pb2.QueryOptions, _Mapping]] = ..., prefix: _Optional[str] = ..., separator: _Optional[str] = ...) -> None: ...

class ListKeysResponse(_message.Message):
    __slots__ = ("query_meta", "keys")
    QUERY_META_FIELD_NUMBER: _ClassVar[int]
    KEYS_FIELD_NUMBER: _ClassVar[int]
    query_meta: _common_pb2.QueryMeta
    keys: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, query_meta: _Optional[_Union[_common_pb2.QueryMeta, _Mapping]] = ..., keys: _Optional[_Iterable[str]] = ...) -> None: ...

class PutRequest(_message.Message):
    __slots__ = ("write_options", "key", "value", "flags", "cas_index", "acquire_session", "release_session")
    WRITE_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    FLAGS_FIELD_NUMBER: _ClassVar[int]
    CAS_INDEX_FIELD_NUMBER: _ClassVar[int]
    ACQUIRE_SESSION_FIELD_NUMBER: _ClassVar[int]
    RELEASE_SESSION_FIELD_NUMBER: _ClassVar[int]
    write_options: _common_pb2.WriteOptions
    key: str
    value: bytes
    flags: int
    cas_index: int
    acquire_session: str
    release_session: str
    def __init__(self, write_options: _Optional[_Union[_common_pb2.WriteOptions, _Mapping]] = ..., key: _Optional[str] = ..., value: _Optional[bytes] = ..., flags: _Optional[int] = ..., cas_index: _Optional[int] = ..., acquire_session: _Optional[str] = ..., release_session: _Optional[str] = ...) -> None: ...

class PutResponse(_message.Message):
    __slots__ = ("index", "success")
    INDEX_FIELD_NUMBER: _ClassVar[int]
    SUCCESS_FIELD_NUMBER: _ClassVar[int]
    index: int
    success: bool
    def __init__(self, index: _Optional[int] = ..., success: bool = ...) -> None: ...

class DeleteRequest(_message.Message):
    __slots__ = ("write_options", "key", "recurse", "cas_index")
    WRITE_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    RECURSE_FIELD_NUMBER: _ClassVar[int]
    CAS_INDEX_FIELD_NUMBER: _ClassVar[int]
    write_options: _common_pb2.WriteOptions
    key: str
    recurse: bool
    cas_index: int
    def __init__(self, write_options: _Optional[_Union[_common_pb2.WriteOptions, _Mapping]] = ..., key: _Optional[str] = ..., recurse: bool = ..., cas_index: _Optional[int] = ...) -> None: ...

class DeleteResponse(_message.Message):
    __slots__ = ("index", "success")
    INDEX_FIELD_NUMBER: _ClassVar[int]
    SUCCESS_FIELD_NUMBER: _ClassVar[int]
    index: int
    success: bool
    def __init__(self, index: _Optional[int] = ..., success: bool = ...) -> None: ...

class WatchRequest(_message.Message):
    __slots__ = ("query_options", "key", "prefix")
    QUERY_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    PREFIX_FIELD_NUMBER: _ClassVar[int]
    query_options: _common_pb2.QueryOptions
    key: str
    prefix: bool
    def __init__(self, query_options: _Optional[_Union[_common_pb2.QueryOptions, _Mapping]] = ..., key: _Optional[str] = ..., prefix: bool = ...) -> None: ...

class WatchResponse(_message.Message):
    __slots__ = ("query_meta", "entries")
    QUERY_META_FIELD_NUMBER: _ClassVar[int]
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    query_meta: _common_pb2.QueryMeta
    entries: _containers.RepeatedCompositeFieldContainer[Entry]
    def __init__(self, query_meta: _Optional[_Union[_common_pb2.QueryMeta, _Mapping]] = ..., entries: _Optional[_Iterable[_Union[Entry, _Mapping]]] = ...) -> None: ...
