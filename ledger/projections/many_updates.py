"""A page's updates regrouped, so that each statement goes once with many rows.

A page's updates come interleaved (a claim's approval, then its child's year, then the next
claim's), and a run of one statement was a single row: an approval of a thousand claims sent
two thousand statements one by one, and on PostgreSQL waited on the server for two fifths of
its time (bench/RESULTS.md). So they are put in layers first: an update goes in the layer after
the last one that updates the same row (its table and its `k_…` keys), and each layer's
updates of one statement go together, as one executemany. Each row's updates keep their
order; rows differ only in their order among themselves, which no update reads (each reads and
writes its own row, tests/unit/test_fast_paths.py). Updates this cannot place (no key named
`k_…`, one table's rows named by different keys) go in the order they were made.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

Runs = list[tuple[Any, list[dict[str, Any]]]]


def run_updates(conn: Connection, updates: Runs) -> None:
    """`updates`: runs of (statement, parameters), in the order they were made."""
    for statement, params in _layered(updates) or updates:
        conn.execute(statement, params)


def _layered(updates: Runs) -> Runs | None:
    """The updates regrouped, layer by layer (None: leave them as they are)."""
    layers: list[dict[tuple[int, tuple[str, ...]], tuple[Any, list[dict[str, Any]]]]] = []
    last: dict[tuple, int] = {}  # a row: the last layer updating it
    named: dict[str, tuple[str, ...]] = {}  # a table: the keys naming its rows
    for statement, params in updates:
        table = getattr(statement, "table", None)
        if table is None:
            return None
        for p in params:
            names = tuple(sorted(k for k in p if k.startswith("k_")))
            if not names or named.setdefault(table.name, names) != names:
                return None
            row = (table.name, *(p[k] for k in names))
            layer = last.get(row, -1) + 1
            last[row] = layer
            if layer == len(layers):
                layers.append({})
            layers[layer].setdefault((id(statement), tuple(p)), (statement, []))[1].append(p)
    return [run for layer in layers for run in layer.values()]
