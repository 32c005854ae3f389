"""`fund operator add|remove|list`: who may act for the fund, and in which role."""

from __future__ import annotations

import click

from ledger.language import Word, _, ngettext
from ledger.roles import ROLES

from .options import date_option, group, json_option, maybe_date, reader_of, fund_of
from .render import answer, console, emit_json, table

@group("operator")
def operator_group() -> None:
    """The fund's operators and their roles: a manager adds and removes them. Until the first
    operator (a manager) is added the fund runs open; from then on every command checks the
    acting operator's role, and no one approves or corrects a claim they submitted."""


@operator_group.command("add")
@click.argument("name")
@click.option("--role", required=True, type=click.Choice(list(ROLES), case_sensitive=False),
              help="What the operator may do: manager (operators and years), clerk (children, "
              "enrollment, claims coming in), assessor (decisions on claims), treasurer "
              "(payouts, money in, the bank), auditor (reads only).")
@date_option
@json_option
@click.pass_context
def add(ctx: click.Context, name: str, role: str, on: str | None, as_json: bool) -> None:
    """Add an operator, or give one another role. On PostgreSQL the database login of that
    name is created (or the existing one taken) with only its role's rights on this store:
    insert events and write the read models, never update or delete an event; an auditor
    only reads. The first operator must be a manager, added by the store's owner login."""
    from ledger.store.logins import check_login_name
    from ledger.values import parse_id

    person = parse_id(name, "NAME")
    check_login_name(person)
    role = role.lower()
    changed, created = fund_of(ctx).operators.add(person, role, maybe_date(on))
    answer(as_json, {"operator": person, "role": role, "changed": changed,
                     "login_created": created},
           _("{operator} acts for the fund as {role}", operator=person, role=Word(role))
           + (_(" (a database login was created with the rights of the role)") if created
              else _(" (the database login holds the rights of the role)")
              if created is False else "")
           if changed else _("{operator} acted as {role} already; nothing changed",
                             operator=person, role=Word(role)))


@operator_group.command("remove")
@click.argument("name")
@click.option("--reason", default="", help="Why (left the fund, changed duties…).")
@date_option
@json_option
@click.pass_context
def remove(ctx: click.Context, name: str, reason: str, on: str | None, as_json: bool) -> None:
    """Remove an operator: from now on refused every command; on PostgreSQL their login's
    rights on this store are taken back. The fund's last manager cannot be removed."""
    from ledger.values import parse_id

    person = parse_id(name, "NAME")
    fund_of(ctx).operators.remove(person, reason, maybe_date(on))
    answer(as_json, {"operator": person, "removed": True},
           _("{operator} is no longer an operator of the fund", operator=person))


@operator_group.command("list")
@click.option("--as-of", "as_of", metavar="DATE", help="As the record stood on a past date.")
@json_option
@click.pass_context
def list_(ctx: click.Context, as_of: str | None, as_json: bool) -> None:
    """The operators on record (on a past date with --as-of), with role and since when."""
    day = maybe_date(as_of, "--as-of")
    docs = reader_of(ctx).reads.operators(day)
    if as_json:
        emit_json({"as_of": day, "operators": docs})
        return
    if not docs:
        console().print(_("No operator is on record: the fund runs open (anyone may do "
                          "anything) until a manager is added (fund operator add NAME --role "
                          "manager)"))
        return
    console().print(table(ngettext("{n} operator", "{n} operators", len(docs)),
                          [_("Operator"), _("Role"), _("Since"), _("Added by")],
                          [(d["operator"], Word(d["role"]), d["since"], d["added_by"])
                           for d in docs]))


def register(cli: click.Group) -> None:
    cli.add_command(operator_group)
