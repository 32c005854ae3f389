"""The journal: every posting of `books.journal_entry`, with its position and effective date."""

from __future__ import annotations

from typing import Any


from ..books import journal_entry, moves_money
from ..money import to_fen
from .writer import Writer
from .tables import daily, journal


class JournalProjection:
    name = "journal"
    handles = staticmethod(moves_money)

    def apply(self, event: Any, conn: Writer, position: int) -> None:
        postings = journal_entry(event)
        if not postings:
            return
        effective, name = event.effective, type(event).__qualname__
        rows = [(position, i, effective, p.account, p.year, to_fen(p.amount), name)
                for i, p in enumerate(postings, 1)]
        conn.insert_tuples(journal, _COLUMNS, rows)
        closing = int(name == "PlanYear.Closed")
        for row in rows:
            conn.add(daily, (effective, row[3], row[4] or "", closing), row[5])


_COLUMNS = ("position", "line", "effective", "account", "year", "fen", "event")
