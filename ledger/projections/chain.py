"""The hash chain over the stored events, in log order: the record's tamper evidence.

Each link covers the event's stored bytes, its position and the previous link. The links are
written with the read models, in the same transaction, as the log is caught up. Recomputing
the chain from the log and comparing it with the stored links finds an edited event (its
link and every later one differ) and a deleted one (a stored link with no event). The head
(position and link), published by the board, proves later that the log still extends it.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any, Iterable

from sqlalchemy import Connection, select

from ..store.codec import stored_bytes
from .tables import chain
from .writer import Writer

GENESIS = "0" * 64


def link(previous: str, note: Any, key: bytes | None = None) -> str:
    """The next link: SHA-256 of the previous link, the event's place and its stored bytes; with
    `key`, an HMAC-SHA-256 of the same (the keyed chain, which only the key's holder can
    compute)."""
    digest = hashlib.sha256() if key is None else hmac.new(key, digestmod=hashlib.sha256)
    digest.update(
        f"{previous}|{note.id}|{note.originator_id}|{note.originator_version}|{note.topic}|".encode()
    )
    digest.update(stored_bytes(note.state))
    return digest.hexdigest()


def head(conn: Connection) -> tuple[int, str]:
    """The last (position, link) stored, or (0, GENESIS)."""
    row = conn.execute(
        select(chain.c.position, chain.c.link).order_by(chain.c.position.desc()).limit(1)
    ).first()
    return (row[0], row[1]) if row else (0, GENESIS)


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
