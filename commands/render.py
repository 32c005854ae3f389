"""Output for people (rich tables) and for scripts (one JSON document, amounts as strings)."""

from __future__ import annotations

import functools
import json
import re
import sys
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Iterable

import click

from ledger.language import Level, Word, current


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
    """Where a command's tables go: the terminal, at its width; piped into `head`, `less` or
    `grep` from a terminal, that terminal's width still (not a page 200 columns wide); with
    no terminal at all (a file written by a script), 200 columns, so that lines do not wrap.

    On a terminal, a long answer is paged the way git pages: through $PAGER, else `less`
    with LESS=FRX (quits at once when it fits one screen, keeps colours, leaves the text on
    the screen); `fund --no-pager` or PAGER=cat prints it straight."""
    from rich.console import Console

    ctx = click.get_current_context(silent=True)
    screen = getattr(ctx, "meta", {}).get("fund.console") if ctx else None
    if screen is not None:
        return screen
    wanted = ctx is not None and getattr(ctx.obj, "pager", False) and _pager() is not None
    if sys.stdout.isatty() and wanted:
        import io

        screen = Console(file=io.StringIO(), highlight=False, width=terminal_width(),
                         force_terminal=True, color_system="standard")
        ctx.call_on_close(lambda: _page(screen.file.getvalue()))
    else:
        screen = _screen_class()(highlight=False, width=terminal_width())
    if ctx is not None:
        ctx.meta["fund.console"] = screen
    return screen


def quiet_stdout() -> None:
    """What is still to be printed goes nowhere: the reader of the output has gone."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


@functools.lru_cache(maxsize=None)
def _screen_class() -> type:
    """rich's Console (imported when a command prints a table, not before), but for one thing."""
    from rich.console import Console

    class Screen(Console):
        def on_broken_pipe(self) -> None:
            """The reader went (`| head -1`): the rest is printed to nowhere and the command
            goes on to its end (a demo year recording as it tells), not rich's exit 1, the
            code of a refusal."""
            quiet_stdout()

    return Screen


def terminal_width() -> int:
    """The columns of the terminal the reader looks at: COLUMNS, else the terminal of
    stdout, stderr or stdin, else /dev/tty; 200 when there is none."""
    import os

    if os.environ.get("COLUMNS", "").isdigit():
        return int(os.environ["COLUMNS"])
    for stream in (sys.stdout, sys.stderr, sys.stdin):
        try:
            if stream is not None and stream.isatty():
                return os.get_terminal_size(stream.fileno()).columns
        except (OSError, ValueError, AttributeError):
            continue
    try:
        with open("/dev/tty") as tty:
            return os.get_terminal_size(tty.fileno()).columns
    except OSError:
        return 200


def _pager() -> list[str] | None:
    """The pager's command line: $FUND_PAGER, else $PAGER, else `less` (None: no paging)."""
    import os
    import shlex
    import shutil

    chosen = os.environ.get("FUND_PAGER", os.environ.get("PAGER"))
    if chosen is not None:
        words = shlex.split(chosen)
        return words if words and words[0] != "cat" else None
    return ["less"] if shutil.which("less") else None


def _page(text: str) -> None:
    """The answer on the terminal: straight when it fits the screen, else through the pager."""
    import os
    import shutil
    import subprocess

    if not text:
        return
    height = shutil.get_terminal_size((80, 24)).lines
    pager = _pager()
    if pager is None or text.count("\n") < height - 1:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    env = {**os.environ}
    env.setdefault("LESS", "FRX")
    try:
        subprocess.run(pager, input=text.encode(), env=env, check=False)
    except OSError:
        sys.stdout.write(text)


def width() -> int:
    """The columns a table may take."""
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
    cells = [[_cell(v) for v in row] for row in rows]
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


def _cell(value: Any) -> str:
    """A table's cell: a code in words in the reader's language (`Word`), figures as JSON
    writes them (amounts with two decimals, ISO dates: a column of dates stays narrow)."""
    if value is None:
        return ""
    if isinstance(value, (Word, Level)):
        return str(current().value(value))
    return str(plain(value))


def say(message: str) -> None:
    """A one-line confirmation on stdout: on a terminal wrapped at its width between words
    (and between Chinese characters), never inside a number, code or date; piped, one line.
    After a table kept for the pager, it goes after that table, in order."""
    ctx = click.get_current_context(silent=True)
    screen = ctx.meta.get("fund.console") if ctx is not None else None
    if screen is not None and screen.file is not sys.stdout and not screen.file.isatty():
        screen.print(fitted(message, sys.stdout), markup=False, highlight=False,
                     soft_wrap=True)
        return
    try:
        click.echo(fitted(message, sys.stdout))
    except BrokenPipeError:  # the reader went: a command telling as it works goes on
        quiet_stdout()


def fitted(message: str, stream, indent: str = "") -> str:
    """`message` as a terminal shows it best: wrapped at its width when `stream` is one."""
    try:
        if not stream.isatty():
            return message
    except (AttributeError, ValueError):
        return message
    room = terminal_width()
    return "\n".join(line for part in message.split("\n")
                     for line in wrap(part, room, indent))


def is_terminal() -> bool:
    return sys.stdout.isatty()


def answer(as_json: bool, doc: dict, text: str) -> None:
    """What a command that records tells: one JSON document of what it recorded, or a line."""
    if as_json:
        emit_json(doc)
    else:
        say(text)


_TOKENS = re.compile(r"\s+|[0-9]+年[0-9]+月(?:[0-9]+日)?|[\u2e80-\ua4cf\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]|"
                     r"[^\s\u2e80-\ua4cf\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]+")
_NOT_FIRST = set("，。、；：？！）》」』】〕…%,.;:?!)")  # never at the start of a line


def wrap(text: str, width: int, indent: str = "", first: str = "") -> list[str]:
    """`text` in lines of at most `width` terminal columns, a Chinese character counted as
    two: English breaks at spaces, Chinese between any two characters, never before a
    closing mark (，。）…), as Chinese is typeset. The first line starts with `first`, the
    later ones with `indent`."""
    from rich.cells import cell_len

    lines: list[str] = []
    words: list[str] = [first] if first else []  # the tokens of the line being filled

    def used() -> int:
        return cell_len("".join(words))

    def flush() -> None:
        if "".join(words).strip():
            lines.append("".join(words).rstrip())
        words[:] = [indent] if indent else []

    for token in _TOKENS.findall(text):
        if token.isspace():
            if "".join(words).strip() and used() + 1 <= width:
                words.append(" ")
            elif "".join(words).strip():
                flush()
            continue
        if used() + cell_len(token) <= width:
            words.append(token)
            continue
        carried = []
        if token[0] in _NOT_FIRST and len(words) > 1 and not words[-1].isspace():
            carried = [words.pop()]  # the word before a closing mark goes down with it
        flush()
        words.extend(carried)
        while used() + cell_len(token) > width and len(token) > 1:
            room = width - used()  # a word longer than a line: cut where it must be
            cut = max(1, next((i for i in range(len(token), 0, -1)
                               if cell_len(token[:i]) <= room), 1))
            words.append(token[:cut])
            token = token[cut:]
            flush()
        words.append(token)
    flush()
    return lines or [""]
