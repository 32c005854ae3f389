"""Answers from the read models: balances, a child's years, a year, the history index."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, func, select

from ..accounts import ACCOUNTS, EXPENSE_ACCOUNTS, INCOME_ACCOUNTS, presented
from ..money import ZERO, from_fen
from ..rules import YearRules
from .tables import claims, daily, history, journal, member_years, members, years

_BASE_ATTRS = {"originator_id", "originator_version", "timestamp", "originator_topic",
               "operator", "effective"}


def _sums(engine: Engine, as_of: date | None) -> dict[str, Decimal]:
    query = select(daily.c.account, func.sum(daily.c.fen)).group_by(daily.c.account)
    if as_of is not None:
        query = query.where(daily.c.effective <= as_of)
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    sums = {account: ZERO for account in ACCOUNTS}
    for account, fen in rows:
        sums[account] = from_fen(fen or 0)
    return sums


def account_balance(engine: Engine, account: str, as_of: date | None = None) -> Decimal:
    return presented(account, _sums(engine, as_of)[account])


def benefits_by_year(engine: Engine, as_of: date | None) -> dict[str, Decimal]:
    query = (
        select(daily.c.year, func.sum(daily.c.fen))
        .where(daily.c.account == "benefit_expense", daily.c.closing == 0)
        .group_by(daily.c.year)
        .order_by(daily.c.year)
    )
    if as_of is not None:
        query = query.where(daily.c.effective <= as_of)
    with engine.connect() as conn:
        return {year: from_fen(fen) for year, fen in conn.execute(query).all() if year}


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


def balance(engine: Engine, as_of: date | None) -> dict[str, Any]:
    sums = _sums(engine, as_of)
    shown = {a: presented(a, v) for a, v in sums.items()}
    return {
        "as_of": as_of,
        "cash": shown["cash"],
        "claims_payable": shown["claims_payable"],
        "subsidy_receivable": shown["subsidy_receivable"],
        "assistance_receivable": shown["assistance_receivable"],
        "assistance_payable": shown["assistance_payable"],
        "recovery_receivable": shown["recovery_receivable"],
        "reserve": shown["reserve"],
        "income": {
            "contributions": shown["contribution_income"],
            "subsidies": shown["subsidy_income"],
            "donations": shown["donation_income"],
        },
        "benefits": shown["benefit_expense"],
        "benefits_by_year": benefits_by_year(engine, as_of),
        "trial_balance": sum(sums.values(), ZERO),
    }


def trial_balance_by_position(engine: Engine) -> list[tuple[int, Decimal]]:
    """Positions whose entry does not sum to zero (empty when the books are sound)."""
    query = (
        select(journal.c.position, func.sum(journal.c.fen))
        .group_by(journal.c.position)
        .having(func.sum(journal.c.fen) != 0)
    )
    with engine.connect() as conn:
        return [(p, from_fen(f)) for p, f in conn.execute(query).all()]


def _year_rules(conn: Any, year: str) -> YearRules | None:
    raw = conn.execute(select(years.c.rules).where(years.c.year == year)).scalar_one_or_none()
    return YearRules.from_dict(json.loads(raw)) if raw else None


def member(engine: Engine, number: str) -> dict[str, Any] | None:
    with engine.connect() as conn:
        child = conn.execute(members.select().where(members.c.member == number)).mappings().first()
        if child is None:
            return None
        rows = conn.execute(
            member_years.select().where(member_years.c.member == number).order_by(member_years.c.year)
        ).mappings().all()
        out_years: dict[str, Any] = {}
        for row in rows:
            rules = _year_rules(conn, row["year"])
            benefits = from_fen(row["benefits_fen"])
            out_years[row["year"]] = {
                "status": row["status"],
                "covered_from": row["covered_from"],
                "paid": from_fen(row["paid_fen"]),
                "subsidy": from_fen(row["subsidy_fen"]),
                "hardship": row["hardship"],
                "receipt": row["receipt"],
                "enrolled_on": row["enrolled_on"],
                "benefits": benefits,
                "cap_left": max(ZERO, rules.annual_cap - benefits) if rules else ZERO,
            }
    return {
        "member": child["member"],
        "name": child["name"],
        "born": child["born"],
        "guardian": child["guardian"],
        "hardship": child["hardship"],
        "evidence": child["evidence"],
        "years": out_years,
    }


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
    return {
        "position": position,
        "event": type(event).__qualname__,
        "effective": getattr(event, "effective", None),
        "recorded": event.timestamp,
        "operator": getattr(event, "operator", None),
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


def _claim_doc(row: Any) -> dict[str, Any]:
    a = json.loads(row["assessment"]) if row["assessment"] else None
    approved = row["status"] in ("approved", "paid")
    total, other = from_fen(row["total_fen"]), from_fen(row["other_paid_fen"])
    payout = from_fen(row["payout_fen"]) if approved else (Decimal(a["payout"]) if a else None)
    assistance = (from_fen(row["assistance_fen"]) if approved
                  else (Decimal(a["assistance"]) if a else None))
    if row["status"] == "rejected":
        payout = assistance = ZERO  # the fund pays nothing on a rejected claim
    family = (total - other - payout - assistance) if payout is not None else None
    return {
        "claim": row["claim"],
        "member": row["member"],
        "status": row["status"],
        "base": Decimal(a["base"]) if a else None,
        "deductible": Decimal(a["deductible"]) if a else None,
        "ratio": Decimal(a["ratio"]) if a else None,
        "payout": payout,
        "assistance": assistance,
        "paid": from_fen(row["paid_fen"]),
        "reason": row["reason"],
        "year": row["year"],
        "hospital": row["hospital"],
        "level": row["level"],
        "bill": row["bill"],
        "type": row["claim_type"],
        "diagnosis": row["diagnosis"],
        "package": row["package"],
        "admitted": row["admitted"],
        "discharged": row["discharged"],
        "submitted_on": row["submitted_on"],
        "approved_on": row["approved_on"],
        "replaces": row["replaces"],
        "total": total,
        "in_scope": from_fen(row["in_scope_fen"]),
        "other_paid": other,
        "computed": Decimal(a["computed"]) if a else None,
        "cap_left": Decimal(a["cap_left"]) if a else None,
        "cap_applied": a["cap_applied"] if a else None,
        "assistance_paid": from_fen(row["assistance_paid_fen"]),
        "payable": max(ZERO, from_fen(row["payout_fen"] - row["paid_fen"])) if approved else ZERO,
        "recovery": from_fen(row["recovery_fen"]),
        "family_pays": family,
        "rules_version": a["rules_version"] if a else None,
        "rules_fingerprint": a["rules_fingerprint"] if a else None,
    }


def claim(engine: Engine, number: str) -> dict[str, Any] | None:
    with engine.connect() as conn:
        row = conn.execute(claims.select().where(claims.c.claim == number)).mappings().first()
    return _claim_doc(row) if row else None


def claims_list(engine: Engine, status: str | None = None, year: str | None = None,
                member: str | None = None, hospital: str | None = None,
                limit: int | None = None) -> list[dict[str, Any]]:
    query = claims.select().order_by(claims.c.submitted_on, claims.c.claim)
    for column, value in (("status", status), ("year", year), ("member", member),
                          ("hospital", hospital)):
        if value:
            query = query.where(claims.c[column] == value)
    if limit:
        query = query.limit(limit)
    with engine.connect() as conn:
        return [_claim_doc(r) for r in conn.execute(query).mappings()]


# -- exports: streamed, in a stable order, in the columns `fund import` reads ------------------

ROSTER_COLUMNS = ("member", "name", "born", "guardian", "receipt", "date", "amount", "hardship",
                  "evidence")
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
               members.c.hardship, members.c.evidence)
        .join(members, members.c.member == member_years.c.member)
        .where(member_years.c.year == year, member_years.c.status == "enrolled")
        .order_by(member_years.c.receipt)
    )
    for m, name, born, guardian, receipt, on, paid, hardship, evidence in _streamed(engine, query):
        yield (m, name, born.isoformat(), guardian, receipt, on.isoformat(), f"{from_fen(paid):.2f}",
               hardship or "", evidence or "")


def claims_rows(engine: Engine, year: str) -> Any:
    """The year's claims as submitted, with where each stands."""
    query = claims.select().where(claims.c.year == year).order_by(claims.c.submitted_on, claims.c.claim)
    for row in _streamed(engine, query):
        doc = _claim_doc(row._mapping)
        r = row._mapping
        yield (r["claim"], r["member"], r["hospital"], r["bill"], r["claim_type"],
               r["admitted"].isoformat(), r["discharged"].isoformat(),
               f"{from_fen(r['total_fen']):.2f}", f"{from_fen(r['in_scope_fen']):.2f}",
               f"{from_fen(r['other_paid_fen']):.2f}", r["diagnosis"] or "",
               r["submitted_on"].isoformat(), r["replaces"] or "", r["status"], r["reason"] or "",
               "" if doc["payout"] is None else f"{doc['payout']:.2f}",
               "" if doc["assistance"] is None else f"{doc['assistance']:.2f}",
               f"{doc['paid']:.2f}")
