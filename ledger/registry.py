"""Children and designated hospitals: registered once, by their own number or code, and their
facts changed from a date (a hardship status, a hospital's level, a delisting), so that every
decision can ask what the facts were on its own day."""

from __future__ import annotations

from bisect import bisect_right
from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from .errors import RuleViolation
from .identity import natural_id
from .language import N_, Level, Word
from .rules import LEVELS

_ALWAYS = date.min  # a fact recorded at registration holds from the start


def _on(timeline: list[tuple[date, object]], day: date) -> object:
    """The value of a (from, value) timeline, kept in date order, on `day`."""
    i = bisect_right([d for d, _ in timeline], day)
    return timeline[i - 1][1] if i else None


def _put(timeline: list[tuple[date, object]], day: date, value: object) -> None:
    """Set the value from `day` on (a change entered late lands in its place by date; a
    second change from the same date replaces the first)."""
    timeline[:] = sorted([(d, v) for d, v in timeline if d != day] + [(day, value)],
                         key=lambda dv: dv[0])


class Member(Aggregate):
    """A child of the fund. Its hardship status has dates: the status on an enrollment's date
    decides whether the family pays, the status on an admission date medical assistance."""

    @staticmethod
    def create_id(member: str) -> UUID:
        return natural_id("member", member)

    @event("Registered")
    def __init__(
        self,
        member: str,
        name: str,
        born: date,
        guardian: str,
        hardship: str | None,
        evidence: str | None,
        operator: str,
        effective: date,
    ):
        self.member = member
        self.name = name
        self.born = born
        self.guardian = guardian
        # (from, (category, evidence) or None): a status given at registration holds from the
        # start, as it always has.
        self.statuses: list[tuple[date, object]] = [(_ALWAYS, (hardship, evidence) if hardship
                                                     else None)]

    def hardship_on(self, day: date) -> str | None:
        status = _on(self.statuses, day)
        return status[0] if status else None  # type: ignore[index]

    def evidence_on(self, day: date) -> str | None:
        status = _on(self.statuses, day)
        return status[1] if status else None  # type: ignore[index]

    @property
    def hardship(self) -> str | None:
        """The status from the latest change on."""
        return self.hardship_on(date.max)

    @property
    def evidence(self) -> str | None:
        return self.evidence_on(date.max)

    @event("Amended")
    def amend(self, member: str, name: str | None, guardian: str | None, born: date | None,
              reason: str, operator: str, effective: date) -> None:
        """A child's facts corrected or updated (only those given change)."""
        self.name = self.name if name is None else name
        self.guardian = self.guardian if guardian is None else guardian
        self.born = self.born if born is None else born

    def start_hardship(self, category: str, evidence: str, operator: str, effective: date) -> None:
        if (self.hardship_on(effective) or "").casefold() == category.casefold():
            raise RuleViolation(N_("hardship status"),
                                N_("{member} is already a {category} child on {day}"),
                                member=self.member, category=Word(category), day=effective)
        self._hardship_started(self.member, category, evidence, operator, effective)

    @event("HardshipStarted")
    def _hardship_started(self, member: str, category: str, evidence: str, operator: str,
                          effective: date) -> None:
        _put(self.statuses, effective, (category, evidence))

    def end_hardship(self, reason: str, operator: str, effective: date) -> None:
        if self.hardship_on(effective) is None:
            raise RuleViolation(N_("hardship status"),
                                N_("{member} is not a hardship child on {day}: nothing to end"),
                                member=self.member, day=effective)
        self._hardship_ended(self.member, reason, operator, effective)

    @event("HardshipEnded")
    def _hardship_ended(self, member: str, reason: str, operator: str, effective: date) -> None:
        _put(self.statuses, effective, None)


class Hospital(Aggregate):
    """A designated hospital; its level (1, 2 or 3) sets ratios and deductibles. Its level may
    change from a date, and it may be delisted from a date: a claim is assessed with the level
    on its admission date, and no admission from the delisting on is accepted."""

    @staticmethod
    def create_id(code: str) -> UUID:
        return natural_id("hospital", code)

    @event("Registered")
    def __init__(self, code: str, name: str, level: int, operator: str, effective: date):
        self.code = code
        self.name = name
        self.levels: list[tuple[date, object]] = [(_ALWAYS, level)]
        self.delisted_from: date | None = None
        self.delist_reason: str | None = None

    @property
    def level(self) -> int:
        """The level from the latest change on."""
        return self.level_on(date.max)

    def level_on(self, day: date) -> int:
        return _on(self.levels, day)  # type: ignore[return-value]

    def designated_on(self, day: date) -> bool:
        return self.delisted_from is None or day < self.delisted_from

    def change_level(self, level: int, operator: str, effective: date) -> None:
        if level not in LEVELS:
            raise RuleViolation(N_("hospital level"), N_("{level} is not a level (1, 2 or 3)"),
                                level=Level(level))
        self._not_delisted(effective)
        if self.level_on(effective) == level:
            raise RuleViolation(N_("hospital level"), N_("{code} is already level {level} on {day}"),
                                code=self.code, level=Level(level), day=effective)
        self._level_changed(self.code, level, operator, effective)

    @event("LevelChanged")
    def _level_changed(self, code: str, level: int, operator: str, effective: date) -> None:
        _put(self.levels, effective, level)

    def delist(self, reason: str, operator: str, effective: date) -> None:
        self._not_delisted(effective)
        if self.delisted_from is not None:
            raise RuleViolation(N_("designated hospital"),
                                N_("{code} is delisted from {day} already"), code=self.code,
                                day=self.delisted_from)
        self._delisted(self.code, reason, operator, effective)

    @event("Delisted")
    def _delisted(self, code: str, reason: str, operator: str, effective: date) -> None:
        self.delisted_from = effective
        self.delist_reason = reason

    def _not_delisted(self, day: date) -> None:
        if not self.designated_on(day):
            raise RuleViolation(N_("designated hospital"),
                                N_("{code} was delisted from {day} ({reason})"), code=self.code,
                                day=self.delisted_from, reason=self.delist_reason)
