"""What a child owes for a plan year and from when the child is covered (SPEC §3).

Pure functions of the year's rules: no storage, no clock.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache

from .errors import RuleViolation
from .language import N_
from .rules import YearRules


def age_on(born: date, day: date) -> int:
    """Age in whole years on `day`."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def amount_due(rules: YearRules, born: date) -> Decimal:
    """The first age band whose `born_after` the child was born after, else the year's amount."""
    for band in rules.bands:
        if born > band.born_after:
            return band.amount
    return rules.amount


def is_hardship(rules: YearRules, category: str | None) -> bool:
    """A child is enrolled free when its category is one of this year's hardship categories
    (matched without regard to case, as every code is)."""
    return bool(category) and category.casefold() in _folded(rules.hardship_categories)


# The usual categories as Chinese rosters and certificates name them (GLOSSARY-zh.md): a
# clerk may type either; the record keeps the year's own spelling.
CHINESE_CATEGORIES = {"低保": "low-income", "低保家庭": "low-income", "特困": "special-hardship",
                      "特困供养": "special-hardship", "残疾": "disabled",
                      "残疾儿童": "disabled"}


def hardship_category(categories: Iterable[str], given: str) -> str | None:
    """The category `given` names among `categories` (its spelling there), or None."""
    known = {c.casefold(): c for c in categories}
    given = given.strip()
    return known.get(given.casefold()) or known.get(CHINESE_CATEGORIES.get(given, "\0"))


@lru_cache(maxsize=64)
def _folded(categories: tuple[str, ...]) -> frozenset[str]:
    return frozenset(c.casefold() for c in categories)


def check_age(rules: YearRules, born: date) -> None:
    if age_on(born, rules.starts) > rules.max_age:
        raise RuleViolation(
            N_("age limit"),
            N_("a child born {born} is {age} on {starts}, over {max_age}: not covered by the "
               "fund"),
            born=born, age=age_on(born, rules.starts), starts=rules.starts, max_age=rules.max_age,
        )


def covered_from(rules: YearRules, born: date, paid_on: date) -> date:
    """The first day of cover for a contribution (or hardship enrollment) on `paid_on`.

    Inside the window: the year's start. After it: `paid_on + late_waiting_days`, unless a
    newborn enrolled within `newborn_grace_days` of birth, covered from birth. Never before
    birth nor the year's start. Refused when no cover would remain in the year.
    """
    if born > paid_on:
        raise RuleViolation(N_("date of birth"),
                            N_("the child is born {born}, after the payment {paid_on}"),
                            born=born, paid_on=paid_on)
    if paid_on < rules.window_opens:
        raise RuleViolation(
            N_("enrollment window"),
            N_("contributions for {year} are taken from {opens}, not {paid_on}"),
            year=rules.year, opens=rules.window_opens, paid_on=paid_on,
        )
    if paid_on > rules.ends:
        raise RuleViolation(N_("plan year"), N_("{year} ended on {ends}"), year=rules.year,
                            ends=rules.ends)
    check_age(rules, born)
    if paid_on <= rules.window_closes:
        return max(rules.starts, born)
    if (paid_on - born).days <= rules.newborn_grace_days:
        return max(rules.starts, born)
    start = paid_on + timedelta(days=rules.late_waiting_days)
    if start > rules.ends:
        raise RuleViolation(
            N_("late waiting period"),
            N_("enrolled {paid_on}, cover would begin {start}, after {year} ends {ends}"),
            paid_on=paid_on, start=start, year=rules.year, ends=rules.ends,
        )
    return start
