"""`fund hospital add`, `fund child register`, `fund member show`."""

from __future__ import annotations

import click

from .options import ID, date_option, fund_of, json_option, maybe_date
from .render import console, emit_json, say, table


@click.group("hospital")
def hospital_group() -> None:
    """Designated hospitals."""


@hospital_group.command("add")
@click.argument("code", type=ID)
@click.option("--name", required=True, help="The hospital's name.")
@click.option("--level", required=True, type=click.IntRange(1, 3), help="Hospital level 1, 2 or 3.")
@date_option
@click.pass_context
def hospital_add(ctx: click.Context, code: str, name: str, level: int, on: str | None) -> None:
    """Register a designated hospital and its level."""
    from ledger.values import parse_text

    fund_of(ctx).register_hospital(code, parse_text(name, "--name"), level, maybe_date(on))
    say(f"Registered hospital {code} (level {level})")


@click.group("child")
def child_group() -> None:
    """Children of the fund."""


@child_group.command("register")
@click.argument("member", type=ID)
@click.option("--name", required=True, help="The child's name.")
@click.option("--born", required=True, metavar="DATE", help="Date of birth, YYYY-MM-DD.")
@click.option("--guardian", default="", help="Parent or guardian.")
@click.option("--hardship", metavar="CATEGORY", help="Hardship category (enrolled free).")
@click.option("--evidence", metavar="REF", help="Reference of the hardship evidence.")
@date_option
@click.pass_context
def child_register(ctx, member, name, born, guardian, hardship, evidence, on) -> None:
    """Register a child once, under its member number."""
    from ledger.values import parse_date, parse_text

    fund_of(ctx).register_child(
        member,
        parse_text(name, "--name"),
        parse_date(born, "--born"),
        parse_text(guardian, "--guardian", required=False),
        parse_text(hardship, "--hardship", required=False) or None,
        parse_text(evidence, "--evidence", required=False) or None,
        maybe_date(on),
    )
    say(f"Registered child {member}" + (f" ({hardship})" if hardship else ""))


@click.group("member")
def member_group() -> None:
    """A child's record across plan years."""


@member_group.command("show")
@click.argument("member", type=ID)
@click.option("--as-of", "as_of", metavar="DATE", help="As the record stood on a past date.")
@json_option
@click.pass_context
def member_show(ctx: click.Context, member: str, as_of: str | None, as_json: bool) -> None:
    """Show a child's cover, contribution, benefits and cap left in each plan year."""
    on = maybe_date(as_of, "--as-of")
    doc = ctx.obj.statements(on).member_statement(member, on)
    if as_json:
        emit_json(doc)
        return
    out = console()
    who = f"{doc['member']} {doc['name']}, born {doc['born']}"
    if doc["guardian"]:
        who += f", guardian {doc['guardian']}"
    if doc["hardship"]:
        who += f", hardship: {doc['hardship']} ({doc['evidence']})"
    out.print(who)
    rows = [
        (y, v["status"], v["receipt"], v["covered_from"] or "not covered", v["paid"],
         v["subsidy"], v["benefits"], v["cap_left"])
        for y, v in doc["years"].items()
    ]
    out.print(table("Plan years", ["Year", "Status", "Receipt", "Covered from", "Paid",
                                   "Subsidy", "Benefits", "Cap left"], rows, right={4, 5, 6, 7}))


def register(cli: click.Group) -> None:
    for group in (hospital_group, child_group, member_group):
        cli.add_command(group)
