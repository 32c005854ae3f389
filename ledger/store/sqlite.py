"""SQLite as the fund's store: the page size of a new file and the page cache."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from .locations import sqlite_path


# Pages of a new SQLite store. Every event's id lands at a random place in the store's index of
# aggregates, so each batch of an import rewrites most of that index's pages; larger pages make
# that index shallower and its pages fewer (the sizes compared in bench/RESULTS.md). A store
# made before keeps its pages: they are fixed once it holds a table.
PAGE_SIZE = 16_384


def new_sqlite_store(url: str) -> None:
    """Make the SQLite file `url` names, with the fund's page size, if it does not exist yet
    (or is empty); anything else is left as it is."""
    if not url.startswith("sqlite"):
        return
    path = Path(sqlite_path(url)).expanduser()
    if path.exists() and path.stat().st_size > 0:
        return
    connection = sqlite3.connect(path)
    try:
        connection.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        connection.execute("PRAGMA journal_mode = WAL")  # writes the header: the size holds
    finally:
        connection.close()


def tune_sqlite(engine: Any) -> None:
    """A 64 MB page cache on every connection to an SQLite store (the default is 2 MB: a city's
    indexes outgrow it and every insert then reads the disk)."""
    if engine.dialect.name != "sqlite":
        return
    from sqlalchemy import event

    def cache(dbapi_connection: Any, _: Any) -> None:
        dbapi_connection.execute("PRAGMA cache_size = -65536")

    event.listen(engine, "connect", cache)
    engine.pool.dispose()  # so that every connection from here on has it
