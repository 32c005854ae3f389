"""`fund report year YEAR`: the annual report the board publishes."""

from __future__ import annotations

from pathlib import Path

import click

from ledger.language import N_, Level, Word, _

from .options import ID, force_option, group, json_option, output, reader_of
from .render import console, emit_json, plain, say, table


@group("report")
def report_group() -> None:
    """Reports for the board and the public."""




@report_group.command("year")
@click.argument("year", type=ID)
@json_option
@click.option("--csv", "csv_dir", metavar="DIR", help="Also write the report's tables as CSV files.")
@click.option("--chart", metavar="FILE.png", help="Also draw monthly cash in, out and balance.")
@click.option("--seal", "with_seal", is_flag=True, help="Add the audit seal (POSITION:HASH).")
@click.option("--html", "html_file", metavar="FILE.html", help="Also write the report as one "
              "self-contained HTML file, the chart inside, for the board's papers.")
@force_option
@click.pass_context
def year_report(ctx, year, as_json, csv_dir, chart, with_seal, html_file, force) -> None:
    """Children covered, income, benefits by type, package and hospital level, loss ratio,
    reserve, claims statistics and monthly cash."""
    from ledger.errors import InputError

    if chart and not chart.lower().endswith(".png"):
        raise InputError("--chart", N_("the chart is written as a .png file"))
    chart_file = output(ctx, chart, "--chart", force) if chart else None
    paper = output(ctx, html_file, "--html", force) if html_file else None
    tables = _csv_files(ctx, year, csv_dir, force) if csv_dir else None
    fund = reader_of(ctx)
    doc = fund.annual_report(year)
    if with_seal:
        from ledger.app.audit import seal

        position, link = seal(fund)
        doc["seal"] = f"{position}:{link}"
    if chart_file:
        from ledger.app.files import replacing

        from .charts import cash_chart

        currency = fund.plan_year(year).rules.currency
        with replacing(chart_file, "--chart", force) as scratch:
            cash_chart(doc, str(scratch), currency)
    if tables:
        write_tables(doc, tables, force)
    if paper:
        from ledger.app.files import replacing

        from .papers import annual_paper

        with replacing(paper, "--html", force) as scratch:
            scratch.write_text(annual_paper(doc, fund.plan_year(year).rules.currency),
                               encoding="utf-8")
    if as_json:
        emit_json(doc)
        return
    out = console()
    c, i, b, k = doc["children"], doc["income"], doc["benefits"], doc["claims"]
    ratio = doc["loss_ratio_percent"]
    out.print(table(_("Plan year {year} ({starts} to {ends}, {status})", year=year,
                      starts=doc["starts"], ends=doc["ends"], status=Word(doc["status"])),
                    ["", ""], wrap={0}, rows=[
                        (_("Children covered"), _("{covered} ({paying} paying, {hardship} "
                                                  "hardship)", covered=c["covered"],
                                                  paying=c["paying"], hardship=c["hardship"])),
                        (_("Contributions"), i["contributions"]), (_("Subsidies"), i["subsidies"]),
                        (_("Donations"), i["donations"]), (_("Income"), i["total"]),
                        (_("Benefits"), b["total"]),
                        (_("Medical assistance approved"), doc["assistance"]),
                        (_("Loss ratio (benefits / contributions and subsidies)"),
                         _("{percent:.2f} %", percent=ratio) if ratio is not None
                         else _("no contributions")),
                        (_("Reserve"), doc["reserve"]),
                        (_("Claims"), _("{count}: {approved} approved, {rejected} rejected, "
                                        "{open} open", count=k["count"], approved=k["approved"],
                                        rejected=k["rejected"], open=k["open"])),
                        (_("Average and largest payout"), f"{plain(k['average_payout'])} / "
                                                          f"{plain(k['largest_payout'])}"),
                        *[(_("Rejected: {reason}", reason=r), n)
                          for r, n in k["rejected_by_reason"].items()],
                    ], right={1}))
    # Three tables, each adding up to the benefits: one breakdown never mixed with another.
    for title, head, rows in (
            (_("Benefits by claim type"), _("Claim type"),
             [(Word(t), v) for t, v in b["by_type"].items()]),
            (_("Benefits by disease package"), _("Package"),
             [(p if p != "none" else _("ordinary claims"), v)
              for p, v in b["by_package"].items()]),
            (_("Benefits by hospital level"), _("Level"),
             [(Level(int(lv)), v) for lv, v in b["by_level"].items()])):
        out.print(table(title, [head, _("Benefits")], [*rows, (_("Total"), b["total"])],
                        right={1}))
    out.print(table(_("Cash by month"), [_("Month"), _("In"), _("Out"), _("Balance")],
                    [(m["month"], m["in"], m["out"], m["balance"]) for m in doc["cash_by_month"]],
                    right={1, 2, 3}))
    if with_seal:
        say(_("Audit seal: {seal}", seal=doc["seal"]))
    if chart:
        say(_("Chart written to {path}", path=chart))
    if html_file:
        say(_("Report written to {path}", path=html_file))


CSV_TABLES = ("summary", "benefits", "cash-by-month")


def _csv_files(ctx: click.Context, year: str, folder: str, force: bool) -> dict[str, Path]:
    """The report's CSV files in `folder` (made if need be), each checked as every output is."""
    from ledger.errors import InputError

    where = Path(folder)
    if where.exists() and not where.is_dir():
        raise InputError("--csv", N_("{folder} is a file; name a folder"), folder=folder)
    if not where.resolve().parent.is_dir():
        raise InputError("--csv", N_("folder {folder} does not exist"),
                         folder=str(where.resolve().parent))
    where.mkdir(exist_ok=True)
    return {name: output(ctx, str(where / f"{name}-{year}.csv"), "--csv", force)
            for name in CSV_TABLES}


def write_tables(doc: dict, files: dict[str, Path], force: bool) -> None:
    from ledger.app.files import write_csv

    def write(name: str, header: list[str], rows: list[list]) -> None:
        write_csv(files[name], "--csv", force, header, [[plain(v) for v in row] for row in rows])

    write("summary", ["item", "value"], [
        ["children_covered", doc["children"]["covered"]], ["paying", doc["children"]["paying"]],
        ["hardship", doc["children"]["hardship"]],
        *[[f"income_{k}", v] for k, v in doc["income"].items()],
        ["benefits", doc["benefits"]["total"]], ["assistance", doc["assistance"]],
        ["loss_ratio", doc["loss_ratio"]], ["loss_ratio_percent", doc["loss_ratio_percent"]],
        ["reserve", doc["reserve"]],
        *[[f"claims_{k}", v] for k, v in doc["claims"].items() if k != "rejected_by_reason"],
    ])
    write("benefits", ["breakdown", "key", "benefits"], [
        [kind, key, value] for kind in ("by_type", "by_package", "by_level")
        for key, value in doc["benefits"][kind].items()])
    write("cash-by-month", ["month", "in", "out", "balance"],
          [[m["month"], m["in"], m["out"], m["balance"]] for m in doc["cash_by_month"]])


def register(cli: click.Group) -> None:
    from .board import years_report

    report_group.add_command(years_report)
    # the contract's name for a year's report (SPEC §6: `fund report annual`), the same command
    report_group.add_command(year_report, "annual")
    cli.add_command(report_group)
