"""Loading and saving the fund's aggregates, for every use case: by natural key, in bulk for
big work, saved together in one transaction, dated by the effective date of the command."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from ..errors import NotFound, RuleViolation
from ..language import N_
from ..plan_year import Calendar, PlanYear
from ..registry import Member
from ..staff import Staff
from ..store.log import load_many

T = TypeVar("T")


class Records:
    """What the use cases read and write through. `app` is the fund's event-sourced
    application (its repository, recorder, mapper and save); `views` its read models."""

    def __init__(self, app: Any, operator: str, today: Callable[[], date]):
        self.app = app
        self.operator = operator
        self.today = today
        self.preloaded: dict[UUID, Any] = {}

    @property
    def views(self) -> Any:
        return self.app.views

    def save(self, *objs: Any) -> list[Any]:
        return self.app.save(*objs)

    def when(self, on: date | None) -> date:
        """The effective date of a command: today unless given, never in the future."""
        today = self.today()
        if on is None:
            return today
        if on > today:
            raise RuleViolation(N_("future date"), N_("{on} is after today ({today})"), on=on,
                                today=today)
        return on

    def find(self, cls: type[T], key: UUID) -> T | None:
        if key in self.preloaded:
            return self.preloaded[key]
        try:
            return self.app.repository.get(key)
        except AggregateNotFoundError:
            return None

    @contextmanager
    def preloading(self, ids: Iterable[UUID], absent: Iterable[UUID] = ()) -> Iterator[None]:
        """Within the block, `find` answers these ids from a few bulk reads (bulk work), and
        the `absent` ones as unknown without reading them: ids just read and found unknown,
        whose first event the store itself will refuse if another terminal saved one since."""
        outer = self.preloaded  # a use case's own reads within bulk work's: both hold
        self.preloaded = {**outer, **dict.fromkeys(absent)}
        self.preloaded.update(load_many(self.app.recorder, self.app.mapper,
                                        (i for i in ids if i not in outer)))
        try:
            yield
        finally:
            self.preloaded = outer

    def get(self, cls: type[T], what: str, *key: str) -> T:
        found = self.find(cls, cls.create_id(*key))  # type: ignore[attr-defined]
        if found is None:
            raise NotFound(what, "/".join(key))
        return found

    def plan_year(self, year: str) -> PlanYear:
        return self.get(PlanYear, "plan year", year)

    def open_plan(self, year: str) -> PlanYear:
        """A plan year that still takes contributions."""
        plan = self.plan_year(year)
        if plan.closed_on is not None:
            raise RuleViolation(N_("year closed"), N_("{year} was closed on {closed}"),
                                year=year, closed=plan.closed_on)
        return plan

    def calendar(self) -> Calendar:
        return self.find(Calendar, Calendar.create_id()) or Calendar()

    def member(self, member: str) -> Member:
        return self.get(Member, "member", member)

    def staff(self) -> Staff:
        return self.find(Staff, Staff.create_id()) or Staff()

    @property
    def staffed(self) -> bool:
        """Whether the fund has operators on record: from then on four eyes apply (a fund run
        open has no operators to tell apart)."""
        return self.staff().staffed
