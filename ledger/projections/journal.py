"""The journal: every posting of `books.journal_entry`, with its position and effective date."""

from __future__ import annotations

from typing import Any


from ..books import journal_entry
from ..money import to_fen
from .writer import Writer
from .tables import daily, journal


class JournalProjection:
    name = "journal"

    def apply(self, event: Any, conn: Writer, position: int) -> None:
        postings = journal_entry(event)
        if not postings:
            return
        conn.insert(
            journal,
            [
                {
                    "position": position,
                    "line": i,
                    "effective": event.effective,
                    "account": p.account,
                    "year": p.year,
                    "fen": to_fen(p.amount),
                    "event": type(event).__qualname__,
                }
                for i, p in enumerate(postings, 1)
            ],
        )
        closing = int(type(event).__qualname__ == "PlanYear.Closed")
        for p in postings:
            conn.add(daily, (event.effective, p.account, p.year or "", closing), to_fen(p.amount))
