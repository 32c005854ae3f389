"""Wiring the fund to its store: SQLite file by default, PostgreSQL by URL.

The event store is eventsourcing-sqlalchemy (the fund's fixed choice, and it lets the read
models share the same SQLAlchemy engine and database). Dates get their own transcoding.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Iterable
from uuid import UUID

from eventsourcing.persistence import Transcoding

from .locations import DEFAULT_DB, store_url  # noqa: F401 - re-exported


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


def tune_sqlite(engine: Any) -> None:
    """A 64 MB page cache on every connection to an SQLite store (the default is 2 MB: a city's
    indexes outgrow it and every insert then reads the disk)."""
    if engine.dialect.name != "sqlite":
        return
    from sqlalchemy import event

    def cache(dbapi_connection: Any, _: Any) -> None:
        dbapi_connection.execute("PRAGMA cache_size = -65536")

    event.listen(engine, "connect", cache)
    engine.pool.dispose()  # so that every connection from here on has it


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
    from eventsourcing.application import project_aggregate
    from eventsourcing.persistence import StoredEvent
    from sqlalchemy import select

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
                rows = ((UUID(bytes=k), v, t, s) for k, v, t, s in rows)
            else:
                rows = conn.execute(select(*columns).where(table.c.originator_id.in_(keys))
                                    .order_by(table.c.originator_id, table.c.originator_version))
            for key, version, topic, state in rows:
                stored.setdefault(key, []).append(StoredEvent(key, version, topic, bytes(state)))
            for key, events in stored.items():
                found[key] = project_aggregate(None, map(mapper.to_domain_event, events))
    return found
