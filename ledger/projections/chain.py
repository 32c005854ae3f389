"""The hash chain over the stored events, in log order: the record's tamper evidence.

Each link covers the event's stored bytes, its position and the previous link. The links are
written with the read models, in the same transaction, as the log is caught up. Recomputing
the chain from the log and comparing it with the stored links finds an edited event (its
link and every later one differ) and a deleted one (a stored link with no event). The head
(position and link), published by the board, proves later that the log still extends it.
"""

from __future__ import annotations

import hmac
from hashlib import sha256
from typing import Any, Iterable, Iterator

from sqlalchemy import Connection, select

from ..store.codec import stored_bytes
from ..store.sqlite import sqlite_stream
from .tables import chain
from .writer import Writer

GENESIS = "0" * 64


def link(previous: str, note: Any, key: bytes | None = None) -> str:
    """The next link: SHA-256 of the previous link, the event's place and its stored bytes; with
    `key`, an HMAC-SHA-256 of the same (the keyed chain, which only the key's holder can
    compute). Hashed in one call, a city's millions of links one after the other
    (tests/unit/test_fast_paths.py holds it to the formula's two-part hashing)."""
    state = note.state
    data = (f"{previous}|{note.id}|{note.originator_id}|{note.originator_version}|{note.topic}|"
            .encode() + (state if state.__class__ is bytes else stored_bytes(state)))
    if key is None:
        return sha256(data).hexdigest()
    return hmac.new(key, data, sha256).hexdigest()


def head(conn: Connection) -> tuple[int, str]:
    """The last (position, link) stored, or (0, GENESIS)."""
    row = conn.execute(
        select(chain.c.position, chain.c.link).order_by(chain.c.position.desc()).limit(1)
    ).first()
    return (row[0], row[1]) if row else (0, GENESIS)


def stored_links(conn: Connection, page: int = 5000) -> Iterator[tuple[int, str]]:
    """Every stored (position, link) in position order, a page at a time in memory (on SQLite
    from the driver's cursor, a city's millions of links without a result object each)."""
    if conn.dialect.name == "sqlite":
        yield from sqlite_stream(conn, f"SELECT position, link FROM {chain.name} "
                                       "ORDER BY position", page)
        return
    yield from conn.execution_options(yield_per=page).execute(
        select(chain.c.position, chain.c.link).order_by(chain.c.position))


def extend(conn: Connection, notes: Iterable[Any]) -> None:
    """Store the links of `notes`, continuing from the stored head."""
    _, previous = head(conn)
    rows = []
    for note in notes:
        previous = link(previous, note)
        rows.append((note.id, previous))
    out = Writer(conn)
    out.insert_tuples(chain, ("position", "link"), rows)
    out.flush()
