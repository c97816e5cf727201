from roster.coordinate.v1 import coordinate_pb2 as _coordinate_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class TokenKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TOKEN_KIND_UNSPECIFIED: _ClassVar[TokenKind]
    TOKEN_KIND_DEFAULT: _ClassVar[TokenKind]
    TOKEN_KIND_AGENT: _ClassVar[TokenKind]
    TOKEN_KIND_AGENT_RECOVERY: _ClassVar[TokenKind]
    TOKEN_KIND_REPLICATION: _ClassVar[TokenKind]

class MemberStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    MEMBER_STATUS_UNSPECIFIED: _ClassVar[MemberStatus]
    MEMBER_STATUS_ALIVE: _ClassVar[MemberStatus]
    MEMBER_STATUS_LEAVING: _ClassVar[MemberStatus]
    MEMBER_STATUS_LEFT: _ClassVar[MemberStatus]
    MEMBER_STATUS_FAILED: _ClassVar[MemberStatus]
TOKEN_KIND_UNSPECIFIED: TokenKind
TOKEN_KIND_DEFAULT: TokenKind
TOKEN_KIND_AGENT: TokenKind
TOKEN_KIND_AGENT_RECOVERY: TokenKind
TOKEN_KIND_REPLICATION: TokenKind
MEMBER_STATUS_UNSPECIFIED: MemberStatus
MEMBER_STATUS_ALIVE: MemberStatus
MEMBER_STATUS_LEAVING: MemberStatus
MEMBER_STATUS_LEFT: MemberStatus
MEMBER_STATUS_FAILED: MemberStatus

class SetTokenRequest(_message.Message):
    __slots__ = ("kind", "token")
    KIND_FIELD_NUMBER: _ClassVar[int]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    kind: TokenKind
    token: str
    def __init__(self, kind: _Optional[_Union[TokenKind, str]] = ..., token: _Optional[str] = ...) -> None: ...

class SetTokenResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ReloadRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ReloadResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetHostRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetHostResponse(_message.Message):
    __slots__ = ("hostname", "os", "platform", "platform_version", "kernel_version", "uptime_seconds", "boot_time", "memory_total", "memory_available", "memory_used", "cpu_model", "cpu_cores", "disk_path", "disk_total", "disk_free", "disk_used", "collection_time", "errors")
    HOSTNAME_FIELD_NUMBER: _ClassVar[int]
    OS_FIELD_NUMBER: _ClassVar[int]
    PLATFORM_FIELD_NUMBER: _ClassVar[int]
    PLATFORM_VERSION_FIELD_NUMBER: _ClassVar[int]
    KERNEL_VERSION_FIELD_NUMBER: _ClassVar[int]
    UPTIME_SECONDS_FIELD_NUMBER: _ClassVar[int]
    BOOT_TIME_FIELD_NUMBER: _ClassVar[int]
    MEMORY_TOTAL_FIELD_NUMBER: _ClassVar[int]
    MEMORY_AVAILABLE_FIELD_NUMBER: _ClassVar[int]
    MEMORY_USED_FIELD_NUMBER: _ClassVar[int]
    CPU_MODEL_FIELD_NUMBER: _ClassVar[int]
    CPU_CORES_FIELD_NUMBER: _ClassVar[int]
    DISK_PATH_FIELD_NUMBER: _ClassVar[int]
    DISK_TOTAL_FIELD_NUMBER: _ClassVar[int]
    DISK_FREE_FIELD_NUMBER: _ClassVar[int]
    DISK_USED_FIELD_NUMBER: _ClassVar[int]
    COLLECTION_TIME_FIELD_NUMBER: _ClassVar[int]
    ERRORS_FIELD_NUMBER: _ClassVar[int]
    hostname: str
    os: str
    platform: str
    platform_version: str
    kernel_version: str
    uptime_seconds: int
    boot_time: int
    memory_total: int
    memory_available: int
    memory_used: int
    cpu_model: str
    cpu_cores: int
    disk_path: str
    disk_total: int
    disk_free: int
    disk_used: int
    collection_time: int
    errors: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, hostname: _Optional[str] = ..., os: _Optional[str] = ..., platform: _Optional[str] = ..., platform_version: _Optional[str] = ..., kernel_version: _Optional[str] = ..., uptime_seconds: _Optional[int] = ..., boot_time: _Optional[int] = ..., memory_total: _Optional[int] = ..., memory_available: _Optional[int] = ..., memory_used: _Optional[int] = ..., cpu_model: _Optional[str] = ..., cpu_cores: _Optional[int] = ..., disk_path: _Optional[str] = ..., disk_total: _Optional[int] = ..., disk_free: _Optional[int] = ..., disk_used: _Optional[int] = ..., collection_time: _Optional[int] = ..., errors: _Optional[_Iterable[str]] = ...) -> None: ...

class Member(_message.Message):
    __slots__ = ("name", "address", "port", "tags", "status", "protocol_min", "protocol_max", "protocol_cur", "delegate_min", "delegate_max", "delegate_cur")
    class TagsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    NAME_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    PORT_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    PROTOCOL_MIN_FIELD_NUMBER: _ClassVar[int]
    PROTOCOL_MAX_FIELD_NUMBER: _ClassVar[int]
    PROTOCOL_CUR_FIELD_NUMBER: _ClassVar[int]
    DELEGATE_MIN_FIELD_NUMBER: _ClassVar[int]
    DELEGATE_MAX_FIELD_NUMBER: _ClassVar[int]
    DELEGATE_CUR_FIELD_NUMBER: _ClassVar[int]
    name: str
    address: str
    port: int
    tags: _containers.ScalarMap[str, str]
    status: MemberStatus
    protocol_min: int
    protocol_max: int
    protocol_cur: int
    delegate_min: int
    delegate_max: int
    delegate_cur: int
    def __init__(self, name: _Optional[str] = ..., address: _Optional[str] = ..., port: _Optional[int] = ..., tags: _Optional[_Mapping[str, str]] = ..., status: _Optional[_Union[MemberStatus, str]] = ..., protocol_min: _Optional[int] = ..., protocol_max: _Optional[int] = ..., protocol_cur: _Optional[int] = ..., delegate_min: _Optional[int] = ..., delegate_max: _Optional[int] = ..., delegate_cur: _Optional[int] = ...) -> None: ...

class ListMembersRequest(_message.Message):
    __slots__ = ("wan", "segment")
    WAN_FIELD_NUMBER: _ClassVar[int]
    SEGMENT_FIELD_NUMBER: _ClassVar[int]
    wan: bool
    segment: str
    def __init__(self, wan: bool = ..., segment: _Optional[str] = ...) -> None: ...

class ListMembersResponse(_message.Message):
    __slots__ = ("members",)
    MEMBERS_FIELD_NUMBER: _ClassVar[int]
    members: _containers.RepeatedCompositeFieldContainer[Member]
    def __init__(self, members: _Optional[_Iterable[_Union[Member, _Mapping]]] = ...) -> None: ...

class GetSelfRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class AgentConfig(_message.Message):
    __slots__ = ("datacenter", "primary_datacenter", "node_name", "node_id", "server", "version", "revision", "roster_version")
    DATACENTER_FIELD_NUMBER: _ClassVar[int]
    PRIMARY_DATACENTER_FIELD_NUMBER: _ClassVar[int]
    NODE_NAME_FIELD_NUMBER: _ClassVar[int]
    NODE_ID_FIELD_NUMBER: _ClassVar[int]
    SERVER_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    ROSTER_VERSION_FIELD_NUMBER: _ClassVar[int]
    datacenter: str
    primary_datacenter: str
    node_name: str
    node_id: str
    server: bool
    version: str
    revision: str
    roster_version: str
    def __init__(self, datacenter: _Optional[str] = ..., primary_datacenter: _Optional[str] = ..., node_name: _Optional[str] = ..., node_id: _Optional[str] = ..., server: bool = ..., version: _Optional[str] = ..., revision: _Optional[str] = ..., roster_version: _Optional[str] = ...) -> None: ...

class GetSelfResponse(_message.Message):
    __slots__ = ("config", "member", "coord", "stats", "meta", "debug_config_json")
    class StatsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: Stats
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[Stats, _Mapping]] = ...) -> None: ...
    class MetaEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    CONFIG_FIELD_NUMBER: _ClassVar[int]
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    COORD_FIELD_NUMBER: _ClassVar[int]
    STATS_FIELD_NUMBER: _ClassVar[int]
    META_FIELD_NUMBER: _ClassVar[int]
    DEBUG_CONFIG_JSON_FIELD_NUMBER: _ClassVar[int]
    config: AgentConfig
    member: Member
    coord: _coordinate_pb2.Coordinate
    stats: _containers.MessageMap[str, Stats]
    meta: _containers.ScalarMap[str, str]
    debug_config_json: str
    def __init__(self, config: _Optional[_Union[AgentConfig, _Mapping]] = ..., member: _Optional[_Union[Member, _Mapping]] = ..., coord: _Optional[_Union[_coordinate_pb2.Coordinate, _Mapping]] = ..., stats: _Optional[_Mapping[str, Stats]] = ..., meta: _Optional[_Mapping[str, str]] = ..., debug_config_json: _Optional[str] = ...) -> None: ...

class Stats(_message.Message):
    __slots__ = ("values",)
    class ValuesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    VALUES_FIELD_NUMBER: _ClassVar[int]
    values: _containers.ScalarMap[str, str]
    def __init__(self, values: _Optional[_Mapping[str, str]] = ...) -> None: ...

class JoinRequest(_message.Message):
    __slots__ = ("addresses", "wan")
    ADDRESSES_FIELD_NUMBER: _ClassVar[int]
    WAN_FIELD_NUMBER: _ClassVar[int]
    addresses: _containers.RepeatedScalarFieldContainer[str]
    wan: bool
    def __init__(self, addresses: _Optional[_Iterable[str]] = ..., wan: bool = ...) -> None: ...

class JoinResponse(_message.Message):
    __slots__ = ("num_joined",)
    NUM_JOINED_FIELD_NUMBER: _ClassVar[int]
    num_joined: int
    def __init__(self, num_joined: _Optional[int] = ...) -> None: ...

class LeaveRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class LeaveResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ForceLeaveRequest(_message.Message):
    __slots__ = ("node", "prune", "wan")
    NODE_FIELD_NUMBER: _ClassVar[int]
    PRUNE_FIELD_NUMBER: _ClassVar[int]
    WAN_FIELD_NUMBER: _ClassVar[int]
    node: str
    prune: bool
    wan: bool
    def __init__(self, node: _Optional[str] = ..., prune: bool = ..., wan: bool = ...) -> None: ...

class ForceLeaveResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...
