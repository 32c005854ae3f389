"""`fund balance` and `fund history`: the books and the change record."""

from __future__ import annotations

import click

from .options import ID, command, json_option, maybe_date, reader_of
from .render import console, emit_json, plain, table


def balance_table(doc: dict):
    rows = [
        ("Cash", doc["cash"]),
        ("Subsidy receivable", doc["subsidy_receivable"]),
        ("Assistance receivable", doc["assistance_receivable"]),
        ("Recovery receivable", doc["recovery_receivable"]),
        ("Claims payable", doc["claims_payable"]),
        ("Assistance payable", doc["assistance_payable"]),
        ("Contribution income", doc["income"]["contributions"]),
        ("Subsidy income", doc["income"]["subsidies"]),
        ("Donation income", doc["income"]["donations"]),
        ("Benefit expense", doc["benefits"]),
        *[(f"  of plan year {year}", amount) for year, amount in doc["benefits_by_year"].items()],
        ("Reserve", doc["reserve"]),
        ("Trial balance (debits - credits)", doc["trial_balance"]),
    ]
    return table(f"Balances as of {plain(doc['as_of'])}", ["Account", "Amount"], rows, right={1},
                 wrap={0})


@command("balance")
@click.option("--as-of", "as_of", metavar="DATE", help="Balances by effective date (default today).")
@json_option
@click.pass_context
def balance(ctx: click.Context, as_of: str | None, as_json: bool) -> None:
    """Show the fund's balances: cash, receivables, payables, income, benefits, reserve."""
    doc = ctx.obj.statements().balance(maybe_date(as_of, "--as-of"))
    if as_json:
        emit_json(doc)
    else:
        console().print(balance_table(doc))


@command("history")
@click.argument("ref", metavar="ID", type=ID)
@json_option
@click.pass_context
def history(ctx: click.Context, ref: str, as_json: bool) -> None:
    """Every event about a member, claim, receipt, year, hospital or reference."""
    events = reader_of(ctx).history(ref)
    if as_json:
        emit_json({"id": ref, "events": events})
        return
    rows = [(e["position"], e["effective"], str(plain(e["recorded"]))[:16].replace("T", " "),
             e["operator"], e["event"], e["summary"]) for e in events]
    console().print(table(f"History of {ref}", ["#", "Effective", "Recorded (UTC)", "By",
                                                 "Event", "What happened"], rows, wrap={5},
                          optional=(2, 4, 3)))


def register(cli: click.Group) -> None:
    cli.add_command(balance)
    cli.add_command(history)
