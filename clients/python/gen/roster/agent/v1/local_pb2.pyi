from roster.catalog.v1 import catalog_pb2 as _catalog_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class WatchLocalStateRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class WatchLocalStateResponse(_message.Message):
    __slots__ = ("services", "checks", "version")
    SERVICES_FIELD_NUMBER: _ClassVar[int]
    CHECKS_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    services: _containers.RepeatedCompositeFieldContainer[_catalog_pb2.Service]
    checks: _containers.RepeatedCompositeFieldContainer[_catalog_pb2.HealthCheck]
    version: int
    def __init__(self, services: _Optional[_Iterable[_Union[_catalog_pb2.Service, _Mapping]]] = ..., checks: _Optional[_Iterable[_Union[_catalog_pb2.HealthCheck, _Mapping]]] = ..., version: _Optional[int] = ...) -> None: ...

class SetMaintenanceRequest(_message.Message):
    __slots__ = ("service_id", "enable", "reason")
    SERVICE_ID_FIELD_NUMBER: _ClassVar[int]
    ENABLE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    service_id: str
    enable: bool
    reason: str
    def __init__(self, service_id: _Optional[str] = ..., enable: bool = ..., reason: _Optional[str] = ...) -> None: ...

class SetMaintenanceResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class AgentCheck(_message.Message):
    __slots__ = ("check_id", "name", "notes", "status", "service_id", "definition", "success_before_passing", "failures_before_warning", "failures_before_critical")
    CHECK_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    SERVICE_ID_FIELD_NUMBER: _ClassVar[int]
    DEFINITION_FIELD_NUMBER: _ClassVar[int]
    SUCCESS_BEFORE_PASSING_FIELD_NUMBER: _ClassVar[int]
    FAILURES_BEFORE_WARNING_FIELD_NUMBER: _ClassVar[int]
    FAILURES_BEFORE_CRITICAL_FIELD_NUMBER: _ClassVar[int]
    check_id: str
    name: str
    notes: str
    status: _catalog_pb2.HealthStatus
    service_id: str
    definition: _catalog_pb2.CheckDefinition
    success_before_passing: int
    failures_before_warning: int
    failures_before_critical: int
    def __init__(self, check_id: _Optional[str] = ..., name: _Optional[str] = ..., notes: _Optional[str] = ..., status: _Optional[_Union[_catalog_pb2.HealthStatus, str]] = ..., service_id: _Optional[str] = ..., definition: _Optional[_Union[_catalog_pb2.CheckDefinition, _Mapping]] = ..., success_before_passing: _Optional[int] = ..., failures_before_warning: _Optional[int] = ..., failures_before_critical: _Optional[int] = ...) -> None: ...

class RegisterServiceRequest(_message.Message):
    __slots__ = ("service", "checks", "replace_existing_checks")
    SERVICE_FIELD_NUMBER: _ClassVar[int]
    CHECKS_FIELD_NUMBER: _ClassVar[int]
    REPLACE_EXISTING_CHECKS_FIELD_NUMBER: _ClassVar[int]
    service: _catalog_pb2.Service
    checks: _containers.RepeatedCompositeFieldContainer[AgentCheck]
    replace_existing_checks: bool
    def __init__(self, service: _Optional[_Union[_catalog_pb2.Service, _Mapping]] = ..., checks: _Optional[_Iterable[_Union[AgentCheck, _Mapping]]] = ..., replace_existing_checks: bool = ...) -> None: ...

class RegisterServiceResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class DeregisterServiceRequest(_message.Message):
    __slots__ = ("service_id",)
    SERVICE_ID_FIELD_NUMBER: _ClassVar[int]
    service_id: str
    def __init__(self, service_id: _Optional[str] = ...) -> None: ...

class DeregisterServiceResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListServicesRequest(_message.Message):
    __slots__ = ("filter",)
    FILTER_FIELD_NUMBER: _ClassVar[int]
    filter: str
    def __init__(self, filter: _Optional[str] = ...) -> None: ...

class ListServicesResponse(_message.Message):
    __slots__ = ("services", "datacenter")
    SERVICES_FIELD_NUMBER: _ClassVar[int]
    DATACENTER_FIELD_NUMBER: _ClassVar[int]
    services: _containers.RepeatedCompositeFieldContainer[_catalog_pb2.Service]
    datacenter: str
    def __init__(self, services: _Optional[_Iterable[_Union[_catalog_pb2.Service, _Mapping]]] = ..., datacenter: _Optional[str] = ...) -> None: ...

class RegisterCheckRequest(_message.Message):
    __slots__ = ("check",)
    CHECK_FIELD_NUMBER: _ClassVar[int]
    check: AgentCheck
    def __init__(self, check: _Optional[_Union[AgentCheck, _Mapping]] = ...) -> None: ...

class RegisterCheckResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class DeregisterCheckRequest(_message.Message):
    __slots__ = ("check_id",)
    CHECK_ID_FIELD_NUMBER: _ClassVar[int]
    check_id: str
    def __init__(self, check_id: _Optional[str] = ...) -> None: ...

class DeregisterCheckResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class UpdateCheckRequest(_message.Message):
    __slots__ = ("check_id", "status", "output")
    CHECK_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    OUTPUT_FIELD_NUMBER: _ClassVar[int]
    check_id: str
    status: _catalog_pb2.HealthStatus
    output: str
    def __init__(self, check_id: _Optional[str] = ..., status: _Optional[_Union[_catalog_pb2.HealthStatus, str]] = ..., output: _Optional[str] = ...) -> None: ...

class UpdateCheckResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListChecksRequest(_message.Message):
    __slots__ = ("filter",)
    FILTER_FIELD_NUMBER: _ClassVar[int]
    filter: str
    def __init__(self, filter: _Optional[str] = ...) -> None: ...

class ListChecksResponse(_message.Message):
    __slots__ = ("checks",)
    CHECKS_FIELD_NUMBER: _ClassVar[int]
    checks: _containers.RepeatedCompositeFieldContainer[_catalog_pb2.HealthCheck]
    def __init__(self, checks: _Optional[_Iterable[_Union[_catalog_pb2.HealthCheck, _Mapping]]] = ...) -> None: ...
