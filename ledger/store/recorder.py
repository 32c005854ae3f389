"""The event store's recorder, writing a save's events as one multi-row INSERT.

eventsourcing-sqlalchemy adds one ORM object per event and flushes them; a roster batch of
thousands of events then spends most of its time in the ORM's unit of work. This recorder
sends the same rows, under the same table lock and in the same transaction, as one
`INSERT ... RETURNING id` (SQLAlchemy's insertmanyvalues), or on PostgreSQL by COPY, keeping the
notification ids in the events' order. Reading and everything else is the library's own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import StoredEvent
from eventsourcing_sqlalchemy.recorders import SQLAlchemyApplicationRecorder
from sqlalchemy import insert
from sqlalchemy.orm import Session

from .copy import copy_in


# Events from which a save goes by COPY on PostgreSQL: COPY takes three statements (the highest
# position before, the rows, the positions after), an INSERT that returns the positions one; a
# command's save of a few events is that one round trip to the server.
COPY_FROM = 50


class BulkRecorder(SQLAlchemyApplicationRecorder):
    _lock_function: bool | None = None  # whether the owner's locking function is installed

    def create_table(self) -> None:
        """As the library's, asked in one query (`admin.all_exist`) where the table is there."""
        from .admin import all_exist

        if not all_exist(self.datastore.engine, self.tables):
            super().create_table()

    def _lock_table(self, session: Session) -> None:
        """On PostgreSQL, through the owner's function where it is installed, so that an
        operator's login needs no right to update or delete events (ledger/store/logins.py)."""
        if self.datastore.engine.dialect.name != "postgresql" or self.schema_name:
            return super()._lock_table(session)
        from sqlalchemy import text

        from .logins import LOCK_FUNCTION

        if self._lock_function is None:
            self._lock_function = session.execute(
                text("SELECT to_regprocedure(:f) IS NOT NULL"),
                {"f": f"{LOCK_FUNCTION}()"}).scalar_one()
        if self._lock_function:
            session.execute(text(f"SELECT {LOCK_FUNCTION}()"))
        else:
            super()._lock_table(session)

    def _insert_stored_events(
        self, session: Session, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int]:
        if not stored_events:
            return []
        table = self.events_record_cls.__table__  # type: ignore[attr-defined]
        self._lock_table(session)
        if self.datastore.engine.dialect.name == "sqlite":
            return self._insert_sqlite(session, table.name, stored_events)
        if (self.datastore.engine.dialect.name == "postgresql"
                and len(stored_events) >= COPY_FROM and not self.schema_name):
            ids = self._copy_postgres(session, table.name, stored_events)
        else:
            result = session.execute(
                insert(table).returning(table.c.id, sort_by_parameter_order=True),
                [
                    {"originator_id": e.originator_id,
                     "originator_version": e.originator_version, "topic": e.topic,
                     "state": e.state}
                    for e in stored_events
                ],
            )
            ids = list(result.scalars())
        self._notify_channel(session)
        return ids

    def _copy_postgres(self, session: Session, table: str, stored_events: Sequence[StoredEvent]
                       ) -> Sequence[int]:
        """By COPY in binary, PostgreSQL's fastest load (a roster batch's INSERT of thousands of
        rows spent most of its time building the statement). COPY returns no ids: they are
        those above the highest before it, in the rows' order, since the table is locked
        against every other writer and a sequence numbers COPY's rows as they come."""
        conn = session.connection()
        before = conn.exec_driver_sql(f'SELECT coalesce(max(id), 0) FROM "{table}"').scalar_one()
        copy_in(conn, f'COPY "{table}" (originator_id, originator_version, topic, state) '
                      "FROM STDIN (FORMAT BINARY)",
                ((e.originator_id, e.originator_version, e.topic, e.state)
                 for e in stored_events), ["uuid", "int8", "text", "bytea"])
        ids = list(conn.exec_driver_sql(f'SELECT id FROM "{table}" WHERE id > %(before)s '
                                        "ORDER BY id", {"before": before}).scalars())
        if len(ids) != len(stored_events):  # another writer came between: the lock did not hold
            raise RuntimeError(f"{len(ids)} positions for {len(stored_events)} events")
        return ids

    @staticmethod
    def _insert_sqlite(session: Session, table: str, stored_events: Sequence[StoredEvent]
                       ) -> Sequence[int]:
        """Straight to the driver. The positions are the last one inserted and those before
        it: new rows of a rowid table get max(id) + 1, and the first insert took SQLite's one
        write lock, so no other writer can come between them."""
        conn = session.connection()
        conn.exec_driver_sql(
            f'INSERT INTO "{table}" (originator_id, originator_version, topic, state) '
            "VALUES (?, ?, ?, ?)",
            [(e.originator_id.bytes, e.originator_version, e.topic, e.state)  # type: ignore[union-attr]
             for e in stored_events])
        last = conn.exec_driver_sql("SELECT last_insert_rowid()").scalar_one()
        return list(range(last - len(stored_events) + 1, last + 1))
