"""The keys a file has used so far, kept on disk so a million-row roster needs no more memory
than a small one: which line first used a receipt number or a member id."""

from __future__ import annotations

from typing import Iterable

from .scratch import unnamed_sqlite


class SeenKeys:
    def __init__(self) -> None:
        self._db = unnamed_sqlite("fund-seen-")  # member numbers: nothing left behind
        self._db.execute("CREATE TABLE seen (kind TEXT, key TEXT, line INTEGER, PRIMARY KEY (kind, key))")

    def first_lines(self, kind: str, keys: Iterable[tuple[str, int]]) -> dict[str, int]:
        """Record (key, line) pairs; return, for each key, the first line that used it."""
        pairs = list(keys)
        before = self._db.total_changes
        self._db.executemany("INSERT OR IGNORE INTO seen VALUES (?, ?, ?)",
                             [(kind, key, line) for key, line in pairs])
        if self._db.total_changes - before == len(pairs):  # every key new: each its own first
            return dict(pairs)
        found: dict[str, int] = {}
        for i in range(0, len(pairs), 500):
            chunk = [key for key, _ in pairs[i:i + 500]]
            marks = ",".join("?" * len(chunk))
            found.update(self._db.execute(
                f"SELECT key, line FROM seen WHERE kind = ? AND key IN ({marks})", [kind, *chunk]))
        return found

    def close(self) -> None:
        self._db.close()
