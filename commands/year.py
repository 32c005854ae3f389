"""`fund year …`: open a plan year from its rules file, amend it before the window, show it."""

from __future__ import annotations

from datetime import date

import click

from ledger.language import Level, Word, _, current, ngettext

from .options import ID, date_option, fund_of, group, json_option, maybe_date, read_text, reader_of
from .render import answer, console, emit_json, table


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
           _("Opened plan year {year} ({starts} to {ends}): contribution {amount:.2f} "
             "{currency}, enrollment window {opens} to {closes}, rules {fingerprint}",
             year=rules.year, starts=rules.starts, ends=rules.ends, amount=rules.amount,
             currency=Word(rules.currency), opens=rules.window_opens, closes=rules.window_closes,
             fingerprint=rules.fingerprint))


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
           _("Amended the rules of {year}: now rules {fingerprint}", year=rules.year,
             fingerprint=rules.fingerprint))


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
           _("Closed {year}: income {income:.2f} and benefits {benefits:.2f} moved to the "
             "reserve ({net:+.2f})", year=year, income=income,
             benefits=closing["benefit_expense"], net=income - closing["benefit_expense"]))


@year_group.command("list")
@json_option
@click.pass_context
def list_(ctx: click.Context, as_json: bool) -> None:
    """Every plan year: its dates, whether it is closed, how many children it covers."""
    docs = reader_of(ctx).year_list()
    if as_json:
        emit_json({"years": docs})
        return
    console().print(table(ngettext("{n} plan year", "{n} plan years", len(docs)),
                          [_("Year"), _("Starts"), _("Ends"), _("Status"), _("Children")],
                          [(d["year"], d["starts"], d["ends"], Word(d["status"]), d["children"])
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

    def by_level(values: dict) -> str:
        return _(", ").join(_("level {level}: {value}", level=Level(int(lv)), value=v)
                            for lv, v in values.items())

    rows = [
        (_("Plan year"), _("{year}: {starts} to {ends} ({status})", year=r["year"],
                           starts=_day(r["starts"]), ends=_day(r["ends"]),
                           status=Word(doc["status"]))),
        (_("Rules"), _("version {version}, fingerprint {fingerprint}",
                       version=doc["rules_version"], fingerprint=doc["fingerprint"])),
        (_("Enrollment window"), _("{opens} to {closes}", opens=_day(e["window_opens"]),
                                   closes=_day(e["window_closes"]))),
        (_("Late joiners"), _("covered {days} days after payment",
                              days=e["late_waiting_days"])),
        (_("Newborns"), _("covered from birth if enrolled within {days} days",
                          days=e["newborn_grace_days"])),
        (_("Age limit"), _("over {age} on {starts} refused", age=e["max_age"],
                           starts=_day(r["starts"]))),
        (_("Contribution"), _("{amount} {currency} per child", amount=c["amount"],
                              currency=Word(r["currency"]))),
        *[(_("  born after {day}", day=_day(b["born_after"])), b["amount"]) for b in c["band"]],
        (_("Hardship categories"), _(", ").join(current().word(h) for h in
                                                c["hardship_categories"]) or _("none")),
        (_("Claim deadline"), _("{days} days after discharge", days=k["deadline_days"])),
        (_("Inpatient deductible"), by_level(k["inpatient_deductible"])),
        *[(_("Ratio {type}", type=Word(t)), by_level(levels)) for t, levels in k["ratio"].items()],
        (_("Annual cap"), _("{amount} per child", amount=k["annual_cap"])),
        (_("Assistance ratio"), k["assistance_ratio"]),
        *[(_("Package {code}", code=p["code"]),
           _("{name}: limited cost {cost}, ratio {ratio}", name=p["name"],
             cost=p["limited_cost"], ratio=p["ratio"]))
          for p in k["package"]],
        (_("Enrolled"), _("{paying} paying, {hardship} hardship, {reversed} reversed",
                          **doc["enrolled"])),
    ]
    console().print(table(_("Plan year {year}", year=year), ["", ""], rows, wrap={0, 1}))


def _day(value):
    """A date of the rules (stored as ISO text) as a date, shown in the reader's language."""
    try:
        return date.fromisoformat(value) if isinstance(value, str) else value
    except ValueError:
        return value


@year_group.command("simulate")
@click.argument("rules_file", metavar="RULES.toml")
@click.option("--claims-of", "year", required=True, type=ID,
              help="The plan year whose claims the proposal is tried on.")
@json_option
@click.pass_context
def simulate(ctx: click.Context, rules_file: str, year: str, as_json: bool) -> None:
    """Try proposed rules on a past year's claims, recording nothing: every claim the fund
    approved assessed again with the same assessment as a real claim, in the order approved,
    against the proposal's cap; payouts, medical assistance, cap hits, loss ratio and the
    reserve side by side with what happened, and the claims that change most."""
    from ledger.rules import parse_rules_text

    proposal = parse_rules_text(read_text(rules_file, "RULES.toml"))
    done = reader_of(ctx).reads.simulate(proposal, year)
    a, p = done.actual, done.proposed
    doc = {
        "proposal": {"file": rules_file, "year": proposal.year,
                     "fingerprint": proposal.fingerprint},
        "claims_of": year, "claims": done.claims, "changed": len(done.changes),
        "actual": _side(a), "proposed": _side(p), "reserve_change": done.reserve_change,
        "most_changed": [{"claim": c.claim, "member": c.member, "actual": c.payout,
                          "proposed": again, "difference": again - c.payout}
                         for c, again in done.most_changed()],
    }
    if as_json:
        emit_json(doc)
        return

    def pct(side) -> str:
        value = side.loss_ratio_percent
        return _("{percent:.2f} %", percent=value) if value is not None else "—"

    out = console()
    out.print(table(
        _("The claims of {year} under {proposal} ({n} claims approved)", year=year,
          proposal=rules_file, n=done.claims),
        ["", _("What happened"), _("Under the proposal"), _("Difference")],
        [(_("Contributions and subsidies"), a.contributions, p.contributions,
          p.contributions - a.contributions),
         (_("Benefits (payouts)"), a.payouts, p.payouts, p.payouts - a.payouts),
         (_("Medical assistance"), a.assistance, p.assistance, p.assistance - a.assistance),
         (_("Claims cut to the cap"), a.cap_hits, p.cap_hits, p.cap_hits - a.cap_hits),
         (_("Loss ratio"), pct(a), pct(p), ""),
         (_("Left to the reserve"), a.contributions - a.payouts, p.contributions - p.payouts,
          done.reserve_change)],
        right={1, 2, 3}, wrap={0}))
    if done.changes:
        out.print(table(ngettext("The claim that changes most", "The {n} claims that change most",
                                 len(doc["most_changed"])),
                        [_("Claim"), _("Member"), _("Paid"), _("Would pay"), _("Difference")],
                        [(c["claim"], c["member"], c["actual"], c["proposed"], c["difference"])
                         for c in doc["most_changed"]], right={2, 3, 4}))
    else:
        out.print(_("No claim would be paid differently."))


def _side(side) -> dict:
    return {"contributions_and_subsidies": side.contributions, "payouts": side.payouts,
            "assistance": side.assistance, "cap_hits": side.cap_hits,
            "loss_ratio_percent": side.loss_ratio_percent}


def register(cli: click.Group) -> None:
    cli.add_command(year_group)
