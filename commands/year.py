"""`fund year …`: open a plan year from its rules file, amend it before the window, show it."""

from __future__ import annotations

import click

from .options import ID, date_option, fund_of, group, json_option, maybe_date, read_text, reader_of
from .render import answer, console, count, emit_json, table


@group("year")
def year_group() -> None:
    """Plan years: their rules, window and closing."""


@year_group.command("open")
@click.argument("rules_file", metavar="RULES.toml")
@date_option
@json_option
@click.pass_context
def open_(ctx: click.Context, rules_file: str, on: str | None, as_json: bool) -> None:
    """Open a plan year from its rules file (validated completely first)."""
    rules = fund_of(ctx).open_year(read_text(rules_file, "RULES.toml"), maybe_date(on))
    answer(as_json, {"year": rules.year, "opened": True, "fingerprint": rules.fingerprint,
                     "rules": rules.to_dict()},
           f"Opened plan year {rules.year} ({rules.starts} to {rules.ends}): contribution "
           f"{rules.amount:.2f} {rules.currency}, enrollment window {rules.window_opens} to "
           f"{rules.window_closes}, rules {rules.fingerprint}")


@year_group.command("amend")
@click.argument("rules_file", metavar="RULES.toml")
@date_option
@json_option
@click.pass_context
def amend(ctx: click.Context, rules_file: str, on: str | None, as_json: bool) -> None:
    """Replace a year's rules; allowed only before its enrollment window opens."""
    rules = fund_of(ctx).amend_year(read_text(rules_file, "RULES.toml"), maybe_date(on))
    answer(as_json, {"year": rules.year, "amended": True, "fingerprint": rules.fingerprint,
                     "rules": rules.to_dict()},
           f"Amended the rules of {rules.year}: now rules {rules.fingerprint}")


@year_group.command("close")
@click.argument("year", type=ID)
@date_option
@json_option
@click.pass_context
def close(ctx: click.Context, year: str, on: str | None, as_json: bool) -> None:
    """Close a plan year after it ends: its income and expense move to the reserve; it takes
    no new contributions; its claims are still taken until their deadline."""
    closing = fund_of(ctx).close_year(year, maybe_date(on))
    income = sum(v for k, v in closing.items() if k != "benefit_expense")
    answer(as_json, {"year": year, "closed": True, "income": income,
                     "benefits": closing["benefit_expense"],
                     "to_reserve": income - closing["benefit_expense"]},
           f"Closed {year}: income {income:.2f} and benefits {closing['benefit_expense']:.2f} "
           f"moved to the reserve ({income - closing['benefit_expense']:+.2f})")


@year_group.command("list")
@json_option
@click.pass_context
def list_(ctx: click.Context, as_json: bool) -> None:
    """Every plan year: its dates, whether it is closed, how many children it covers."""
    docs = reader_of(ctx).year_list()
    if as_json:
        emit_json({"years": docs})
        return
    console().print(table(count(len(docs), "plan year"), ["Year", "Starts", "Ends", "Status",
                                                      "Children"],
                          [(d["year"], d["starts"], d["ends"], d["status"], d["children"])
                           for d in docs], right={4}))


@year_group.command("show")
@click.argument("year", type=ID)
@json_option
@click.pass_context
def show(ctx: click.Context, year: str, as_json: bool) -> None:
    """Show the rules in force for a plan year and how many children it covers."""
    doc = reader_of(ctx).year_statement(year)
    if as_json:
        emit_json(doc)
        return
    r = doc["rules"]
    e, c, k = r["enrollment"], r["contribution"], r["claims"]
    rows = [
        ("Plan year", f"{r['year']}: {r['starts']} to {r['ends']} ({doc['status']})"),
        ("Rules", f"version {doc['rules_version']}, fingerprint {doc['fingerprint']}"),
        ("Enrollment window", f"{e['window_opens']} to {e['window_closes']}"),
        ("Late joiners", f"covered {e['late_waiting_days']} days after payment"),
        ("Newborns", f"covered from birth if enrolled within {e['newborn_grace_days']} days"),
        ("Age limit", f"over {e['max_age']} on {r['starts']} refused"),
        ("Contribution", f"{c['amount']} {r['currency']} per child"),
        *[(f"  born after {b['born_after']}", b["amount"]) for b in c["band"]],
        ("Hardship categories", ", ".join(c["hardship_categories"]) or "none"),
        ("Claim deadline", f"{k['deadline_days']} days after discharge"),
        ("Inpatient deductible", ", ".join(f"level {lv}: {v}" for lv, v in k["inpatient_deductible"].items())),
        *[(f"Ratio {t}", ", ".join(f"level {lv}: {v}" for lv, v in levels.items()))
          for t, levels in k["ratio"].items()],
        ("Annual cap", f"{k['annual_cap']} per child"),
        ("Assistance ratio", k["assistance_ratio"]),
        *[(f"Package {p['code']}", f"{p['name']}: limited cost {p['limited_cost']}, ratio {p['ratio']}")
          for p in k["package"]],
        ("Enrolled", "{paying} paying, {hardship} hardship, {reversed} reversed".format(**doc["enrolled"])),
    ]
    console().print(table(f"Plan year {year}", ["", ""], rows, wrap={0, 1}))


def register(cli: click.Group) -> None:
    cli.add_command(year_group)
