"""The auditor's checks: replay the log into fresh read models and compare; check the books.

A rebuild reads nothing but the event log. Its tables must equal the live ones row for row;
any difference means a projection drifted from the record.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import asdict, dataclass, field
from datetime import date
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from eventsourcing.utils import get_topic
from sqlalchemy import Engine, String, create_engine, func, select
from sqlalchemy.pool import StaticPool

from ..store.bulk import sparse_collection
from .bank import check_assertions
from ..errors import UnreadableEvent
from ..language import ENGLISH, N_, Message, Translator, Word
from ..money import ZERO, from_fen
from ..store.log import reachable_url
from ..store.scratch import unnamed_sqlite
from ..store.compare import same_rows
from ..projections import chain as hash_chain
from ..projections import answers, queries
from ..projections.runner import PAGE, Views, default_projections, scratch_engine
from ..store.log import events_after, log_to_hash
from ..projections.tables import VIEW_TABLES, chain, claims, journal, member_years, years
from ..rules import YearRules


# What the auditor's checks find is told in the language of the translator they are given
# (English by default: what JSON, the tests and a script read); each finding is a msgid of the
# catalogue, its figures, dates and codes parameters.


@dataclass
class TableDiff:
    table: str
    live_rows: int
    rebuilt_rows: int
    differences: list[str] = field(default_factory=list)


@dataclass
class RebuildReport:
    events: int
    seconds: float
    tables: list[TableDiff]
    unreadable: list[str] = field(default_factory=list)  # rows of the log no replay can read

    @property
    def identical(self) -> bool:
        return not self.unreadable and all(not t.differences for t in self.tables)


def _rows(engine: Engine, table: Any) -> Iterator[tuple[tuple, tuple]]:
    """(key, row) in key order, streamed; text keys in code-point order on every database."""
    key = [c for c in table.columns if c.primary_key]
    if engine.dialect.name == "postgresql":
        order = [c.collate("C") if isinstance(c.type, String) else c for c in key]
    else:
        order = key
    with engine.connect() as conn:
        result = conn.execution_options(yield_per=5000).execute(select(table).order_by(*order))
        for r in result:
            yield tuple(r[:len(key)]), tuple(r)


def _compare_table(live: Engine, rebuilt: Engine, table: Any, limit: int,
                   t: Translator = ENGLISH) -> TableDiff:
    """Tables found the same by their drivers need no merge (`same_rows`): it is needed only
    to say where they differ."""
    same = same_rows(live, rebuilt, table)
    if same is not None:
        return TableDiff(table.name, *same)
    return _merged(live, rebuilt, table, limit, t)


def _merged(live: Engine, rebuilt: Engine, table: Any, limit: int,
            t: Translator = ENGLISH) -> TableDiff:
    """Merge the two tables in key order: constant memory whatever their size."""
    diff = TableDiff(table.name, 0, 0)
    a, b = _rows(live, table), _rows(rebuilt, table)
    x, y = next(a, None), next(b, None)
    while x is not None or y is not None:
        if y is None or (x is not None and x[0] < y[0]):
            problem, x = (x[0], x[1], None), next(a, None)
            diff.live_rows += 1
        elif x is None or y[0] < x[0]:
            problem, y = (y[0], None, y[1]), next(b, None)
            diff.rebuilt_rows += 1
        else:
            problem = (x[0], x[1], y[1]) if x[1] != y[1] else None
            x, y = next(a, None), next(b, None)
            diff.live_rows += 1
            diff.rebuilt_rows += 1
        if problem and len(diff.differences) < limit:
            k, mine, theirs = problem
            diff.differences.append(t(N_("{table} {key}: live {live} rebuilt {rebuilt}"),
                                      table=table.name, key=_shown(k, t), live=_shown(mine, t),
                                      rebuilt=_shown(theirs, t)))
    return diff


def _shown(row: tuple | None, t: Translator) -> str:
    """A row of a view as an auditor reads it: its values as written (days as days, no
    Python in them), or that the row is missing."""
    if row is None:
        return t(N_("(no row)"))
    return "(" + ", ".join("" if v is None else v.isoformat() if isinstance(v, date) else str(v)
                           for v in row) + ")"


def compare(live: Engine, rebuilt: Engine, limit: int = 20,
            tables: Iterable[str] | None = None, t: Translator = ENGLISH) -> list[TableDiff]:
    """Each view table (or only those named in `tables`), live against rebuilt."""
    # The chain is checked link by link by `check_chain`, with clearer messages.
    wanted = None if tables is None else set(tables)
    return [_compare_table(live, rebuilt, table, limit, t) for table in VIEW_TABLES
            if table is not chain and (wanted is None or table.name in wanted)]


# A replay of this many events or more runs in two processes (below it, starting the second
# costs more than it saves).
PARALLEL_FROM = 50_000
# The two halves of a split replay: projections with the tables they write (the claims
# register updates each child's year, so it goes with the roster).
PARTS = ({"history": ("view_history",), "bank": ("view_assertions", "view_matched",
                                                                 "view_movements", "view_deposited")},
         {"roster": ("view_years", "view_members", "view_hospitals", "view_member_years"),
          "staff": ("view_operator_roles",),
          "claims": ("view_claims", "view_claim_payments"), "journal": ("view_journal", "view_daily")})


def rebuild(fund: Any, into: str | None = None,
            progress: Callable[[int, int], None] | None = None,
            parallel_from: int = PARALLEL_FROM, t: Translator = ENGLISH) -> RebuildReport:
    """Replay every event into fresh tables (a scratch file, or `into`) and compare with live;
    what differs told in `t`'s language.

    A long log is replayed by two processes at once, each reading the whole log and applying
    half of the projections into its own scratch file (each projection writes its own tables,
    so the halves never meet): the history half decodes every event, the other only those its
    projections handle. Then each compares its own tables with the live ones, both at once.
    The report's time is the replay's; the comparing follows it.
    """
    try:
        fund.views.catch_up()
        stuck = []
    except UnreadableEvent as e:  # the live views stop before it; the replay goes as far
        stuck = [e.problem_in(t)]
    head = fund.views.position()
    url = reachable_url(fund.recorder.datastore.engine)  # None: no other process can open it
    if into is None and head >= parallel_from and url is not None:
        report = _rebuild_split(fund, url, head, progress, t)
        report.unreadable[:0] = stuck
        return report
    engine = scratch_engine(into) if into else private_scratch()
    try:
        started = time.perf_counter()
        unreadable: list[str] = list(stuck)
        events = _replay(engine, fund.recorder, fund.mapper, head, progress,
                         chain=into is not None, unreadable=unreadable)
        seconds = time.perf_counter() - started  # the indexes built at the end included
        return RebuildReport(events, seconds,
                             _compared(fund.views.engine, engine, unreadable, t=t), unreadable)
    finally:
        engine.dispose()  # a private scratch copy is gone with its connection


def private_scratch() -> Engine:
    """A scratch database for a replay that nothing leaves behind (`store.scratch`)."""
    connection = unnamed_sqlite("fund-rebuild-")
    return create_engine("sqlite://", creator=lambda: connection, poolclass=StaticPool)


def _compared(live: Engine, rebuilt: Engine, unreadable: list[str],
              tables: Iterable[str] | None = None, t: Translator = ENGLISH) -> list[TableDiff]:
    """The tables compared, unless the replay met rows it could not read: its tables then
    differ from the live ones for that reason alone."""
    if unreadable:
        return []
    return compare(live, rebuilt, tables=tables, t=t)


def _replay(engine: Engine, recorder: Any, mapper: Any, head: int,
            progress: Callable[[int, int], None] | None = None,
            part: dict[str, tuple[str, ...]] | None = None, chain: bool = False,
            unreadable: list[str] | None = None) -> int:
    """Fresh views in `engine` (only the projections of `part`, if given) replayed to `head`;
    with the hash chain and the secondary indexes only for a copy that is kept (`--into`):
    the scratch copy is compared table by table and thrown away, and the chain is not a figure
    to compare but a seal that `check_chain` recomputes link by link from the log."""
    projections = default_projections()
    if part is not None:
        projections = [p for p in projections if p.name in part]
    fresh = Views(engine, recorder, mapper, projections, name="rebuild", chain=chain)
    fresh.unreadable = unreadable if unreadable is not None else []
    fresh.drop()
    fresh.create()
    with fresh.bulk_load(indexed=chain), sparse_collection():
        return fresh.catch_up(stop=head, progress=progress, page=5000)


def _tables(part: dict[str, Any]) -> list[str]:
    return [table for tables in part.values() for table in tables]


def replay_part(order: dict[str, Any]) -> dict[str, Any]:
    """The second process of a split replay (`python -m ledger.app.workers replay`):
    its half replayed, then its tables compared with the live ones while the first process
    compares its own (its differences told in the language of the order)."""
    fund, t = _auditor_of(order)
    engine = private_scratch()
    try:
        unreadable: list[str] = []
        events = _replay(engine, fund.recorder, fund.mapper, order["head"], part=order["part"],
                         unreadable=unreadable)
        replayed = time.time()
        tables = _compared(fund.views.engine, engine, unreadable, _tables(order["part"]), t)
        return {"events": events, "replayed": replayed, "unreadable": unreadable,
                "tables": [asdict(t) for t in tables]}
    finally:
        engine.dispose()
        fund.close()


def _auditor_of(order: dict[str, Any]) -> tuple[Any, Translator]:
    """A helper process's own opening of the store its order names, and the order's language;
    it goes when the process that started it does."""
    from .fund import Fund

    lang = order.get("lang", "en")
    _die_with_parent()
    return Fund(order["db"], operator="auditor"), ENGLISH if lang == "en" else Translator(lang)


def _started(kind: str, order: dict[str, Any], stderr: Any) -> Any:
    """`python -m ledger.app.workers KIND` started with its order on stdin, closed: the store's
    URL may carry a password and the board's key is secret, never on a command line. Its
    answer is JSON on stdout."""
    import subprocess
    import sys

    process = subprocess.Popen([sys.executable, "-m", "ledger.app.workers", kind],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr,
                               text=True)
    assert process.stdin is not None
    process.stdin.write(json.dumps(order))
    process.stdin.close()
    process.stdin = None  # written and closed: communicate() reads the other pipes only
    return process


def _die_with_parent() -> None:
    """The second process of a split replay goes when the first does, even killed (Linux)."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # elsewhere it finishes its half and exits: its scratch copy is already unnamed


def _rebuild_split(fund: Any, url: str, head: int,
                   progress: Callable[[int, int], None] | None,
                   t: Translator = ENGLISH) -> RebuildReport:
    """Each process replays its half into its own scratch copy and compares its tables."""
    import subprocess

    order = {"db": url, "part": PARTS[1], "head": head, "lang": t.lang}
    engine = private_scratch()
    try:
        started = time.time()  # wall clock: the other process says when its replay ended
        with _started("replay", order, subprocess.PIPE) as other:
            unreadable: list[str] = []
            try:
                events = _replay(engine, fund.recorder, fund.mapper, head, progress, PARTS[0],
                                 unreadable=unreadable)
                replayed = time.time()
                tables = _compared(fund.views.engine, engine, unreadable, _tables(PARTS[0]), t)
            except BaseException:
                other.kill()
                raise
            out, err = other.communicate()
        try:
            theirs_done = json.loads(out)
        except ValueError:
            theirs_done = None
        if other.returncode != 0 or theirs_done is None or theirs_done["events"] != events:
            raise RuntimeError(f"the second replay process failed: {err.strip()[-500:]}")
        unreadable = list(dict.fromkeys(unreadable + theirs_done["unreadable"]))
        tables += [TableDiff(**t) for t in theirs_done["tables"]]
        order_of = {t.name: i for i, t in enumerate(VIEW_TABLES)}
        tables.sort(key=lambda t: order_of[t.table])
        # The replay's time: until the later half was replayed (the comparing excluded).
        seconds = max(replayed, theirs_done["replayed"]) - started
        return RebuildReport(events, seconds, [] if unreadable else tables,
                             sorted(unreadable, key=_position))
    finally:
        engine.dispose()


@dataclass
class Coverage:
    """How much of the log a seal covers: the events after it are not proved by it."""

    position: int  # the sealed position
    after: int = 0  # events after it (a keyed seal's own event not counted)
    keyed: bool = False


def keyed_seals(fund: Any) -> dict[int, tuple[int, str]]:
    """Every keyed seal recorded: its event's position -> (sealed position, keyed link)."""
    from ..seals import KeyedSeal
    from ..store.log import notes_at, positions_of

    positions = positions_of(fund.recorder, get_topic(KeyedSeal.Recorded))
    found = {}
    for note in notes_at(fund.recorder, positions):
        try:
            e = fund.mapper.to_domain_event(note)
            found[note.id] = (int(e.position), str(e.link))
        except Exception:  # noqa: BLE001 - an unreadable seal is reported as not the key's
            found[note.id] = (-1, "")
    return found


def check_chain(fund: Any, seal: tuple[int, str] | None = None, key: bytes | None = None,
                coverage: list[Coverage] | None = None, t: Translator = ENGLISH) -> list[str]:
    """Recompute the hash chain from the log and compare it with the stored links; with the
    board's `key`, the keyed chain too, against every keyed seal recorded in the log. How many
    events lie after the seal given (and after the last good keyed seal) goes to `coverage`.

    The log and the stored links are read side by side in position order, a page at a time:
    a city's millions of links are never held at once."""
    # (position, finding): told in `t`'s language once sorted by position
    found: list[tuple[int, Message]] = []  # events not in the chain, and the first one altered
    deleted: list[tuple[int, Message]] = []
    previous, sealed = hash_chain.GENESIS, None
    seals = keyed_seals(fund) if key else {}
    wanted = {p for p, _ in seals.values()}
    keyed_at: dict[int, str] = {}
    keyed = hash_chain.GENESIS
    with fund.views.engine.connect() as conn:
        links = hash_chain.stored_links(conn)
        stored = next(links, None)
        for note in log_to_hash(fund.recorder, PAGE * 5):
            while stored is not None and stored[0] < note.id:
                deleted.append(_deleted(stored[0]))
                # the chain goes on from the deleted event's own link, so that the events
                # after it, untouched, are not reported altered (an auditor is told what
                # happened, once)
                previous = stored[1]
                stored = next(links, None)
            previous = hash_chain.link(previous, note)
            if key is not None:
                keyed = hash_chain.link(keyed, note, key)
                if note.id in wanted:
                    keyed_at[note.id] = keyed
            if seal and note.id == seal[0]:
                sealed = previous
            if stored is None or stored[0] != note.id:
                found.append((note.id, Message(N_("position {position}: event not in the chain "
                                                  "(written outside the fund?)"),
                                               position=note.id)))
                continue
            if stored[1] != previous and not found:
                found.append((note.id, Message(N_("position {position}: event altered (its hash "
                                                  "no longer matches the chain)"),
                                               position=note.id)))
            stored = next(links, None)
        while stored is not None:
            deleted.append(_deleted(stored[0]))
            stored = next(links, None)
    problems = found + deleted
    if seal:
        if sealed is None:
            problems.append((seal[0], Message(N_("position {position}: the sealed position is "
                                                 "no longer in the log"), position=seal[0])))
        elif sealed != seal[1]:
            problems.append((seal[0], Message(N_("position {position}: the log no longer "
                                                 "extends the published seal"),
                                              position=seal[0])))
        elif coverage is not None:
            coverage.append(Coverage(seal[0], events_after(fund.recorder, seal[0])))
    good = []
    for at, (position, link) in sorted(seals.items()):
        if keyed_at.get(position) == link:
            good.append((position, at))
        else:
            problems.append((at, Message(N_("position {position}: a keyed seal the board's key "
                                            "did not make, or the log before position {sealed} "
                                            "was changed since it was made"),
                                         position=at, sealed=position)))
    if key is not None and coverage is not None:
        if good:
            position, at = good[-1]
            coverage.append(Coverage(position, events_after(fund.recorder, position) - 1, keyed=True))
        else:
            coverage.append(Coverage(0, events_after(fund.recorder, 0), keyed=True))
    return [m.render(t) for _, m in sorted(problems, key=lambda found: found[0])]


def record_keyed_seal(fund: Any, key: bytes) -> tuple[int, str]:
    """Compute the keyed chain over the whole log and record its head as a keyed seal."""
    from ..seals import KeyedSeal

    keyed, position = hash_chain.GENESIS, 0
    for note in log_to_hash(fund.recorder, PAGE * 5):
        keyed, position = hash_chain.link(keyed, note, key), note.id
    fund.save(KeyedSeal(position, keyed, fund.operator, fund.records.when(None)))
    fund.views.catch_up()
    return position, keyed


def _deleted(position: int) -> tuple[int, Message]:
    return position, Message(N_("position {position}: event deleted (the chain has its link, "
                                "the log has no event)"), position=position)


def check_invariants(engine: Engine, t: Translator = ENGLISH) -> list[str]:
    """The rules no record may break, whatever the order of events."""
    problems = [t(N_("position {position}: journal entry does not balance (off by {amount})"),
                  position=p, amount=a)
                for p, a in queries.trial_balance_by_position(engine)]
    with engine.connect() as conn:
        cash = 0
        for position, fen in conn.execute(
            select(journal.c.position, func.sum(journal.c.fen))
            .where(journal.c.account == "cash")
            .group_by(journal.c.position).order_by(journal.c.position)
        ):
            cash += fen
            if cash < 0:
                problems.append(t(N_("position {position}: cash below zero ({amount})"),
                                  position=position, amount=from_fen(cash)))
                break
        # And on every day: money paid out with an earlier effective date than money that came
        # in before it was recorded can leave a past day short, whatever the log's order.
        for day, held in answers.daily_cash(engine):
            if held < 0:
                problems.append(t(N_("cash below zero at the end of {day} ({amount})"),
                                  day=day, amount=held))
                break
        caps = {y: YearRules.from_dict(json.loads(r)).annual_cap
                for y, r in conn.execute(select(years.c.year, years.c.rules))}
        for member, year, fen in conn.execute(
            select(member_years.c.member, member_years.c.year, member_years.c.benefits_fen)
        ):
            if year in caps and from_fen(fen) > caps[year]:
                problems.append(t(N_("member {member}: benefits {benefits} in {year} exceed "
                                     "the cap {cap}"), member=member, benefits=from_fen(fen),
                                  year=year, cap=caps[year]))
        for number, paid, payout, a_paid, assistance in conn.execute(
            select(claims.c.claim, claims.c.paid_fen, claims.c.payout_fen,
                   claims.c.assistance_paid_fen, claims.c.assistance_fen)
        ):
            if paid > payout or a_paid > assistance:
                problems.append(t(N_("claim {claim}: paid {paid} (assistance "
                                     "{assistance_paid}) is more than approved {payout} "
                                     "({assistance})"), claim=number, paid=from_fen(paid),
                                  assistance_paid=from_fen(a_paid), payout=from_fen(payout),
                                  assistance=from_fen(assistance)))
        # What families owe back, claim by claim, is the recovery receivable of the books.
        owed = conn.execute(select(func.coalesce(func.sum(claims.c.recovery_fen), 0))).scalar_one()
        booked = conn.execute(select(func.coalesce(func.sum(journal.c.fen), 0))
                              .where(journal.c.account == "recovery_receivable")).scalar_one()
        if owed != booked:
            problems.append(t(N_("families owe back {owed} on their claims, the books hold a "
                                 "recovery receivable of {booked}"), owed=from_fen(owed),
                              booked=from_fen(booked)))
        for number, fen in conn.execute(select(claims.c.claim, claims.c.recovery_fen)
                                        .where(claims.c.recovery_fen < 0)):
            problems.append(t(N_("claim {claim}: repaid {amount} more than was owed back"),
                              claim=number, amount=from_fen(-fen)))
    return problems


def check_claims(fund: Any, chunk: int = 500, t: Translator = ENGLISH) -> list[str]:
    """Each claim's own record (its aggregate, which approvals and payout runs act on) against
    its row of the claims register (which statements and lists show): the same status, and the
    same amount still payable."""
    from ..claim import PAYING, Claim
    from ..store.log import load_many

    problems: list[str] = []
    with fund.views.engine.connect() as conn:
        rows = conn.execute(select(claims.c.claim, claims.c.status, claims.c.payout_fen,
                                   claims.c.paid_fen).order_by(claims.c.claim)).all()
    for i in range(0, len(rows), chunk):
        page = rows[i:i + chunk]
        found = load_many(fund.recorder, fund.mapper, [Claim.create_id(r[0]) for r in page])
        for (number, status, payout, paid), c in zip(page, found.values()):
            shown = from_fen(max(0, payout - paid)) if status in PAYING else ZERO
            if c is None:
                problems.append(t(N_("claim {claim}: in the register, not in the record"),
                                  claim=number))
            elif (c.status, c.payable) != (status, shown):
                problems.append(t(N_("claim {claim}: the record says {status}, {payable} "
                                     "payable; the register says {shown_status}, {shown}"),
                                  claim=number, status=Word(c.status), payable=c.payable,
                                  shown_status=Word(status), shown=shown))
    return problems


def seal(fund: Any) -> tuple[int, str]:
    """The chain's head, for the board to publish."""
    fund.views.catch_up()
    with fund.views.engine.connect() as conn:
        return hash_chain.head(conn)


def verify(fund: Any, seal: tuple[int, str] | None = None, key: bytes | None = None,
           coverage: list[Coverage] | None = None, t: Translator = ENGLISH,
           parallel_from: int = PARALLEL_FROM) -> list[str]:
    """Every problem found, the first broken position first (empty when the record is sound),
    told in `t`'s language.

    A row the fund cannot read is reported at its position, never raised: the live views stop
    before it (and every row after it is then outside the chain), a replay lists each one.
    A long log has its checks (the chain, the invariants, each claim against its record: one
    core's work) run by a process of their own while the two replay processes run, instead of
    before them."""
    problems = []
    stuck = None  # the row the live views stopped at, in English (as a replay may list it)
    try:
        fund.views.catch_up()
    except UnreadableEvent as e:
        stuck = e.problem
        problems.append(e.problem_in(t))
    url = reachable_url(fund.recorder.datastore.engine)
    apart = (_ChecksApart(url, seal, key, t) if url is not None
             and fund.views.position() >= parallel_from else None)
    try:
        if apart is None:
            problems += _checks(fund, seal, key, coverage, t)
        report = rebuild(fund, t=t, parallel_from=parallel_from)
        if apart is not None:
            problems += apart.result(fund, coverage)
    finally:
        if apart is not None:
            apart.stop()
    problems += [p for p in report.unreadable if p not in problems and p != stuck]
    for table in report.tables:
        problems.extend(t(N_("projection differs from the log: {difference}"), difference=d)
                        for d in table.differences)
    return problems


def _checks(fund: Any, seal: tuple[int, str] | None, key: bytes | None,
            coverage: list[Coverage] | None, t: Translator) -> list[str]:
    return (check_chain(fund, seal, key, coverage, t) + check_invariants(fund.views.engine, t)
            + check_assertions(fund.views.engine, t) + check_claims(fund, t=t))


def checks_part(order: dict[str, Any]) -> dict[str, Any]:
    """The checks of `verify` in a process of their own (`python -m ledger.app.workers
    checks`), on the views as the first process caught them up."""
    fund, t = _auditor_of(order)
    try:
        coverage: list[Coverage] = []
        seal = tuple(order["seal"]) if order["seal"] else None
        key = bytes.fromhex(order["key"]) if order["key"] else None
        problems = _checks(fund, seal, key, coverage, t)  # type: ignore[arg-type]
        return {"problems": problems, "coverage": [asdict(c) for c in coverage]}
    finally:
        fund.views.engine.dispose()
        fund.close()


class _ChecksApart:
    """`checks_part` running beside the replay; if it fails, the checks run here after all
    (never skipped)."""

    def __init__(self, url: str, seal: tuple[int, str] | None, key: bytes | None,
                 t: Translator):
        import subprocess

        self.seal, self.key, self.t = seal, key, t
        self.process = _started("checks", {"db": url, "seal": seal, "lang": t.lang,
                                           "key": key.hex() if key else None},
                                subprocess.PIPE)

    def result(self, fund: Any, coverage: list[Coverage] | None) -> list[str]:
        out, err = self.process.communicate()
        try:
            found = json.loads(out) if self.process.returncode == 0 else None
        except ValueError:
            found = None
        if found is None:
            # Why, for whoever looks into it (FUND_DEBUG's log, a test's report), never the
            # administrator's screen: the audit is whole either way.
            logging.getLogger(__name__).warning(
                "the checks' own process failed (exit %s), so they ran here; it said: %s",
                self.process.returncode, (err or "nothing")[-4000:])
            return _checks(fund, self.seal, self.key, coverage, self.t)
        if coverage is not None:
            coverage.extend(Coverage(**c) for c in found["coverage"])
        return found["problems"]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def _position(problem: str) -> int:
    """Where a replay's unreadable row is (it lists each as "position N: ...", in English)."""
    return int(problem.split(":")[0].split()[1])
