"""Scratch SQLite files that no other process can open and nothing leaves behind: a file is
removed as soon as it is opened (the connection keeps it until it closes, and the system
frees it even if the process is killed), so no copy of children's names or member numbers is
ever left in the temporary folder."""

from __future__ import annotations

import os
import sqlite3
import tempfile


def unnamed_sqlite(prefix: str) -> sqlite3.Connection:
    fd, path = tempfile.mkstemp(prefix=prefix, suffix=".db")
    os.close(fd)
    try:
        connection = sqlite3.connect(path, check_same_thread=False)
    finally:
        os.unlink(path)
    # No journal file beside it (it would have a name), no waiting on the disk: scratch
    # need not survive a power cut.
    connection.execute("PRAGMA journal_mode=MEMORY")
    connection.execute("PRAGMA synchronous=OFF")
    return connection
