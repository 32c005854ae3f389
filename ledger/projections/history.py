"""An index from every member, receipt, claim, year, hospital and reference to its events.

`fund history ID` reads the positions here and decodes those events from the log itself, so
the change history an auditor sees is the record, not a copy of it.
"""

from __future__ import annotations

from typing import Any


from ..plan_year import Calendar, PlanYear
from ..registry import Hospital
from .writer import Writer
from .tables import history

_BY_ATTRIBUTE = (("member", "member"), ("receipt", "receipt"), ("claim", "claim"),
                 ("bill", "bill"), ("reference", "reference"), ("run", "run"))


def subjects(event: Any) -> list[tuple[str, str]]:
    """(kind, id) of everything an event is about."""
    found: list[tuple[str, str]] = []
    if isinstance(event, (PlanYear.Event, Calendar.YearAdded)):
        found.append(("year", event.year))
    if isinstance(event, Hospital.Event):
        found.append(("hospital", event.code))
    for attr, kind in _BY_ATTRIBUTE:
        value = getattr(event, attr, None)
        if isinstance(value, str) and value:
            found.append((kind, value))
    return list(dict.fromkeys(found))


class HistoryProjection:
    name = "history"

    def apply(self, event: Any, conn: Writer, position: int) -> None:
        rows = [
            {"ref": ref, "position": position, "kind": kind, "effective": event.effective}
            for kind, ref in subjects(event)
            if hasattr(event, "effective")
        ]
        # One id can name two things (a member number equal to a receipt): keep one row each.
        unique = {r["ref"]: r for r in rows}
        if unique:
            conn.insert(history, list(unique.values()))
