"""What the board reads to set next year's contribution: every plan year side by side, and
each child-year's benefits for resampling (ledger/experience.py works them out)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, select

from ..experience import YearFigures
from . import answers
from .report import annual_report
from .tables import member_years, years


def year_figures(engine: Engine, today: date) -> list[YearFigures]:
    """Every plan year in order, from its annual report; a year has ended when `today` is
    past its last day (its claims are then in: late ones are few)."""
    with engine.connect() as conn:
        rows = conn.execute(select(years.c.year, years.c.ends, years.c.closed_on)
                            .order_by(years.c.starts)).all()
    found = []
    for year, ends, closed_on in rows:
        doc = annual_report(engine, year, today)
        children, income, claims = doc["children"], doc["income"], doc["claims"]
        found.append(YearFigures(
            year=year, ended=ends < today, children=children["covered"],
            paying=children["paying"], hardship=children["hardship"],
            contributions=income["contributions"], subsidies=income["subsidies"],
            donations=income["donations"], benefits=doc["benefits"]["total"],
            claims=claims["approved"], largest=claims["largest_payout"],
            reserve=(answers.balance(engine, closed_on)["reserve"] if closed_on else None)))
    return found


def child_year_benefits(engine: Engine, chosen: list[str]) -> list[int]:
    """Each enrolled child-year of the years `chosen`: the benefits approved for it, in fen."""
    with engine.connect() as conn:
        return list(conn.execute(select(member_years.c.benefits_fen).where(
            member_years.c.year.in_(chosen), member_years.c.status == "enrolled")).scalars())
