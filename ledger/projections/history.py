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
                 ("bill", "bill"), ("reference", "reference"), ("run", "run"),
                 ("person", "operator"))


def subjects(event: Any) -> list[tuple[str, str]]:
    """(kind, id) of everything an event is about."""
    fixed, attributes = _plan(type(event), event)
    found = [(kind, getattr(event, attr)) for kind, attr in fixed]
    for attr, kind in attributes:
        value = getattr(event, attr, None)
        if isinstance(value, str) and value:
            found.append((kind, value))
    return list(dict.fromkeys(found))


_PLANS: dict[type, tuple[list[tuple[str, str]], list[tuple[str, str]]]] = {}


def _plan(cls: type, event: Any) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Which attributes of this class of event name a subject, worked out once per class (a
    replay of millions of events would otherwise ask every event the same questions)."""
    plan = _PLANS.get(cls)
    if plan is None:
        fixed = []
        if issubclass(cls, (PlanYear.Event, Calendar.YearAdded)):
            fixed.append(("year", "year"))
        if issubclass(cls, Hospital.Event):
            fixed.append(("hospital", "code"))
        fields = set(vars(event))
        for c in cls.__mro__:
            fields.update(getattr(c, "__annotations__", {}))
        plan = _PLANS[cls] = (fixed, [(a, k) for a, k in _BY_ATTRIBUTE if a in fields])
    return plan


class HistoryProjection:
    name = "history"

    @staticmethod
    def handles(event_class: type) -> bool:
        return True  # every event with an effective date is in some subject's history

    def apply(self, event: Any, conn: Writer, position: int) -> None:
        effective = getattr(event, "effective", None)
        if effective is None:
            return
        # One id can name two things (a member number equal to a receipt): keep one row each.
        rows = {ref: (ref, position, kind, effective) for kind, ref in subjects(event)}
        if rows:
            conn.insert_tuples(history, _COLUMNS, rows.values())


_COLUMNS = ("ref", "position", "kind", "effective")
