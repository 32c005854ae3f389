"""Options and argument readers shared by the command modules."""

from __future__ import annotations

import inspect
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import click

from ledger.language import _, current


@contextmanager
def _in_language(*things) -> Iterator[None]:
    """The help of a command and of its options in the reader's language while click formats
    it. Help is written in English in the code (and extracted to the catalogue by
    tools/catalogue.py); it is translated at the moment it is shown, never stored translated,
    so one process can answer in either language (tests run many commands in one)."""
    saved = [(thing, thing.help, getattr(thing, "short_help", None)) for thing in things]
    t = current()  # the help's own literals are the msgids (extracted by tools/catalogue.py)
    try:
        for thing, help_text, short in saved:
            if help_text:
                thing.help = t.gettext(inspect.cleandoc(help_text))
            if short:
                thing.short_help = t.gettext(short)
        yield
    finally:
        for thing, help_text, short in saved:
            thing.help = help_text
            if short:
                thing.short_help = short


def _paragraphs(text: str) -> list[tuple[bool, str]]:
    """(kept as written, text) for each paragraph: lines joined with a space, or with none
    between two Chinese characters; a paragraph after a line of `\\b` is kept as written."""
    found = []
    for block in text.split("\n\n"):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        if lines[0] == "\b":
            found.append((True, "\n".join(lines[1:])))
            continue
        joined = lines[0]
        for line in lines[1:]:
            wide = ord(joined[-1]) > 0x2e7f and ord(line[0]) > 0x2e7f
            joined += ("" if wide else " ") + line
        found.append((False, joined))
    return found


class FundHelpFormatter(click.HelpFormatter):
    """click's help, wrapped by the columns a reader sees: a Chinese character takes two, and
    Chinese lines break between characters (click's own wrapping counts characters and breaks
    only at spaces, so Chinese help would run past the window)."""

    def write_text(self, text: str) -> None:
        from .render import wrap

        indent = " " * self.current_indent
        out = []
        for kept, paragraph in _paragraphs(text):
            if kept:
                out.append("\n".join(indent + line for line in paragraph.splitlines()))
            else:
                out.append("\n".join(wrap(paragraph, self.width, indent, first=indent)))
        self.write("\n\n".join(out) + "\n")

    def write_heading(self, heading: str) -> None:
        colon = "：" if current().chinese else ":"
        self.write(f"{'':>{self.current_indent}}{heading}{colon}\n")

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        # click writes "Usage: " with a space after its colon; Chinese takes its own colon
        if prefix is None and current().chinese:
            self.write(f"{_('Usage:').rstrip()}{prog} {args}\n")
            return
        super().write_usage(prog, args, prefix)

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        from rich.cells import cell_len

        from .render import wrap

        rows = list(rows)
        first_col = min(max((cell_len(r[0]) for r in rows), default=0), col_max) + col_spacing
        text_width = max(self.width - first_col - 2 - self.current_indent, 10)
        pad = " " * (first_col + self.current_indent)
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if cell_len(first) <= first_col - col_spacing:
                self.write(" " * (first_col - cell_len(first)))
            else:
                self.write("\n" + pad)
            lines = [line for _, p in _paragraphs(second) for line in wrap(p, text_width)]
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(pad + line + "\n")


class FundContext(click.Context):
    formatter_class = FundHelpFormatter


class Translated:
    """Help, short help and click's own --help option in the reader's language."""

    context_class = FundContext

    def get_help_option(self, ctx: click.Context):
        self._help_option = None  # click keeps it made once, its help in the first language
        return super().get_help_option(ctx)

    def get_short_help_str(self, limit: int = 45) -> str:
        with _in_language(self):
            if not current().chinese or self.short_help or not self.help:
                return super().get_short_help_str(limit)
            # click shortens at a space, and Chinese has none: the first sentence, cut to
            # the columns a listing gives it (a Chinese character takes two)
            from rich.cells import cell_len

            text = inspect.cleandoc(self.help).split("\n\n")[0].replace("\n", "")
            text = text.split("。")[0].split("：")[0]
            room = limit
            if cell_len(text) <= room:
                return text
            while cell_len(text) > room - 1:
                text = text[:-1]
            return text + "…"

    def format_help(self, ctx: click.Context, formatter) -> None:
        with _in_language(self, *self.get_params(ctx)):
            super().format_help(ctx, formatter)


class FundCommand(Translated, click.Command):
    """A command that names every required option missing at once, not one per attempt, and
    runs only for an operator whose role may run it (checked here, for every command, before
    the command's own code: a new command cannot forget it)."""

    def invoke(self, ctx: click.Context):
        shared = ctx.find_root().obj
        if shared is not None and hasattr(shared, "authorise"):
            shared.authorise(ctx.command_path.partition(" ")[2])
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            # The reader of its output went (`| head -1`) as a command printed its answer
            # (click's echo; a table goes on to its end, `render.console`): what it recorded
            # is kept, so it succeeded (click would exit 1, the code of a refusal).
            from .render import quiet_stdout

            quiet_stdout()
            raise click.exceptions.Exit(0) from None

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        given = list(args)
        try:
            return super().parse_args(ctx, args)
        except click.MissingParameter:
            missing = self._missing(ctx, given)
            if len(missing) > 1:
                raise click.UsageError(_("Missing options {options}.",
                                         options=_(", ").join(missing)), ctx) from None
            raise

    def _missing(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            opts, _, _ = self.make_parser(ctx).parse_args(args=list(args))
        except click.UsageError:
            return []
        return [p.get_error_hint(ctx) for p in self.get_params(ctx)
                if p.required and opts.get(p.name) is None]


class FundGroup(Translated, click.Group):
    """A group whose commands are `FundCommand`s, and which alone prints its help (exit 0)."""

    command_class = FundCommand

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args:
            click.echo(ctx.get_help())
            ctx.exit(0)
        return super().parse_args(ctx, args)


FundGroup.group_class = FundGroup


def group(name: str) -> click.Group:
    """`@group("claim")`: a group of the fund's commands."""
    return click.group(name, cls=FundGroup)


def command(name: str) -> click.Command:
    """`@command("balance")`: a command of the fund's own."""
    return click.command(name, cls=FundCommand)


class Identifier(click.ParamType):
    """A member, receipt, claim, bill or hospital number, a year or a reference as a person
    types it: NFKC-normalised and trimmed (`ledger.values.parse_id`), so that a full-width
    digit from a Chinese input method and its ASCII twin are one number, for reads as for
    writes."""

    name = "id"

    def convert(self, value, param, ctx):
        from ledger.values import parse_id

        label = (param.opts[0] if param.param_type_name == "option"
                 else param.human_readable_name) if param else "ID"
        return parse_id(value, label)


ID = Identifier()

json_option = click.option("--json", "as_json", is_flag=True,
                           help="Print one JSON document (for scripts).")
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


MAX_TEXT_FILE = 1 << 20  # a year's rules are a few kilobytes


def read_text(path: str, field: str) -> str:
    """A text file given on the command line: UTF-8 (with or without BOM)."""
    from ledger.errors import InputError
    from ledger.language import N_

    p = Path(path)
    if not p.is_file():
        raise InputError(field, N_("{path}: no such file"), path=path)
    if p.stat().st_size > MAX_TEXT_FILE:
        raise InputError(field, N_("{path}: larger than a rules file can be ({kib} KiB)"),
                         path=path, kib=MAX_TEXT_FILE // 1024)
    try:
        return p.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(field, N_("{path}: not UTF-8 text"), path=path) from None


def maybe_date(text: str | None, field: str = "--date"):
    from ledger.values import parse_date

    return parse_date(text, field) if text else None
