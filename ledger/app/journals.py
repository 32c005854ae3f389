"""The books as a plain-text accounting journal, for hledger or Beancount: one transaction per
money event (its effective date, what it did in words, its references and operator), and each
bank statement's balance as the tool's own assertion, so that an auditor redoes every figure
in a tool the fund did not write.

A year's journal opens with the balances brought forward from the day before it starts, so
the tool's balance on any date of the year is the fund's.

The journal is a file for those tools, not text for the reader: its descriptions and comments
are English whatever language the fund speaks (only a refusal is translated).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from ..errors import InputError, NotFound
from ..language import N_
from ..money import ZERO, from_fen
from ..projections import answers, cash, queries
from ..store.log import notes_at

# The chart of accounts in the tools' own hierarchy.
ACCOUNT_NAMES = {
    "cash": "Assets:Cash",
    "subsidy_receivable": "Assets:Receivable:Subsidy",
    "assistance_receivable": "Assets:Receivable:Assistance",
    "recovery_receivable": "Assets:Receivable:Recovery",
    "claims_payable": "Liabilities:Payable:Claims",
    "assistance_payable": "Liabilities:Payable:Assistance",
    "contribution_income": "Income:Contributions",
    "subsidy_income": "Income:Subsidies",
    "donation_income": "Income:Donations",
    "benefit_expense": "Expenses:Benefits",
    "reserve": "Equity:Reserve",
}
FORMATS = ("hledger", "beancount")
_REFERENCES = ("year", "member", "receipt", "claim", "run", "reference", "donor")
PAGE = 500


def journal_text(fund: Any, fmt: str, year: str | None = None) -> Iterator[str]:
    """The lines of the journal, streamed (a city's year is millions of postings)."""
    if fmt not in FORMATS:
        raise InputError("format", N_("{format!r} is not a journal format (hledger or "
                                      "beancount)"), format=fmt)
    fund.views.catch_up()
    engine = fund.views.engine
    starts = ends = None
    currency = "CNY"
    if year is not None:
        found = queries.year(engine, year)
        if found is None:
            raise NotFound("plan year", year)
        starts, ends = (date.fromisoformat(found["rules"][k]) for k in ("starts", "ends"))
        currency = found["rules"].get("currency", currency)
    else:
        first = next(iter(queries.year_list(engine)), None)
        if first is not None:
            currency = queries.year(engine, first["year"])["rules"].get("currency", currency)
    out = _Hledger(currency) if fmt == "hledger" else _Beancount(currency)
    yield from out.header(year)
    between = None if starts is None else (starts, ends)
    opened = starts or cash.first_posting_day(engine) or date(2000, 1, 1)
    yield from out.accounts(opened)
    if starts is not None:
        brought = answers.sums(engine, starts - timedelta(days=1))
        postings = [(a, v) for a, v in brought.items() if v != ZERO]
        if postings:
            yield from out.transaction(starts, "balances brought forward", {}, postings)
    for day, words, meta, postings in _entries(fund, engine, between):
        yield from out.transaction(day, words, meta, postings)
    for row in cash.stated_balances(engine, between, by_day=True):
        yield from out.assertion(row["day"], row["reference"], from_fen(row["fen"]))


def _entries(fund: Any, engine: Any, between: tuple[date, date] | None
             ) -> Iterator[tuple[date, str, dict[str, str], list[tuple[str, Decimal]]]]:
    """(date, words, metadata, postings) of every money event, in log order."""
    page: dict[int, tuple[Any, list[tuple[str, Decimal]]]] = {}
    for position, day, account, fen in cash.postings(engine, between):
        if position not in page and len(page) >= PAGE:
            yield from _described(fund, page)
            page = {}
        page.setdefault(position, (day, []))[1].append((account, from_fen(fen)))
    yield from _described(fund, page)


def _described(fund: Any, page: dict[int, Any]) -> Iterator[Any]:
    events = {note.id: fund.mapper.to_domain_event(note)
              for note in notes_at(fund.recorder, page)}
    for position, (day, postings) in page.items():
        doc = queries.describe(position, events[position])
        meta = {"position": str(position), "event": doc["event"],
                "operator": str(doc["operator"] or "")}
        for key in _REFERENCES:
            value = doc["changes"].get(key)
            if isinstance(value, str) and value:
                meta[key] = value
        yield day, doc["summary"], meta, postings


def _amount(value: Decimal, currency: str) -> str:
    return f"{value:.2f} {currency}"


class _Hledger:
    """hledger's journal: descriptions end at `;`, tags are `name:value` in a comment."""

    def __init__(self, currency: str):
        self.currency = currency

    def header(self, year: str | None) -> Iterator[str]:
        yield "; Fundbook: the books as recorded" + (f", plan year {year}" if year else "")
        yield f"commodity 1000.00 {self.currency}"

    def accounts(self, opened: date) -> Iterator[str]:
        for name in ACCOUNT_NAMES.values():
            yield f"account {name}"
        yield ""

    def transaction(self, day: date, words: str, meta: dict[str, str],
                    postings: list[tuple[str, Decimal]]) -> Iterator[str]:
        tags = ", ".join(f"{k}:{_tag(v)}" for k, v in meta.items())
        yield f"{day} {_plain(words)}" + (f"  ; {tags}" if tags else "")
        for account, value in postings:
            yield f"    {ACCOUNT_NAMES[account]:<32}  {_amount(value, self.currency)}"
        yield ""

    def assertion(self, day: date, reference: str, amount: Decimal) -> Iterator[str]:
        """Checked after every transaction of its day (hledger keeps a day's file order)."""
        yield f"{day} bank statement {_plain(reference)}  ; assertion:{_tag(reference)}"
        yield (f"    {ACCOUNT_NAMES['cash']:<32}  {_amount(ZERO, self.currency)} = "
               f"{_amount(amount, self.currency)}")
        yield ""


class _Beancount:
    """Beancount's ledger: accounts opened before use, metadata under each transaction, a
    statement's balance as a `balance` directive (checked at the start of its date, so the
    end of the statement's day is the next day's start)."""

    def __init__(self, currency: str):
        self.currency = currency

    def header(self, year: str | None) -> Iterator[str]:
        yield '; Fundbook: the books as recorded' + (f", plan year {year}" if year else "")
        yield 'option "title" "Fundbook"'
        yield f'option "operating_currency" "{self.currency}"'
        yield ""

    def accounts(self, opened: date) -> Iterator[str]:
        for name in ACCOUNT_NAMES.values():
            yield f"{opened} open {name} {self.currency}"
        yield ""

    def transaction(self, day: date, words: str, meta: dict[str, str],
                    postings: list[tuple[str, Decimal]]) -> Iterator[str]:
        yield f'{day} * "{_quoted(words)}"'
        for key, value in meta.items():
            yield f'  {key}: "{_quoted(value)}"'
        for account, value in postings:
            yield f"  {ACCOUNT_NAMES[account]:<32}  {_amount(value, self.currency)}"
        yield ""

    def assertion(self, day: date, reference: str, amount: Decimal) -> Iterator[str]:
        yield (f"{day + timedelta(days=1)} balance {ACCOUNT_NAMES['cash']}  "
               f"{_amount(amount, self.currency)}")
        yield f'  statement: "{_quoted(reference)}"'
        yield ""


_UNSAFE = re.compile(r"[\x00-\x1f\x7f]")


def _plain(text: str) -> str:
    """One line of description hledger reads whole (`;` starts a comment, `|` a note)."""
    return _UNSAFE.sub(" ", text).replace(";", ",").replace("|", "/").strip()


def _tag(text: str) -> str:
    """A tag value: it ends at a comma."""
    return _plain(text).replace(",", " ")


def _quoted(text: str) -> str:
    return _UNSAFE.sub(" ", text).replace("\\", "\\\\").replace('"', '\\"')
