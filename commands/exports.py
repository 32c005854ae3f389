"""`fund export contributions|claims`: a year's records as CSV that Excel opens and `fund import`
reads back (UTF-8 with BOM, the roster's own columns)."""

from __future__ import annotations

import sys

import click

from ledger.language import _

from .options import ID, force_option, group, json_option, output, reader_of
from .render import answer, emit_json


def _export(ctx: click.Context, what: str, year: str, out: str | None, force: bool,
            as_json: bool, names: str = "en") -> None:
    from ledger.app.files import csv_writer, export_header, write_csv

    target = output(ctx, out, "--out", force) if out else None
    columns, rows = reader_of(ctx).export(what, year)
    header = export_header(what, columns, names == "zh")
    if names == "zh" and what == "claims":
        rows = _in_chinese(columns, rows)
    if as_json and target is None:
        emit_json({"year": year, "columns": list(columns),
                   "rows": [dict(zip(columns, row)) for row in rows]})
        return
    if target is None:
        write = csv_writer(sys.stdout)
        write(header)
        for row in rows:
            write(row)
        return
    count = write_csv(target, "--out", force, header, rows)
    answer(as_json, {"year": year, "file": out, "rows": count},
           _("Wrote {count} contributions of {year} to {out}", count=count, year=year, out=out)
           if what == "contributions" else
           _("Wrote {count} claims of {year} to {out}", count=count, year=year, out=out))


def _in_chinese(columns, rows):
    """A claims file's values as a Chinese hospital writes them: the type 住院 / 门诊大病 (which
    import reads back), the status in words (import does not read it)."""
    from ledger.app.files import ClaimsFile
    from ledger.language import current

    types = {code: zh for zh, code in ClaimsFile.TYPES.items()}
    kind, status = columns.index("type"), columns.index("status")
    t = current()
    for row in rows:
        row = list(row)
        row[kind] = types.get(row[kind], row[kind])
        row[status] = t.word(row[status]) if row[status] else row[status]
        yield row


@group("export")
def export_group() -> None:
    """A year's records as CSV (UTF-8 with BOM), in the columns `fund import` reads."""


COLUMNS = click.option("--columns", "names", type=click.Choice(["en", "zh"]), default="en",
                       show_default=True, help="Name the file's columns in English (member, "
                       "name, …) or in Chinese (学号, 姓名, …); import reads either.")


@export_group.command("contributions")
@click.option("--year", required=True, help="Plan year, like 2026-2027.", type=ID)
@click.option("--out", metavar="FILE.csv", help="Write here (default: standard output).")
@COLUMNS
@force_option
@json_option
@click.pass_context
def contributions(ctx: click.Context, year: str, out: str | None, names: str, force: bool,
                  as_json: bool) -> None:
    """Standing contributions of a year, one roster row per child (reversed ones left out)."""
    _export(ctx, "contributions", year, out, force, as_json, names)


@export_group.command("claims")
@click.option("--year", required=True, help="Plan year, like 2026-2027.", type=ID)
@click.option("--out", metavar="FILE.csv", help="Write here (default: standard output).")
@COLUMNS
@force_option
@json_option
@click.pass_context
def claims(ctx: click.Context, year: str, out: str | None, names: str, force: bool,
           as_json: bool) -> None:
    """Claims of a year as submitted, with status, payout and what was paid."""
    _export(ctx, "claims", year, out, force, as_json, names)


@export_group.command("journal")
@click.option("--format", "fmt", required=True, type=click.Choice(["hledger", "beancount"]),
              help="The plain-text accounting tool that reads it.")
@click.option("--year", type=ID, help="Only this plan year, from the balances brought forward.")
@click.option("--out", metavar="FILE", help="Write here (default: standard output).")
@force_option
@json_option
@click.pass_context
def journal(ctx: click.Context, fmt: str, year: str | None, out: str | None, force: bool,
            as_json: bool) -> None:
    """The books as a journal for hledger or Beancount: one transaction per money event, and
    each bank statement's balance as the tool's own assertion."""
    from ledger.app.files import write_text_lines

    target = output(ctx, out, "--out", force) if out else None
    lines = reader_of(ctx).journal(fmt, year)
    if target is None:
        if as_json:
            emit_json({"format": fmt, "year": year, "journal": "\n".join(lines) + "\n"})
            return
        for line in lines:
            click.echo(line)
        return
    count = write_text_lines(target, "--out", force, lines)
    answer(as_json, {"format": fmt, "year": year, "file": out, "lines": count},
           _("Wrote the {format} journal of {year} to {out}", format=fmt, year=year, out=out)
           if year else _("Wrote the {format} journal to {out}", format=fmt, out=out))


def register(cli: click.Group) -> None:
    cli.add_command(export_group)
