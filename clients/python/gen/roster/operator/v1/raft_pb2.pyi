from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from roster.common.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class AutopilotConfiguration(_message.Message):
    __slots__ = ("cleanup_dead_servers", "last_contact_threshold", "max_trailing_logs", "min_quorum", "server_stabilization_time", "redundancy_zone_tag", "disable_upgrade_migration", "upgrade_version_tag", "create_index", "modify_index")
    CLEANUP_DEAD_SERVERS_FIELD_NUMBER: _ClassVar[int]
    LAST_CONTACT_THRESHOLD_FIELD_NUMBER: _ClassVar[int]
    MAX_TRAILING_LOGS_FIELD_NUMBER: _ClassVar[int]
    MIN_QUORUM_FIELD_NUMBER: _ClassVar[int]
    SERVER_STABILIZATION_TIME_FIELD_NUMBER: _ClassVar[int]
    REDUNDANCY_ZONE_TAG_FIELD_NUMBER: _ClassVar[int]
    DISABLE_UPGRADE_MIGRATION_FIELD_NUMBER: _ClassVar[int]
    UPGRADE_VERSION_TAG_FIELD_NUMBER: _ClassVar[int]
    CREATE_INDEX_FIELD_NUMBER: _ClassVar[int]
    MODIFY_INDEX_FIELD_NUMBER: _ClassVar[int]
    cleanup_dead_servers: bool
    last_contact_threshold: _duration_pb2.Duration
    max_trailing_logs: int
    min_quorum: int
    server_stabilization_time: _duration_pb2.Duration
    redundancy_zone_tag: str
    disable_upgrade_migration: bool
    upgrade_version_tag: str
    create_index: int
    modify_index: int
    def __init__(self, cleanup_dead_servers: bool = ..., last_contact_threshold: _Optional[_Union[_duration_pb2.Duration, _Mapping]] = ..., max_trailing_logs: _Optional[int] = ..., min_quorum: _Optional[int] = ..., server_stabilization_time: _Optional[_Union[_duration_pb2.Duration, _Mapping]] = ..., redundancy_zone_tag: _Optional[str] = ..., disable_upgrade_migration: bool = ..., upgrade_version_tag: _Optional[str] = ..., create_index: _Optional[int] = ..., modify_index: _Optional[int] = ...) -> None: ...

class GetAutopilotConfigurationRequest(_message.Message):
    __slots__ = ("query_options",)
    QUERY_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    query_options: _common_pb2.QueryOptions
    def __init__(self, query_options: _Optional[_Union[_common_pb2.QueryOptions, _Mapping]] = ...) -> None: ...

class GetAutopilotConfigurationResponse(_message.Message):
    __slots__ = ("configuration", "query_meta")
    CONFIGURATION_FIELD_NUMBER: _ClassVar[int]
    QUERY_META_FIELD_NUMBER: _ClassVar[int]
    configuration: AutopilotConfiguration
    query_meta: _common_pb2.QueryMeta
    def __init__(self, configuration: _Optional[_Union[AutopilotConfiguration, _Mapping]] = ..., query_meta: _Optional[_Union[_common_pb2.QueryMeta, _Mapping]] = ...) -> None: ...

class SetAutopilotConfigurationRequest(_message.Message):
    __slots__ = ("configuration", "cas_index", "datacenter")
    CONFIGURATION_FIELD_NUMBER: _ClassVar[int]
    CAS_INDEX_FIELD_NUMBER: _ClassVar[int]
    DATACENTER_FIELD_NUMBER: _ClassVar[int]
    configuration: AutopilotConfiguration
    cas_index: int
    datacenter: str
    def __init__(self, configuration: _Optional[_Union[AutopilotConfiguration, _Mapping]] = ..., cas_index: _Optional[int] = ..., datacenter: _Optional[str] = ...) -> None: ...

class SetAutopilotConfigurationResponse(_message.Message):
    __slots__ = ("updated",)
    UPDATED_FIELD_NUMBER: _ClassVar[int]
    updated: bool
    def __init__(self, updated: bool = ...) -> None: ...

class GetConfigurationRequest(_message.Message):
    __slots__ = ("query_options",)
    QUERY_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    query_options: _common_pb2.QueryOptions
    def __init__(self, query_options: _Optional[_Union[_common_pb2.QueryOptions, _Mapping]] = ...) -> None: ...

class RaftServer(_message.Message):
    __slots__ = ("id", "node", "address", "leader", "protocol_version", "voter", "raft_id")
    ID_FIELD_NUMBER: _ClassVar[int]
    NODE_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    LEADER_FIELD_NUMBER: _ClassVar[int]
    PROTOCOL_VERSION_FIELD_NUMBER: _ClassVar[int]
    VOTER_FIELD_NUMBER: _ClassVar[int]
    RAFT_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    node: str
    address: str
    leader: bool
    protocol_version: str
    voter: bool
    raft_id: int
    def __init__(self, id: _Optional[str] = ..., node: _Optional[str] = ..., address: _Optional[str] = ..., leader: bool = ..., protocol_version: _Optional[str] = ..., voter: bool = ..., raft_id: _Optional[int] = ...) -> None: ...

class GetConfigurationResponse(_message.Message):
    __slots__ = ("query_meta", "servers", "index")
    QUERY_META_FIELD_NUMBER: _ClassVar[int]
    SERVERS_FIELD_NUMBER: _ClassVar[int]
    INDEX_FIELD_NUMBER: _ClassVar[int]
    query_meta: _common_pb2.QueryMeta
    servers: _containers.RepeatedCompositeFieldContainer[RaftServer]
    index: int
    def __init__(self, query_meta: _Optional[_Union[_common_pb2.QueryMeta, _Mapping]] = ..., servers: _Optional[_Iterable[_Union[RaftServer, _Mapping]]] = ..., index: _Optional[int] = ...) -> None: ...

class RemovePeerRequest(_message.Message):
    __slots__ = ("id", "address", "write_options")
    ID_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    WRITE_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    id: str
    address: str
    write_options: _common_pb2.WriteOptions
    def __init__(self, id: _Optional[str] = ..., address: _Optional[str] = ..., write_options: _Optional[_Union[_common_pb2.WriteOptions, _Mapping]] = ...) -> None: ...

class RemovePeerResponse(_message.Message):
    __slots__ = ("index",)
    INDEX_FIELD_NUMBER: _ClassVar[int]
    index: int
    def __init__(self, index: _Optional[int] = ...) -> None: ...

class TransferLeaderRequest(_message.Message):
    __slots__ = ("id", "write_options")
    ID_FIELD_NUMBER: _ClassVar[int]
    WRITE_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    id: str
    write_options: _common_pb2.WriteOptions
    def __init__(self, id: _Optional[str] = ..., write_options: _Optional[_Union[_common_pb2.WriteOptions, _Mapping]] = ...) -> None: ...

class TransferLeaderResponse(_message.Message):
    __slots__ = ("success", "leader_raft_id")
    SUCCESS_FIELD_NUMBER: _ClassVar[int]
    LEADER_RAFT_ID_FIELD_NUMBER: _ClassVar[int]
    success: bool
    leader_raft_id: int
    def __init__(self, success: bool = ..., leader_raft_id: _Optional[int] = ...) -> None: ...

class ServerHealthRequest(_message.Message):
    __slots__ = ("query_options",)
    QUERY_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    query_options: _common_pb2.QueryOptions
    def __init__(self, query_options: _Optional[_Union[_common_pb2.QueryOptions, _Mapping]] = ...) -> None: ...

class ServerHealth(_message.Message):
    __slots__ = ("id", "name", "address", "serf_status", "version", "leader", "last_contact", "last_term", "last_index", "healthy", "voter", "stable_since")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    SERF_STATUS_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    LEADER_FIELD_NUMBER: _ClassVar[int]
    LAST_CONTACT_FIELD_NUMBER: _ClassVar[int]
    LAST_TERM_FIELD_NUMBER: _ClassVar[int]
    LAST_INDEX_FIELD_NUMBER: _ClassVar[int]
    HEALTHY_FIELD_NUMBER: _ClassVar[int]
    VOTER_FIELD_NUMBER: _ClassVar[int]
    STABLE_SINCE_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    address: str
    serf_status: str
    version: str
    leader: bool
    last_contact: _duration_pb2.Duration
    last_term: int
    last_index: int
    healthy: bool
    voter: bool
    stable_since: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., address: _Optional[str] = ..., serf_status: _Optional[str] = ..., version: _Optional[str] = ..., leader: bool = ..., last_contact: _Optional[_Union[_duration_pb2.Duration, _Mapping]] = ..., last_term: _Optional[int] = ..., last_index: _Optional[int] = ..., healthy: bool = ..., voter: bool = ..., stable_since: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ServerHealthResponse(_message.Message):
    __slots__ = ("healthy", "failure_tolerance", "servers")
    HEALTHY_FIELD_NUMBER: _ClassVar[int]
    FAILURE_TOLERANCE_FIELD_NUMBER: _ClassVar[int]
    SERVERS_FIELD_NUMBER: _ClassVar[int]
    healthy: bool
    failure_tolerance: int
    servers: _containers.RepeatedCompositeFieldContainer[ServerHealth]
    def __init__(self, healthy: bool = ..., failure_tolerance: _Optional[int] = ..., servers: _Optional[_Iterable[_Union[ServerHealth, _Mapping]]] = ...) -> None: ...
