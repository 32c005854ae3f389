"""`fund import contributions`: a school's roster, all or nothing, safe to import again."""

from __future__ import annotations

import click

from ledger.language import N_, Message, _, current, ngettext

from .options import ID, force_option, fund_of, group, json_option, output
from .render import answer, emit_json, is_terminal, say


@group("import")
def import_group() -> None:
    """Bulk input from files."""


def _rows_setting(name: str, default: int, least: int = 0) -> int:
    """A number of rows, at least `least`, from the environment (an administrator's tuning of
    long imports)."""
    import os

    from ledger.errors import InputError

    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) < least:
        raise InputError(name, N_("{value!r} is not a number of rows"), value=value)
    return int(value)


def _tuning() -> dict[str, int]:
    """FUND_IMPORT_BATCH: rows per transaction (default 20,000; smaller holds the store's write
    lock for shorter turns, larger writes fewer index pages per row). FUND_IMPORT_FOLLOWER_FROM:
    the roster size from which a second process catches the views up while the import records
    (default 10,000; a huge number keeps an import on one core)."""
    from ledger.app.rosters import BATCH, FOLLOW_FROM

    return {"batch": _rows_setting("FUND_IMPORT_BATCH", BATCH, least=1),
            "follow_from": _rows_setting("FUND_IMPORT_FOLLOWER_FROM", FOLLOW_FROM)}


@import_group.command("contributions")
@click.argument("files", metavar="FILE.csv...", nargs=-1, required=True)
@click.option("--year", required=True, help="Plan year, like 2026-2027.", type=ID)
@click.option("--encoding", help="utf-8, utf-8-sig or gb18030 (default: detected).")
@click.option("--skip-bad", "rejects", metavar="REJECTS.csv",
              help="Record the good rows; write the bad ones, with a reason, to this file.")
@click.option("--deposit", metavar="REF", type=ID,
              help="The bank deposit the roster's money was paid in with: the bank shows one "
                   "movement of its total under this reference (fund reconcile bank).")
@force_option
@json_option
@click.pass_context
def contributions(ctx, files, year, encoding, rejects, deposit, force, as_json) -> None:
    """Import a roster: member,name,born,guardian,receipt,date,amount[,hardship,evidence].

    Every row is checked first; a file with any bad row records nothing (unless --skip-bad).
    A receipt already recorded with the same data is skipped, so a file can be imported again.
    Several files (one per school) are one roster: a bad row in any records none of them.
    """
    from ledger.errors import InputError
    from ledger.money import ZERO

    from ledger.app.files import Rosters

    if rejects and len(files) > 1:
        raise InputError("--skip-bad", N_("sets aside the bad rows of one file at a time (each "
                                          "school gets its own back); import the files one by "
                                          "one"))
    target = output(ctx, rejects, "--skip-bad", force, inputs=files) if rejects else None
    roster = Rosters(list(files), encoding)
    _ignored(roster.extra, "roster")
    from ledger.app.imports import RosterError

    fund = fund_of(ctx)
    if deposit:
        fund.bank.check_deposit(deposit)
    bad: dict = {}  # line: its problem (a Message)
    reject = bad.__setitem__ if rejects else None
    tuning = _tuning()
    t = current()
    try:
        if is_terminal():
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

            import time

            stage = {"name": "", "started": time.monotonic()}

            def advance(name: str, n: int, total: int | None) -> None:
                """Each stage counted from its own start: rows done, of how many, how fast.
                `name` is the stage's msgid (marked where the import names it)."""
                if name != stage["name"]:
                    stage.update(name=name, started=time.monotonic())
                took = time.monotonic() - stage["started"]
                rate = _("{rate:,.0f} rows/s", rate=n / took) if n and took > 0.05 else ""
                bar.update(task, description=t.gettext(name), completed=n, total=total,
                           rate=rate)

            with Progress(TextColumn("{task.description}"), BarColumn(),
                          TextColumn("{task.completed:,}"), TextColumn("{task.fields[rate]}"),
                          TimeElapsedColumn(), transient=True) as bar:
                task = bar.add_task(_("Checking rows"), total=None, rate="")
                report = fund.import_roster(roster.rows, year, reject, progress=advance,
                                             where=roster.where, **tuning)
        else:
            report = fund.import_roster(roster.rows, year, reject, where=roster.where,
                                        **tuning)
    except RosterError as e:
        _refused(ctx, e)
    if target is not None:
        roster.files[0].write_rejects(target, "--skip-bad", force, bad, t)
    total = None
    if deposit:
        paid = [(r.receipt, r.amount or ZERO, r.paid_on) for r in roster.rows()
                if not isinstance(r, tuple) and r.line not in bad]
        if paid:
            fund.bank.record_deposit(deposit, year, [(r, a) for r, a, _ in paid],
                                     max(day for *_, day in paid))
            total = sum((a for _, a, _ in paid), ZERO)
    if as_json:
        emit_json({"files": list(files), "year": year, "encoding": roster.encoding,
                   "read": report.read, "recorded": report.recorded,
                   "duplicates": report.duplicates, "rejected": report.rejected,
                   "rejects": rejects if rejects and report.rejected else None,
                   "deposit": deposit, "deposit_total": total})
        return
    named = files[0] if len(files) == 1 else ngettext("{n} file", "{n} files", len(files))
    counts = {"file": named, "encoding": roster.encoding, "read": report.read,
              "recorded": report.recorded, "duplicates": report.duplicates,
              "rejected": report.rejected}
    if rejects and report.rejected:
        say(_("{file} ({encoding}): rows read {read}, recorded {recorded}, skipped as duplicates "
              "{duplicates}, rejected {rejected} (written to {rejects})", rejects=rejects,
              **counts))
    else:
        say(_("{file} ({encoding}): rows read {read}, recorded {recorded}, skipped as duplicates "
              "{duplicates}, rejected {rejected}", **counts))
    if report.read and not report.recorded and not report.rejected:
        say(_("Every receipt was already recorded: nothing changed"))
    if total is not None:
        say(_("Deposit {deposit}: {total:.2f} paid into the bank in one movement",
              deposit=deposit, total=total))


@import_group.command("claims")
@click.argument("file", metavar="FILE.csv")
@click.option("--encoding", help="utf-8, utf-8-sig or gb18030 (default: detected).")
@json_option
@click.pass_context
def claims(ctx, file, encoding, as_json) -> None:
    """Submit claims from a file in the columns `fund export claims` writes.

    Unreadable rows refuse the whole file. Each claim is assessed as on `fund claim submit`;
    a claim already submitted with the same data is skipped, so the file can be run again.
    """
    from ledger.app.imports import RosterError

    from ledger.app.files import ClaimsFile

    sheet = ClaimsFile(file, encoding)
    _ignored(sheet.extra, "claims")
    from ledger.errors import InputError

    try:
        new, duplicates = fund_of(ctx).import_claims(sheet.rows)
    except RosterError as e:
        _refused(ctx, e)
    except InputError as e:  # a row the claim's own rules refuse: its column as written
        raise sheet.as_written(e) from None
    answer(as_json, {"file": file, "encoding": sheet.encoding, "submitted": new,
                     "duplicates": duplicates},
           _("{file} ({encoding}): claims submitted {new}, skipped as duplicates {duplicates}",
             file=file, encoding=sheet.encoding, new=new, duplicates=duplicates))


def _refused(ctx: click.Context, e) -> None:
    """A file with bad rows: its first problems, one a line, in the reader's language (exit 2)."""
    t = current()
    click.echo(f"fund: {e.render(t)}", err=True)
    for problem in e.report.errors[1:]:
        click.echo(f"fund: {problem.render(t) if isinstance(problem, Message) else problem}",
                   err=True)
    ctx.exit(2)


def _ignored(columns: list[str], kind: str) -> None:
    """One warning line for the columns a file has that the fund does not read (the columns
    named as the file names them)."""
    if not columns:
        return
    named = ", ".join(repr(c[:40]) for c in columns[:8])
    if len(columns) > 8:
        named = _("{columns} and {more} more", columns=named, more=len(columns) - 8)
    if kind == "roster":
        text = ngettext("warning: column {columns} is not a roster column; ignored",
                        "warning: columns {columns} are not roster columns; ignored",
                        len(columns), columns=named)
    else:
        text = ngettext("warning: column {columns} is not a claims column; ignored",
                        "warning: columns {columns} are not claims columns; ignored",
                        len(columns), columns=named)
    click.echo(f"fund: {text}", err=True)


def register(cli: click.Group) -> None:
    cli.add_command(import_group)
