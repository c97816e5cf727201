from roster.catalog.v1 import catalog_pb2 as _catalog_pb2
from roster.common.v1 import common_pb2 as _common_pb2
from roster.kv.v1 import kv_pb2 as _kv_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class KvVerb(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    KV_VERB_UNSPECIFIED: _ClassVar[KvVerb]
    KV_VERB_SET: _ClassVar[KvVerb]
    KV_VERB_CAS: _ClassVar[KvVerb]
    KV_VERB_LOCK: _ClassVar[KvVerb]
    KV_VERB_UNLOCK: _ClassVar[KvVerb]
    KV_VERB_GET: _ClassVar[KvVerb]
    KV_VERB_GET_TREE: _ClassVar[KvVerb]
    KV_VERB_CHECK_INDEX: _ClassVar[KvVerb]
    KV_VERB_CHECK_SESSION: _ClassVar[KvVerb]
    KV_VERB_CHECK_NOT_EXISTS: _ClassVar[KvVerb]
    KV_VERB_DELETE: _ClassVar[KvVerb]
    KV_VERB_DELETE_TREE: _ClassVar[KvVerb]
    KV_VERB_DELETE_CAS: _ClassVar[KvVerb]

class CatalogVerb(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CATALOG_VERB_UNSPECIFIED: _ClassVar[CatalogVerb]
    CATALOG_VERB_SET: _ClassVar[CatalogVerb]
    CATALOG_VERB_CAS: _ClassVar[CatalogVerb]
    CATALOG_VERB_GET: _ClassVar[CatalogVerb]
    CATALOG_VERB_DELETE: _ClassVar[CatalogVerb]
    CATALOG_VERB_DELETE_CAS: _ClassVar[CatalogVerb]
KV_VERB_UNSPECIFIED: KvVerb
KV_VERB_SET: KvVerb
KV_VERB_CAS: KvVerb
KV_VERB_LOCK: KvVerb
KV_VERB_UNLOCK: KvVerb
KV_VERB_GET: KvVerb
KV_VERB_GET_TREE: KvVerb
KV_VERB_CHECK_INDEX: KvVerb
KV_VERB_CHECK_SESSION: KvVerb
KV_VERB_CHECK_NOT_EXISTS: KvVerb
KV_VERB_DELETE: KvVerb
KV_VERB_DELETE_TREE: KvVerb
KV_VERB_DELETE_CAS: KvVerb
CATALOG_VERB_UNSPECIFIED: CatalogVerb
CATALOG_VERB_SET: CatalogVerb
CATALOG_VERB_CAS: CatalogVerb
CATALOG_VERB_GET: CatalogVerb
CATALOG_VERB_DELETE: CatalogVerb
CATALOG_VERB_DELETE_CAS: CatalogVerb

class KvOp(_message.Message):
    __slots__ = ("verb", "key", "value", "flags", "index", "session")
    VERB_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    FLAGS_FIELD_NUMBER: _ClassVar[int]
    INDEX_FIELD_NUMBER: _ClassVar[int]
    SESSION_FIELD_NUMBER: _ClassVar[int]
    verb: KvVerb
    key: str
    value: bytes
    flags: int
    index: int
    session: str
    def __init__(self, verb: _Optional[_Union[KvVerb, str]] = ..., key: _Optional[str] = ..., value: _Optional[bytes] = ..., flags: _Optional[int] = ..., index: _Optional[int] = ..., session: _Optional[str] = ...) -> None: ...

class NodeOp(_message.Message):
    __slots__ = ("verb", "node")
    VERB_FIELD_NUMBER: _ClassVar[int]
    NODE_FIELD_NUMBER: _ClassVar[int]
    verb: CatalogVerb
    node: _catalog_pb2.Node
    def __init__(self, verb: _Optional[_Union[CatalogVerb, str]] = ..., node: _Optional[_Union[_catalog_pb2.Node, _Mapping]] = ...) -> None: ...

class ServiceOp(_message.Message):
    __slots__ = ("verb", "node", "service")
    VERB_FIELD_NUMBER: _ClassVar[int]
    NODE_FIELD_NUMBER: _ClassVar[int]
    SERVICE_FIELD_NUMBER: _ClassVar[int]
    verb: CatalogVerb
    node: str
    service: _catalog_pb2.Service
    def __init__(self, verb: _Optional[_Union[CatalogVerb, str]] = ..., node: _Optional[str] = ..., service: _Optional[_Union[_catalog_pb2.Service, _Mapping]] = ...) -> None: ...

class CheckOp(_message.Message):
    __slots__ = ("verb", "check")
    VERB_FIELD_NUMBER: _ClassVar[int]
    CHECK_FIELD_NUMBER: _ClassVar[int]
    verb: CatalogVerb
    check: _catalog_pb2.HealthCheck
    def __init__(self, verb: _Optional[_Union[CatalogVerb, str]] = ..., check: _Optional[_Union[_catalog_pb2.HealthCheck, _Mapping]] = ...) -> None: ...

class TxnOp(_message.Message):
    __slots__ = ("kv", "node", "service", "check")
    KV_FIELD_NUMBER: _ClassVar[int]
    NODE_FIELD_NUMBER: _ClassVar[int]
    SERVICE_FIELD_NUMBER: _ClassVar[int]
    CHECK_FIELD_NUMBER: _ClassVar[int]
    kv: KvOp
    node: NodeOp
    service: ServiceOp
    check: CheckOp
    def __init__(self, kv: _Optional[_Union[KvOp, _Mapping]] = ..., node: _Optional[_Union[NodeOp, _Mapping]] = ..., service: _Optional[_Union[ServiceOp, _Mapping]] = ..., check: _Optional[_Union[CheckOp, _Mapping]] = ...) -> None: ...

class TxnResult(_message.Message):
    __slots__ = ("kv", "node", "service", "check")
    KV_FIELD_NUMBER: _ClassVar[int]
    NODE_FIELD_NUMBER: _ClassVar[int]
    SERVICE_FIELD_NUMBER: _ClassVar[int]
    CHECK_FIELD_NUMBER: _ClassVar[int]
    kv: _kv_pb2.Entry
    node: _catalog_pb2.Node
    service: _catalog_pb2.Service
    check: _catalog_pb2.HealthCheck
    def __init__(self, kv: _Optional[_Union[_kv_pb2.Entry, _Mapping]] = ..., node: _Optional[_Union[_catalog_pb2.Node, _Mapping]] = ..., service: _Optional[_Union[_catalog_pb2.Service, _Mapping]] = ..., check: _Optional[_Union[_catalog_pb2.HealthCheck, _Mapping]] = ...) -> None: ...

class TxnError(_message.Message):
    __slots__ = ("op_index", "what")
    OP_INDEX_FIELD_NUMBER: _ClassVar[int]
    WHAT_FIELD_NUMBER: _ClassVar[int]
    op_index: int
    what: str
    def __init__(self, op_index: _Optional[int] = ..., what: _Optional[str] = ...) -> None: ...

class TxnRequest(_message.Message):
    __slots__ = ("write_options", "ops")
    WRITE_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    OPS_FIELD_NUMBER: _ClassVar[int]
    write_options: _common_pb2.WriteOptions
    ops: _containers.RepeatedCompositeFieldContainer[TxnOp]
    def __init__(self, write_options: _Optional[_Union[_common_pb2.WriteOptions, _Mapping]] = ..., ops: _Optional[_Iterable[_Union[TxnOp, _Mapping]]] = ...) -> None: ...

class TxnResponse(_message.Message):
    __slots__ = ("index", "results", "errors")
    INDEX_FIELD_NUMBER: _ClassVar[int]
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    ERRORS_FIELD_NUMBER: _ClassVar[int]
    index: int
    results: _containers.RepeatedCompositeFieldContainer[TxnResult]
    errors: _containers.RepeatedCompositeFieldContainer[TxnError]
    def __init__(self, index: _Optional[int] = ..., results: _Optional[_Iterable[_Union[TxnResult, _Mapping]]] = ..., errors: _Optional[_Iterable[_Union[TxnError, _Mapping]]] = ...) -> None: ...

class ReadTxnRequest(_message.Message):
    __slots__ = ("query_options", "ops")
    QUERY_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    OPS_FIELD_NUMBER: _ClassVar[int]
    query_options: _common_pb2.QueryOptions
    ops: _containers.RepeatedCompositeFieldContainer[TxnOp]
    def __init__(self, query_options: _Optional[_Union[_common_pb2.QueryOptions, _Mapping]] = ..., ops: _Optional[_Iterable[_Union[TxnOp, _Mapping]]] = ...) -> None: ...

class ReadTxnResponse(_message.Message):
    __slots__ = ("query_meta", "results", "errors")
    QUERY_META_FIELD_NUMBER: _ClassVar[int]
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    ERRORS_FIELD_NUMBER: _ClassVar[int]
    query_meta: _common_pb2.QueryMeta
    results: _containers.RepeatedCompositeFieldContainer[TxnResult]
    errors: _containers.RepeatedCompositeFieldContainer[TxnError]
    def __init__(self, query_meta: _Optional[_Union[_common_pb2.QueryMeta, _Mapping]] = ..., results: _Optional[_Iterable[_Union[TxnResult, _Mapping]]] = ..., errors: _Optional[_Iterable[_Union[TxnError, _Mapping]]] = ...) -> None: ...
