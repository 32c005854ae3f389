"""How events are written and read back: the library's JSON, faster, with dates; topics read
only against the fund's own event classes."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from typing import Any
from uuid import UUID

import orjson
from eventsourcing.persistence import (DatetimeAsISO, DecimalAsStr, JSONTranscoder, Mapper,
                                        StoredEvent, Transcoding, UUIDAsHex)

from ..errors import UnreadableEvent
from ..language import N_, Message
from ..topics import EVENT_CLASSES


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


# What each type tag of a flat record is read back as: the library's own transcodings'
# decode, without the call through them (used only while those are the ones registered).
_TAGGED = {"date_iso": date.fromisoformat, "decimal_str": Decimal,
           "datetime_iso": datetime.fromisoformat, "uuid_hex": UUID}


class FlatJSONTranscoder(JSONTranscoder):
    """The library's JSON, byte for byte, written and read faster for the fund's events.

    Every event of the fund but a year's rules and a payout run is a flat record of text,
    numbers, dates, amounts and ids. The library's encoder calls back into Python for each
    date, amount and id (most of the time a save spends on an event), and its decoder for
    every object it reads, the record itself and each tagged value (a large share of a
    replay's time: bench/RESULTS.md). This writes such a record directly, with the same
    escaping (the same C function) and the same type tags, and reads it with orjson, turning
    the tagged values back afterwards. Anything else (nested values, other types, a
    transcoding registered otherwise) goes to the library. Stored bytes are what the audit
    chain hashes, and the values read back are the record: tests/unit/test_fast_paths.py holds
    both equal to the library's.
    """

    def __init__(self) -> None:
        super().__init__()
        self._keys: dict[str, str] = {}
        self._fast = False

    def register(self, transcoding: Transcoding) -> None:
        super().register(transcoding)
        # The fast paths hold only while each tagged type, and each tag, has the transcoding
        # they copy.
        copied = ((date, DateAsISO), (datetime, DatetimeAsISO), (Decimal, DecimalAsStr),
                  (UUID, UUIDAsHex))
        self._fast = all(type(self.types.get(t)) is kind and type(self.names.get(kind.name)) is kind
                         for t, kind in copied)

    def encode(self, obj: Any) -> bytes:
        if not self._fast or obj.__class__ is not dict:
            return super().encode(obj)
        parts = []
        keys = self._keys
        for k, v in obj.items():
            key = keys.get(k)
            if key is None:
                if k.__class__ is not str:
                    return super().encode(obj)
                key = keys[k] = encode_basestring(k) + ":"
            c = v.__class__
            if c is str:
                parts.append(key + encode_basestring(v))
            elif v is None:
                parts.append(key + "null")
            elif c is date:
                parts.append(f'{key}{{"_type_":"date_iso","_data_":"{v.isoformat()}"}}')
            elif c is Decimal:
                parts.append(f'{key}{{"_type_":"decimal_str","_data_":"{v!s}"}}')
            elif c is datetime:
                parts.append(f'{key}{{"_type_":"datetime_iso","_data_":"{v.isoformat()}"}}')
            elif c is int:
                parts.append(key + int.__repr__(v))
            elif c is bool:
                parts.append(key + ("true" if v else "false"))
            elif c is UUID:
                parts.append(f'{key}{{"_type_":"uuid_hex","_data_":"{v.hex}"}}')
            else:
                return super().encode(obj)
        return ("{" + ",".join(parts) + "}").encode("utf8")

    def decode(self, data: bytes) -> Any:
        if not self._fast:
            return super().decode(data)
        try:
            obj = orjson.loads(data)
        except orjson.JSONDecodeError:  # NaN, a lone surrogate, bad UTF-8: the library decides
            return super().decode(data)
        if obj.__class__ is not dict or ("_type_" in obj and len(obj) == 2):
            return super().decode(data)
        out = {}
        for k, v in obj.items():
            c = v.__class__
            if c is dict:
                # only a tagged value {"_type_": name, "_data_": text} is read here
                tag, text = v.get("_type_"), v.get("_data_")
                read = (_TAGGED.get(tag) if len(v) == 2 and tag.__class__ is str
                        and text.__class__ is str else None)
                if read is None:
                    return super().decode(data)
                try:
                    v = read(text)
                except Exception:  # noqa: BLE001 - the library raises its own error for it
                    return super().decode(data)
            elif c is list or c is float:  # orjson reads an integer past 64 bits as a float
                return super().decode(data)
            out[k] = v
        return out


def stored_bytes(value: Any) -> bytes:
    """A stored event's state as bytes, whatever a tampered row holds instead (text, a number:
    `bytes(5)` would be five zero bytes, not the 5 the row shows)."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    return repr(value).encode()


def stored_id(value: Any) -> Any:
    """A stored originator id as a UUID; anything else (a tampered row) as it was stored, for
    the mapper to refuse and the chain to hash as it is."""
    if isinstance(value, UUID):
        return value
    if isinstance(value, (bytes, memoryview)) and len(value) == 16:
        return UUID(bytes=bytes(value))
    return value


class FundMapper(Mapper):
    """The library's mapper, reading topics only against the fund's own event classes
    (`ledger.topics`), never importing what a stored row names, and turning every failure to
    read a row into `UnreadableEvent`. tests/unit/test_fast_paths.py holds it to the library's
    own mapper for every event the fund writes."""

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        cls = EVENT_CLASSES.get(stored_event.topic) if isinstance(stored_event.topic, str) else None
        if cls is None:
            raise UnreadableEvent(Message(N_("unknown topic {topic!r}"),
                                          topic=str(stored_event.topic)[:80]))
        if not isinstance(stored_event.originator_id, UUID) or \
                type(stored_event.originator_version) is not int:
            raise UnreadableEvent(Message(N_("its id or version is not one the fund writes")))
        try:
            state = stored_event.state
            if self.cipher:
                state = self.cipher.decrypt(state)
            if self.compressor:
                state = self.compressor.decompress(state)
            event_state = self.transcoder.decode(state)
            if not isinstance(event_state, dict):
                raise ValueError("not a record of fields")
            event_state["originator_id"] = stored_event.originator_id
            event_state["originator_version"] = stored_event.originator_version
            class_version = getattr(cls, "class_version", 1)
            from_version = event_state.pop("class_version", 1)
            if type(from_version) is not int or not 1 <= from_version <= class_version:
                raise ValueError(f"class version {from_version!r}")
            while from_version < class_version:
                getattr(cls, f"upcast_v{from_version}_v{from_version + 1}")(event_state)
                from_version += 1
        except Exception as e:  # noqa: BLE001 - whatever the bytes are, the row is unreadable
            # the library's or the decoder's own words: a developer's, as they are
            raise UnreadableEvent(f"{type(e).__name__}: {' '.join(str(e).split())[:120]}") from None
        domain_event = object.__new__(cls)
        object.__setattr__(domain_event, "__dict__", event_state)
        return domain_event
