"""Reading the event log itself: pages of stored events in position order, the events of
many aggregates at once, and where the store is for another process."""

from __future__ import annotations

from typing import Any, Iterable, Iterator, NamedTuple
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder
from sqlalchemy import Connection, Engine, func, select, text

from ..identity import uuid_from_bytes
from .codec import stored_bytes, stored_id
from .copy import rows_out
from .sqlite import sqlite_rows


def reachable_url(engine: Any) -> str | None:
    """The store's URL, if another process can open it (not an in-memory database)."""
    url = engine.url
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        return None
    return url.render_as_string(hide_password=False)


def load_many(recorder: Any, mapper: Any, ids: Iterable[UUID], chunk: int = 500) -> dict[UUID, Any]:
    """Many aggregates in a few queries: each id maps to its aggregate, or None if unknown.

    Bulk work (a roster of a million rows) cannot afford a round trip per aggregate; this reads
    the stored events of up to `chunk` aggregates at once and folds them as the repository does.
    """
    from eventsourcing.persistence import StoredEvent
    from sqlalchemy import select

    from ..identity import uuid_from_bytes

    table = recorder.events_record_cls.__table__
    columns = (table.c.originator_id, table.c.originator_version, table.c.topic, table.c.state)
    wanted = list(dict.fromkeys(ids))
    found: dict[UUID, Any] = dict.fromkeys(wanted)
    engine = recorder.datastore.engine
    with engine.connect() as conn:
        for i in range(0, len(wanted), chunk):
            keys = wanted[i:i + chunk]
            stored: dict[UUID, list[StoredEvent]] = {}
            if engine.dialect.name == "sqlite":  # straight through the driver, ids as bytes
                rows = conn.exec_driver_sql(
                    f"SELECT originator_id, originator_version, topic, state FROM "
                    f'"{table.name}" WHERE originator_id IN ({", ".join("?" * len(keys))}) '
                    "ORDER BY originator_id, originator_version",
                    tuple(k.bytes for k in keys))
                rows = ((uuid_from_bytes(k), v, t, s) for k, v, t, s in rows)
            elif engine.dialect.name == "postgresql":  # one array, not an IN of 500 binds
                rows = rows_out(conn.connection.driver_connection,
                                f"SELECT originator_id, originator_version, topic, state FROM "
                                f'"{table.name}" WHERE originator_id = ANY(%(ids)s) '
                                "ORDER BY originator_id, originator_version", {"ids": keys})
            else:
                rows = conn.execute(select(*columns).where(table.c.originator_id.in_(keys))
                                    .order_by(table.c.originator_id, table.c.originator_version))
            for key, version, topic, state in rows:
                stored.setdefault(key, []).append(StoredEvent(key, version, topic,
                                                              stored_bytes(state)))
            for key, events in stored.items():
                found[key] = fold(map(mapper.to_domain_event, events))
    return found


def fold(events: Iterable[Any]) -> Any:
    """The aggregate the events make, as the library's `project_aggregate` folds them, less
    its check of each event against a runtime protocol (a third of a bulk load's time, for
    events the fund's own mapper has just decoded; tests/unit/test_fast_paths.py)."""
    aggregate = None
    for event in events:
        aggregate = event.mutate(aggregate)
    return aggregate


class Note(NamedTuple):
    """A stored event at its position: what the mapper decodes and the chain hashes (a plain
    tuple, built much faster than the library's Notification dataclass, with the same fields)."""

    id: int
    originator_id: UUID
    originator_version: int
    topic: str
    state: bytes


def read_notifications(recorder: ApplicationRecorder, start: int, limit: int,
                       stop: int | None = None, conn: Connection | None = None) -> list[Note]:
    """A page of the log in one plain query (the ORM's per-row objects halve a replay's speed;
    on SQLite the rows come straight from the driver). On `conn` if given (one of the store's
    own engine: the views' catch-up reads inside the transaction that holds their lock, and a
    command so opens one connection to its server, not two), else on a pooled one."""
    if conn is None:
        with recorder.datastore.engine.connect() as conn:  # type: ignore[attr-defined]
            return read_notifications(recorder, start, limit, stop, conn)
    table = recorder.events_record_cls.__table__  # type: ignore[attr-defined]
    dialect = conn.dialect.name
    if dialect == "sqlite":
        sql = (f'SELECT id, originator_id, originator_version, topic, state FROM "{table.name}" '
               f'WHERE id >= ?{" AND id <= ?" if stop is not None else ""} ORDER BY id LIMIT ?')
        args = (start, stop, limit) if stop is not None else (start, limit)
        rows = sqlite_rows(conn, sql, args)
        try:
            return [Note(i, uuid_from_bytes(o), v, t, s) for i, o, v, t, s in rows]
        except TypeError:  # a row holding another type (or length of id) than the fund writes
            return [_note(*row) for row in rows]
    if dialect == "postgresql" and table.schema is None:
        return _read_postgres(conn, table.name, start, limit, stop)
    query = select(table.c.id, table.c.originator_id, table.c.originator_version,
                   table.c.topic, table.c.state).where(table.c.id >= start)
    if stop is not None:
        query = query.where(table.c.id <= stop)
    return [_note(*row) for row in conn.execute(query.order_by(table.c.id).limit(limit))]


def _read_postgres(conn: Connection, table: str, start: int, limit: int, stop: int | None
                   ) -> list[Note]:
    """Through the driver (`rows_out`): a replay read its log at 126,000 events/s through
    SQLAlchemy, 214,000-230,000 this way (bench/RESULTS.md). The columns' types hold whatever
    is written, so each row is an id, a UUID, a number, text and bytes."""
    sql = (f'SELECT id, originator_id, originator_version, topic, state FROM "{table}" '
           f'WHERE id >= %s{" AND id <= %s" if stop is not None else ""} ORDER BY id LIMIT %s')
    args = (start, stop, limit) if stop is not None else (start, limit)
    rows = rows_out(conn.connection.driver_connection, sql, args)
    return [Note(*row) for row in rows]


def _note(position: int, originator_id: Any, version: Any, topic: Any, state: Any) -> Note:
    """A stored row as read, whatever its columns hold: the mapper refuses what the fund never
    writes, and the chain hashes the row as it stands."""
    return Note(position, stored_id(originator_id), version, topic, stored_bytes(state))


def whole_log(recorder: ApplicationRecorder, page: int = 5000) -> Iterator[Note]:
    """Every stored event in log order, read a page at a time (constant memory at any size)."""
    start = 1
    while notes := read_notifications(recorder, start, page):
        yield from notes
        start = notes[-1].id + 1


class Hashed(NamedTuple):
    """A stored event as the hash chain reads it: its id already the text the chain hashes
    (`str` of the UUID, or of whatever a tampered row holds instead)."""

    id: int
    originator_id: str
    originator_version: int
    topic: str
    state: bytes


def log_to_hash(recorder: ApplicationRecorder, page: int = 5000) -> Iterator[Any]:
    """Every stored event in log order, for recomputing the chain (`audit verify`): on SQLite
    the id's text is made from its bytes, no UUID in between (a third of reading a city's log
    for its chain); elsewhere the notes of `whole_log`, whose ids print the same text."""
    engine = recorder.datastore.engine  # type: ignore[attr-defined]
    if engine.dialect.name != "sqlite":
        yield from whole_log(recorder, page)
        return
    table = recorder.events_record_cls.__table__  # type: ignore[attr-defined]
    sql = (f'SELECT id, originator_id, originator_version, topic, state FROM "{table.name}" '
           "WHERE id >= ? ORDER BY id LIMIT ?")
    start = 1
    while True:
        with engine.connect() as conn:
            rows = sqlite_rows(conn, sql, (start, page))
        if not rows:
            return
        for i, o, v, t, s in rows:
            if o.__class__ is bytes and len(o) == 16:
                h = o.hex()
                yield Hashed(i, f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}", v, t, s)
            else:  # a row the fund did not write: hashed as the notes of `whole_log` are
                note = _note(i, o, v, t, s)
                yield Hashed(i, str(note.originator_id), v, t, note.state)
        start = rows[-1][0] + 1


def notes_at(recorder: ApplicationRecorder, positions: Iterable[int], chunk: int = 500
             ) -> Iterator[Note]:
    """The stored events at `positions`, in log order."""
    table = recorder.events_record_cls.__table__  # type: ignore[attr-defined]
    wanted = sorted(set(positions))
    with recorder.datastore.engine.connect() as log:  # type: ignore[attr-defined]
        for i in range(0, len(wanted), chunk):
            query = (select(table.c.id, table.c.originator_id, table.c.originator_version,
                            table.c.topic, table.c.state)
                     .where(table.c.id.in_(wanted[i:i + chunk])).order_by(table.c.id))
            for row in log.execute(query):
                yield _note(*row)


def positions_of(recorder: ApplicationRecorder, topic: str) -> list[int]:
    """Where the events of one topic are in the log."""
    table = recorder.events_record_cls.__table__  # type: ignore[attr-defined]
    with recorder.datastore.engine.connect() as log:  # type: ignore[attr-defined]
        return list(log.execute(select(table.c.id).where(table.c.topic == topic)
                                .order_by(table.c.id)).scalars())


def events_after(recorder: ApplicationRecorder, position: int) -> int:
    """How many events are stored after `position`."""
    table = recorder.events_record_cls.__table__  # type: ignore[attr-defined]
    with recorder.datastore.engine.connect() as log:  # type: ignore[attr-defined]
        return log.execute(select(func.count()).select_from(table)
                           .where(table.c.id > position)).scalar_one()


def count_events(engine: Engine, table: str) -> int:
    """Events stored (on PostgreSQL fewer than the last position: a rolled-back save leaves
    its positions unused)."""
    with engine.connect() as conn:
        return conn.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one()
