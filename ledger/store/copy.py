"""Rows into PostgreSQL by COPY, the load its manual advises for many rows, inside a SQLAlchemy
connection's own transaction.

A failure is raised as SQLAlchemy raises the driver's errors (an IntegrityError stays one), so
the event store's refusal of a second first event and the fund's waiting out of a lost
connection see a COPY's failure as they see an INSERT's.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any


def copy_in(conn: Any, sql: str, rows: Iterable[Sequence[Any]],
            types: list[str] | None = None) -> None:
    """`sql` is a `COPY table (columns) FROM STDIN ...`; `types` its columns' PostgreSQL types
    when the format is binary."""
    import psycopg
    from sqlalchemy.exc import DBAPIError

    cursor = conn.connection.cursor()
    try:
        with cursor.copy(sql) as copy:
            if types:
                copy.set_types(types)
            for row in rows:
                copy.write_row(row)
    except psycopg.Error as e:
        raise DBAPIError.instance(sql, None, e, psycopg.Error) from e
    finally:
        cursor.close()
