"""Deterministic aggregate IDs from the fund's natural keys.

A receipt number, member number or hospital code maps to exactly one aggregate ID, so the
event store itself refuses a second aggregate for the same key (fund-wide uniqueness without
a lookup table that could drift from the log).
"""

from functools import lru_cache
from hashlib import sha1
from uuid import UUID, SafeUUID

FUND_NAMESPACE = UUID("7c1f4b52-0d1e-5a8e-9a51-3f2d0c6b9e11")
_NAMESPACE = FUND_NAMESPACE.bytes
# RFC 4122 name-based (SHA-1) UUID: version 5 in bits 76-79, variant 10 in bits 62-63.
_CLEAR = ~((0xF000 << 64) | (0xC000 << 48))
_SET = (5 << 76) | (0x8000 << 48)
_new, _set = object.__new__, object.__setattr__
_UNKNOWN = SafeUUID.unknown  # an enum member looked up once, not for every id


@lru_cache(maxsize=1 << 16)  # a roster batch asks for each of its ids several times
def natural_id(kind: str, *key: str) -> UUID:
    """`uuid5(FUND_NAMESPACE, kind:key)`, bit for bit (tests/unit/test_fast_paths.py), in half its
    time: a roster of a million rows computes six million of them, and the standard
    constructor spends most of its time checking arguments that are right by construction."""
    name = kind + ":" + "\x1f".join(key)
    digest = sha1(_NAMESPACE + name.encode("utf-8")).digest()
    uuid = _new(UUID)
    _set(uuid, "int", int.from_bytes(digest[:16], "big") & _CLEAR | _SET)
    _set(uuid, "is_safe", _UNKNOWN)
    return uuid


def uuid_from_bytes(raw: bytes, _from_bytes=int.from_bytes) -> UUID:
    """`UUID(bytes=raw)` for 16 bytes read from the store, without the constructor's checks
    of arguments (a replay makes one for every event it reads) but their length: anything but
    16 bytes is a TypeError, as the store's readers take a value the fund never writes."""
    if len(raw) != 16:
        raise TypeError(f"an id is 16 bytes, not {len(raw)}")
    uuid = _new(UUID)
    _set(uuid, "int", _from_bytes(raw, "big"))
    _set(uuid, "is_safe", _UNKNOWN)
    return uuid
