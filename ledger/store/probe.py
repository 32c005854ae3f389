"""A glance at the log through the driver alone, for a read command that may not need the
event store's machinery at all (importing SQLAlchemy is half such a command's start-up)."""

from __future__ import annotations

from typing import Any

EVENTS = "fundbook_events"


def log_ends(reader: Any, table: str = EVENTS) -> tuple[int | None, bool]:
    """(the last position, whether the first event is stored as plain JSON) of the log that
    `reader` (a driver connection with `rows(sql)`) opens: an encrypted log is not plain."""
    (ends,) = reader.rows(f"SELECT (SELECT max(id) FROM {table}) AS last, "
                          f"(SELECT state FROM {table} ORDER BY id LIMIT 1) AS first")
    first = ends["first"]
    plain = isinstance(first, (bytes, memoryview)) and looks_plain(bytes(first))
    return ends["last"], plain


def looks_plain(state: bytes) -> bool:
    """Whether a stored state is JSON as written, not ciphertext: an AES-GCM record begins with
    a random nonce, so one in some 250 begins with `{` too, but none is also valid UTF-8 (an
    edited plain record still is, and is then the audit's to report, not the key's)."""
    if not state.lstrip().startswith(b"{"):
        return False
    try:
        state.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
