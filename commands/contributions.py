"""`fund contribute`, `fund contribution reverse`, `fund subsidy receive`, `fund donation record`."""

from __future__ import annotations

import click

from .options import ID, date_option, fund_of, json_option, maybe_date
from .render import emit_json, say


@click.command("contribute")
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


@click.group("contribution")
def contribution_group() -> None:
    """Corrections to recorded contributions."""


@contribution_group.command("reverse")
@click.argument("receipt", type=ID)
@click.option("--reason", required=True, help="Why the contribution is reversed.")
@date_option
@click.pass_context
def reverse(ctx, receipt, reason, on) -> None:
    """Reverse a contribution recorded by mistake (refunded; the child is no longer covered)."""
    from ledger.values import parse_text

    used = fund_of(ctx).reverse_contribution(
        receipt, parse_text(reason, "--reason"), maybe_date(on)
    )
    say(f"Reversed receipt {receipt}: {used.member} is no longer enrolled in {used.year}")


@click.group("subsidy")
def subsidy_group() -> None:
    """The government subsidy for hardship children."""


@subsidy_group.command("receive")
@click.option("--amount", required=True, metavar="AMOUNT")
@click.option("--reference", required=True, help="The remittance's reference.", type=ID)
@click.option("--date", "on", required=True, metavar="DATE")
@click.pass_context
def subsidy_receive(ctx, amount, reference, on) -> None:
    """Record a subsidy remittance settling hardship children's contributions."""
    from ledger.money import parse_amount
    from ledger.values import parse_date

    new = fund_of(ctx).receive_subsidy(
        parse_amount(amount, "--amount"), reference, parse_date(on)
    )
    say(f"Received subsidy {amount} ({reference})" if new
        else f"Subsidy remittance {reference} was already recorded; nothing changed")


@click.group("donation")
def donation_group() -> None:
    """Donations to the fund."""


@donation_group.command("record")
@click.option("--amount", required=True, metavar="AMOUNT")
@click.option("--donor", required=True)
@click.option("--reference", required=True, type=ID)
@click.option("--date", "on", required=True, metavar="DATE")
@click.pass_context
def donation_record(ctx, amount, donor, reference, on) -> None:
    """Record a donation with its donor and reference."""
    from ledger.money import parse_amount
    from ledger.values import parse_date, parse_text

    new = fund_of(ctx).record_donation(
        parse_amount(amount, "--amount"), parse_text(donor, "--donor"),
        reference, parse_date(on),
    )
    say(f"Recorded donation {amount} from {donor} ({reference})" if new
        else f"Donation {reference} was already recorded; nothing changed")


def register(cli: click.Group) -> None:
    cli.add_command(contribute)
    for group in (contribution_group, subsidy_group, donation_group):
        cli.add_command(group)
