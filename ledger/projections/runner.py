"""Catching the read models up with the event log, exactly once per event.

Each page of events is applied and the tracked position advanced in one transaction; the
transaction starts by locking the tracking row, so two processes never apply the same event,
and a crash at any point leaves the views at a page boundary to resume from. The same code
serves catch-up, a rebuild from position zero and a replay into an auditor's own database.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Protocol

from eventsourcing.persistence import ApplicationRecorder, Mapper
from sqlalchemy import Connection, Engine, select, update
from sqlalchemy.exc import IntegrityError

from .history import HistoryProjection
from .journal import JournalProjection
from .register import ClaimsRegisterProjection
from .roster import RosterProjection
from .tables import VIEW_TABLES, metadata, tracking

PAGE = 1000


class Projection(Protocol):
    name: str

    def apply(self, event: Any, conn: Connection, position: int) -> None: ...


def default_projections() -> list[Projection]:
    return [RosterProjection(), ClaimsRegisterProjection(), JournalProjection(), HistoryProjection()]


class Views:
    """The read models in one database, tracked under one name."""

    def __init__(
        self,
        engine: Engine,
        recorder: ApplicationRecorder,
        mapper: Mapper,
        projections: Iterable[Projection] | None = None,
        name: str = "views",
    ):
        self.engine = engine
        self.recorder = recorder
        self.mapper = mapper
        self.projections = list(projections or default_projections())
        self.name = name

    def create(self) -> None:
        metadata.create_all(self.engine, checkfirst=True)
        try:
            with self.engine.begin() as conn:
                exists = conn.execute(
                    select(tracking.c.position).where(tracking.c.name == self.name)
                ).first()
                if exists is None:
                    conn.execute(tracking.insert().values(name=self.name, position=0))
        except IntegrityError:
            pass  # another process created it first

    def position(self) -> int:
        with self.engine.connect() as conn:
            return self._position(conn)

    def _position(self, conn: Connection) -> int:
        value = conn.execute(
            select(tracking.c.position).where(tracking.c.name == self.name)
        ).scalar_one_or_none()
        return int(value or 0)

    def catch_up(
        self,
        stop: int | None = None,
        progress: Callable[[int, int], None] | None = None,
        page: int = PAGE,
    ) -> int:
        """Apply every event after the tracked position (up to `stop`); return how many."""
        applied = 0
        while True:
            with self.engine.begin() as conn:
                # Lock the tracking row first: on SQLite this takes the write lock before any
                # read, on PostgreSQL it serialises catch-ups.
                conn.execute(
                    update(tracking)
                    .where(tracking.c.name == self.name)
                    .values(position=tracking.c.position)
                )
                start = self._position(conn) + 1
                if stop is not None and start > stop:
                    return applied
                notes = self.recorder.select_notifications(start=start, limit=page, stop=stop)
                if not notes:
                    return applied
                for note in notes:
                    event = self.mapper.to_domain_event(note)
                    for projection in self.projections:
                        projection.apply(event, conn, note.id)
                conn.execute(
                    update(tracking)
                    .where(tracking.c.name == self.name)
                    .values(position=notes[-1].id)
                )
            applied += len(notes)
            if progress:
                progress(applied, notes[-1].id)

    def drop(self) -> None:
        """Drop the view tables (never the event store): only for a rebuild's scratch copy."""
        metadata.drop_all(self.engine, tables=[*VIEW_TABLES, tracking], checkfirst=True)
