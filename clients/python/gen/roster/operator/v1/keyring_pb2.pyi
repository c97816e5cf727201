from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class KeyringPoolResponse(_message.Message):
    __slots__ = ("wan", "datacenter", "segment", "keys", "primary_keys", "num_nodes", "messages")
    class KeysEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    class PrimaryKeysEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    class MessagesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    WAN_FIELD_NUMBER: _ClassVar[int]
    DATACENTER_FIELD_NUMBER: _ClassVar[int]
    SEGMENT_FIELD_NUMBER: _ClassVar[int]
    KEYS_FIELD_NUMBER: _ClassVar[int]
    PRIMARY_KEYS_FIELD_NUMBER: _ClassVar[int]
    NUM_NODES_FIELD_NUMBER: _ClassVar[int]
    MESSAGES_FIELD_NUMBER: _ClassVar[int]
    wan: bool
    datacenter: str
    segment: str
    keys: _containers.ScalarMap[str, int]
    primary_keys: _containers.ScalarMap[str, int]
    num_nodes: int
    messages: _containers.ScalarMap[str, str]
    def __init__(self, wan: bool = ..., datacenter: _Optional[str] = ..., segment: _Optional[str] = ..., keys: _Optional[_Mapping[str, int]] = ..., primary_keys: _Optional[_Mapping[str, int]] = ..., num_nodes: _Optional[int] = ..., messages: _Optional[_Mapping[str, str]] = ...) -> None: ...

class KeyringOptions(_message.Message):
    __slots__ = ("relay_factor", "local_only")
    RELAY_FACTOR_FIELD_NUMBER: _ClassVar[int]
    LOCAL_ONLY_FIELD_NUMBER: _ClassVar[int]
    relay_factor: int
    local_only: bool
    def __init__(self, relay_factor: _Optional[int] = ..., local_only: bool = ...) -> None: ...

class ListKeysRequest(_message.Message):
    __slots__ = ("options",)
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    options: KeyringOptions
    def __init__(self, options: _Optional[_Union[KeyringOptions, _Mapping]] = ...) -> None: ...

class ListKeysResponse(_message.Message):
    __slots__ = ("responses",)
    RESPONSES_FIELD_NUMBER: _ClassVar[int]
    responses: _containers.RepeatedCompositeFieldContainer[KeyringPoolResponse]
    def __init__(self, responses: _Optional[_Iterable[_Union[KeyringPoolResponse, _Mapping]]] = ...) -> None: ...

class InstallKeyRequest(_message.Message):
    __slots__ = ("key", "options")
    KEY_FIELD_NUMBER: _ClassVar[int]
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    key: str
    options: KeyringOptions
    def __init__(self, key: _Optional[str] = ..., options: _Optional[_Union[KeyringOptions, _Mapping]] = ...) -> None: ...

class InstallKeyResponse(_message.Message):
    __slots__ = ("responses",)
    RESPONSES_FIELD_NUMBER: _ClassVar[int]
    responses: _containers.RepeatedCompositeFieldContainer[KeyringPoolResponse]
    def __init__(self, responses: _Optional[_Iterable[_Union[KeyringPoolResponse, _Mapping]]] = ...) -> None: ...

class UseKeyRequest(_message.Message):
    __slots__ = ("key", "options")
    KEY_FIELD_NUMBER: _ClassVar[int]
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    key: str
    options: KeyringOptions
    def __init__(self, key: _Optional[str] = ..., options: _Optional[_Union[KeyringOptions, _Mapping]] = ...) -> None: ...

class UseKeyResponse(_message.Message):
    __slots__ = ("responses",)
    RESPONSES_FIELD_NUMBER: _ClassVar[int]
    responses: _containers.RepeatedCompositeFieldContainer[KeyringPoolResponse]
    def __init__(self, responses: _Optional[_Iterable[_Union[KeyringPoolResponse, _Mapping]]] = ...) -> None: ...

class RemoveKeyRequest(_message.Message):
    __slots__ = ("key", "options")
    KEY_FIELD_NUMBER: _ClassVar[int]
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    key: str
    options: KeyringOptions
    def __init__(self, key: _Optional[str] = ..., options: _Optional[_Union[KeyringOptions, _Mapping]] = ...) -> None: ...

class RemoveKeyResponse(_message.Message):
    __slots__ = ("responses",)
    RESPONSES_FIELD_NUMBER: _ClassVar[int]
    responses: _containers.RepeatedCompositeFieldContainer[KeyringPoolResponse]
    def __init__(self, responses: _Optional[_Iterable[_Union[KeyringPoolResponse, _Mapping]]] = ...) -> None: ...
