"""What an attacker who owns the database could do: switch off the append-only guard, then
edit or delete a stored event. The tests do it to prove that the audit still finds it."""

from __future__ import annotations

from sqlalchemy import Connection, text


def switch_off_guard(conn: Connection, table: str = "fundbook_events") -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text(f'ALTER TABLE "{table}" DISABLE TRIGGER USER'))
    else:
        for op in ("update", "delete"):
            conn.execute(text(f'DROP TRIGGER IF EXISTS "{table}_no_{op}"'))
