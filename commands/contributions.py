"""`fund contribute`, `fund contribution reverse`, `fund subsidy receive`, `fund donation record`."""

from __future__ import annotations

import click

from .options import ID, command, date_option, fund_of, group, json_option, maybe_date, reader_of
from .render import answer, console, count, emit_json, say, table


@command("contribute")
@click.argument("member", type=ID)
@click.option("--year", required=True, help="Plan year, like 2026-2027.", type=ID)
@click.option("--receipt", required=True, help="Receipt number, unique across the fund.", type=ID)
@click.option("--date", "on", required=True, metavar="DATE", help="Payment date, YYYY-MM-DD.")
@click.option("--amount", metavar="AMOUNT", help="Amount on the receipt: the year's amount "
              "for the child (required; left out for a hardship child, who pays nothing).")
@json_option
@click.pass_context
def contribute(ctx, member, year, receipt, on, amount, as_json) -> None:
    """Enroll a child in a plan year by its contribution (or free, for hardship)."""
    from ledger.money import parse_amount
    from ledger.values import parse_date

    result = fund_of(ctx).contribute(
        member,
        year,
        receipt,
        parse_date(on, "--date"),
        parse_amount(amount, "--amount") if amount is not None else None,
    )
    if as_json:
        emit_json({"member": result.member, "year": result.year, "receipt": result.receipt,
                   "paid": result.paid, "subsidy": result.subsidy,
                   "covered_from": result.covered_from, "duplicate": result.duplicate})
    elif result.duplicate:
        say(f"Receipt {receipt} was already recorded; nothing changed")
    elif result.subsidy:
        say(f"Enrolled {member} in {year} free (hardship); subsidy receivable "
            f"{result.subsidy:.2f}; covered from {result.covered_from}")
    else:
        say(f"Enrolled {member} in {year}: paid {result.paid:.2f}, receipt {receipt}; "
            f"covered from {result.covered_from}")


@group("contribution")
def contribution_group() -> None:
    """Corrections to recorded contributions."""


@contribution_group.command("reverse")
@click.argument("receipt", type=ID)
@click.option("--reason", required=True, help="Why the contribution is reversed.")
@date_option
@json_option
@click.pass_context
def reverse(ctx, receipt, reason, on, as_json) -> None:
    """Reverse a contribution recorded by mistake (refunded; the child is no longer covered)."""
    from ledger.values import parse_text

    used = fund_of(ctx).reverse_contribution(
        receipt, parse_text(reason, "--reason"), maybe_date(on)
    )
    answer(as_json, {"receipt": receipt, "member": used.member, "year": used.year,
                     "refunded": used.amount, "reversed": True},
           f"Reversed receipt {receipt}: {used.member} is no longer enrolled in {used.year}"
           + (f"; {used.amount:.2f} refunded" if used.amount else ""))


@group("subsidy")
def subsidy_group() -> None:
    """The government subsidy for hardship children."""


@subsidy_group.command("receive")
@click.option("--amount", required=True, metavar="AMOUNT", help="Amount remitted.")
@click.option("--reference", required=True, help="The remittance's reference.", type=ID)
@click.option("--date", "on", required=True, metavar="DATE", help="Date received, YYYY-MM-DD.")
@json_option
@click.pass_context
def subsidy_receive(ctx, amount, reference, on, as_json) -> None:
    """Record a subsidy remittance settling hardship children's contributions."""
    remittance(fund_of(ctx).receive_subsidy, "subsidy", amount, reference, on, as_json)


def remittance(receive, payer: str, amount: str, reference: str, on: str, as_json: bool) -> None:
    """A payer's remittance (the subsidy, medical assistance): recorded once, and told."""
    from ledger.money import parse_amount
    from ledger.values import parse_date

    amount, on = parse_amount(amount, "--amount"), parse_date(on)
    new = receive(amount, reference, on)
    answer(as_json, {"reference": reference, "amount": amount, "received_on": on,
                     "duplicate": not new},
           f"Received {payer} {amount:.2f} ({reference})" if new
           else f"{payer.capitalize()} remittance {reference} was already recorded; "
                "nothing changed")


@group("donation")
def donation_group() -> None:
    """Donations to the fund."""


@donation_group.command("record")
@click.option("--amount", required=True, metavar="AMOUNT", help="Amount given.")
@click.option("--donor", required=True, help="Who gave it.")
@click.option("--reference", required=True, type=ID, help="The donation's reference.")
@click.option("--date", "on", required=True, metavar="DATE", help="Date received, YYYY-MM-DD.")
@json_option
@click.pass_context
def donation_record(ctx, amount, donor, reference, on, as_json) -> None:
    """Record a donation with its donor and reference."""
    from ledger.money import parse_amount
    from ledger.values import parse_date, parse_text

    amount, donor, on = parse_amount(amount, "--amount"), parse_text(donor, "--donor"), \
        parse_date(on)
    new = fund_of(ctx).record_donation(amount, donor, reference, on)
    answer(as_json, {"reference": reference, "donor": donor, "amount": amount,
                     "received_on": on, "duplicate": not new},
           f"Recorded donation {amount:.2f} from {donor} ({reference})" if new
           else f"Donation {reference} was already recorded; nothing changed")


@group("income")
def income_group() -> None:
    """Money that came in besides contributions: donations, the payers' remittances."""


@income_group.command("list")
@click.option("--year", type=ID, help="Only what came in during this plan year.")
@json_option
@click.pass_context
def income_list(ctx, year, as_json) -> None:
    """Donations, subsidy remittances and medical-assistance remittances, by date."""
    docs = reader_of(ctx).income_list(year)
    if as_json:
        emit_json({"income": docs})
        return
    console().print(table(count(len(docs), "donation or remittance", "donations and remittances") + (f" in {year}" if year else ""),
                          ["Date", "Kind", "Reference", "Amount", "Donor"],
                          [(d["received_on"], d["kind"], d["reference"], d["amount"], d["donor"])
                           for d in docs], right={3}, wrap={4}))


def register(cli: click.Group) -> None:
    cli.add_command(contribute)
    for each in (contribution_group, subsidy_group, donation_group, income_group):
        cli.add_command(each)
