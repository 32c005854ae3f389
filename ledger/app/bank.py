"""The bank's word against the books: a statement's closing balance asserted."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Engine, select

from ..bank import CashAssertion
from ..errors import RuleViolation
from ..money import from_fen
from ..projections import answers
from ..projections.tables import assertions
from .records import Records
from .use_case import use_case


class Bank:
    def __init__(self, records: Records):
        self.records = records

    @use_case
    def assert_cash(self, amount: Decimal, on: date, reference: str
                    ) -> tuple[CashAssertion, bool]:
        """Record what statement `reference` says the fund held at the end of `on`; (the
        assertion, whether new). Recorded whether or not the books agree: `audit verify`
        names each one that does not."""
        records = self.records
        on = records.when(on)
        known = records.find(CashAssertion, CashAssertion.create_id(reference))
        if known is not None:
            if known.same_as(amount, on):
                return known, False
            raise RuleViolation("references are unique", f"statement {reference} was recorded "
                                f"as {known.amount} on {known.on}")
        stated = CashAssertion(reference, amount, records.operator, on)
        records.save(stated)
        return stated, True

    def books_cash(self, on: date) -> Decimal:
        """The cash of the books at the end of `on`."""
        self.records.views.catch_up()
        return answers.balance(self.records.views.engine, on)["cash"]


def check_assertions(engine: Engine) -> list[str]:
    """Each bank statement whose closing cash the books do not show, with the difference."""
    problems = []
    with engine.connect() as conn:
        rows = conn.execute(select(assertions).order_by(assertions.c.position)).mappings().all()
    for row in rows:
        day = row["day"] if isinstance(row["day"], date) else date.fromisoformat(row["day"])
        books = answers.balance(engine, day)["cash"]
        stated = from_fen(row["fen"])
        if books != stated:
            problems.append(f"position {row['position']}: bank statement {row['reference']} says "
                            f"the cash was {stated} at the end of {day}; the books say {books} "
                            f"(difference {stated - books:+.2f})")
    return problems
