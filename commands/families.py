"""`fund renewals` and `fund notice cases`: the fund facing families and schools."""

from __future__ import annotations

import click

from ledger.language import Level, Word, _, ngettext
from ledger.money import ZERO

from .options import ID, force_option, command, group, json_option, output, reader_of
from .render import console, emit_json, table

CSV = click.option("--csv", "csv_file", metavar="FILE.csv", help="Also write the list as CSV "
                   "(UTF-8 with BOM, as Excel opens it).")
XLSX = click.option("--xlsx", "xlsx_file", metavar="FILE.xlsx", help="Also write the list as "
                    "an Excel workbook.")


def _write(ctx: click.Context, csv_file: str | None, xlsx_file: str | None, force: bool,
           header: list[str], rows: list[list]) -> str | None:
    """The list written to the one file asked for (CSV or workbook); its name, or None."""
    from ledger.app.files import write_csv, write_xlsx
    from ledger.errors import InputError
    from ledger.language import N_

    if csv_file and xlsx_file:
        raise InputError("--csv", N_("one file at a time: --csv or --xlsx"))
    if csv_file:
        write_csv(output(ctx, csv_file, "--csv", force), "--csv", force, header, rows)
        return csv_file
    if xlsx_file:
        write_xlsx(output(ctx, xlsx_file, "--xlsx", force), "--xlsx", force, header, rows)
        return xlsx_file
    return None


@command("renewals")
@click.option("--year", required=True, type=ID, help="The plan year being enrolled, like "
              "2026-2027.")
@click.option("--school", metavar="SCHOOL", help="Only this school's children.")
@CSV
@XLSX
@force_option
@json_option
@click.pass_context
def renewals(ctx, year, school, csv_file, xlsx_file, force, as_json) -> None:
    """The children enrolled the year before and not yet this year, with guardian and school:
    whom to remind while the enrollment window is open."""
    from ledger.values import parse_text

    school = parse_text(school, "--school") if school is not None else None
    before, docs = reader_of(ctx).reads.renewals(year, school)
    columns = ["member", "name", "born", "guardian", "school", "last_year", "last_receipt"]
    written = _write(ctx, csv_file, xlsx_file, force, columns,
                     [[d[c] for c in columns] for d in docs])
    if as_json:
        emit_json({"year": year, "previous_year": before, "school": school,
                   "children": docs, "file": written})
        return
    if before is None:
        console().print(_("No plan year before {year}: nobody to remind", year=year))
        return
    title = ngettext("{n} child enrolled in {before} and not yet in {year}",
                     "{n} children enrolled in {before} and not yet in {year}", len(docs),
                     before=before, year=year)
    console().print(table(title, [_("Member"), _("Name"), _("Born"), _("Guardian"),
                                  _("School")],
                          [(d["member"], d["name"], d["born"], d["guardian"], d["school"])
                           for d in docs], wrap={1, 3, 4}, optional=(2,)))
    if written:
        console().print(_("Written to {file}", file=written))


@group("notice")
def notice_group() -> None:
    """Public notices (赔付公示): what families and donors may see of the fund's payments."""


@notice_group.command("cases")
@click.option("--year", required=True, type=ID, help="The plan year of the claims.")
@click.option("--month", metavar="YYYY-MM", help="Only the cases paid in this month (by "
              "payment date).")
@CSV
@XLSX
@force_option
@json_option
@click.pass_context
def cases(ctx, year, month, csv_file, xlsx_file, force, as_json) -> None:
    """The cases paid, as the public may see them: a masked member number, the child's age,
    the hospital's level, the package or kind of treatment, the amount and the day; never a
    name, a guardian, a bill number or a whole member number."""
    docs = reader_of(ctx).reads.cases_paid(year, month)
    columns = ["case", "member", "age", "level", "treatment", "paid", "paid_on"]
    written = _write(ctx, csv_file, xlsx_file, force, columns,
                     [[d[c] for c in columns] for d in docs])
    if as_json:
        emit_json({"year": year, "month": month, "cases": docs, "file": written,
                   "total": sum((d["paid"] for d in docs), start=ZERO)})
        return
    title = (ngettext("{n} case paid in {month} (plan year {year})",
                      "{n} cases paid in {month} (plan year {year})", len(docs), month=month,
                      year=year) if month else
             ngettext("{n} case paid in plan year {year}", "{n} cases paid in plan year {year}",
                      len(docs), year=year))
    console().print(table(title, [_("Case"), _("Member"), _("Age"), _("Hospital level"),
                                  _("Treatment"), _("Paid"), _("Paid on")],
                          [(d["case"], d["member"], d["age"], Level(d["level"]),
                            Word(d["treatment"]), d["paid"], d["paid_on"]) for d in docs],
                          right={0, 2, 5}))
    if written:
        console().print(_("Written to {file}", file=written))


def register(cli: click.Group) -> None:
    cli.add_command(renewals)
    cli.add_command(notice_group)
