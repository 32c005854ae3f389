"""`fund db …`, `fund backup`, `fund key generate`: running the store in production."""

from __future__ import annotations

import click

from .options import command, force_option, fund_of, group, json_option, output, reader_of
from .render import answer, emit_json, say


@group("db")
def db_group() -> None:
    """The store: append-only guard, auditor role, health check."""


@db_group.command("init")
@json_option
@click.pass_context
def init(ctx: click.Context, as_json: bool) -> None:
    """Create the store and make its event table append-only (also done on first use)."""
    kind, table = fund_of(ctx).guarded_store()
    answer(as_json, {"kind": kind, "table": table, "append_only": True},
           f"Store ready ({kind}): table {table} refuses UPDATE and DELETE")


@db_group.command("grant-auditor")
@click.argument("role")
@json_option
@click.pass_context
def grant_auditor(ctx: click.Context, role: str, as_json: bool) -> None:
    """Create ROLE (if needed) with SELECT only: reads, `audit verify` and `audit rebuild --into`."""
    created = reader_of(ctx).grant_auditor(role)
    answer(as_json, {"role": role, "created": created, "may_change": []},
           f"{'Created' if created else 'Updated'} role {role}: may read every table, change none")


@db_group.command("check")
@json_option
@click.pass_context
def check(ctx: click.Context, as_json: bool) -> None:
    """Kind, schema version, events, last position, projection lag, guard and cipher."""
    report = reader_of(ctx).store_check()
    if as_json:
        emit_json(report)
        return
    for key, value in report.items():
        say(f"{key.replace('_', ' '):<22} {value}")


@command("backup")
@click.argument("file", metavar="FILE")
@force_option
@json_option
@click.pass_context
def backup(ctx: click.Context, file: str, force: bool, as_json: bool) -> None:
    """Copy an SQLite fund, while in use, to FILE (PostgreSQL: pg_dump, see README)."""
    from ledger.app.files import replacing

    target = output(ctx, file, "FILE", force)
    fund = reader_of(ctx)
    with replacing(target, "FILE", force) as scratch:
        events, size = fund.backup(str(scratch))
    answer(as_json, {"file": file, "events": events, "bytes": size},
           f"Backed up {events} events to {file} ({size:,} bytes); check it with: "
           f"fund --db sqlite:///{file} audit verify")


@group("key")
def key_group() -> None:
    """The cipher key that encrypts personal data in stored events."""


@key_group.command("generate")
@json_option
def generate(as_json: bool) -> None:
    """Print a new AES-256 key for FUND_CIPHER_KEY (keep it safe: without it nothing reads)."""
    import base64
    import secrets

    # As the cipher's own AESCipher.create_key(32) makes it: 32 random bytes in base64.
    key = base64.b64encode(secrets.token_bytes(32)).decode()
    answer(as_json, {"key": key, "cipher": "AES-256-GCM"}, key)


def register(cli: click.Group) -> None:
    cli.add_command(db_group)
    cli.add_command(backup)
    cli.add_command(key_group)
