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


def width() -> int:
    """The columns a table may take: the terminal's, or 200 when the output is not one."""
    return console().width


def table(title: str, columns: Iterable[str], rows: Iterable[Iterable[Any]],
          right: set[int] = frozenset(), wrap: set[int] = frozenset(),
          optional: Iterable[int] = ()):
    """A table whose numbers, codes, dates and amounts are never cut: those columns are as wide
    as their widest cell; only the columns in `wrap` (free text: names, reasons) wrap onto
    more lines. When even so the table is wider than the terminal, the `optional` columns are
    left out, in the order given, until it fits."""
    from rich.cells import cell_len
    from rich.table import Table

    columns = list(columns)
    cells = [["" if v is None else str(plain(v)) for v in row] for row in rows]
    widest = [max([cell_len(r[i]) for r in cells], default=0) for i in range(len(columns))]
    heads = [max((cell_len(w) for w in c.split()), default=0) for c in columns]
    keep = list(range(len(columns)))

    def needed(shown: list[int]) -> int:
        # a column's cells and its padding and rule: 3 cells each, and one for the edge
        return sum(max(widest[i], heads[i]) if i not in wrap else min(heads[i] + 4, 12)
                   for i in shown) + 3 * len(shown) + 1

    room = width()
    for i in optional:
        if needed(keep) <= room:
            break
        keep.remove(i)
    # At least as wide as its title, which would otherwise wrap to the columns' width.
    t = Table(title=title, title_justify="left", header_style="bold",
              min_width=min(cell_len(title) + 4, room) if title else None)
    for i in keep:
        justify = "right" if i in right else "left"
        if i in wrap:
            t.add_column(columns[i], justify=justify, overflow="fold")
            continue
        # A heading wider than its cells takes a line a word; the cells are never cut.
        head = columns[i] if cell_len(columns[i]) <= widest[i] else columns[i].replace(" ", "\n")
        t.add_column(head, justify=justify, no_wrap=True, overflow="fold",
                     min_width=max(widest[i], heads[i]))
    for row in cells:
        t.add_row(*(row[i] for i in keep))
    return t


def say(message: str) -> None:
    """A one-line confirmation on stdout."""
    click.echo(message)


def is_terminal() -> bool:
    return sys.stdout.isatty()


def answer(as_json: bool, doc: dict, text: str) -> None:
    """What a command that records tells: one JSON document of what it recorded, or a line."""
    if as_json:
        emit_json(doc)
    else:
        say(text)


def count(n: int, thing: str, things: str | None = None) -> str:
    """`1 plan year`, `2 plan years`."""
    return f"{n} {thing if n == 1 else (things or thing + 's')}"
