"""What the read commands answer most (the balances, a child's statement, a claim), from the views.

Plain SQL over the driver's own connection (sqlite3 or psycopg), so that a read command can
answer without loading SQLAlchemy: importing it is half of such a command's start-up. The
application asks the same functions through its engine, so there is one answer, not two.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from typing import Any, Iterator

from ..accounts import ACCOUNTS, presented
from ..store.locations import sqlite_path
from ..money import ZERO, from_fen
from ..rules import YearRules

# The views' date columns: SQLite keeps them as ISO text, PostgreSQL's driver gives dates.
# (Named here because tables.py loads SQLAlchemy; a test checks the two agree.)
DATE_COLUMNS = frozenset({"since", "until", "born", "registered_on", "enrolled_on", "covered_from", "admitted",
                          "discharged", "submitted_on", "approved_on", "effective",
                          "hardship_from", "level_from", "delisted_from", "day"})


class Reader:
    """One DB-API connection to the views, and the dialect of its driver."""

    def __init__(self, connection: Any, postgres: bool):
        self.connection = connection
        self.postgres = postgres

    @classmethod
    def at(cls, url: str) -> Reader:
        """A connection of the driver's own to the store at `url` (checked by `store_url`)."""
        if url.startswith("postgresql"):
            import psycopg

            return cls(psycopg.connect("postgresql" + url[url.index("://"):], autocommit=True,
                                       connect_timeout=10), True)
        import sqlite3

        path, query = sqlite_path(url), url.partition("?")[2]
        options = dict(o.partition("=")[::2] for o in query.split("&") if o)
        if set(options) - {"timeout"}:  # e.g. uri=true: left to SQLAlchemy, which knows them
            raise ValueError(f"options {sorted(options)} are read by the application only")
        from pathlib import Path

        # Opened for reading and writing, never created: a read must not make an empty store.
        uri = f"{Path(path).expanduser().resolve().as_uri()}?mode=rw"
        return cls(sqlite3.connect(uri, uri=True, timeout=float(options.get("timeout", 30))),
                   False)

    @property
    def errors(self) -> tuple[type[Exception], ...]:
        """What the driver raises when a table is missing or the store cannot be read."""
        if self.postgres:
            import psycopg

            return (psycopg.Error,)
        import sqlite3

        return (sqlite3.Error,)

    def rows(self, sql: str, *params: Any) -> list[dict[str, Any]]:
        """The rows of one query (`?` marks its parameters), dates as dates."""
        if self.postgres:
            sql = sql.replace("?", "%s")
        else:
            params = tuple(p.isoformat() if isinstance(p, date) else p for p in params)
        cursor = self.connection.cursor()
        try:
            cursor.execute(sql, params)
            names = [d[0] for d in cursor.description]
            found = cursor.fetchall()
        finally:
            cursor.close()
        dated = [i for i, name in enumerate(names) if name in DATE_COLUMNS]
        out = []
        for row in found:
            doc = dict(zip(names, row))
            for i in dated:
                value = row[i]
                if isinstance(value, str):
                    doc[names[i]] = date.fromisoformat(value)
            out.append(doc)
        return out

    def close(self) -> None:
        self.connection.close()


@contextmanager
def _reader(source: Any) -> Iterator[Reader]:
    """`source` is a `Reader`, or an SQLAlchemy engine (lent one of its pooled connections)."""
    if isinstance(source, Reader):
        yield source
        return
    raw = source.raw_connection()
    try:
        yield Reader(raw.driver_connection, source.dialect.name == "postgresql")
    finally:
        raw.close()


def sums(source: Any, as_of: date | None) -> dict[str, Decimal]:
    """Every account's debit balance, by effective date up to `as_of` (all, when None)."""
    where, params = ("WHERE effective <= ?", (as_of,)) if as_of is not None else ("", ())
    with _reader(source) as reader:
        rows = reader.rows(f"SELECT account, sum(fen) AS fen FROM view_daily {where} "
                          "GROUP BY account", *params)
    found = {account: ZERO for account in ACCOUNTS}
    for row in rows:
        found[row["account"]] = from_fen(row["fen"] or 0)
    return found


def daily_cash(source: Any) -> list[tuple[date, Decimal]]:
    """The cash at the end of each day it moved, by effective date, in date order."""
    with _reader(source) as reader:
        rows = reader.rows("SELECT effective, sum(fen) AS fen FROM view_daily WHERE account = "
                           "'cash' GROUP BY effective ORDER BY effective")
    running, out = 0, []
    for row in rows:
        running += row["fen"]
        out.append((row["effective"], from_fen(running)))
    return out


def lowest_cash_from(source: Any, day: date) -> Decimal:
    """The least cash the fund holds at the end of `day` or of any later day: what money
    going out on `day` may take, so that no day after it (already recorded) goes below zero.

    lowest = min(cash at the end of `day`, cash at the end of each later day it moved)"""
    held, lowest = ZERO, None
    for effective, cash in daily_cash(source):
        if effective <= day:
            held = cash
            continue
        lowest = min(held if lowest is None else lowest, cash)
    return held if lowest is None else min(lowest, held)


def account_balance(source: Any, account: str, as_of: date | None = None) -> Decimal:
    return presented(account, sums(source, as_of)[account])


def benefits_by_year(source: Any, as_of: date | None) -> dict[str, Decimal]:
    """Each plan year's benefits: its claims' payouts approved as expense, and those approved
    after the year closed, which go straight to the reserve (the only postings to the reserve
    with a plan year outside a year's closing entry), so that it agrees with `report years`."""
    where, params = ("AND effective <= ?", (as_of,)) if as_of is not None else ("", ())
    with _reader(source) as reader:
        rows = reader.rows("SELECT year, sum(fen) AS fen FROM view_daily WHERE account IN "
                          f"('benefit_expense', 'reserve') AND closing = 0 AND year <> '' {where} "
                          "GROUP BY year ORDER BY year", *params)
    return {row["year"]: from_fen(row["fen"]) for row in rows if row["year"]}


def balance(source: Any, as_of: date | None) -> dict[str, Any]:
    with _reader(source) as reader:
        found = sums(reader, as_of)
        by_year = benefits_by_year(reader, as_of)
    shown = {a: presented(a, v) for a, v in found.items()}
    return {
        "as_of": as_of,
        "cash": shown["cash"],
        "claims_payable": shown["claims_payable"],
        "subsidy_receivable": shown["subsidy_receivable"],
        "assistance_receivable": shown["assistance_receivable"],
        "assistance_payable": shown["assistance_payable"],
        "recovery_receivable": shown["recovery_receivable"],
        "reserve": shown["reserve"],
        "income": {
            "contributions": shown["contribution_income"],
            "subsidies": shown["subsidy_income"],
            "donations": shown["donation_income"],
        },
        "benefits": shown["benefit_expense"],
        "benefits_by_year": by_year,
        "trial_balance": sum(found.values(), ZERO),
    }


def member(source: Any, number: str) -> dict[str, Any] | None:
    """A child's statement: who, and each plan year's status, money and cap left."""
    with _reader(source) as reader:
        found = reader.rows("SELECT * FROM view_members WHERE member = ?", number)
        if not found:
            return None
        child = found[0]
        out_years: dict[str, Any] = {}
        for row in reader.rows("SELECT * FROM view_member_years WHERE member = ? ORDER BY year",
                              number):
            rules = reader.rows("SELECT rules FROM view_years WHERE year = ?", row["year"])
            cap = YearRules.from_dict(json.loads(rules[0]["rules"])).annual_cap if rules else None
            benefits = from_fen(row["benefits_fen"])
            out_years[row["year"]] = {
                "status": row["status"],
                "covered_from": row["covered_from"],
                "paid": from_fen(row["paid_fen"]),
                "subsidy": from_fen(row["subsidy_fen"]),
                "hardship": row["hardship"],
                "receipt": row["receipt"],
                "enrolled_on": row["enrolled_on"],
                "benefits": benefits,
                "cap_left": max(ZERO, cap - benefits) if cap is not None else ZERO,
            }
    return {
        "member": child["member"],
        "name": child["name"],
        "born": child["born"],
        "guardian": child["guardian"],
        "hardship": child["hardship"],
        "evidence": child["evidence"],
        "years": out_years,
    }


def claim(source: Any, number: str) -> dict[str, Any] | None:
    with _reader(source) as reader:
        found = reader.rows("SELECT * FROM view_claims WHERE claim = ?", number)
    return claim_doc(found[0]) if found else None


def claim_doc(row: Any) -> dict[str, Any]:
    """A claim as `fund claim show` tells it, from its row of the claims register."""
    a = json.loads(row["assessment"]) if row["assessment"] else None
    approved = row["status"] in ("approved", "paid")
    total, other = from_fen(row["total_fen"]), from_fen(row["other_paid_fen"])
    payout = from_fen(row["payout_fen"]) if approved else (Decimal(a["payout"]) if a else None)
    assistance = (from_fen(row["assistance_fen"]) if approved
                  else (Decimal(a["assistance"]) if a else None))
    if row["status"] == "rejected":
        payout = assistance = ZERO  # the fund pays nothing on a rejected claim
    family = (total - other - payout - assistance) if payout is not None else None
    return {
        "claim": row["claim"],
        "member": row["member"],
        "status": row["status"],
        "base": Decimal(a["base"]) if a else None,
        "deductible": Decimal(a["deductible"]) if a else None,
        "ratio": Decimal(a["ratio"]) if a else None,
        "payout": payout,
        "assistance": assistance,
        "paid": from_fen(row["paid_fen"]),
        "received": from_fen(row["received_fen"]),
        "reason": row["reason"],
        "reason_note": row["reason_note"],
        "year": row["year"],
        "hospital": row["hospital"],
        "level": row["level"],
        "bill": row["bill"],
        "type": row["claim_type"],
        "diagnosis": row["diagnosis"],
        "package": row["package"],
        "admitted": row["admitted"],
        "discharged": row["discharged"],
        "submitted_on": row["submitted_on"],
        "approved_on": row["approved_on"],
        "replaces": row["replaces"],
        "appeal": row["appeal"],
        "total": total,
        "in_scope": from_fen(row["in_scope_fen"]),
        "other_paid": other,
        "computed": Decimal(a["computed"]) if a else None,
        "cap_left": Decimal(a["cap_left"]) if a else None,
        "cap_applied": a["cap_applied"] if a else None,
        "assistance_paid": from_fen(row["assistance_paid_fen"]),
        "payable": max(ZERO, from_fen(row["payout_fen"] - row["paid_fen"])) if approved else ZERO,
        "recovery": from_fen(row["recovery_fen"]),
        "family_pays": family,
        "rules_version": a["rules_version"] if a else None,
        "rules_fingerprint": a["rules_fingerprint"] if a else None,
    }


def acting(source: Any, operator: str, login: bool = True) -> tuple[str, bool, str | None]:
    """(who acts, whether the fund has operators on record, the role they hold now).

    On PostgreSQL, once the fund has operators, who acts is the database login
    (`session_user`), whatever a command line says: the login is what the server checked."""
    with _reader(source) as reader:
        try:
            staffed = bool(reader.rows("SELECT 1 AS one FROM view_operator_roles LIMIT 1"))
        except Exception as e:  # noqa: BLE001 - only a refusal to read is answered here
            from ..store.admin import is_permission_error

            if not (reader.postgres and login and is_permission_error(e)):
                raise
            # A login this store lets read nothing (an operator removed: `operator remove`
            # takes its rights back) is no operator of this fund, whoever it says it acts for.
            return reader.connection.info.user, True, None
        if staffed and reader.postgres and login:
            operator = reader.rows("SELECT session_user AS login")[0]["login"]
        found = reader.rows("SELECT role FROM view_operator_roles WHERE person = ? AND "
                            "until_position IS NULL", operator) if staffed else []
    return operator, staffed, found[0]["role"] if found else None


def operators(source: Any, as_of: date | None = None) -> list[dict[str, Any]]:
    """The operators on record (on `as_of`: those holding a role at the end of that day), with
    their role, since when and who added them; every one ever on record with `everyone`."""
    where, params = "until_position IS NULL", ()
    if as_of is not None:
        where, params = "since <= ? AND (until IS NULL OR until > ?)", (as_of, as_of)
    with _reader(source) as reader:
        rows = reader.rows("SELECT person, role, since, added_by FROM view_operator_roles "
                           f"WHERE {where} ORDER BY person", *params)
    return [{"operator": r["person"], "role": r["role"], "since": r["since"],
             "added_by": r["added_by"]} for r in rows]
