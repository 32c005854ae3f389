"""`fund db …`, `fund backup`, `fund key generate`: running the store in production."""

from __future__ import annotations

import click

from ledger.language import N_, Word, _, current

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
           _("Store ready ({kind}): table {table} refuses UPDATE and DELETE", kind=kind,
             table=table))


@db_group.command("grant-auditor")
@click.argument("role")
@json_option
@click.pass_context
def grant_auditor(ctx: click.Context, role: str, as_json: bool) -> None:
    """Create ROLE (if needed) with SELECT only: reads, `audit verify` and `audit rebuild --into`."""
    created = reader_of(ctx).grant_auditor(role)
    answer(as_json, {"role": role, "created": created, "may_change": []},
           _("Created role {role}: may read every table, change none", role=role) if created
           else _("Updated role {role}: may read every table, change none", role=role))


@db_group.command("check")
@json_option
@click.pass_context
def check(ctx: click.Context, as_json: bool) -> None:
    """Kind, schema version, events, last position, projection lag, guard and cipher; on
    PostgreSQL every login whose rights on this store exceed its role."""
    report = reader_of(ctx).store_check()
    if as_json:
        emit_json(report)
        return
    from rich.cells import cell_len

    t = current()
    for key, value in report.items():
        if key == "excess_rights" or value is None:
            continue
        label = t(CHECKED[key]) if key in CHECKED else key.replace("_", " ")
        if isinstance(value, bool):
            value = t(N_("True")) if value else t(N_("False"))
        say(f"{label}{' ' * max(22 - cell_len(label), 0)} {value}")
    if report["standbys"] and not report["commits_wait_for_standbys"]:
        say(_("warning: this store has {n} standby(s) and commits do not wait for them: after a "
              "failover, a payout the fund reported as recorded can be lost, and a second run "
              "could pay it again; set synchronous_standby_names (see the README)",
              n=report["standbys"]))
    for login in report["excess_rights"]:
        say(_("login {login} ({role}) holds rights beyond its role: {rights}",
              login=login["login"], role=Word(login["role"]) if login["role"] else
              _("not an operator"), rights=_(", ").join(t(RIGHTS[r]) for r in login["rights"])))


# What `fund db check` reports, each named in the reader's language (JSON keeps the keys).
CHECKED = {
    "kind": N_("kind"),
    "database": N_("database"),
    "schema_version": N_("schema version"),
    "events": N_("events"),
    "last_position": N_("last position"),
    "projection_position": N_("projection position"),
    "projection_lag": N_("projection lag"),
    "append_only": N_("append only"),
    "append_only_tried": N_("append only tried"),
    "encrypted": N_("encrypted"),
    "read_only": N_("read only"),
    "operators": N_("operators"),
    "standbys": N_("standbys"),
    "synchronous_standby_names": N_("synchronous standbys"),
    "synchronous_commit": N_("synchronous commit"),
    "commits_wait_for_standbys": N_("commits wait for standbys"),
}
# A right beyond a login's role, as `db check` names it (JSON keeps the code).
RIGHTS = {"superuser": N_("superuser (every right, whatever is granted)"),
          "owner": N_("owner of the database (every right, whatever is granted)"),
          "update or delete events": N_("may update or delete events"),
          "write": N_("may change the record"), "create logins": N_("may create logins")}


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
           _("Backed up {events} events to {file} ({size:,} bytes); check it with: "
             "fund --db sqlite:///{file} audit verify", events=events, file=file, size=size))


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
