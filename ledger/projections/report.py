"""The annual report of a plan year, from the read models: what the board publishes."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import Engine, case, func, select

from ..accounts import INCOME_ACCOUNTS, presented
from ..money import ZERO, from_fen, money
from ..rules import YearRules
from . import answers, queries
from .tables import claims, journal, years


def _income(conn: Any, year: str) -> dict[str, Decimal]:
    rows = dict(conn.execute(
        select(journal.c.account, func.sum(journal.c.fen))
        .where(journal.c.year == year, journal.c.account.in_(INCOME_ACCOUNTS),
               journal.c.event != "PlanYear.Closed")
        .group_by(journal.c.account)
    ).all())
    return {a: presented(a, from_fen(rows.get(a) or 0)) for a in INCOME_ACCOUNTS}


def _cash_by_month(conn: Any, rules: YearRules, today: date) -> list[dict[str, Any]]:
    """Each month of the year up to this one: a month still to come has no figures yet."""
    opening = conn.execute(
        select(func.coalesce(func.sum(journal.c.fen), 0))
        .where(journal.c.account == "cash", journal.c.effective < rules.starts)
    ).scalar_one()
    by_day = conn.execute(
        select(journal.c.effective,
               func.sum(case((journal.c.fen > 0, journal.c.fen), else_=0)),
               func.sum(case((journal.c.fen < 0, journal.c.fen), else_=0)))
        .where(journal.c.account == "cash", journal.c.effective >= rules.starts,
               journal.c.effective <= rules.ends)
        .group_by(journal.c.effective)
    ).all()
    months: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for day, cash_in, cash_out in by_day:
        months[f"{day:%Y-%m}"][0] += int(cash_in)
        months[f"{day:%Y-%m}"][1] += int(cash_out)
    out, balance = [], int(opening)
    first = rules.starts.replace(day=1)
    y, m = first.year, first.month
    last = min((rules.ends.year, rules.ends.month), (today.year, today.month))
    while (y, m) <= last:
        key = f"{y:04d}-{m:02d}"
        cash_in, cash_out = months.get(key, [0, 0])
        balance += cash_in + cash_out
        out.append({"month": key, "in": from_fen(cash_in), "out": from_fen(-cash_out),
                    "balance": from_fen(balance)})
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def annual_report(engine: Engine, year: str, today: date) -> dict[str, Any] | None:
    info = queries.year(engine, year)
    if info is None:
        return None
    with engine.connect() as conn:
        rules = YearRules.from_dict(json.loads(
            conn.execute(select(years.c.rules).where(years.c.year == year)).scalar_one()))
        income = _income(conn, year)
        rows = conn.execute(
            select(claims.c.status, claims.c.reason, claims.c.claim_type, claims.c.package,
                   claims.c.level, claims.c.payout_fen, claims.c.assistance_fen, claims.c.paid_fen)
            .where(claims.c.year == year)
        ).all()
        cash = _cash_by_month(conn, rules, today)
    approved = [r for r in rows if r.status in ("approved", "paid")]
    by_type: Counter[str] = Counter()
    by_package: Counter[str] = Counter()
    by_level: Counter[str] = Counter()
    for r in approved:
        by_type[r.claim_type] += r.payout_fen
        by_package[r.package or "none"] += r.payout_fen
        by_level[str(r.level)] += r.payout_fen
    benefits = from_fen(sum(r.payout_fen for r in approved))
    premiums = income["contribution_income"] + income["subsidy_income"]
    largest = max((r.payout_fen for r in approved), default=0)

    def amounts(counter: Counter[str]) -> dict[str, Decimal]:
        return {k: from_fen(v) for k, v in sorted(counter.items())}

    return {
        "year": year,
        "starts": rules.starts,
        "ends": rules.ends,
        "status": info["status"],
        "rules_fingerprint": info["fingerprint"],
        "children": {"covered": info["enrolled"]["paying"] + info["enrolled"]["hardship"],
                     **info["enrolled"]},
        "income": {"contributions": income["contribution_income"],
                   "subsidies": income["subsidy_income"],
                   "donations": income["donation_income"],
                   "total": sum(income.values(), ZERO)},
        "benefits": {"total": benefits, "by_type": amounts(by_type),
                     "by_package": amounts(by_package), "by_level": amounts(by_level)},
        "assistance": from_fen(sum(r.assistance_fen for r in approved)),
        "loss_ratio": (str((benefits / premiums).quantize(Decimal("0.0001"), ROUND_HALF_UP))
                       if premiums else None),
        # benefits / (contributions + subsidies) x 100, half up to two places
        "loss_ratio_percent": (money(benefits * 100 / premiums) if premiums else None),
        "reserve": answers.account_balance(engine, "reserve"),
        "claims": {
            "count": len(rows),
            "approved": len(approved),
            "rejected": sum(r.status == "rejected" for r in rows),
            "open": sum(r.status in ("submitted", "assessed") for r in rows),
            "average_payout": (benefits / len(approved)).quantize(Decimal("0.01"), ROUND_HALF_UP)
                              if approved else ZERO,
            "largest_payout": from_fen(largest),
            "paid": from_fen(sum(r.paid_fen for r in approved)),
            "rejected_by_reason": dict(sorted(Counter(
                r.reason for r in rows if r.status == "rejected").items())),
        },
        "cash_by_month": cash,
    }
