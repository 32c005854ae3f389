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
    plain = isinstance(first, (bytes, memoryview)) and bytes(first).lstrip().startswith(b"{")
    return ends["last"], plain
