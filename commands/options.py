"""Options and argument readers shared by the command modules."""

from __future__ import annotations

from pathlib import Path

import click

json_option = click.option("--json", "as_json", is_flag=True, help="Print one JSON document (for scripts).")
date_option = click.option("--date", "on", metavar="DATE",
                           help="Effective date YYYY-MM-DD (default: today).")


def fund_of(ctx: click.Context):
    return ctx.obj.fund


def read_text(path: str, field: str) -> str:
    """A text file given on the command line: UTF-8 (with or without BOM)."""
    from ledger.errors import InputError

    p = Path(path)
    if not p.is_file():
        raise InputError(field, f"{path}: no such file")
    try:
        return p.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(field, f"{path}: not UTF-8 text") from None


def maybe_date(text: str | None, field: str = "--date"):
    from ledger.values import parse_date

    return parse_date(text, field) if text else None
