"""`fund balance` and `fund history`: the books and the change record."""

from __future__ import annotations

import click

from ledger.language import _, current, ngettext

from .options import ID, command, json_option, maybe_date, reader_of
from .render import console, emit_json, table


def balance_table(doc: dict):
    rows = [
        (_("Cash"), doc["cash"]),
        (_("Subsidy receivable"), doc["subsidy_receivable"]),
        (_("Assistance receivable"), doc["assistance_receivable"]),
        (_("Recovery receivable"), doc["recovery_receivable"]),
        (_("Claims payable"), doc["claims_payable"]),
        (_("Assistance payable"), doc["assistance_payable"]),
        (_("Contribution income"), doc["income"]["contributions"]),
        (_("Subsidy income"), doc["income"]["subsidies"]),
        (_("Donation income"), doc["income"]["donations"]),
        (_("Benefit expense"), doc["benefits"]),
        *[(_("  of plan year {year}", year=year), amount)
          for year, amount in doc["benefits_by_year"].items()],
        (_("Reserve"), doc["reserve"]),
        (_("Trial balance (debits - credits)"), doc["trial_balance"]),
    ]
    return table(_("Balances as of {day}", day=doc["as_of"]), [_("Account"), _("Amount")], rows,
                 right={1}, wrap={0})


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
    out = console()
    out.print(ngettext("History of {ref}: {n} change", "History of {ref}: {n} changes",
                       len(events), ref=ref), markup=False)
    for line in history_lines(events, ref):
        out.print(line, markup=False, highlight=False)


def history_lines(events: list[dict], ref: str = "") -> list[str]:
    """Each change as a line a person reads: on which day, what changed (in the fund's words,
    in the reader's language), and who recorded it when; a sentence longer than the screen
    wraps under itself, not into a column beside the event's name. A change about a claim
    names the claim when the history is of something else (a child, a payout run)."""
    from rich.cells import cell_len

    from ledger.projections.wording import summary

    from .render import terminal_width, wrap

    t = current()
    lines = []
    room = max(terminal_width() - 1, 40)
    days = [t.date(e["effective"]) if e["effective"] else "" for e in events]
    indent = " " * (max((cell_len(d) for d in days), default=0) + 2)
    for e, day in zip(events, days):
        recorded = str(e["recorded"].isoformat() if hasattr(e["recorded"], "isoformat")
                       else e["recorded"])[:16].replace("T", " ")
        what = summary(e["event"], e["changes"], t)
        claim = e["changes"].get("claim")
        if e["event"].startswith("Claim.") and claim and claim != ref:
            what = _("claim {claim}: {what}", claim=claim, what=what)
        who = _("recorded by {operator} on {recorded} UTC, #{position}",
                operator=e["operator"] or "?", recorded=recorded, position=e["position"])
        sentence = f"{what} ({who})" if not t.chinese else f"{what}（{who}）"
        first = day + " " * (len(indent) - cell_len(day))
        lines.extend(wrap(sentence, room, indent, first=first))
    return lines


def register(cli: click.Group) -> None:
    cli.add_command(balance)
    cli.add_command(history)
