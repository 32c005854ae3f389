"""The auditor's checks: replay the log into fresh read models and compare; check the books.

A rebuild reads nothing but the event log. Its tables must equal the live ones row for row;
any difference means a projection drifted from the record.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Callable

from sqlalchemy import Engine, create_engine, select
from sqlalchemy.pool import StaticPool

from .projections import queries
from .projections.runner import Views
from .projections.tables import VIEW_TABLES


@dataclass
class TableDiff:
    table: str
    live_rows: int
    rebuilt_rows: int
    differences: list[str] = field(default_factory=list)


@dataclass
class RebuildReport:
    events: int
    seconds: float
    tables: list[TableDiff]

    @property
    def identical(self) -> bool:
        return all(not t.differences for t in self.tables)


def _rows(engine: Engine, table: Any) -> dict[tuple, tuple]:
    key = [c for c in table.columns if c.primary_key]
    with engine.connect() as conn:
        rows = conn.execute(select(table).order_by(*key)).all()
    width = len(key)
    return {tuple(r[:width]): tuple(r) for r in rows}


def compare(live: Engine, rebuilt: Engine, limit: int = 20) -> list[TableDiff]:
    out = []
    for table in VIEW_TABLES:
        a, b = _rows(live, table), _rows(rebuilt, table)
        diff = TableDiff(table.name, len(a), len(b))
        for k in sorted(set(a) | set(b), key=repr):
            if a.get(k) != b.get(k):
                diff.differences.append(f"{table.name} {k}: live {a.get(k)} rebuilt {b.get(k)}")
                if len(diff.differences) >= limit:
                    break
        out.append(diff)
    return out


def scratch_engine(url: str | None = None) -> Engine:
    if url:
        return create_engine(url)
    return create_engine("sqlite://", poolclass=StaticPool,
                         connect_args={"check_same_thread": False})


def rebuild(fund: Any, into: str | None = None,
            progress: Callable[[int, int], None] | None = None) -> RebuildReport:
    """Replay every event into fresh tables (in memory, or `into`) and compare with live."""
    fund.views.catch_up()
    head = fund.views.position()
    engine = scratch_engine(into)
    fresh = Views(engine, fund.recorder, fund.mapper, name="rebuild")
    fresh.drop()
    fresh.create()
    started = time.perf_counter()
    events = fresh.catch_up(stop=head, progress=progress)
    seconds = time.perf_counter() - started
    return RebuildReport(events, seconds, compare(fund.views.engine, engine))


def verify(fund: Any) -> list[str]:
    """Every problem found (empty when the record is sound)."""
    problems: list[str] = []
    fund.views.catch_up()
    for position, amount in queries.trial_balance_by_position(fund.views.engine):
        problems.append(f"position {position}: journal entry does not balance (off by {amount})")
    report = rebuild(fund)
    for t in report.tables:
        problems.extend(f"projection differs from the log: {d}" for d in t.differences)
    return problems
