"""Years, children, hospitals and each child's year: the roster the read commands answer from."""

from __future__ import annotations

import json
from functools import singledispatchmethod
from typing import Any

from sqlalchemy import bindparam, update

from ..enrollment import Enrollment
from ..money import to_fen
from ..plan_year import PlanYear
from ..registry import Hospital, Member
from ..rules import YearRules
from .writer import Writer, by_event_type
from .tables import hospitals, member_years, members, years


class RosterProjection:
    name = "roster"

    @singledispatchmethod
    def apply(self, event: Any, conn: Writer, position: int) -> None:
        pass

    @apply.register
    def _(self, e: PlanYear.Opened, conn: Writer, position: int) -> None:
        rules = YearRules.from_dict(e.rules)
        conn.execute(
            years.insert().values(
                year=e.year, starts=rules.starts, ends=rules.ends,
                rules=json.dumps(e.rules, sort_keys=True), rules_version=1,
                fingerprint=rules.fingerprint, opened_on=e.effective, closed_on=None,
            )
        )

    @apply.register
    def _(self, e: PlanYear.Amended, conn: Writer, position: int) -> None:
        rules = YearRules.from_dict(e.rules)
        conn.execute(
            update(years).where(years.c.year == rules.year).values(
                starts=rules.starts, ends=rules.ends, rules=json.dumps(e.rules, sort_keys=True),
                rules_version=years.c.rules_version + 1, fingerprint=rules.fingerprint,
            )
        )

    @apply.register
    def _(self, e: PlanYear.Closed, conn: Writer, position: int) -> None:
        conn.execute(update(years).where(years.c.year == e.year).values(closed_on=e.effective))

    @apply.register
    def _(self, e: Member.Registered, conn: Writer, position: int) -> None:
        conn.insert_tuples(members, _MEMBER, [(
            e.member, e.name, e.born, e.guardian, e.hardship, e.evidence, e.effective)])

    @apply.register
    def _(self, e: Member.Amended, conn: Writer, position: int) -> None:
        changed = {k: getattr(e, k) for k in ("name", "guardian", "born")
                   if getattr(e, k) is not None}
        conn.execute(update(members).where(members.c.member == e.member).values(**changed))

    @apply.register
    def _(self, e: Member.HardshipStarted, conn: Writer, position: int) -> None:
        self._hardship(conn, e.member, e.category, e.evidence, e.effective)

    @apply.register
    def _(self, e: Member.HardshipEnded, conn: Writer, position: int) -> None:
        self._hardship(conn, e.member, None, None, e.effective)

    @staticmethod
    def _hardship(conn: Writer, member: str, category: str | None, evidence: str | None,
                  since: Any) -> None:
        """The status from the latest change on (one entered late, dated before it, is not)."""
        conn.execute(update(members).where(
            members.c.member == member,
            members.c.hardship_from.is_(None) | (members.c.hardship_from <= since),
        ).values(hardship=category, evidence=evidence, hardship_from=since))

    @apply.register
    def _(self, e: Hospital.Registered, conn: Writer, position: int) -> None:
        conn.execute(hospitals.insert().values(code=e.code, name=e.name, level=e.level))

    @apply.register
    def _(self, e: Hospital.LevelChanged, conn: Writer, position: int) -> None:
        conn.execute(update(hospitals).where(
            hospitals.c.code == e.code,
            hospitals.c.level_from.is_(None) | (hospitals.c.level_from <= e.effective),
        ).values(level=e.level, level_from=e.effective))

    @apply.register
    def _(self, e: Hospital.Delisted, conn: Writer, position: int) -> None:
        conn.execute(update(hospitals).where(hospitals.c.code == e.code).values(
            delisted_from=e.effective, delist_reason=e.reason))

    @apply.register
    def _(self, e: Enrollment.Enrolled, conn: Writer, position: int) -> None:
        conn.insert_tuples(member_years, _MEMBER_YEAR, [(
            e.member, e.year, 0, "enrolled", e.receipt, e.effective, e.covered_from, e.hardship,
            to_fen(e.paid), to_fen(e.subsidy), e.school)])

    @apply.register
    def _(self, e: Enrollment.Reenrolled, conn: Writer, position: int) -> None:
        conn.update(_REENROLLED, {
            "k_member": e.member, "k_year": e.year, "v_receipt": e.receipt, "v_on": e.effective,
            "v_from": e.covered_from, "v_hardship": e.hardship, "v_paid": to_fen(e.paid),
            "v_subsidy": to_fen(e.subsidy), "v_school": e.school})

    @apply.register
    def _(self, e: Enrollment.Reversed, conn: Writer, position: int) -> None:
        conn.update(_REVERSED, {"k_member": e.member, "k_year": e.year})

    apply = by_event_type(apply)
    handles = staticmethod(apply.handles)


_MEMBER_YEAR_ROW = update(member_years).where(member_years.c.member == bindparam("k_member"),
                                              member_years.c.year == bindparam("k_year"))
_REENROLLED = _MEMBER_YEAR_ROW.values(
    status="enrolled", receipt=bindparam("v_receipt"), enrolled_on=bindparam("v_on"),
    covered_from=bindparam("v_from"), hardship=bindparam("v_hardship"),
    paid_fen=bindparam("v_paid"), subsidy_fen=bindparam("v_subsidy"),
    school=bindparam("v_school"))
_REVERSED = _MEMBER_YEAR_ROW.values(
    status="reversed", receipt=None, covered_from=None, paid_fen=0, subsidy_fen=0)


_MEMBER = ("member", "name", "born", "guardian", "hardship", "evidence", "registered_on")
_MEMBER_YEAR = ("member", "year", "benefits_fen", "status", "receipt", "enrolled_on",
                "covered_from", "hardship", "paid_fen", "subsidy_fen", "school")
