"""`fund contribute`, `fund contribution reverse`, `fund subsidy receive`, `fund donation record`."""

from __future__ import annotations

import click

from ledger.language import N_, Word, _, current, ngettext

from .options import ID, command, date_option, fund_of, group, json_option, maybe_date, reader_of
from .render import answer, console, emit_json, say, table


@command("contribute")
@click.argument("member", type=ID)
@click.option("--year", required=True, help="Plan year, like 2026-2027.", type=ID)
@click.option("--receipt", required=True, help="Receipt number, unique across the fund.", type=ID)
@click.option("--date", "on", required=True, metavar="DATE", help="Payment date, YYYY-MM-DD.")
@click.option("--amount", metavar="AMOUNT", help="Amount on the receipt: the year's amount "
              "for the child (required; left out for a hardship child, who pays nothing).")
@click.option("--school", metavar="SCHOOL", help="The school the child attends this year "
              "(kept with the enrollment, for renewals by school).")
@json_option
@click.pass_context
def contribute(ctx, member, year, receipt, on, amount, school, as_json) -> None:
    """Enroll a child in a plan year by its contribution (or free, for hardship)."""
    from ledger.money import parse_amount
    from ledger.values import parse_date, parse_text

    result = fund_of(ctx).contribute(
        member,
        year,
        receipt,
        parse_date(on, "--date"),
        parse_amount(amount, "--amount") if amount is not None else None,
        parse_text(school, "--school") if school is not None else None,
    )
    if as_json:
        emit_json({"member": result.member, "year": result.year, "receipt": result.receipt,
                   "paid": result.paid, "subsidy": result.subsidy,
                   "covered_from": result.covered_from, "duplicate": result.duplicate})
    elif result.duplicate:
        say(_("Receipt {receipt} was already recorded; nothing changed", receipt=receipt))
    elif result.subsidy:
        say(_("Enrolled {member} in {year} free (hardship); subsidy receivable "
              "{subsidy:.2f}; covered from {day}", member=member, year=year,
              subsidy=result.subsidy, day=result.covered_from))
    else:
        say(_("Enrolled {member} in {year}: paid {paid:.2f}, receipt {receipt}; covered from "
              "{day}", member=member, year=year, paid=result.paid, receipt=receipt,
              day=result.covered_from))


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
           _("Reversed receipt {receipt}: {member} is no longer enrolled in {year}; "
             "{amount:.2f} refunded", receipt=receipt, member=used.member, year=used.year,
             amount=used.amount)
           if used.amount else
           _("Reversed receipt {receipt}: {member} is no longer enrolled in {year}",
             receipt=receipt, member=used.member, year=used.year))


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


# What a payer's remittance tells, by payer: (received, already recorded).
REMITTANCES = {
    "subsidy": (N_("Received subsidy {amount:.2f} ({reference})"),
                N_("Subsidy remittance {reference} was already recorded; nothing changed")),
    "medical assistance": (
        N_("Received medical assistance {amount:.2f} ({reference})"),
        N_("Medical assistance remittance {reference} was already recorded; nothing changed")),
}


def remittance(receive, payer: str, amount: str, reference: str, on: str, as_json: bool) -> None:
    """A payer's remittance (the subsidy, medical assistance): recorded once, and told."""
    from ledger.money import parse_amount
    from ledger.values import parse_date

    amount, on = parse_amount(amount, "--amount"), parse_date(on)
    new = receive(amount, reference, on)
    received, known = REMITTANCES[payer]
    answer(as_json, {"reference": reference, "amount": amount, "received_on": on,
                     "duplicate": not new},
           current()(received if new else known, amount=amount, reference=reference))


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
           _("Recorded donation {amount:.2f} from {donor} ({reference})", amount=amount,
             donor=donor, reference=reference) if new
           else _("Donation {reference} was already recorded; nothing changed",
                  reference=reference))


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
    if year:
        title = ngettext("{n} donation or remittance in {year}",
                         "{n} donations and remittances in {year}", len(docs), year=year)
    else:
        title = ngettext("{n} donation or remittance", "{n} donations and remittances",
                         len(docs))
    console().print(table(title, [_("Date"), _("Kind"), _("Reference"), _("Amount"), _("Donor")],
                          [(d["received_on"], Word(d["kind"]), d["reference"], d["amount"],
                            d["donor"]) for d in docs], right={3}, wrap={4}))


def register(cli: click.Group) -> None:
    cli.add_command(contribute)
    for each in (contribution_group, subsidy_group, donation_group, income_group):
        cli.add_command(each)
