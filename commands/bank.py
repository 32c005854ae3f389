"""`fund assert cash`: what the bank statement says the fund held, checked by `audit verify`."""

from __future__ import annotations

import click

from .options import ID, fund_of, group, json_option
from .render import answer


@group("assert")
def assert_group() -> None:
    """Balance assertions: what the bank says, for `fund audit verify` to check."""


@assert_group.command("cash")
@click.argument("amount", metavar="AMOUNT")
@click.option("--on", "on", required=True, metavar="DATE",
              help="The statement's date: the cash held at the end of that day.")
@click.option("--reference", required=True, type=ID, help="The bank statement's reference.")
@json_option
@click.pass_context
def cash(ctx: click.Context, amount: str, on: str, reference: str, as_json: bool) -> None:
    """Record the cash a bank statement says the fund held at the end of a day. It is recorded
    whether or not the books agree; `fund audit verify` names each that does not."""
    from ledger.money import parse_amount
    from ledger.values import parse_date

    fund = fund_of(ctx)
    stated, new = fund.bank.assert_cash(parse_amount(amount, "AMOUNT", allow_zero=True),
                                        parse_date(on, "--on"), reference)
    books = fund.bank.books_cash(stated.on)
    difference = stated.amount - books
    agreed = "the books agree" if difference == 0 else \
        f"the books say {books:.2f}: a difference of {difference:+.2f} (audit verify will fail)"
    answer(as_json, {"reference": reference, "on": stated.on, "amount": stated.amount,
                     "books": books, "difference": difference, "agrees": difference == 0,
                     "duplicate": not new},
           (f"Recorded statement {reference}: cash {stated.amount:.2f} at the end of "
            f"{stated.on}; " if new else f"Statement {reference} was already recorded; ")
           + agreed)


def register(cli: click.Group) -> None:
    cli.add_command(assert_group)
