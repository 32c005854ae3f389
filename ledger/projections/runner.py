"""Catching the read models up with the event log, exactly once per event.

Each page of events is applied and the tracked position advanced in one transaction; the
transaction starts by locking the tracking row, so two processes never apply the same event,
and a crash at any point leaves the views at a page boundary to resume from. The same code
serves catch-up, a rebuild from position zero and a replay into an auditor's own database.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Callable, Iterable, Iterator, Protocol

from eventsourcing.persistence import ApplicationRecorder, Mapper
from sqlalchemy import Connection, Engine, create_engine, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.pool import StaticPool

from ..errors import UnreadableEvent
from ..language import N_, Message
from ..store.log import Note, notes_at, read_notifications
from ..topics import EVENT_CLASSES
from . import VIEWS_VERSION, chain
from .bank import BankProjection
from .history import HistoryProjection
from .journal import JournalProjection
from .register import ClaimsRegisterProjection
from .roster import RosterProjection
from .staff import StaffProjection
from .writer import Writer
from .tables import VIEW_TABLES, metadata, tracking

PAGE = 1000


class Projection(Protocol):
    name: str

    def apply(self, event: Any, conn: Writer, position: int) -> None: ...

    def handles(self, event_class: type) -> bool: ...


def default_projections() -> list[Projection]:
    return [RosterProjection(), ClaimsRegisterProjection(), JournalProjection(), HistoryProjection(),
            BankProjection(), StaffProjection()]


class Views:
    """The read models in one database, tracked under one name."""

    def __init__(
        self,
        engine: Engine,
        recorder: ApplicationRecorder,
        mapper: Mapper,
        projections: Iterable[Projection] | None = None,
        name: str = "views",
        only: Callable[[Any], bool] | None = None,
        chain: bool = True,
    ):
        self.engine = engine
        self.recorder = recorder
        self.mapper = mapper
        self.projections = list(projections or default_projections())
        self.name = name
        self.only = only  # a filter on events, for replays as of a past date
        self.chain = chain  # whether these views keep the hash chain (a split replay: one does)
        self.read_only = False  # set when the database refuses this connection's writes
        # Events this process has just saved, by position: applied as they are, not decoded
        # again from the log (an auditor's rebuild decodes every one and must agree).
        self._saved: dict[int, Any] = {}
        self.holding = True  # False while another process catches these views up
        # The log is read on the views' own connection where both are in the one store (a
        # replay into a scratch copy reads the live store's log on a connection of its own).
        self._log_here = getattr(getattr(recorder, "datastore", None), "engine", None) is engine
        # A replay for an auditor lists the rows it cannot read here and goes on; live views
        # (None) stop at such a row.
        self.unreadable: list[str] | None = None
        self._for_topic: dict[str, list[Projection]] = {}

    def _handling(self, topic: str) -> list[Projection]:
        """The projections that do anything with events of this topic: an event none of them
        handles (a receipt's issue, in a split replay's roster half) is not decoded at all."""
        found = self._for_topic.get(topic)
        if found is None:
            cls = EVENT_CLASSES.get(topic) if isinstance(topic, str) else None
            if cls is None:
                raise UnreadableEvent(Message(N_("unknown topic {topic!r}"),
                                              topic=str(topic)[:80]))
            found = self._for_topic[topic] = [p for p in self.projections if p.handles(cls)]
        return found

    def _apply(self, note: Note, out: Writer, event: Any = None) -> bool:
        """Apply one stored event (`event`: the same, already decoded, if at hand) to the
        projections that handle it; False if none does or the filter leaves it out."""
        try:
            projections = self._handling(note.topic)
            if not projections:
                return False
            event = event or self.mapper.to_domain_event(note)
            if self.only is not None and not self.only(event):
                return False
            for projection in projections:
                projection.apply(event, out, note.id)
            return True
        except UnreadableEvent as e:
            if self.unreadable is None:
                raise e.at(note.id) from None
            self.unreadable.append(e.at(note.id).problem)
        except Exception as e:  # noqa: BLE001 - read, but its fields are not the fund's
            if self.unreadable is None:
                raise
            # the library's own words after the colon: a developer's, as they are
            self.unreadable.append(UnreadableEvent(Message(
                N_("cannot be replayed: {error}"), error=f"{type(e).__name__}: {str(e)[:80]}"),
                note.id).problem)
        return False

    def saved(self, recordings: Iterable[Any]) -> None:
        if not self.holding:
            return
        for recording in recordings:
            self._saved[recording.notification.id] = recording.domain_event

    def create(self) -> None:
        """Create the tables; replay from the start if they were made by another version
        (made again, not only emptied: a version may also change how a table is laid out)."""
        from ..store.admin import all_exist

        if not all_exist(self.engine, metadata.sorted_tables):
            metadata.create_all(self.engine, checkfirst=True)
        marker = f"{self.name}:version"
        try:
            with self.engine.begin() as conn:
                rows = dict(conn.execute(
                    select(tracking.c.name, tracking.c.position)
                    .where(tracking.c.name.in_((self.name, marker)))
                ).all())
                if self.name not in rows:
                    conn.execute(tracking.insert().values(name=self.name, position=0))
                if rows.get(marker) != VIEWS_VERSION:
                    if rows.get(self.name):
                        metadata.drop_all(conn, tables=VIEW_TABLES)
                        metadata.create_all(conn, tables=VIEW_TABLES)
                        conn.execute(update(tracking).where(tracking.c.name == self.name)
                                     .values(position=0))
                    conn.execute(tracking.delete().where(tracking.c.name == marker))
                    conn.execute(tracking.insert().values(name=marker, position=VIEWS_VERSION))
        except IntegrityError:
            pass  # another process created them first
        except DBAPIError as e:
            from ..store.admin import is_permission_error

            if not is_permission_error(e):
                raise
            self.read_only = True  # an auditor's connection: the views are read as they stand

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
        """Apply every event after the tracked position (up to `stop`); return how many.

        On a connection that may not write (an auditor's), the views are read as they stand.
        """
        if self.read_only:
            self._saved.clear()
            return 0
        try:
            return self._catch_up(stop, progress, page)
        except DBAPIError as e:
            from ..store.admin import is_permission_error

            if not is_permission_error(e):
                raise
            self.read_only = True
            return 0

    def _catch_up(self, stop: int | None, progress: Callable[[int, int], None] | None,
                  page: int) -> int:
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
                notes = read_notifications(self.recorder, start, page, stop,
                                           conn if self._log_here else None)
                if not notes:
                    self._saved.clear()  # all applied, here or by another process
                    return applied
                if self.chain:
                    chain.extend(conn, notes)
                out = Writer(conn)
                saved, apply = self._saved, self._apply
                for note in notes:
                    apply(note, out, saved.pop(note.id, None))
                out.flush()
                conn.execute(
                    update(tracking)
                    .where(tracking.c.name == self.name)
                    .values(position=notes[-1].id)
                )
            applied += len(notes)
            if progress:
                progress(applied, notes[-1].id)
            if len(notes) < page:  # the log's end when it was read: no second round to find it
                self._saved.clear()
                return applied

    def apply_positions(self, positions: list[int], chunk: int = 500) -> int:
        """Apply only the events at `positions` (in log order), for a replay about one child
        or one claim; no tracking, no chain: such a replay is a scratch answer, not a view."""
        applied = 0
        with self.engine.begin() as conn:
            out = Writer(conn)
            for note in notes_at(self.recorder, positions, chunk):
                applied += self._apply(note, out)
            out.flush()
        return applied

    @contextmanager
    def bulk_load(self, indexed: bool = True) -> Iterator[None]:
        """Fill fresh views without their secondary indexes, then build them once: a B-tree
        sorted in one pass instead of updated at random for every row. The projections only
        reach rows by primary key, so they need none of these while replaying; a copy that
        is only compared and thrown away (`indexed=False`) never needs them."""
        indexes = [index for table in VIEW_TABLES for index in table.indexes]
        with self.engine.begin() as conn:
            for index in indexes:
                index.drop(conn, checkfirst=True)
        try:
            yield
        finally:
            with self.engine.begin() as conn:
                for index in indexes if indexed else []:
                    index.create(conn, checkfirst=True)

    def drop(self) -> None:
        """Drop the view tables (never the event store): only for a rebuild's scratch copy."""
        metadata.drop_all(self.engine, tables=[*VIEW_TABLES, tracking], checkfirst=True)


def scratch_engine(url: str | None = None) -> Engine:
    """A database for a replay: an auditor's own (by URL), or a private one in memory."""
    if url:
        return create_engine(url)
    return create_engine("sqlite://", poolclass=StaticPool,
                         connect_args={"check_same_thread": False})
