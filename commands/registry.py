"""`fund hospital add`, `fund child register`, `fund member show`."""

from __future__ import annotations

import click

from ledger.language import N_, Level, Word, _, ngettext, pgettext

from .options import ID, date_option, fund_of, group, json_option, maybe_date, reader_of
from .render import answer, console, emit_json, table


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
           _("Registered hospital {code} (level {level})", code=code, level=Level(level)))


@hospital_group.command("amend")
@click.argument("code", type=ID)
@click.option("--level", required=True, type=click.IntRange(1, 3),
              help="The hospital's level from the date on: 1, 2 or 3.")
@click.option("--from", "since", required=True, metavar="DATE",
              help="The first admission date the level applies to, YYYY-MM-DD.")
@json_option
@click.pass_context
def hospital_amend(ctx: click.Context, code: str, level: int, since: str, as_json: bool) -> None:
    """Change a hospital's level from a date: claims admitted from then on are assessed with
    it (those not yet approved again at approval; approved ones only by a correction)."""
    from ledger.values import parse_date

    on = parse_date(since, "--from")
    fund_of(ctx).changes.change_level(code, level, on)
    answer(as_json, {"hospital": code, "level": level, "from": on},
           _("Hospital {code} is level {level} for admissions from {day}", code=code,
             level=Level(level), day=on))


@hospital_group.command("delist")
@click.argument("code", type=ID)
@click.option("--from", "since", required=True, metavar="DATE",
              help="The first admission date no longer covered, YYYY-MM-DD.")
@click.option("--reason", required=True, help="Why the hospital is no longer designated.")
@json_option
@click.pass_context
def hospital_delist(ctx: click.Context, code: str, since: str, reason: str,
                    as_json: bool) -> None:
    """Delist a hospital from a date: claims for admissions on or after it are refused
    (designated hospital). Refused if the fund has accepted such a claim already."""
    from ledger.values import parse_date, parse_text

    on = parse_date(since, "--from")
    reason = parse_text(reason, "--reason")
    fund_of(ctx).changes.delist(code, reason, on)
    answer(as_json, {"hospital": code, "delisted_from": on, "reason": reason},
           _("Hospital {code} is delisted: no admission from {day} is covered ({reason})",
             code=code, day=on, reason=reason))


@group("child")
def child_group() -> None:
    """Children of the fund."""


@child_group.command("amend")
@click.argument("member", type=ID)
@click.option("--name", help="The child's name, corrected.")
@click.option("--guardian", help="The parent or guardian, corrected or changed.")
@click.option("--born", metavar="DATE", help="The date of birth, corrected, YYYY-MM-DD.")
@click.option("--reason", required=True, help="Why (the document that shows it).")
@date_option
@json_option
@click.pass_context
def child_amend(ctx, member, name, guardian, born, reason, on, as_json) -> None:
    """Correct or update a child's facts. A corrected date of birth leaves enrollments as they
    were made (the contribution is neither charged again nor refunded); one that would put an
    enrolled child over the age limit is refused until that enrollment is reversed."""
    from ledger.values import parse_date, parse_text

    fund = fund_of(ctx)
    kept = fund.changes.amend_child(
        member, parse_text(reason, "--reason"),
        parse_text(name, "--name") if name is not None else None,
        parse_text(guardian, "--guardian", required=False) if guardian is not None else None,
        parse_date(born, "--born") if born is not None else None, maybe_date(on))
    child = fund.member(member)
    doc = {"member": member, "name": child.name, "born": child.born,
           "guardian": child.guardian, "amended": True,
           "enrollments_kept": [{"year": k.year, "receipt": k.receipt,
                                 "contribution": k.contribution, "due_now": k.due_now}
                                for k in kept]}
    if child.guardian:
        first = _("Amended child {member}: {name}, born {born}, guardian {guardian}",
                  member=member, name=child.name, born=child.born, guardian=child.guardian)
    else:
        first = _("Amended child {member}: {name}, born {born}", member=member, name=child.name,
                  born=child.born)
    lines = [first]
    for k in kept:
        if k.due_now != k.contribution:
            lines.append(_("{year}: enrolled by {receipt} at {contribution:.2f}, kept as made (the "
                           "corrected date would make {due:.2f} due; the difference is neither "
                           "charged nor refunded)", year=k.year, receipt=k.receipt,
                           contribution=k.contribution, due=k.due_now))
        else:
            lines.append(_("{year}: enrolled by {receipt} at {contribution:.2f}, kept as made",
                           year=k.year, receipt=k.receipt, contribution=k.contribution))
    answer(as_json, doc, "\n".join(lines))


@child_group.command("hardship")
@click.argument("member", type=ID)
@click.option("--category", metavar="CATEGORY", help="The hardship category from the date on.")
@click.option("--evidence", metavar="REF", help="Reference of the hardship evidence.")
@click.option("--end", is_flag=True, help="End the child's hardship status from the date on.")
@click.option("--from", "since", required=True, metavar="DATE",
              help="The day the status starts (or ends), YYYY-MM-DD.")
@click.option("--reason", default="", help="With --end: why the status ends.")
@json_option
@click.pass_context
def child_hardship(ctx, member, category, evidence, end, since, reason, as_json) -> None:
    """Start (--category and --evidence) or end (--end) a child's hardship status from a date.
    The status on an enrollment's date decides whether the family pays, the status on an
    admission date decides medical assistance; a contribution paid is not refunded."""
    from ledger.errors import InputError
    from ledger.values import parse_date, parse_text

    on = parse_date(since, "--from")
    changes = fund_of(ctx).changes
    if end:
        if category or evidence:
            raise InputError("--end", N_("--end takes no --category or --evidence"))
        changes.end_hardship(member, parse_text(reason, "--reason", required=False), on)
        answer(as_json, {"member": member, "hardship": None, "from": on},
               _("{member} is no longer a hardship child from {day}", member=member, day=on))
        return
    if not category or not evidence:
        raise InputError("--category" if not category else "--evidence",
                         N_("a hardship status needs --category and --evidence (or --end)"))
    child = changes.start_hardship(member, parse_text(category, "--category"),
                                   parse_text(evidence, "--evidence"), on)
    found = child.hardship_on(on)
    answer(as_json, {"member": member, "hardship": found, "evidence": child.evidence_on(on),
                     "from": on},
           _("{member} is a {category} child from {day}: enrolled free from then on, medical "
             "assistance on admissions from then on (a contribution paid is not refunded)",
             member=member, category=Word(found), day=on))


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
           _("Registered child {member} ({hardship})", member=member,
             hardship=Word(child.hardship))
           if child.hardship else _("Registered child {member}", member=member))


@group("member")
def member_group() -> None:
    """A child's record across plan years."""


@hospital_group.command("list")
@click.option("--as-of", "as_of", metavar="DATE", help="As the record stood on a past date.")
@json_option
@click.pass_context
def hospital_list(ctx: click.Context, as_of: str | None, as_json: bool) -> None:
    """The designated hospitals, their levels and any delisting."""
    docs = reader_of(ctx).hospital_list(maybe_date(as_of, "--as-of"))
    if as_json:
        emit_json({"hospitals": docs})
        return
    rows = [(d["code"], d["name"], Level(d["level"]), d["level_from"] or "",
             _("from {day}: {reason}", day=d["delisted_from"], reason=d["delist_reason"])
             if d["delisted_from"] else "")
            for d in docs]
    console().print(table(ngettext("{n} hospital", "{n} hospitals", len(docs)),
                          [_("Code"), pgettext("hospital", "Name"), _("Level"), _("Level since"), _("Delisted")], rows,
                          right={2}, wrap={1, 4}, optional=(3,)))


@child_group.command("list")
@click.option("--year", type=ID, help="Only the children enrolled in this plan year.")
@click.option("--hardship", is_flag=True, help="Only hardship children.")
@click.option("--school", metavar="SCHOOL", help="Only the children this school's roster "
              "enrolled (in the year, with --year).")
@json_option
@click.pass_context
def child_list(ctx: click.Context, year: str | None, hardship: bool, school: str | None,
               as_json: bool) -> None:
    """Registered children (or those enrolled in a plan year), in member order."""
    from ledger.values import parse_text

    school = parse_text(school, "--school") if school is not None else None
    docs = reader_of(ctx).child_list(year, hardship, school)
    if as_json:
        emit_json({"children": docs})
        return
    columns = [_("Member"), _("Name"), _("Born"), _("Guardian"), _("Hardship")]
    rows = [[d["member"], d["name"], d["born"], d["guardian"],
             Word(d["hardship"]) if d["hardship"] else None] for d in docs]
    if year:
        columns += [_("Covered from"), pgettext("contribution", "Paid"), _("School")]
        for row, d in zip(rows, docs):
            row += [d["covered_from"], d["paid"], d["school"]]
    if year:
        title = ngettext("{n} child enrolled in {year}", "{n} children enrolled in {year}",
                         len(docs), year=year)
    else:
        title = ngettext("{n} child registered", "{n} children registered", len(docs))
    console().print(table(title, columns, rows, right={6} if year else set(),
                          wrap={1, 3, 7} if year else {1, 3},
                          optional=(7, 3, 4) if year else (3, 4)))


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
    who = _("{member} {name}, born {born}", member=doc["member"], name=doc["name"],
            born=doc["born"])
    if doc["guardian"]:
        who += _(", guardian {guardian}", guardian=doc["guardian"])
    if doc["hardship"]:
        who += _(", hardship: {category} ({evidence})", category=Word(doc["hardship"]),
                 evidence=doc["evidence"])
    out.print(who)
    rows = [
        (y, Word(v["status"]) if v["status"] else v["status"], v["receipt"],
         v["covered_from"] or Word("not covered"), v["paid"], v["subsidy"], v["benefits"],
         v["cap_left"])
        for y, v in doc["years"].items()
    ]
    out.print(table(_("Plan years"), [_("Year"), _("Status"), _("Receipt"), _("Covered from"),
                                      pgettext("contribution", "Paid"), _("Subsidy"),
                                      _("Benefits"), _("Cap left")],
                    rows, right={4, 5, 6, 7}, optional=(5, 2)))


child_group.add_command(member_show, "show")  # a child's record: `fund child show` too


def register(cli: click.Group) -> None:
    for each in (hospital_group, child_group, member_group):
        cli.add_command(each)
