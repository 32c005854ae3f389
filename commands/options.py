"""Options and argument readers shared by the command modules."""

from __future__ import annotations

from pathlib import Path

import click

json_option = click.option("--json", "as_json", is_flag=True, help="Print one JSON document (for scripts).")
date_option = click.option("--date", "on", metavar="DATE",
                           help="Effective date YYYY-MM-DD (default: today).")


force_option = click.option("--force", is_flag=True, help="Replace the file if it exists "
                            "(never the fund's store, nor a file this command reads).")


def fund_of(ctx: click.Context):
    """The fund, for a command that records something (its store is made if need be)."""
    return ctx.obj.fund


def reader_of(ctx: click.Context):
    """The fund, for a command that only reads: no store is ever made by a read."""
    return ctx.obj.reader


def output(ctx: click.Context, path: str, option: str, force: bool, inputs=()) -> Path:
    """A file this command will write, checked before it records anything."""
    from ledger.app.files import output_path

    return output_path(path, option, force=force, protected=ctx.obj.store_files(),
                       inputs=inputs)


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
