"""Answers from the read models: a year, the claims list, the history index, the exports.

(The balances, a child's statement and a claim are in `answers`, read without SQLAlchemy.)
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any, Iterator

from sqlalchemy import Engine, func, select

from ..accounts import EXPENSE_ACCOUNTS, INCOME_ACCOUNTS, presented
from ..money import from_fen
from .answers import claim_doc
from .wording import summary
from .tables import (claim_payments, claims, history, hospitals, journal, member_years, members,
                     years)

_BASE_ATTRS = {"originator_id", "originator_version", "timestamp", "originator_topic",
               "operator", "effective"}


def year_totals(engine: Engine, year: str) -> dict[str, Decimal]:
    """A plan year's income and expense, as an accountant reads them: what closing moves."""
    query = (
        select(journal.c.account, func.sum(journal.c.fen))
        .where(journal.c.year == year,
               journal.c.account.in_((*INCOME_ACCOUNTS, *EXPENSE_ACCOUNTS)))
        .group_by(journal.c.account)
    )
    with engine.connect() as conn:
        sums = dict(conn.execute(query).all())
    return {a: presented(a, from_fen(sums.get(a) or 0)) for a in (*INCOME_ACCOUNTS, *EXPENSE_ACCOUNTS)}


def trial_balance_by_position(engine: Engine) -> list[tuple[int, Decimal]]:
    """Positions whose entry does not sum to zero (empty when the books are sound)."""
    query = (
        select(journal.c.position, func.sum(journal.c.fen))
        .group_by(journal.c.position)
        .having(func.sum(journal.c.fen) != 0)
    )
    with engine.connect() as conn:
        return [(p, from_fen(f)) for p, f in conn.execute(query).all()]


def year(engine: Engine, name: str) -> dict[str, Any] | None:
    with engine.connect() as conn:
        row = conn.execute(years.select().where(years.c.year == name)).mappings().first()
        if row is None:
            return None
        counts = dict(
            conn.execute(
                select(member_years.c.status, func.count())
                .where(member_years.c.year == name)
                .group_by(member_years.c.status)
            ).all()
        )
        hardship = conn.execute(
            select(func.count()).where(
                member_years.c.year == name,
                member_years.c.status == "enrolled",
                member_years.c.subsidy_fen > 0,
            )
        ).scalar_one()
    enrolled = counts.get("enrolled", 0)
    return {
        "year": name,
        "status": "closed" if row["closed_on"] else "open",
        "opened_on": row["opened_on"],
        "closed_on": row["closed_on"],
        "rules_version": row["rules_version"],
        "fingerprint": row["fingerprint"],
        "rules": json.loads(row["rules"]),
        "enrolled": {"paying": enrolled - hardship, "hardship": hardship,
                     "reversed": counts.get("reversed", 0)},
    }


def positions_about(engine: Engine, refs: list[str]) -> list[int]:
    """The positions of every event about `refs`, and of every plan-year event."""
    query = select(history.c.position).where(history.c.ref.in_(refs) | (history.c.kind == "year"))
    with engine.connect() as conn:
        return sorted(set(conn.execute(query).scalars()))


def history_positions(engine: Engine, ref: str) -> list[int]:
    with engine.connect() as conn:
        return list(
            conn.execute(
                select(history.c.position).where(history.c.ref == ref).order_by(history.c.position)
            ).scalars()
        )


def describe(position: int, event: Any) -> dict[str, Any]:
    """One event as the change history shows it: when, who, what."""
    changes = {k: v for k, v in vars(event).items() if k not in _BASE_ATTRS}
    name = type(event).__qualname__
    return {
        "position": position,
        "event": name,
        "effective": getattr(event, "effective", None),
        "recorded": event.timestamp,
        "operator": getattr(event, "operator", None),
        "summary": summary(name, changes),
        "changes": changes,
    }


def payable_claims(engine: Engine, on: date) -> list[str]:
    """Claims approved by `on` with money still owed, earliest approved first."""
    query = (
        select(claims.c.claim)
        .where(
            claims.c.status.in_(("approved", "paid")),
            claims.c.approved_on <= on,
            (claims.c.payout_fen > claims.c.paid_fen)
            | (claims.c.assistance_fen > claims.c.assistance_paid_fen),
        )
        .order_by(claims.c.approved_position)
    )
    with engine.connect() as conn:
        return list(conn.execute(query).scalars())


def assessed_claims(engine: Engine, year: str | None = None) -> list[tuple[str, Decimal]]:
    """(claim, payout as assessed) of every claim waiting for approval, in submission order."""
    query = (select(claims.c.claim, claims.c.assessment).where(claims.c.status == "assessed")
             .order_by(claims.c.submitted_position))
    if year is not None:
        query = query.where(claims.c.year == year)
    with engine.connect() as conn:
        return [(n, Decimal(json.loads(a)["payout"])) for n, a in conn.execute(query)]


def claims_admitted_at(engine: Engine, hospital: str, since: date) -> list[str]:
    """Claims admitted at `hospital` on or after `since` that the fund has not rejected."""
    query = (select(claims.c.claim).where(claims.c.hospital == hospital,
                                         claims.c.admitted >= since,
                                         claims.c.status != "rejected")
             .order_by(claims.c.submitted_position))
    with engine.connect() as conn:
        return list(conn.execute(query).scalars())


def still_owed(engine: Engine, approved_by: date | None = None) -> tuple[int, Decimal]:
    """(claims, amount) approved (by a date, if given) whose payout is not all paid yet."""
    query = select(func.count(), func.coalesce(func.sum(claims.c.payout_fen - claims.c.paid_fen), 0)
                   ).where(claims.c.status.in_(("approved", "paid")),
                           claims.c.payout_fen > claims.c.paid_fen)
    if approved_by is not None:
        query = query.where(claims.c.approved_on <= approved_by)
    with engine.connect() as conn:
        count, fen = conn.execute(query).one()
    return count, from_fen(fen)


def claims_list(engine: Engine, status: str | None = None, year: str | None = None,
                member: str | None = None, hospital: str | None = None,
                limit: int | None = None) -> list[dict[str, Any]]:
    query = claims.select().order_by(claims.c.submitted_on, claims.c.claim)
    if status == "appealed":  # a decision the family contests, whatever it was
        query = query.where(claims.c.appeal == "open")
        status = None
    for column, value in (("status", status), ("year", year), ("member", member),
                          ("hospital", hospital)):
        if value:
            query = query.where(claims.c[column] == value)
    if limit:
        query = query.limit(limit)
    with engine.connect() as conn:
        return [claim_doc(r) for r in conn.execute(query).mappings()]


# -- exports: streamed, in a stable order, in the columns `fund import` reads ------------------

ROSTER_COLUMNS = ("member", "name", "born", "guardian", "receipt", "date", "amount", "hardship",
                  "evidence", "school")
CLAIM_COLUMNS = ("claim", "member", "hospital", "bill", "type", "admitted", "discharged", "total",
                 "in_scope", "other_paid", "diagnosis", "submitted", "replaces", "status",
                 "reason", "payout", "assistance", "paid")


def _streamed(engine: Engine, query: Any) -> Any:
    with engine.connect() as conn:
        yield from conn.execution_options(yield_per=5000).execute(query)


def contributions_rows(engine: Engine, year: str) -> Any:
    """The year's standing contributions, one roster row each (reversed ones left out)."""
    query = (
        select(members.c.member, members.c.name, members.c.born, members.c.guardian,
               member_years.c.receipt, member_years.c.enrolled_on, member_years.c.paid_fen,
               members.c.hardship, members.c.evidence, member_years.c.school)
        .join(members, members.c.member == member_years.c.member)
        .where(member_years.c.year == year, member_years.c.status == "enrolled")
        .order_by(member_years.c.receipt)
    )
    for (m, name, born, guardian, receipt, on, paid, hardship, evidence,
         school) in _streamed(engine, query):
        yield (m, name, born.isoformat(), guardian, receipt, on.isoformat(), f"{from_fen(paid):.2f}",
               hardship or "", evidence or "", school or "")


def claims_rows(engine: Engine, year: str) -> Any:
    """The year's claims as submitted, with where each stands."""
    query = claims.select().where(claims.c.year == year).order_by(claims.c.submitted_on, claims.c.claim)
    for row in _streamed(engine, query):
        doc = claim_doc(row._mapping)
        r = row._mapping
        yield (r["claim"], r["member"], r["hospital"], r["bill"], r["claim_type"],
               r["admitted"].isoformat(), r["discharged"].isoformat(),
               f"{from_fen(r['total_fen']):.2f}", f"{from_fen(r['in_scope_fen']):.2f}",
               f"{from_fen(r['other_paid_fen']):.2f}", r["diagnosis"] or "",
               r["submitted_on"].isoformat(), r["replaces"] or "", r["status"], r["reason"] or "",
               "" if doc["payout"] is None else f"{doc['payout']:.2f}",
               "" if doc["assistance"] is None else f"{doc['assistance']:.2f}",
               f"{doc['paid']:.2f}")


# -- lists -----------------------------------------------------------------------------------

def hospital_list(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(hospitals.select().order_by(hospitals.c.code))
                .mappings()]


def year_list(engine: Engine) -> list[dict[str, Any]]:
    """Every plan year, with how many children it covers."""
    with engine.connect() as conn:
        counts = dict(conn.execute(
            select(member_years.c.year, func.count()).where(member_years.c.status == "enrolled")
            .group_by(member_years.c.year)).all())
        rows = conn.execute(years.select().order_by(years.c.starts)).mappings().all()
    return [{"year": r["year"], "starts": r["starts"], "ends": r["ends"],
             "status": "closed" if r["closed_on"] else "open", "opened_on": r["opened_on"],
             "closed_on": r["closed_on"], "children": counts.get(r["year"], 0)} for r in rows]


def child_list(engine: Engine, year: str | None = None, hardship: bool = False,
               school: str | None = None) -> list[dict[str, Any]]:
    """Children in member order: all registered, or those enrolled in `year`; only hardship
    children (registered as such, or enrolled free) with `hardship`; only those a school's
    roster enrolled (in `year`, or in any year) with `school`."""
    query = select(members.c.member, members.c.name, members.c.born, members.c.guardian,
                   members.c.hardship)
    if year is not None:
        query = (query.add_columns(member_years.c.covered_from, member_years.c.paid_fen,
                                   member_years.c.subsidy_fen, member_years.c.school)
                 .join(member_years, member_years.c.member == members.c.member)
                 .where(member_years.c.year == year, member_years.c.status == "enrolled"))
        if hardship:
            query = query.where(member_years.c.subsidy_fen > 0)
        if school is not None:
            query = query.where(member_years.c.school == school)
    else:
        if hardship:
            query = query.where(members.c.hardship.is_not(None))
        if school is not None:
            query = query.where(members.c.member.in_(
                select(member_years.c.member).where(member_years.c.school == school)))
    with engine.connect() as conn:
        rows = conn.execute(query.order_by(members.c.member)).mappings().all()
    out = []
    for r in rows:
        doc = {k: r[k] for k in ("member", "name", "born", "guardian", "hardship")}
        if year is not None:
            doc.update(year=year, covered_from=r["covered_from"], paid=from_fen(r["paid_fen"]),
                       subsidy=from_fen(r["subsidy_fen"]), school=r["school"])
        elif school is not None:
            doc.update(school=school)
        out.append(doc)
    return out


def previous_year(engine: Engine, year: str) -> str | None:
    """The plan year before `year`: the latest that ends before it starts."""
    with engine.connect() as conn:
        starts = conn.execute(select(years.c.starts).where(years.c.year == year)).scalar()
        if starts is None:
            return None
        return conn.execute(select(years.c.year).where(years.c.ends < starts)
                            .order_by(years.c.ends.desc()).limit(1)).scalar()


def renewals(engine: Engine, year: str, before: str, school: str | None = None
             ) -> list[dict[str, Any]]:
    """The children enrolled in `before` and not (or no longer) in `year`: whom to remind
    while the window is open, with their guardian and last year's school, by school."""
    this = member_years.alias("this_year")
    query = (select(members.c.member, members.c.name, members.c.born, members.c.guardian,
                    member_years.c.school, member_years.c.receipt)
             .join(member_years, member_years.c.member == members.c.member)
             .outerjoin(this, (this.c.member == members.c.member) & (this.c.year == year)
                        & (this.c.status == "enrolled"))
             .where(member_years.c.year == before, member_years.c.status == "enrolled",
                    this.c.member.is_(None)))
    if school is not None:
        query = query.where(member_years.c.school == school)
    with engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    found = [{"member": r["member"], "name": r["name"], "born": r["born"],
              "guardian": r["guardian"], "school": r["school"], "last_year": before,
              "last_receipt": r["receipt"]} for r in rows]
    return sorted(found, key=lambda d: (d["school"] or "", d["member"]))


INCOME_EVENTS = {"Donation.Received": "donation", "SubsidyRemittance.Received": "subsidy",
                 "AssistanceRemittance.Received": "assistance"}


def income_positions(engine: Engine, starts: date | None = None, ends: date | None = None
                     ) -> list[int]:
    """Where the donations and the payers' remittances are in the log, by effective date."""
    query = (select(journal.c.position).where(journal.c.event.in_(INCOME_EVENTS),
                                              journal.c.account == "cash")
             .order_by(journal.c.effective, journal.c.position))
    if starts is not None:
        query = query.where(journal.c.effective >= starts)
    if ends is not None:
        query = query.where(journal.c.effective <= ends)
    with engine.connect() as conn:
        return list(dict.fromkeys(conn.execute(query).scalars()))


def cases_paid(engine: Engine, year: str, between: tuple[date, date] | None = None
               ) -> list[dict[str, Any]]:
    """The claims of `year` the fund paid to families: in the days `between`, what each was
    paid then (by payment date); over the year, each claim's benefit as it stands (what a
    correction took back owed by the family, not counted), on the day of its last payment by
    the fund (a run passing on medical assistance alone is not the fund paying). With what the
    public notice may show of it (and the member number, which the notice masks)."""
    paid = func.sum(claim_payments.c.amount_fen)
    query = (select(claims.c.claim, claims.c.member, members.c.born, claims.c.admitted,
                    claims.c.level, claims.c.claim_type, claims.c.package,
                    func.max(claim_payments.c.paid_on).label("paid_on"), paid.label("fen"),
                    claims.c.paid_fen)
             .join(claims, claims.c.claim == claim_payments.c.claim)
             .join(members, members.c.member == claims.c.member)
             .where(claims.c.year == year, claim_payments.c.amount_fen > 0)
             .group_by(claims.c.claim, claims.c.member, members.c.born, claims.c.admitted,
                       claims.c.level, claims.c.claim_type, claims.c.package, claims.c.paid_fen))
    if between is not None:
        query = query.where(claim_payments.c.paid_on.between(*between))
    with engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    found = []
    for r in rows:
        fen = r["fen"] if between is not None else min(r["fen"], r["paid_fen"])
        if fen > 0:
            found.append({**{k: r[k] for k in ("claim", "member", "born", "admitted", "level",
                                               "claim_type", "package", "paid_on")},
                          "paid": from_fen(fen)})
    return found


def approved_cases(engine: Engine, year: str) -> Iterator[Any]:
    """The claims of `year` the fund approved (approved or paid), in the order they were
    approved, as a proposal is tried on them (ledger/simulation.py)."""
    from ..simulation import Case

    query = (select(claims.c.claim, claims.c.member, claims.c.claim_type, claims.c.level,
                    claims.c.in_scope_fen, claims.c.other_paid_fen, claims.c.diagnosis,
                    claims.c.assessment, claims.c.payout_fen, claims.c.assistance_fen)
             .where(claims.c.year == year, claims.c.status.in_(("approved", "paid")))
             .order_by(claims.c.approved_position))
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    for r in rows:
        a = json.loads(r.assessment) if r.assessment else {}
        yield Case(r.claim, r.member, r.claim_type, r.level, from_fen(r.in_scope_fen),
                   from_fen(r.other_paid_fen), r.diagnosis,
                   Decimal(a.get("assistance_ratio") or 0) > 0, from_fen(r.payout_fen),
                   from_fen(r.assistance_fen), bool(a.get("cap_applied")))


def enrolled_children(engine: Engine, year: str) -> list[tuple[date, Decimal]]:
    """Each child enrolled in `year`: its date of birth, and what the year took for it (the
    family's contribution, or the subsidy for a hardship child)."""
    query = (select(members.c.born, member_years.c.paid_fen, member_years.c.subsidy_fen)
             .join(members, members.c.member == member_years.c.member)
             .where(member_years.c.year == year, member_years.c.status == "enrolled"))
    with engine.connect() as conn:
        return [(r.born, from_fen(r.paid_fen + r.subsidy_fen)) for r in conn.execute(query)]
