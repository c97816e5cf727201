from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Consistency(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CONSISTENCY_UNSPECIFIED: _ClassVar[Consistency]
    CONSISTENCY_CONSISTENT: _ClassVar[Consistency]
    CONSISTENCY_STALE: _ClassVar[Consistency]
CONSISTENCY_UNSPECIFIED: Consistency
CONSISTENCY_CONSISTENT: Consistency
CONSISTENCY_STALE: Consistency

class QueryOptions(_message.Message):
    __slots__ = ("min_index", "wait", "consistency", "datacenter", "token", "near", "filter")
    MIN_INDEX_FIELD_NUMBER: _ClassVar[int]
    WAIT_FIELD_NUMBER: _ClassVar[int]
    CONSISTENCY_FIELD_NUMBER: _ClassVar[int]
    DATACENTER_FIELD_NUMBER: _ClassVar[int]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    NEAR_FIELD_NUMBER: _ClassVar[int]
    FILTER_FIELD_NUMBER: _ClassVar[int]
    min_index: int
    wait: _duration_pb2.Duration
    consistency: Consistency
    datacenter: str
    token: str
    near: str
    filter: str
    def __init__(self, min_index: _Optional[int] = ..., wait: _Optional[_Union[_duration_pb2.Duration, _Mapping]] = ..., consistency: _Optional[_Union[Consistency, str]] = ..., datacenter: _Optional[str] = ..., token: _Optional[str] = ..., near: _Optional[str] = ..., filter: _Optional[str] = ...) -> None: ...

class QueryMeta(_message.Message):
    __slots__ = ("index", "known_leader", "last_contact", "effective_consistency", "results_filtered_by_acls")
    INDEX_FIELD_NUMBER: _ClassVar[int]
    KNOWN_LEADER_FIELD_NUMBER: _ClassVar[int]
    LAST_CONTACT_FIELD_NUMBER: _ClassVar[int]
    EFFECTIVE_CONSISTENCY_FIELD_NUMBER: _ClassVar[int]
    RESULTS_FILTERED_BY_ACLS_FIELD_NUMBER: _ClassVar[int]
    index: int
    known_leader: bool
    last_contact: _duration_pb2.Duration
    effective_consistency: Consistency
    results_filtered_by_acls: bool
    def __init__(self, index: _Optional[int] = ..., known_leader: bool = ..., last_contact: _Optional[_Union[_duration_pb2.Duration, _Mapping]] = ..., effective_consistency: _Optional[_Union[Consistency, str]] = ..., results_filtered_by_acls: bool = ...) -> None: ...

class WriteOptions(_message.Message):
    __slots__ = ("datacenter", "token", "request_id")
    DATACENTER_FIELD_NUMBER: _ClassVar[int]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    datacenter: str
    token: str
    request_id: str
    def __init__(self, datacenter: _Optional[str] = ..., token: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...
