"""The cash as the bank sees it, read from the views: each movement with the reference the
bank prints, the receipts paid in together as a deposit, the statements' closing balances, and
the journal's postings in log order (for the plain-text accounting journals)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import Engine, func, select

from .tables import assertions, deposited, journal, matched, movements

CHUNK = 500  # references asked for at once


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


class CashMovement(NamedTuple):
    position: int
    reference: str
    effective: date
    fen: int
    event: str


def unmatched_movements(engine: Engine, folded: list[str] | None = None,
                        between: tuple[date, date] | None = None) -> list[CashMovement]:
    """Each cash movement no bank line has matched: those whose reference, without case, is in `folded`, or those dated `between`."""
    cash = (select(movements.c.position, movements.c.reference, journal.c.effective,
                   func.sum(journal.c.fen).label("fen"), journal.c.event)
            .join(journal, (journal.c.position == movements.c.position)
                  & (journal.c.account == "cash"))
            .outerjoin(matched, matched.c.position == movements.c.position)
            .where(matched.c.position.is_(None))
            .group_by(movements.c.position, movements.c.reference, journal.c.effective,
                      journal.c.event))
    with engine.connect() as conn:
        if folded is None:
            rows = conn.execute(cash.where(journal.c.effective >= between[0],
                                           journal.c.effective <= between[1])).all()
        else:
            rows = [row for i in range(0, len(folded), CHUNK) for row in conn.execute(
                cash.where(movements.c.folded.in_(folded[i:i + CHUNK])))]
    return [CashMovement(p, r, _day(e), fen, event) for p, r, e, fen, event in rows]


def deposited_receipts(engine: Engine, receipts: list[str] | None = None,
                       folded_deposits: list[str] | None = None) -> dict[str, str]:
    """receipt -> deposit, for these receipts or for the deposits with these references."""
    column, wanted = ((deposited.c.receipt, receipts) if receipts is not None
                      else (deposited.c.folded, folded_deposits or []))
    found: dict[str, str] = {}
    with engine.connect() as conn:
        for i in range(0, len(wanted), CHUNK):
            found.update(conn.execute(select(deposited.c.receipt, deposited.c.deposit)
                                      .where(column.in_(wanted[i:i + CHUNK]))).all())
    return found


def stated_balances(engine: Engine, between: tuple[date, date] | None = None,
                    by_day: bool = False) -> list[dict[str, Any]]:
    """The bank statements' closing balances: reference, day, fen, position; in the order
    recorded, or by day."""
    query = select(assertions).order_by(
        *((assertions.c.day, assertions.c.reference) if by_day else (assertions.c.position,)))
    if between is not None:
        query = query.where(assertions.c.day >= between[0], assertions.c.day <= between[1])
    with engine.connect() as conn:
        return [{**row, "day": _day(row["day"])} for row in conn.execute(query).mappings()]


def first_posting_day(engine: Engine) -> date | None:
    with engine.connect() as conn:
        day = conn.execute(select(func.min(journal.c.effective))).scalar()
    return None if day is None else _day(day)


def postings(engine: Engine, between: tuple[date, date] | None = None, page: int = 2000
             ) -> Iterator[tuple[int, date, str, int]]:
    """(position, effective, account, fen) of every posting, in log order, streamed."""
    query = select(journal.c.position, journal.c.effective, journal.c.account,
                   journal.c.fen).order_by(journal.c.position, journal.c.line)
    if between is not None:
        query = query.where(journal.c.effective >= between[0], journal.c.effective <= between[1])
    with engine.connect() as conn:
        for position, effective, account, fen in conn.execution_options(
                yield_per=page).execute(query):
            yield position, _day(effective), account, fen
