"""`fund report year YEAR`: the annual report the board publishes."""

from __future__ import annotations

import csv
from pathlib import Path

import click

from .options import fund_of, json_option
from .render import console, emit_json, plain, say, table


@click.group("report")
def report_group() -> None:
    """Reports for the board and the public."""


@report_group.command("year")
@click.argument("year")
@json_option
@click.option("--csv", "csv_dir", metavar="DIR", help="Also write the report's tables as CSV files.")
@click.option("--chart", metavar="FILE.png", help="Also draw monthly cash in, out and balance.")
@click.option("--seal", "with_seal", is_flag=True, help="Add the audit seal (POSITION:HASH).")
@click.pass_context
def year_report(ctx, year, as_json, csv_dir, chart, with_seal) -> None:
    """Children covered, income, benefits by type, package and hospital level, loss ratio,
    reserve, claims statistics and monthly cash."""
    from ledger.errors import InputError

    fund = fund_of(ctx)
    doc = fund.annual_report(year)
    if with_seal:
        from ledger.audit import seal

        position, link = seal(fund)
        doc["seal"] = f"{position}:{link}"
    if chart:
        if not chart.lower().endswith(".png"):
            raise InputError("--chart", "the chart is written as a .png file")
        from .charts import cash_chart

        currency = fund.plan_year(year).rules.currency
        cash_chart(doc, chart, currency)
    if csv_dir:
        write_csv(doc, Path(csv_dir))
    if as_json:
        emit_json(doc)
        return
    out = console()
    c, i, b, k = doc["children"], doc["income"], doc["benefits"], doc["claims"]
    out.print(table(f"Plan year {year} ({doc['starts']} to {doc['ends']}, {doc['status']})",
                    ["", ""], [
                        ("Children covered", f"{c['covered']} ({c['paying']} paying, "
                                             f"{c['hardship']} hardship)"),
                        ("Contributions", i["contributions"]), ("Subsidies", i["subsidies"]),
                        ("Donations", i["donations"]), ("Income", i["total"]),
                        ("Benefits", b["total"]), ("Medical assistance passed on", doc["assistance"]),
                        ("Loss ratio (benefits / contributions and subsidies)", doc["loss_ratio"]),
                        ("Reserve", doc["reserve"]),
                        ("Claims", f"{k['count']}: {k['approved']} approved, {k['rejected']} "
                                   f"rejected, {k['open']} open"),
                        ("Average and largest payout", f"{plain(k['average_payout'])} / "
                                                       f"{plain(k['largest_payout'])}"),
                        *[(f"Rejected: {r}", n) for r, n in k["rejected_by_reason"].items()],
                    ], right={1}))
    out.print(table("Benefits by claim type, package and hospital level", ["", "Benefits"],
                    [*[(t, v) for t, v in b["by_type"].items()],
                     *[(f"package {p}", v) for p, v in b["by_package"].items() if p != "none"],
                     *[(f"level {lv} hospitals", v) for lv, v in b["by_level"].items()]],
                    right={1}))
    out.print(table("Cash by month", ["Month", "In", "Out", "Balance"],
                    [(m["month"], m["in"], m["out"], m["balance"]) for m in doc["cash_by_month"]],
                    right={1, 2, 3}))
    if with_seal:
        say(f"Audit seal: {doc['seal']}")
    if chart:
        say(f"Chart written to {chart}")


def write_csv(doc: dict, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)

    def write(name: str, header: list[str], rows: list[list]) -> None:
        with open(folder / name, "w", newline="", encoding="utf-8-sig") as f:
            w = csv.writer(f)
            w.writerow(header)
            w.writerows([[plain(v) for v in row] for row in rows])

    year = doc["year"]
    write(f"summary-{year}.csv", ["item", "value"], [
        ["children_covered", doc["children"]["covered"]], ["paying", doc["children"]["paying"]],
        ["hardship", doc["children"]["hardship"]],
        *[[f"income_{k}", v] for k, v in doc["income"].items()],
        ["benefits", doc["benefits"]["total"]], ["assistance", doc["assistance"]],
        ["loss_ratio", doc["loss_ratio"]], ["reserve", doc["reserve"]],
        *[[f"claims_{k}", v] for k, v in doc["claims"].items() if k != "rejected_by_reason"],
    ])
    write(f"benefits-{year}.csv", ["breakdown", "key", "benefits"], [
        [kind, key, value] for kind in ("by_type", "by_package", "by_level")
        for key, value in doc["benefits"][kind].items()])
    write(f"cash-by-month-{year}.csv", ["month", "in", "out", "balance"],
          [[m["month"], m["in"], m["out"], m["balance"]] for m in doc["cash_by_month"]])


def register(cli: click.Group) -> None:
    cli.add_command(report_group)
