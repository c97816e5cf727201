from roster.common.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Coordinate(_message.Message):
    __slots__ = ("vec", "error", "adjustment", "height")
    VEC_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    ADJUSTMENT_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    vec: _containers.RepeatedScalarFieldContainer[float]
    error: float
    adjustment: float
    height: float
    def __init__(self, vec: _Optional[_Iterable[float]] = ..., error: _Optional[float] = ..., adjustment: _Optional[float] = ..., height: _Optional[float] = ...) -> None: ...

class NodeCoordinate(_message.Message):
    __slots__ = ("node", "segment", "coord")
    NODE_FIELD_NUMBER: _ClassVar[int]
    SEGMENT_FIELD_NUMBER: _ClassVar[int]
    COORD_FIELD_NUMBER: _ClassVar[int]
    node: str
    segment: str
    coord: Coordinate
    def __init__(self, node: _Optional[str] = ..., segment: _Optional[str] = ..., coord: _Optional[_Union[Coordinate, _Mapping]] = ...) -> None: ...

class DatacenterCoordinates(_message.Message):
    __slots__ = ("datacenter", "area_id", "coordinates")
    DATACENTER_FIELD_NUMBER: _ClassVar[int]
    AREA_ID_FIELD_NUMBER: _ClassVar[int]
    COORDINATES_FIELD_NUMBER: _ClassVar[int]
    datacenter: str
    area_id: str
    coordinates: _containers.RepeatedCompositeFieldContainer[NodeCoordinate]
    def __init__(self, datacenter: _Optional[str] = ..., area_id: _Optional[str] = ..., coordinates: _Optional[_Iterable[_Union[NodeCoordinate, _Mapping]]] = ...) -> None: ...

class ListDatacentersRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListDatacentersResponse(_message.Message):
    __slots__ = ("datacenters",)
    DATACENTERS_FIELD_NUMBER: _ClassVar[int]
    datacenters: _containers.RepeatedCompositeFieldContainer[DatacenterCoordinates]
    def __init__(self, datacenters: _Optional[_Iterable[_Union[DatacenterCoordinates, _Mapping]]] = ...) -> None: ...

class ListNodesRequest(_message.Message):
    __slots__ = ("query_options", "segment")
    QUERY_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    SEGMENT_FIELD_NUMBER: _ClassVar[int]
    query_options: _common_pb2.QueryOptions
    segment: str
    def __init__(self, query_options: _Optional[_Union[_common_pb2.QueryOptions, _Mapping]] = ..., segment: _Optional[str] = ...) -> None: ...

class ListNodesResponse(_message.Message):
    __slots__ = ("query_meta", "coordinates")
    QUERY_META_FIELD_NUMBER: _ClassVar[int]
    COORDINATES_FIELD_NUMBER: _ClassVar[int]
    query_meta: _common_pb2.QueryMeta
    coordinates: _containers.RepeatedCompositeFieldContainer[NodeCoordinate]
    def __init__(self, query_meta: _Optional[_Union[_common_pb2.QueryMeta, _Mapping]] = ..., coordinates: _Optional[_Iterable[_Union[NodeCoordinate, _Mapping]]] = ...) -> None: ...

class GetNodeRequest(_message.Message):
    __slots__ = ("query_options", "node")
    QUERY_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    NODE_FIELD_NUMBER: _ClassVar[int]
    query_options: _common_pb2.QueryOptions
    node: str
    def __init__(self, query_options: _Optional[_Union[_common_pb2.QueryOptions, _Mapping]] = ..., node: _Optional[str] = ...) -> None: ...

class GetNodeResponse(_message.Message):
    __slots__ = ("query_meta", "coordinates")
    QUERY_META_FIELD_NUMBER: _ClassVar[int]
    COORDINATES_FIELD_NUMBER: _ClassVar[int]
    query_meta: _common_pb2.QueryMeta
    coordinates: _containers.RepeatedCompositeFieldContainer[NodeCoordinate]
    def __init__(self, query_meta: _Optional[_Union[_common_pb2.QueryMeta, _Mapping]] = ..., coordinates: _Optional[_Iterable[_Union[NodeCoordinate, _Mapping]]] = ...) -> None: ...

class UpdateRequest(_message.Message):
    __slots__ = ("write_options", "coordinate")
    WRITE_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    COORDINATE_FIELD_NUMBER: _ClassVar[int]
    write_options: _common_pb2.WriteOptions
    coordinate: NodeCoordinate
    def __init__(self, write_options: _Optional[_Union[_common_pb2.WriteOptions, _Mapping]] = ..., coordinate: _Optional[_Union[NodeCoordinate, _Mapping]] = ...) -> None: ...

class UpdateResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...
