"""`fund audit verify` and `fund audit rebuild`: the auditor's tools."""

from __future__ import annotations

import click

from ledger.language import ENGLISH, N_, _, current

from .options import force_option, fund_of, group, json_option, output, reader_of
from .render import console, emit_json, is_terminal, say, table


@group("audit")
def audit_group() -> None:
    """Check the record and rebuild every figure from it."""


def parse_seal(text: str) -> tuple[int, str]:
    from ledger.errors import InputError

    position, _colon, link = text.partition(":")
    if not position.isdigit() or len(link) != 64 or not all(c in "0123456789abcdef" for c in link):
        raise InputError("--seal", N_("{text!r} is not POSITION:HASH as `fund audit seal` prints "
                                      "it"), text=text)
    return int(position), link


def chain_key() -> bytes | None:
    """FUND_CHAIN_KEY: the board's key of the keyed chain (held by the board, not the store)."""
    import os

    from ledger.errors import InputError

    raw = os.environ.get("FUND_CHAIN_KEY", "")
    if not raw:
        return None
    if len(raw.strip()) < 16:
        raise InputError("FUND_CHAIN_KEY", N_("is shorter than 16 characters; `fund key "
                                              "generate` makes one"))
    return raw.strip().encode()


def _coverage(c) -> str:
    if c.keyed and c.position == 0:
        return _("no keyed seal is recorded yet: none of the {after} events is covered by one "
                 "(fund audit seal with FUND_CHAIN_KEY records one)", after=c.after)
    if c.keyed:
        return (_("{after} event(s) after the last keyed seal at position {position} are not "
                  "covered by it", after=c.after, position=c.position) if c.after else
                _("every event is covered by the last keyed seal at position {position}",
                  position=c.position))
    return (_("{after} event(s) after the seal at position {position} are not covered by it",
              after=c.after, position=c.position) if c.after else
            _("every event is covered by the seal at position {position}", position=c.position))


@audit_group.command("verify")
@click.option("--seal", "sealed", metavar="POSITION:HASH",
              help="A published seal the log must still extend.")
@json_option
@click.pass_context
def verify(ctx: click.Context, sealed: str | None, as_json: bool) -> int:
    """Check the hash chain and every invariant of the record; exit 1 naming the first
    broken position and what broke."""
    from ledger.app.audit import verify as run

    fund = reader_of(ctx)
    key = chain_key()
    coverage: list = []
    problems = run(fund, parse_seal(sealed) if sealed else None, key, coverage,
                   t=ENGLISH if as_json else current())
    head = fund.event_count()  # events, not positions: PostgreSQL leaves gaps in those
    if as_json:
        emit_json({"ok": not problems, "events": head,
                   "last_position": fund.views.position(), "problems": problems,
                   "keyed": key is not None,
                   "coverage": [{"seal": "keyed" if c.keyed else "published",
                                 "position": c.position, "events_after": c.after}
                                for c in coverage]})
        return 1 if problems else 0
    for c in coverage:
        say(_coverage(c))
    if problems:
        for p in problems[:20]:
            click.echo(_("fund: audit: {problem}", problem=p), err=True)
    elif sealed:
        say(_("Audit passed: {events} events; hash chain intact and extending the seal at "
              "position {position}; trial balance zero at every position; cash never negative "
              "at any position nor at the end of any day; no child over the cap; no claim paid "
              "more than approved; projections identical to a full replay", events=head,
              position=sealed.split(":")[0]))
    else:
        say(_("Audit passed: {events} events; hash chain intact; trial balance zero at every "
              "position; cash never negative at any position nor at the end of any day; no "
              "child over the cap; no claim paid more than approved; projections identical to "
              "a full replay", events=head))
    return 1 if problems else 0


@audit_group.command("seal")
@json_option
@click.pass_context
def seal(ctx: click.Context, as_json: bool) -> None:
    """Print the head of the hash chain (POSITION:HASH) for the board to publish. With
    FUND_CHAIN_KEY set, compute the keyed chain and record its head in the log as a keyed
    seal: someone without the key can append events but cannot make a seal covering them."""
    from ledger.app.audit import record_keyed_seal
    from ledger.app.audit import seal as head

    key = chain_key()
    if key is not None:
        position, link = record_keyed_seal(fund_of(ctx), key)
        if as_json:
            emit_json({"position": position, "hash": link, "seal": f"{position}:{link}",
                       "keyed": True})
        else:
            say(_("Keyed seal of position {position} recorded ({position}:{link})",
                  position=position, link=link))
        return

    position, link = head(reader_of(ctx))
    if as_json:
        emit_json({"position": position, "hash": link, "seal": f"{position}:{link}",
                   "keyed": False})
    else:
        say(f"{position}:{link}")


@audit_group.command("rebuild")
@click.option("--into", metavar="URL", help="Rebuild into another database (e.g. an auditor's "
              "own sqlite:///audit.db) instead of a private scratch copy.")
@force_option
@json_option
@click.pass_context
def rebuild(ctx: click.Context, into: str | None, force: bool, as_json: bool) -> int:
    """Replay every event into fresh projections and report any difference from the live ones."""
    from ledger.app.audit import rebuild as run

    if into:
        into = _auditors_copy(ctx, into, force)
    fund = reader_of(ctx)
    if is_terminal() and not as_json:
        from rich.progress import Progress

        with Progress(transient=True) as bar:
            task = bar.add_task(_("Replaying events"),
                                total=fund.recorder.max_notification_id() or 0)
            report = run(fund, into, progress=lambda n, pos: bar.update(task, completed=pos),
                         t=current())
    else:
        report = run(fund, into, t=ENGLISH if as_json else current())
    if as_json:
        emit_json({"identical": report.identical, "events": report.events,
                   "unreadable": report.unreadable,
                   "seconds": round(report.seconds, 3),
                   "tables": {t.table: {"live": t.live_rows, "rebuilt": t.rebuilt_rows,
                                        "differences": t.differences} for t in report.tables}})
    else:
        console().print(table(
            _("Rebuilt from {events} events in {seconds:.2f} s", events=report.events,
              seconds=report.seconds),
            [_("Table"), _("Live rows"), _("Rebuilt rows"), _("Differences")],
            [(t.table, t.live_rows, t.rebuilt_rows, len(t.differences)) for t in report.tables],
            right={1, 2, 3}))
        for problem in report.unreadable:
            click.echo(_("fund: audit: {problem}", problem=problem), err=True)
        for t in report.tables:
            for d in t.differences:
                click.echo(_("fund: audit: {problem}", problem=d), err=True)
        say(_("Identical: every projection matches a full replay of the log") if report.identical
            else _("DIFFERENT: the live projections do not match the log"))
    return 0 if report.identical else 1


def _auditors_copy(ctx: click.Context, into: str, force: bool) -> str:
    """An auditor's own database: never the fund's store; an SQLite file that exists already
    only with --force (its views are replaced)."""
    from ledger.errors import InputError
    from ledger.store.locations import DEFAULT_DB, sqlite_path, store_url

    try:
        url = store_url(into).replace("+psycopg", "")
    except InputError as e:  # the URL given with --into, not the fund's --db
        raise InputError("--into", e.template, **e.params) from None
    if url.split("?")[0] == store_url(ctx.obj.db or DEFAULT_DB).replace("+psycopg", "").split("?")[0]:
        raise InputError("--into", N_("is the fund's store; an auditor rebuilds into a database "
                                      "of their own"))
    if url.startswith("sqlite"):
        output(ctx, sqlite_path(url), "--into", force)
    return into


def register(cli: click.Group) -> None:
    cli.add_command(audit_group)
