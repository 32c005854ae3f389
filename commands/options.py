"""Options and argument readers shared by the command modules."""

from __future__ import annotations

from pathlib import Path

import click

class FundCommand(click.Command):
    """A command that names every required option missing at once, not one per attempt."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        given = list(args)
        try:
            return super().parse_args(ctx, args)
        except click.MissingParameter:
            missing = self._missing(ctx, given)
            if len(missing) > 1:
                raise click.UsageError(f"Missing options {', '.join(missing)}.", ctx) from None
            raise

    def _missing(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            opts, _, _ = self.make_parser(ctx).parse_args(args=list(args))
        except click.UsageError:
            return []
        return [p.get_error_hint(ctx) for p in self.get_params(ctx)
                if p.required and opts.get(p.name) is None]


class FundGroup(click.Group):
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


MAX_TEXT_FILE = 1 << 20  # a year's rules are a few kilobytes


def read_text(path: str, field: str) -> str:
    """A text file given on the command line: UTF-8 (with or without BOM)."""
    from ledger.errors import InputError

    p = Path(path)
    if not p.is_file():
        raise InputError(field, f"{path}: no such file")
    if p.stat().st_size > MAX_TEXT_FILE:
        raise InputError(field, f"{path}: larger than a rules file can be "
                         f"({MAX_TEXT_FILE // 1024} KiB)")
    try:
        return p.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(field, f"{path}: not UTF-8 text") from None


def maybe_date(text: str | None, field: str = "--date"):
    from ledger.values import parse_date

    return parse_date(text, field) if text else None
