"""`fund hospital add`, `fund child register`, `fund member show`."""

from __future__ import annotations

import click

from .options import ID, date_option, fund_of, group, json_option, maybe_date, reader_of
from .render import answer, console, count, emit_json, table


@group("hospital")
def hospital_group() -> None:
    """Designated hospitals."""


@hospital_group.command("add")
@click.argument("code", type=ID)
@click.option("--name", required=True, help="The hospital's name.")
@click.option("--level", required=True, type=click.IntRange(1, 3), help="Hospital level 1, 2 or 3.")
@date_option
@json_option
@click.pass_context
def hospital_add(ctx: click.Context, code: str, name: str, level: int, on: str | None,
                 as_json: bool) -> None:
    """Register a designated hospital and its level."""
    from ledger.values import parse_text

    name = parse_text(name, "--name")
    fund_of(ctx).register_hospital(code, name, level, maybe_date(on))
    answer(as_json, {"hospital": code, "name": name, "level": level, "registered": True},
           f"Registered hospital {code} (level {level})")


@group("child")
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
@json_option
@click.pass_context
def child_register(ctx, member, name, born, guardian, hardship, evidence, on, as_json) -> None:
    """Register a child once, under its member number."""
    from ledger.values import parse_date, parse_text

    fund = fund_of(ctx)
    fund.register_child(
        member,
        parse_text(name, "--name"),
        parse_date(born, "--born"),
        parse_text(guardian, "--guardian", required=False),
        parse_text(hardship, "--hardship", required=False) or None,
        parse_text(evidence, "--evidence", required=False) or None,
        maybe_date(on),
    )
    child = fund.member(member)
    answer(as_json, {"member": member, "name": child.name, "born": child.born,
                     "guardian": child.guardian, "hardship": child.hardship,
                     "evidence": child.evidence, "registered": True},
           f"Registered child {member}" + (f" ({child.hardship})" if child.hardship else ""))


@group("member")
def member_group() -> None:
    """A child's record across plan years."""


@hospital_group.command("list")
@json_option
@click.pass_context
def hospital_list(ctx: click.Context, as_json: bool) -> None:
    """The designated hospitals and their levels."""
    docs = reader_of(ctx).hospital_list()
    if as_json:
        emit_json({"hospitals": docs})
        return
    console().print(table(count(len(docs), "designated hospital"), ["Code", "Name", "Level"],
                          [(d["code"], d["name"], d["level"]) for d in docs], right={2},
                          wrap={1}))


@child_group.command("list")
@click.option("--year", type=ID, help="Only the children enrolled in this plan year.")
@click.option("--hardship", is_flag=True, help="Only hardship children.")
@json_option
@click.pass_context
def child_list(ctx: click.Context, year: str | None, hardship: bool, as_json: bool) -> None:
    """Registered children (or those enrolled in a plan year), in member order."""
    docs = reader_of(ctx).child_list(year, hardship)
    if as_json:
        emit_json({"children": docs})
        return
    columns = ["Member", "Name", "Born", "Guardian", "Hardship"]
    rows = [[d["member"], d["name"], d["born"], d["guardian"], d["hardship"]] for d in docs]
    if year:
        columns += ["Covered from", "Paid"]
        for row, d in zip(rows, docs):
            row += [d["covered_from"], d["paid"]]
    title = count(len(docs), "child", "children") + (f" enrolled in {year}" if year else " registered")
    console().print(table(title, columns, rows, right={6} if year else set(), wrap={1, 3},
                          optional=(3, 4)))


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
                                   "Subsidy", "Benefits", "Cap left"], rows, right={4, 5, 6, 7},
                    optional=(5, 2)))


child_group.add_command(member_show, "show")  # a child's record: `fund child show` too


def register(cli: click.Group) -> None:
    for each in (hospital_group, child_group, member_group):
        cli.add_command(each)
