"""Plan years and the fund's calendar of them.

A year's rules are amended only before its enrollment window opens; a closed year takes no
new contributions. The calendar is the one place that knows every year, so overlapping years
are refused in the same transaction that opens a year.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from .errors import InputError, RuleViolation
from .identity import natural_id
from .language import N_
from .rules import YearRules


_PARSED: dict[int, tuple[dict[str, Any], YearRules]] = {}


def _parsed(data: dict[str, Any]) -> YearRules:
    """The rules of a stored dict, parsed once (a roster asks for them on every row)."""
    cached = _PARSED.get(id(data))
    if cached is None or cached[0] is not data:
        if len(_PARSED) > 64:
            _PARSED.clear()
        cached = _PARSED[id(data)] = (data, YearRules.from_dict(data))
    return cached[1]


class PlanYear(Aggregate):
    @staticmethod
    def create_id(year: str) -> UUID:
        return natural_id("year", year)

    @event("Opened")
    def __init__(self, year: str, rules: dict[str, Any], operator: str, effective: date):
        self.year = year
        self.rules_data = rules
        self.rules_version = 1
        self.closed_on: date | None = None

    @property
    def rules(self) -> YearRules:
        return _parsed(self.rules_data)

    def amend(self, rules: YearRules, operator: str, effective: date) -> None:
        current = self.rules
        if rules.year != self.year:
            raise InputError("year", N_("the rules file is for {given}, not {year}"),
                             given=rules.year, year=self.year)
        if self.closed_on is not None:
            raise RuleViolation(N_("year closed"), N_("{year} was closed on {day}"),
                                year=self.year, day=self.closed_on)
        if effective >= current.window_opens:
            raise RuleViolation(
                N_("rules frozen"),
                N_("the rules of {year} are frozen since its enrollment window opened on "
                   "{opens}"),
                year=self.year, opens=current.window_opens,
            )
        self._amended(year=self.year, rules=rules.to_dict(), operator=operator, effective=effective)

    @event("Amended")
    def _amended(self, year: str, rules: dict[str, Any], operator: str, effective: date) -> None:
        self.rules_data = rules
        self.rules_version += 1

    def close(self, closing: dict[str, Decimal], operator: str, effective: date) -> None:
        """Close the year; `closing` is its income and expense, moved to the reserve."""
        if self.closed_on is not None:
            raise RuleViolation(N_("year closed"), N_("{year} was already closed on {day}"),
                                year=self.year, day=self.closed_on)
        if effective <= self.rules.ends:
            raise RuleViolation(
                N_("year close"), N_("{year} ends {ends}; it can be closed only after"),
                year=self.year, ends=self.rules.ends,
            )
        self._closed(year=self.year, closing=closing, operator=operator, effective=effective)

    @event("Closed")
    def _closed(self, year: str, closing: dict[str, Decimal], operator: str,
                effective: date) -> None:
        self.closed_on = effective


class Calendar(Aggregate):
    """Every plan year's dates, to refuse overlaps."""

    @staticmethod
    def create_id() -> UUID:
        return natural_id("calendar", "fund")

    @event("Started")
    def __init__(self) -> None:
        self.years: dict[str, tuple[date, date]] = {}

    def add(self, rules: YearRules, operator: str, effective: date) -> None:
        if rules.year in self.years:
            raise RuleViolation(N_("plan year"), N_("{year} is already open"), year=rules.year)
        self.check_overlap(rules)
        self._year_added(rules.year, rules.starts, rules.ends, operator, effective)

    def check_overlap(self, rules: YearRules) -> None:
        for name, (starts, ends) in self.years.items():
            if name != rules.year and rules.starts <= ends and starts <= rules.ends:
                raise RuleViolation(
                    N_("overlapping plan years"),
                    N_("{year} ({starts} to {ends}) overlaps {other} ({other_starts} to "
                       "{other_ends})"),
                    year=rules.year, starts=rules.starts, ends=rules.ends, other=name,
                    other_starts=starts, other_ends=ends,
                )

    @event("YearAdded")
    def _year_added(self, year: str, starts: date, ends: date, operator: str, effective: date):
        self.years[year] = (starts, ends)

    def move(self, rules: YearRules, operator: str, effective: date) -> None:
        self.check_overlap(rules)
        if self.years.get(rules.year) != (rules.starts, rules.ends):
            self._year_added(rules.year, rules.starts, rules.ends, operator, effective)

    def year_of(self, day: date) -> str | None:
        for name, (starts, ends) in self.years.items():
            if starts <= day <= ends:
                return name
        return None
