"""The read models as they stood on a past date, replayed from the log.

Events are replayed in log order, keeping those effective on or before the date. Who and
what exist (a plan year opened, a child or hospital registered) is kept whatever its date,
since a registration entered late does not undo the payments and claims dated before it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Engine

from ..plan_year import PlanYear
from ..registry import Hospital, Member
from .runner import Views, scratch_engine

REFERENCE = (PlanYear.Opened, Member.Registered, Hospital.Registered)


def replay_as_of(recorder: Any, mapper: Any, day: date, positions: list[int] | None = None
                 ) -> Engine:
    """The views on `day`: the whole log, or only the events at `positions` (those about one
    child or claim, and the plan years: what answering about it needs, in milliseconds where a
    city's whole log takes minutes)."""
    def effective_by(event: Any) -> bool:
        return isinstance(event, REFERENCE) or getattr(event, "effective", day) <= day

    engine = scratch_engine()
    views = Views(engine, recorder, mapper, name="as-of", only=effective_by)
    views.create()
    if positions is None:
        views.catch_up()
    else:
        views.apply_positions(positions)
    return engine
