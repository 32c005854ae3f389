"""Output for people (rich tables) and for scripts (one JSON document, amounts as strings)."""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Iterable

import click


def plain(value: Any) -> Any:
    """JSON-safe: amounts as strings with two decimals, dates ISO, ratios as written."""
    if isinstance(value, Decimal):
        return f"{value:.2f}" if value.as_tuple().exponent >= -2 else str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def emit_json(document: Any) -> None:
    click.echo(json.dumps(plain(document), ensure_ascii=False, indent=2))


def console():
    from rich.console import Console

    # On a terminal rich fits the window; piped into a file or a script, lines are not wrapped.
    return Console(highlight=False, width=None if sys.stdout.isatty() else 200)


def table(title: str, columns: Iterable[str], rows: Iterable[Iterable[Any]], right: set[int] = frozenset()):
    from rich.table import Table

    t = Table(title=title, title_justify="left", header_style="bold")
    for i, col in enumerate(columns):
        t.add_column(col, justify="right" if i in right else "left")
    for row in rows:
        t.add_row(*("" if v is None else str(plain(v)) for v in row))
    return t


def say(message: str) -> None:
    """A one-line confirmation on stdout."""
    click.echo(message)


def is_terminal() -> bool:
    return sys.stdout.isatty()
