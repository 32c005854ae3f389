"""`fund export contributions|claims`: a year's records as CSV that Excel opens and `fund import`
reads back (UTF-8 with BOM, the roster's own columns)."""

from __future__ import annotations

import csv
import sys

import click

from .options import fund_of
from .render import say


def _export(ctx: click.Context, what: str, year: str, out: str | None) -> None:
    columns, rows = fund_of(ctx).export(what, year)
    target = open(out, "w", newline="", encoding="utf-8-sig") if out else None
    stream = target or sys.stdout
    try:
        writer = csv.writer(stream)
        writer.writerow(columns)
        count = 0
        for row in rows:
            writer.writerow(row)
            count += 1
    finally:
        if target:
            target.close()
    if out:
        say(f"Wrote {count} {what} of {year} to {out}")


@click.group("export")
def export_group() -> None:
    """A year's records as CSV (UTF-8 with BOM), in the columns `fund import` reads."""


@export_group.command("contributions")
@click.option("--year", required=True, help="Plan year, like 2026-2027.")
@click.option("--out", metavar="FILE.csv", help="Write here (default: standard output).")
@click.pass_context
def contributions(ctx: click.Context, year: str, out: str | None) -> None:
    """Standing contributions of a year, one roster row per child (reversed ones left out)."""
    _export(ctx, "contributions", year, out)


@export_group.command("claims")
@click.option("--year", required=True, help="Plan year, like 2026-2027.")
@click.option("--out", metavar="FILE.csv", help="Write here (default: standard output).")
@click.pass_context
def claims(ctx: click.Context, year: str, out: str | None) -> None:
    """Claims of a year as submitted, with status, payout and what was paid."""
    _export(ctx, "claims", year, out)


def register(cli: click.Group) -> None:
    cli.add_command(export_group)
