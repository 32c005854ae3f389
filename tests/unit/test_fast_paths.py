"""The fast paths a city's year needs give the same record and the same figures as the plain
ones: a replay split over two processes, events applied to the views as they were saved (not
decoded again), roster rows checked without building aggregates, events written straight to
SQLite. Each test fails if its fast path drifts from the plain one."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from ledger.app.fund import Fund
from ledger.app.audit import rebuild
from ledger.errors import InputError
from ledger.income import Donation
from ledger.app.imports import RosterRow

TODAY = date(2026, 9, 30)


def _shape(report):
    return [(t.table, t.live_rows, t.rebuilt_rows, t.differences) for t in report.tables]


def test_a_replay_split_over_two_processes_equals_the_replay_in_one(demo):
    # The live views were built from the events as saved; both replays decode every one.
    single = rebuild(demo, parallel_from=10**12)
    split = rebuild(demo, parallel_from=0)
    assert single.identical and split.identical
    assert split.events == single.events == demo.recorder.max_notification_id()
    assert _shape(split) == _shape(single)
    assert {t.table for t in split.tables} >= {"view_history", "view_members", "view_journal",
                                               "view_claims"}


def test_an_auditors_own_copy_keeps_the_hash_chain_link_for_link(demo, tmp_path):
    # The scratch replay leaves the chain to `check_chain`; a copy an auditor keeps has it.
    from sqlalchemy import create_engine, select

    from ledger.projections.tables import chain

    own = f"sqlite:///{tmp_path}/auditor.db"
    assert rebuild(demo, into=own).identical
    engine = create_engine(own)
    query = select(chain.c.position, chain.c.link).order_by(chain.c.position)
    try:
        with engine.connect() as mine, demo.views.engine.connect() as live:
            links = mine.execute(query).all()
            assert links == live.execute(query).all()
            assert len(links) == demo.recorder.max_notification_id()
    finally:
        engine.dispose()


def test_changes_written_in_bulk_equal_changes_written_one_event_at_a_time(demo):
    # Rows and updates wait and go in batches; one event per page writes each at once (each
    # page a transaction: in memory, not 1,639 commits waiting on the disk).
    from ledger.app.audit import compare
    from ledger.projections.runner import Views, scratch_engine

    engines = []
    for page in (1, 5000):
        engine = scratch_engine()
        views = Views(engine, demo.recorder, demo.mapper, name="check")
        views.create()
        assert views.catch_up(page=page) == demo.recorder.max_notification_id()
        engines.append(engine)
    try:
        with engines[0].connect() as conn:
            approved = conn.execute(text(
                "SELECT count(*) FROM view_claims WHERE status IN ('approved', 'paid')")).scalar()
        assert approved > 0
        assert all(not t.differences for t in compare(*engines)), compare(*engines)
    finally:
        for engine in engines:
            engine.dispose()


class _Everything:
    """A projection offered every event, whatever it says it handles."""

    def __init__(self, projection):
        self.projection, self.name = projection, projection.name

    def apply(self, event, conn, position):
        self.projection.apply(event, conn, position)

    def handles(self, event_class):
        return True


def test_events_a_projection_says_it_ignores_change_nothing_it_writes(demo, tmp_path):
    # A replay decodes only the events some projection handles; offered all, they agree.
    from eventsourcing.utils import resolve_topic

    from ledger.app.audit import compare
    from ledger.projections.runner import Views, default_projections, scratch_engine

    with demo.recorder.datastore.engine.connect() as conn:
        topics = [t for (t,) in conn.execute(text(
            f"SELECT DISTINCT topic FROM {demo.recorder.events_record_cls.__table__.name}"))]
    for projection in default_projections():
        if projection.name == "history":
            continue
        ignored = [t for t in topics if not projection.handles(resolve_topic(t))]
        handled = [t for t in topics if projection.handles(resolve_topic(t))]
        assert ignored and handled, projection.name  # the test means something for each
        engines = []
        for wrap in (lambda p: p, _Everything):
            engine = scratch_engine(f"sqlite:///{tmp_path}/{projection.name}-{len(engines)}.db")
            views = Views(engine, demo.recorder, demo.mapper, [wrap(projection)], name="check")
            views.create()
            views.catch_up()
            engines.append(engine)
        try:
            tables = compare(*engines)
            assert sum(t.live_rows for t in tables) > 0, projection.name
            assert all(not t.differences for t in tables), projection.name
        finally:
            for engine in engines:
                engine.dispose()


@pytest.mark.parametrize("table, change", [
    ("view_history", "UPDATE view_history SET kind = 'tampered' WHERE ref = 'C00001'"),
    ("view_members", "UPDATE view_members SET name = 'Someone else' WHERE member = 'C00001'"),
    ("view_journal", "DELETE FROM view_journal WHERE position = "
                     "(SELECT max(position) FROM view_journal)"),
])
def test_each_half_of_a_split_replay_finds_a_view_that_drifted(demo_copy, table, change):
    demo = demo_copy
    with demo.views.engine.begin() as conn:
        conn.execute(text(change))
    report = rebuild(demo, parallel_from=0)
    assert not report.identical
    drifted = [t.table for t in report.tables if t.differences]
    assert drifted == [table]


@pytest.mark.parametrize("gifts", [3, 1200])
def test_positions_of_a_bulk_save_are_where_the_events_are_stored(db_url, gifts):
    """SQLite's positions are counted back from the last; PostgreSQL's COPY (a large save's:
    a small one is an INSERT that returns them) returns none, so they are read back above the
    highest before it."""
    count = gifts
    fund = Fund(db_url, operator="tester", today=lambda: TODAY)
    try:
        fund.record_donation(Decimal("5.00"), "Before", "D-0", date(2026, 9, 1))
        gifts = [Donation(f"D-{i}", "Rotary", Decimal("10.00"), None, "tester", date(2026, 9, 2))
                 for i in range(1, count + 1)]
        before = fund.recorder.max_notification_id()
        recordings = fund.save(*gifts)
        with fund.views.engine.connect() as conn:
            stored = dict(conn.execute(text(
                "SELECT id, originator_id FROM fundbook_events WHERE id > :before"),
                {"before": before}).all())
        assert len(stored) == len(gifts) == len(recordings)
        assert [r.notification.id for r in recordings] == sorted(stored)
        assert all(getattr(stored[r.notification.id], "bytes", stored[r.notification.id])
                   == r.domain_event.originator_id.bytes for r in recordings)
        fund.views.catch_up()
        assert fund.balance()["income"]["donations"] == Decimal("5.00") + count * Decimal("10.00")
        assert rebuild(fund).identical
    finally:
        fund.views.engine.dispose()
        fund.close()


def _row(line, member, receipt, amount="150.00", born=date(2015, 3, 1), hardship=None):
    return RosterRow(line, member, "王子涵", born, "王女士", receipt, date(2025, 9, 10),
                     None if amount is None else Decimal(amount), hardship,
                     "CA-1" if hardship else None)


def _enrolled_again(fund):
    """C00001 as the demo registered and enrolled it, with a new receipt."""
    from ledger.coverage import amount_due

    child = fund.member("C00001")
    due = amount_due(fund.plan_year("2025-2026").rules, child.born)
    row = _row(4, "C00001", "NEW-RECEIPT", amount=None if child.hardship else str(due),
               born=child.born)
    return RosterRow(**{**row.__dict__, "name": child.name})


@pytest.mark.parametrize("bad, named", [
    (_enrolled_again, "one enrollment per year"),
    (_row(4, "K-NEW-1", "K-R-1", amount="99.00"), "contribution amount"),
    (_row(4, "K-NEW-2", "K-R-2", amount="150.00", hardship="low-income"), "hardship enrollment"),
    (_row(4, "K-NEW-3", "K-R-3", born=date(2025, 9, 20)), "date of birth"),
])
def test_checking_a_roster_applies_every_rule_recording_would(demo, bad, named):
    bad = bad(demo) if callable(bad) else bad
    before = demo.recorder.max_notification_id()
    rows = [_row(2, "K-OK-1", "K-OK-R1"), _row(3, "K-OK-2", "K-OK-R2"), bad]
    with pytest.raises(InputError) as refused:
        demo.import_roster(lambda: iter(rows), "2025-2026")
    assert f"line 4: {named}" in str(refused.value)
    assert demo.recorder.max_notification_id() == before  # nothing recorded


def test_an_import_or_a_replay_leaves_the_garbage_collector_as_it_found_it(demo_copy):
    demo = demo_copy
    import gc

    before = gc.get_threshold(), gc.get_freeze_count()
    rows = [_row(2, "K-GC-1", "K-GC-R1"), _row(3, "K-GC-1", "K-GC-R2")]  # a repeated child
    with pytest.raises(InputError):
        demo.import_roster(lambda: iter(rows), "2025-2026")
    assert (gc.get_threshold(), gc.get_freeze_count()) == before
    demo.import_roster(lambda: iter(rows[:1]), "2025-2026")
    assert rebuild(demo, parallel_from=0).identical
    assert (gc.get_threshold(), gc.get_freeze_count()) == before


def test_cycles_made_during_bulk_work_are_still_collected():
    import weakref

    from ledger.store.bulk import YOUNG, sparse_collection

    class Node:
        pass

    with sparse_collection():
        first = Node()
        first.self = first
        gone = weakref.ref(first)
        del first
        for _ in range(3 * YOUNG):  # a bulk job's worth of cycles, none collected by hand
            node = Node()
            node.self = node
        assert gone() is None


def test_a_roster_projected_by_a_follower_process_gives_the_same_views(db_url):
    from importlib import resources

    from ledger.coverage import amount_due
    from ledger.rules import parse_rules_text

    rules = resources.files("commands").joinpath("demo_rules/rules-2025-2026.toml").read_text()
    year = parse_rules_text(rules)

    def on_the_receipt(i):  # what the family paid: the year's amount for the child's age
        return None if i % 10 == 0 else str(amount_due(year, date(2010 + i % 14, 5, 1)))

    rows = [_row(i + 2, f"F{i:05d}", f"FR-{i:05d}", amount=on_the_receipt(i),
                 born=date(2010 + i % 14, 5, 1), hardship="low-income" if i % 10 == 0 else None)
            for i in range(2500)]
    fund = Fund(db_url, operator="tester", today=lambda: TODAY)
    try:
        fund.open_year(rules, date(2025, 8, 15))
        applied_here = []
        catch_up = fund.views.catch_up
        fund.views.catch_up = lambda *a, **k: applied_here.append(catch_up(*a, **k))
        report = fund.import_roster(lambda: iter(rows), "2025-2026", follow_from=0, batch=500)
        fund.views.catch_up = catch_up
        assert report.recorded == 2500
        assert applied_here and sum(applied_here) == 0  # the follower projected every event
        assert fund.views.position() == fund.recorder.max_notification_id()
        with fund.views.engine.connect() as conn:
            enrolled, paid = conn.execute(text(
                "SELECT count(*), sum(paid_fen) FROM view_member_years")).one()
        assert enrolled == 2500
        assert fund.balance()["cash"] == Decimal(paid) / 100
        assert rebuild(fund).identical
    finally:
        fund.views.engine.dispose()
        fund.close()


def test_the_quick_check_of_visible_text_agrees_with_the_full_one_on_every_character():
    import sys
    import unicodedata

    from ledger.values import parse_id, parse_text

    def visible_id(raw):  # the rule as first written: no C* character, no whitespace, once
        raw = unicodedata.normalize("NFKC", raw)  # look-alikes are read as what they look like
        return all(unicodedata.category(c)[0] != "C" and not c.isspace() for c in raw)

    def visible_text(raw):
        return all(unicodedata.category(c)[0] != "C" for c in raw)

    def accepts(parse, raw):
        try:
            parse(raw, "field")
            return True
        except InputError:
            return False

    for point in range(sys.maxunicode + 1):
        raw = f"A{chr(point)}B"
        assert accepts(parse_id, raw) == visible_id(raw), hex(point)
        if not chr(point).isspace():  # parse_text folds whitespace runs first
            assert accepts(parse_text, raw) == visible_text(raw), hex(point)


def test_a_read_command_answered_through_the_driver_alone_says_what_the_application_says(demo):
    # `fund balance`, `member show` and `claim show` answer from current views through the
    # driver (sqlite3 or psycopg), without SQLAlchemy; the application asks through its engine.
    from ledger.store.log import reachable_url
    from ledger.projections import queries
    from ledger.projections.reads import quick

    statements = quick(reachable_url(demo.views.engine), lambda: TODAY)
    assert statements is not None
    try:
        for day in (None, date(2025, 10, 31), date(2026, 3, 1)):
            assert statements.balance(day) == demo.balance(day)
        claims = queries.claims_list(demo.views.engine)
        assert len(claims) > 10
        for doc in claims:
            assert statements.claim_statement(doc["claim"]) == demo.claim_statement(doc["claim"])
            assert statements.member_statement(doc["member"]) == demo.member_statement(doc["member"])
        assert any(doc["approved_on"] for doc in claims)
    finally:
        statements.close()


def test_a_read_command_on_current_views_loads_no_sqlalchemy(demo, tmp_path):
    import json
    import os
    import subprocess
    import sys

    from ledger.store.log import reachable_url

    probe = ("import json, sys\nfrom commands.main import cli\n"
             "cli(['balance', '--json'], standalone_mode=False)\n"
             "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
             "('sqlalchemy', 'eventsourcing'))))\n")
    env = {**os.environ, "FUND_DB": reachable_url(demo.views.engine), "FUND_TODAY": "2026-09-30"}
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env,
                          cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    balance_doc, loaded = done.stdout.strip().rsplit("\n", 1)
    assert json.loads(balance_doc)["trial_balance"] == "0.00"
    assert json.loads(loaded) == []


def test_a_read_command_on_a_store_it_cannot_read_directly_goes_to_the_application(tmp_path):
    from ledger.projections.reads import quick

    assert quick(f"sqlite:///{tmp_path}/new.db", lambda: TODAY) is None  # no views yet
    assert quick("postgresql+psycopg://nobody@127.0.0.1:1/none", lambda: TODAY) is None
    # options only SQLAlchemy reads: left to the application, and no stray file made
    assert quick(f"sqlite:///file:{tmp_path}/ro.db?mode=ro&uri=true", lambda: TODAY) is None
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # a read makes no store


@pytest.mark.parametrize("cls, args", [
    ("Member", ("C1", "王子涵", date(2015, 3, 1), "王女士", "low-income", "CA-1", "op",
                date(2025, 9, 3))),
    ("Receipt", ("R-1", "C1", "2025-2026", Decimal("150.00"), "op", date(2025, 9, 3))),
    ("Enrollment", ("C1", "2025-2026", "R-1", Decimal("0.00"), Decimal("150.00"), "low-income",
                    date(2025, 9, 1), "op", date(2025, 9, 3), "朝阳小学")),
    ("Hospital", ("H-1", "Children's Hospital", 3, "op", date(2025, 8, 20))),
])
def test_a_creation_event_made_alone_is_the_one_the_constructor_records(cls, args):
    # A roster's recording saves new aggregates as their creation events alone.
    from ledger import enrollment, registry
    from ledger.store.bulk import created

    cls = getattr(registry, cls, None) or getattr(enrollment, cls)
    by_constructor = cls(*args)
    (recorded,) = by_constructor.collect_events()
    alone = created(cls, *args)
    assert type(alone) is type(recorded)
    assert {k: v for k, v in vars(alone).items() if k != "timestamp"} == \
        {k: v for k, v in vars(recorded).items() if k != "timestamp"}
    # the same fields in the same order: the same bytes stored (the audit chain hashes them)
    from eventsourcing.persistence import Mapper

    assert list(vars(alone)) == list(vars(recorded))
    same_time = object.__new__(type(alone))
    object.__setattr__(same_time, "__dict__", {**vars(alone), "timestamp": recorded.timestamp})
    mapper = Mapper(_transcoders()[0])
    assert mapper.to_stored_event(same_time) == mapper.to_stored_event(recorded)
    rebuilt = alone.mutate(None)
    assert type(rebuilt) is cls
    assert {k: v for k, v in vars(rebuilt).items() if k not in ("_created_on", "_modified_on")} == \
        {k: v for k, v in vars(by_constructor).items() if k not in ("_created_on", "_modified_on")}
    with pytest.raises(TypeError):
        created(cls, *args[:-1])


def test_the_driver_reads_as_dates_every_date_column_the_tables_declare():
    # answers.py cannot import the table definitions (they load SQLAlchemy), so it names the
    # date columns itself: a date column added to a table it reads must be named there too.
    from sqlalchemy import Date

    from ledger.projections.answers import DATE_COLUMNS
    from ledger.projections.tables import claims, daily, member_years, members

    declared = {c.name for t in (members, member_years, claims, daily) for c in t.columns
                if isinstance(c.type, Date)}
    assert declared <= DATE_COLUMNS


@settings(max_examples=500)
@given(kind=st.text(max_size=20), key=st.lists(st.text(max_size=40), max_size=3))
def test_a_natural_id_is_the_standard_name_based_uuid_bit_for_bit(kind, key):
    # Every aggregate of a stored fund was found by this id: a drift would lose them all.
    from uuid import uuid5

    from ledger.identity import FUND_NAMESPACE, natural_id

    made = natural_id.__wrapped__(kind, *key)
    standard = uuid5(FUND_NAMESPACE, kind + ":" + "\x1f".join(key))
    assert made == standard
    assert (made.int, made.bytes, str(made), made.version, made.variant, hash(made)) == (
        standard.int, standard.bytes, str(standard), standard.version, standard.variant,
        hash(standard))


def _transcoders():
    from eventsourcing.persistence import (DatetimeAsISO, DecimalAsStr, JSONTranscoder,
                                           UUIDAsHex)

    from ledger.store.codec import DateAsISO, FlatJSONTranscoder

    made = []
    for cls in (FlatJSONTranscoder, JSONTranscoder):
        transcoder = cls()
        for transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO(), DateAsISO()):
            transcoder.register(transcoding)
        made.append(transcoder)
    return made


_values = st.one_of(
    st.none(), st.booleans(), st.integers(), st.text(), st.dates(),
    st.datetimes(timezones=st.one_of(st.none(), st.timezones())), st.decimals(), st.uuids(),
    st.floats(), st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.dates(), max_size=2))


@settings(max_examples=1000)
@given(state=st.dictionaries(st.text(max_size=12), _values, max_size=12))
def test_an_event_written_by_the_fast_encoder_has_the_librarys_bytes(state):
    fast, library = _transcoders()
    assert fast.encode(state) == library.encode(state)


def test_every_event_of_a_fund_year_is_stored_as_the_library_would_write_it(demo):
    fast, library = _transcoders()
    assert type(demo.mapper.transcoder) is type(fast) and fast._fast
    table = demo.recorder.events_record_cls.__table__
    with demo.recorder.datastore.engine.connect() as conn:
        states = [bytes(s) for (s,) in conn.execute(text(f'SELECT state FROM "{table.name}"'))]
    assert len(states) > 100
    for stored in states:
        state = library.decode(stored)
        assert fast.encode(state) == stored == library.encode(state)


@settings(max_examples=1000)
@given(state=st.dictionaries(st.text(max_size=12), _values, max_size=12))
def test_an_event_read_by_the_fast_decoder_is_what_the_library_reads(state):
    fast, library = _transcoders()
    stored = library.encode(state)
    # repr: the same values of the same types (and a NaN amount equal to itself)
    assert repr(fast.decode(stored)) == repr(library.decode(stored))


_tags = st.sampled_from(["date_iso", "decimal_str", "datetime_iso", "uuid_hex", "other"])
_json = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8),
              st.fixed_dictionaries({"_type_": _tags, "_data_": st.text(max_size=30)}),
              st.fixed_dictionaries({"_type_": _tags, "_data_": st.integers()})),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.sampled_from(["_type_", "_data_", "a", "b"]),
                                            inner, max_size=3)),
    max_leaves=8)


def _read(transcoder, stored: bytes) -> str:
    """What a decoder reads (its values and their types), or how it refuses."""
    try:
        return repr(transcoder.decode(stored))
    except Exception as e:  # noqa: BLE001 - the failure itself is compared
        return f"{type(e).__name__}: {e}"


@settings(max_examples=1000)
@given(record=st.dictionaries(st.text(max_size=6), _json, max_size=6))
def test_any_stored_json_reads_the_same_or_fails_the_same_through_the_fast_decoder(record):
    # Tagged values that are not a date, amount, time or id, or hold bad text, and nested
    # values: all read (or refused) by the library's own decoder.
    import json

    fast, library = _transcoders()
    stored = json.dumps(record).encode()
    assert _read(fast, stored) == _read(library, stored)


def test_every_event_of_a_fund_year_reads_back_as_the_library_reads_it(demo):
    fast, library = _transcoders()
    table = demo.recorder.events_record_cls.__table__
    with demo.recorder.datastore.engine.connect() as conn:
        states = [bytes(s) for (s,) in conn.execute(text(f'SELECT state FROM "{table.name}"'))]
    assert len(states) > 100
    assert [repr(fast.decode(s)) for s in states] == [repr(library.decode(s)) for s in states]


@pytest.mark.parametrize("stored", [
    b'{"a":123456789012345678901234567890}',  # orjson would read a float
    b'{"a":-9223372036854775809}',
    b'{"a":NaN}', b'{"a":1e400}',  # orjson refuses these; json reads them
    b'{"a":"\\ud800"}',  # a lone surrogate
    b'{"a":"\xff"}',  # not UTF-8
    b'{"a":{"_type_":["date_iso"],"_data_":"2026-01-01"}}',  # a tag that is not text
    b'{"a":{"_type_":"date_iso","_data_":"2026-02-30"}}',  # a tagged value that is wrong
    b'{"_type_":"date_iso","_data_":"2026-01-01"}',  # a record that is itself a tagged value
    b'[1, 2]',
])
def test_what_orjson_reads_otherwise_is_read_by_the_library(stored):
    fast, library = _transcoders()
    assert _read(fast, stored) == _read(library, stored)


def test_what_another_terminal_records_between_checking_and_recording_a_roster_is_not_recorded_twice(db_url):
    # The recording does not read again what the check found unknown; the store refuses a
    # second registration of the same child, and the batch is prepared again from the store.
    from importlib import resources

    rules = resources.files("commands").joinpath("demo_rules/rules-2025-2026.toml").read_text()
    rows = [_row(i + 2, f"T{i}", f"TR-{i}") for i in range(6)]
    fund = Fund(db_url, operator="clerk", today=lambda: TODAY)
    other = Fund(db_url, operator="other terminal", today=lambda: TODAY)
    try:
        fund.open_year(rules, date(2025, 8, 15))
        calls = []

        def roster():
            calls.append(1)
            if len(calls) == 2:  # checked; before recording, another terminal records two rows
                child, paid = rows[2], rows[3]
                other.register_child(child.member, child.name, child.born, child.guardian,
                                     on=child.paid_on)
                other.register_child(paid.member, paid.name, paid.born, paid.guardian,
                                     on=paid.paid_on)
                other.contribute(paid.member, "2025-2026", paid.receipt, paid.paid_on,
                                 paid.amount)
            return iter(rows)

        report = fund.import_roster(roster, "2025-2026")
        assert (report.recorded, report.duplicates) == (5, 1)
        registrations = [e for e in fund.history("T2") if e["event"] == "Member.Registered"]
        assert [e["operator"] for e in registrations] == ["other terminal"]
        assert fund.member_statement("T2")["years"]["2025-2026"]["paid"] == Decimal("150.00")
        assert fund.balance()["cash"] == Decimal("900.00")
        assert rebuild(fund).identical
    finally:
        for app in (fund, other):
            app.views.engine.dispose()
            app.close()


@settings(max_examples=500)
@given(raw=st.binary(min_size=16, max_size=16))
def test_an_id_read_from_the_store_is_the_standard_uuid_of_its_bytes(raw):
    from uuid import UUID

    from ledger.identity import uuid_from_bytes

    made, standard = uuid_from_bytes(raw), UUID(bytes=raw)
    assert (made, made.int, made.bytes, str(made), made.version, made.variant, made.is_safe,
            hash(made)) == (standard, standard.int, standard.bytes, str(standard),
                            standard.version, standard.variant, standard.is_safe, hash(standard))


def test_every_event_of_a_fund_year_maps_back_as_the_librarys_own_mapper_maps_it(demo):
    """The fund's mapper reads topics from its allow-list (ledger.topics) instead of importing
    them; for every event the fund writes it must give what the library's mapper gives."""
    from eventsourcing.persistence import Mapper

    from ledger.store.log import whole_log
    from ledger.topics import EVENT_CLASSES

    library = Mapper(transcoder=demo.mapper.transcoder)
    seen = set()
    for note in whole_log(demo.recorder):
        ours, theirs = demo.mapper.to_domain_event(note), library.to_domain_event(note)
        assert type(ours) is type(theirs) and vars(ours) == vars(theirs)
        seen.add(note.topic)
    assert len(seen) > 15 and seen <= set(EVENT_CLASSES)


def test_each_claim_in_the_register_says_what_its_own_record_says(demo_copy):
    demo = demo_copy
    from ledger.app.audit import check_claims

    assert check_claims(demo) == []
    with demo.views.engine.begin() as conn:
        paid = conn.execute(text("SELECT min(claim) FROM view_claims WHERE status = 'paid' "
                                 "AND payout_fen > 0")).scalar_one()
        conn.execute(text("UPDATE view_claims SET status = 'approved', paid_fen = 0 "
                          "WHERE claim = :c"), {"c": paid})
    problems = check_claims(demo)
    assert len(problems) == 1 and problems[0].startswith(f"claim {paid}: the record says paid")


def test_aggregates_loaded_in_bulk_equal_those_the_repository_loads(demo):
    """`load_many` folds the stored events itself: every aggregate of the demo year comes out
    as the library's repository makes it, field for field."""
    from ledger.store.log import load_many

    with demo.recorder.datastore.engine.connect() as conn:
        ids = [row[0] for row in conn.execute(text(
            f"SELECT DISTINCT originator_id FROM {demo.recorder.events_record_cls.__table__.name}"))]
    from ledger.store.codec import stored_id

    ids = [stored_id(i) for i in ids]
    bulk = load_many(demo.recorder, demo.mapper, ids)
    assert len(bulk) == len(ids) > 1000
    for key in ids:
        assert vars(bulk[key]) == vars(demo.repository.get(key)), key


def test_a_contribution_a_claim_and_its_approval_each_read_what_they_need_at_once(
        demo_copy, monkeypatch):
    """At a terminal on a server across the network each read is a round trip: a contribution
    reads its child, year, enrollment and receipt at once; a claim what it needs before its
    plan year is known at once; an approval all but the claim at once. Each records the same
    facts as before."""
    import ledger.app.records as records_module
    from ledger.coverage import amount_due
    from ledger.enrollment import Enrollment
    from ledger.plan_year import PlanYear

    bulk_reads, single_reads = [], []
    load_many = records_module.load_many
    get = demo_copy.repository.get

    def bulk(recorder, mapper, ids):
        bulk_reads.append(list(ids))
        return load_many(recorder, mapper, bulk_reads[-1])

    monkeypatch.setattr(records_module, "load_many", bulk)
    monkeypatch.setattr(demo_copy.repository, "get",
                        lambda key, **k: single_reads.append(key) or get(key, **k))

    def reads(act):
        bulk_reads.clear()
        single_reads.clear()
        done = act()
        return done, [len(ids) for ids in bulk_reads], list(single_reads)

    demo_copy.register_child("K-ONE-READ", "王子涵", date(2016, 3, 1), "王女士", None, None,
                             date(2025, 9, 1))
    due = amount_due(demo_copy.plan_year("2025-2026").rules, date(2016, 3, 1))
    enrolled, bulk, single = reads(lambda: demo_copy.contribute(
        "K-ONE-READ", "2025-2026", "R-ONE-READ", date(2025, 9, 10), due))
    assert (bulk, single) == ([4], [])
    assert not enrolled.duplicate and (enrolled.receipt, enrolled.paid) == ("R-ONE-READ", due)
    again = demo_copy.contribute("K-ONE-READ", "2025-2026", "R-ONE-READ", date(2025, 9, 10), due)
    assert again.duplicate and again.paid == enrolled.paid  # found, not recorded twice

    with demo_copy.acting("li.na"):
        (claim, fresh), bulk, single = reads(lambda: demo_copy.submit_claim(
            "CL-ONE-READ", "K-ONE-READ", "H-CHILD", "B-ONE-READ", "inpatient",
            date(2025, 10, 5), date(2025, 10, 9), Decimal("12000.00"), Decimal("10000.00"),
            on=date(2025, 10, 20)))
    assert fresh and claim.status == "assessed" and claim.assessed.payout > 0
    assert bulk == [5]  # the claim, child, hospital, calendar and bill; then the year's two:
    assert set(single) <= {Enrollment.create_id("K-ONE-READ", "2025-2026"),
                           PlanYear.create_id("2025-2026")}
    with demo_copy.acting("zhang.wei"):
        approved, bulk, single = reads(lambda: demo_copy.approve_claim("CL-ONE-READ",
                                                                       date(2025, 10, 25)))
    assert (bulk, len(single)) == ([5], 1)  # the claim first, then the rest at once
    assert approved.status == "approved"
    assert demo_copy.member("K-ONE-READ").member == "K-ONE-READ"
    year = demo_copy.claim_statement("CL-ONE-READ")
    assert year["status"] == "approved" and Decimal(year["payout"]) == claim.assessed.payout


@pytest.mark.parametrize("store", ["sqlite", "postgres"])
def test_a_claims_paid_status_is_one_rule_in_its_record_and_in_the_registers_sql(store, request):
    """`paid_in_full` builds the register's UPDATE and decides the aggregate's status: the SQL
    it makes, run by the database, answers as the Python does for any amounts in fen."""
    from sqlalchemy import BigInteger, case, create_engine, literal, select

    from ledger.claim import paid_in_full

    engine = create_engine(request.getfixturevalue(f"{store}_url"))
    amounts = st.integers(min_value=-10**12, max_value=10**12)

    @settings(max_examples=150, deadline=None)
    @given(st.lists(st.tuples(amounts, amounts), min_size=1, max_size=20))
    def agree(pairs):
        checks = [case((paid_in_full(literal(paid, BigInteger), literal(payout, BigInteger)),
                        "paid"), else_="approved") for paid, payout in pairs]
        with engine.connect() as conn:
            said = conn.execute(select(*checks)).one()
        assert list(said) == ["paid" if paid_in_full(Decimal(paid) / 100, Decimal(payout) / 100)
                              else "approved" for paid, payout in pairs]

    try:
        agree()
    finally:
        engine.dispose()


@pytest.mark.parametrize("store", ["sqlite", "postgres"])
def test_a_pages_updates_regrouped_by_statement_leave_the_tables_as_sent_one_by_one(
        store, request):
    """A page's updates go regrouped, a statement at a time (`many_updates`): for any sequence
    of updates, two statements on one table, each reading what the other wrote, and one on
    another table, the tables end as they do when each update is sent alone, in order."""
    from sqlalchemy import (BigInteger, Column, MetaData, String, Table, bindparam, case,
                            create_engine, select, update)

    from ledger.projections.many_updates import run_updates

    engine = create_engine(request.getfixturevalue(f"{store}_url"))
    metadata = MetaData()

    def tables(suffix):
        rows = Table(f"t_rows_{suffix}", metadata, Column("k", String(8), primary_key=True),
                     Column("fen", BigInteger, nullable=False), Column("status", String(16)))
        sums = Table(f"t_sums_{suffix}", metadata, Column("k", String(8), primary_key=True),
                     Column("fen", BigInteger, nullable=False))
        key = rows.c.k == bindparam("k_key")
        return [rows, sums], {
            "add": update(rows).where(key).values(fen=rows.c.fen + bindparam("v_fen", BigInteger)),
            "mark": update(rows).where(key).values(
                status=case((rows.c.fen > bindparam("v_fen", BigInteger), "over"),
                            else_=rows.c.status + "."),
                fen=rows.c.fen * 2),
            "sum": update(sums).where(sums.c.k == bindparam("k_key")).values(
                fen=sums.c.fen * 3 + bindparam("v_fen", BigInteger))}

    grouped, alone = tables("grouped"), tables("alone")
    metadata.create_all(engine)

    @settings(max_examples=60, deadline=None)
    @given(st.lists(st.tuples(st.sampled_from(["add", "mark", "sum"]), st.sampled_from("ABC"),
                              st.integers(-1000, 1000)), min_size=1, max_size=30))
    def agree(sequence):
        with engine.begin() as conn:
            for made, statements in (grouped, alone):
                for t in made:
                    conn.execute(t.delete())
                    conn.execute(t.insert(), [{"k": k, "fen": 1, **({"status": "s"} if
                                                                    "status" in t.c else {})}
                                              for k in "ABC"])
            runs = []
            for which, key, fen in sequence:
                params = {"k_key": key, "v_fen": fen}
                if runs and runs[-1][0] is grouped[1][which]:
                    runs[-1][1].append(params)
                else:
                    runs.append((grouped[1][which], [params]))
                conn.execute(alone[1][which], params)
            run_updates(conn, runs)
            ends = [[conn.execute(select(t).order_by(t.c.k)).all() for t in made]
                    for made, _ in (grouped, alone)]
        assert ends[0] == ends[1]

    try:
        agree()
    finally:
        metadata.drop_all(engine)
        engine.dispose()


_MEMBER_YEAR = ("INSERT INTO view_member_years (member, year, status, receipt, enrolled_on, "
                "covered_from, hardship, paid_fen, subsidy_fen, benefits_fen, school) "
                "VALUES (?, '2026-2027', 'enrolled', ?, '2026-09-05', '2026-09-05', ?, ?, 0, 0, "
                "?)")
_NTH = "(SELECT member FROM view_member_years ORDER BY member LIMIT 1 OFFSET {n})"
# Ways a live table may drift from its replay, as SQL on the live file: each a difference the
# row-by-row merge sees, or (the last two) none at all.
_DRIFTS = [
    "UPDATE view_member_years SET receipt = upper(receipt) WHERE member = {nth}",
    "UPDATE view_member_years SET school = school || ' ' WHERE member = {nth}",
    "UPDATE view_member_years SET hardship = '' WHERE member = {nth} AND hardship IS NULL",
    "UPDATE view_member_years SET paid_fen = 'x' || paid_fen WHERE member = {nth}",
    "UPDATE view_member_years SET paid_fen = paid_fen + 1 WHERE member = {nth}",
    "DELETE FROM view_member_years WHERE member = {nth}",
    "INSERT OR IGNORE INTO view_member_years SELECT member || 'x', year, status, receipt, "
    "enrolled_on, covered_from, hardship, paid_fen, subsidy_fen, benefits_fen, school "
    "FROM view_member_years WHERE member = {nth}",
    "UPDATE view_member_years SET paid_fen = paid_fen * 1.0 WHERE member = {nth}",
    "UPDATE view_member_years SET paid_fen = paid_fen WHERE member = {nth}",
]


@pytest.mark.parametrize("live_on", ["sqlite", "sqlite, row by row", "postgres"])
def test_two_stores_are_found_the_same_only_where_the_row_by_row_merge_finds_them_so(
        live_on, request, monkeypatch):
    """The audit's quick comparison (`same_rows`: SQLite attaching the live file, or the
    drivers' rows merged) is trusted only when it says "the same": then the merge, which would
    say where they differ, must find nothing; and on tables written alike it must say so (or
    the audit silently loses its speed)."""
    import tempfile

    from sqlalchemy import create_engine

    from ledger.app.audit import _merged
    from ledger.projections.tables import member_years
    from ledger.store import compare

    monkeypatch.setattr(compare, "CHUNK", 3)  # rows read in several chunks, the last short
    quick = compare.same_rows if live_on != "sqlite, row by row" else compare._same_streamed
    postgres = request.getfixturevalue("postgres_url") if live_on == "postgres" else None

    @settings(max_examples=40 if postgres else 60, deadline=None)
    @given(rows=st.lists(st.tuples(st.text("abAB ", min_size=1, max_size=4),
                                   st.sampled_from([None, "low income", "LOW INCOME"]),
                                   st.integers(0, 10**12), st.sampled_from(["S1", "s1", "S1 "])),
                         min_size=1, max_size=12, unique_by=lambda r: r[0]),
           drifts=st.lists(st.tuples(st.sampled_from(_DRIFTS), st.integers(0, 11)),
                           max_size=3))
    @example(rows=[("a", None, 1, "S1"), ("b", None, 2, "S1"), ("c", None, 3, "S1")],
             drifts=[(_DRIFTS[-3], 2)])  # one row more than whole chunks: a chunk more
    @example(rows=[("a", None, 1, "S1"), ("b", None, 2, "S1"), ("c", None, 3, "S1"),
                   ("d", None, 4, "S1")], drifts=[(_DRIFTS[-4], 3)])  # and a chunk less
    def holds(rows, drifts):
        with tempfile.TemporaryDirectory() as folder:
            live = create_engine(postgres or f"sqlite:///{folder}/live.db")
            rebuilt = create_engine(f"sqlite:///{folder}/rebuilt.db")
            try:
                for engine in (live, rebuilt):
                    member_years.drop(engine, checkfirst=True)
                    member_years.create(engine)
                    marks = _MEMBER_YEAR.replace("?", "%s") if engine is live and postgres \
                        else _MEMBER_YEAR
                    with engine.begin() as conn:
                        conn.exec_driver_sql(marks, [(f"C{m}", f"R{m}", h, fen, school)
                                                     for m, h, fen, school in rows])
                assert quick(live, rebuilt, member_years) == (len(rows), len(rows))
                with live.begin() as conn:
                    for drift, n in drifts:
                        conn.exec_driver_sql(_drift_on(drift.format(nth=_NTH.format(n=n)),
                                                       postgres))
                said = quick(live, rebuilt, member_years)
                merged = _merged(live, rebuilt, member_years, limit=100)
                assert (said is not None) == (not merged.differences)
                if said is not None:
                    assert said == (merged.live_rows, merged.rebuilt_rows)
            finally:
                live.dispose()
                rebuilt.dispose()

    holds()


def _drift_on(sql: str, postgres: str | None) -> str:
    """A drift in PostgreSQL's words: a typed column holds no text and rounds no REAL."""
    if not postgres:
        return sql
    sql = (sql.replace("paid_fen = 'x' || paid_fen", "paid_fen = -paid_fen - 1")
           .replace("paid_fen * 1.0", "(paid_fen * 1.0)::bigint"))
    if sql.startswith("INSERT OR IGNORE"):
        return sql.replace("INSERT OR IGNORE", "INSERT") + " ON CONFLICT DO NOTHING"
    return sql


def test_an_audit_compares_in_sqlite_yet_names_a_drifted_row(demo_copy):
    """The quick comparison only says "the same"; a drift is still named row by row."""
    with demo_copy.views.engine.begin() as conn:
        conn.execute(text("UPDATE view_member_years SET paid_fen = paid_fen + 1 "
                          "WHERE member = 'C00001'"))
    report = rebuild(demo_copy)
    drifted = {t.table: t.differences for t in report.tables if t.differences}
    assert list(drifted) == ["view_member_years"]
    assert "C00001" in drifted["view_member_years"][0]


def test_the_log_read_through_the_driver_is_the_log_the_library_reads(demo):
    """`read_notifications` (SQLite's rows straight from the driver, PostgreSQL's in its binary
    format) gives every stored event as the library's own recorder does, page by page and up
    to a stop."""
    from ledger.store.log import read_notifications

    head = demo.recorder.max_notification_id()
    theirs = demo.recorder.select_notifications(start=1, limit=head)
    assert len(theirs) == head > 1000
    library = [(n.id, n.originator_id, n.originator_version, n.topic, bytes(n.state))
               for n in theirs]
    ours, start = [], 1
    while page := read_notifications(demo.recorder, start, 700):
        ours += page
        start = page[-1].id + 1
    assert [tuple(n) for n in ours] == library
    assert all(type(n.originator_id) is UUID and type(n.state) is bytes for n in ours)
    middle = read_notifications(demo.recorder, 101, 50, stop=120)
    assert [tuple(n) for n in middle] == library[100:120]


def _link_by_the_formula(previous, note, key=None):
    """The chain's link as `ledger.projections.chain` first wrote it: a digest fed in two
    parts, the state read as `stored_bytes` reads it."""
    import hashlib
    import hmac

    from ledger.store.codec import stored_bytes

    digest = hashlib.sha256() if key is None else hmac.new(key, digestmod=hashlib.sha256)
    digest.update(f"{previous}|{note.id}|{note.originator_id}|{note.originator_version}|"
                  f"{note.topic}|".encode())
    digest.update(stored_bytes(note.state))
    return digest.hexdigest()


@settings(max_examples=300)
@given(position=st.integers(1, 2**62), raw_id=st.binary(min_size=16, max_size=16),
       version=st.integers(1, 10**6), topic=st.text(max_size=40),
       state=st.one_of(st.binary(max_size=200), st.text(max_size=80), st.integers()),
       key=st.one_of(st.none(), st.binary(min_size=1, max_size=40)))
def test_a_link_hashed_in_one_call_is_the_link_of_the_formula(position, raw_id, version, topic,
                                                               state, key):
    from ledger.projections.chain import GENESIS, link
    from ledger.store.log import Note

    note = Note(position, UUID(bytes=raw_id), version, topic, state)
    assert link(GENESIS, note, key) == _link_by_the_formula(GENESIS, note, key)


def test_the_log_read_for_the_chain_hashes_as_the_notes_of_the_log_do(db_url):
    """`log_to_hash` (on SQLite the id's text made from its bytes) gives the links the notes of
    `whole_log` give, for every event of a fund and for rows the fund never wrote (an id of
    the wrong length, a state stored as text)."""
    from sqlalchemy import create_engine

    from ledger.projections.chain import GENESIS, link
    from ledger.store.log import log_to_hash, whole_log
    from tampering import switch_off_guard

    fund = Fund(db_url, operator="tester", today=lambda: TODAY)
    try:
        for n in range(30):
            fund.record_donation(Decimal("10.00") + n, f"Donor {n}", f"D-{n}", date(2026, 9, 1))
        engine = create_engine(db_url)
        with engine.begin() as conn:
            switch_off_guard(conn)
            conn.execute(text("UPDATE fundbook_events SET state = 'was bytes' WHERE id = 3"))
            if engine.dialect.name == "sqlite":
                conn.execute(text("UPDATE fundbook_events SET originator_id = x'0102' "
                                  "WHERE id = 5"))
        engine.dispose()

        def chained(notes):
            previous, links = GENESIS, []
            for note in notes:
                previous = link(previous, note)
                links.append((note.id, previous))
            return links

        ours = chained(log_to_hash(fund.recorder, page=7))
        assert len(ours) == fund.recorder.max_notification_id() == 30
        assert ours == chained(whole_log(fund.recorder, page=7))
    finally:
        fund.views.engine.dispose()
        fund.close()


def test_a_page_of_the_log_that_the_driver_cannot_read_fails_as_sqlalchemy_says(tmp_path):
    """The log's SQLite pages come from the driver's cursor, not SQLAlchemy's: a failure must
    still come as SQLAlchemy's own error (a locked store's too), which the waiting out of a
    busy or lost store and the use cases' retries look for."""
    import sqlite3

    from sqlalchemy import create_engine
    from sqlalchemy.exc import OperationalError

    from ledger.store.sqlite import sqlite_rows

    path = tmp_path / "locked.db"
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": 0})
    holder = sqlite3.connect(path, timeout=0)
    holder.execute("CREATE TABLE t (x)")
    holder.commit()
    try:
        with engine.connect() as conn:
            assert sqlite_rows(conn, "SELECT x FROM t WHERE x > ?", (0,)) == []
            with pytest.raises(OperationalError, match="no such table"):
                sqlite_rows(conn, "SELECT x FROM missing", ())
            holder.execute("BEGIN EXCLUSIVE")
            with pytest.raises(OperationalError, match="locked"):
                sqlite_rows(conn, "SELECT x FROM t", ())
    finally:
        holder.rollback()
        holder.close()
        engine.dispose()


def test_a_roster_whose_follower_fails_is_projected_by_the_import_and_the_failure_logged(
        db_url, monkeypatch, caplog):
    """The views are whole when the follower process fails: the import's own catch-up
    projects them, and what the follower said is logged (for `fund --debug`), not lost."""
    from importlib import resources

    from ledger.app import rosters

    monkeypatch.setattr(rosters.Follower, "PART", "no-such-part")
    rows = [_row(i + 2, f"F{i:05d}", f"FR-{i:05d}") for i in range(300)]
    fund = Fund(db_url, operator="tester", today=lambda: TODAY)
    try:
        fund.open_year(resources.files("commands").joinpath(
            "demo_rules/rules-2025-2026.toml").read_text(), date(2025, 8, 15))
        report = fund.import_roster(lambda: iter(rows), "2025-2026", follow_from=0, batch=100)
        assert report.recorded == 300
        assert fund.views.position() == fund.recorder.max_notification_id()
        with fund.views.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM view_member_years")).scalar() == 300
        said = [r.getMessage() for r in caplog.records if r.name == "ledger.app.rosters"]
        assert len(said) == 1 and "follower failed (exit 1)" in said[0], said
        assert "usage: python -m ledger.app.workers" in said[0], said
    finally:
        fund.views.engine.dispose()
        fund.close()


_cells = st.one_of(
    st.sampled_from(["", " ", "C00001", " C00001 ", "王子涵", "2015-03-01", "2015/3/1",
                     "2015年3月1日", "1.9.2015", "150.00", "1,500.00", "0", "-5", "'=1+1",
                     "=1+1", "'-5", "' C1", "'", "low-income", "CA-1", "a\tb", "x\x00y",
                     "Ｃ１", "\u3000名\u3000", "学校"]),
    st.text(max_size=12))


@settings(max_examples=400, deadline=None)
@given(columns=st.permutations(["member", "name", "born", "guardian", "receipt", "date",
                                "amount", "hardship", "evidence", "school", "extra"]),
       kept=st.integers(7, 11), records=st.lists(st.lists(_cells, max_size=13), max_size=8))
@example(columns=["member", "name", "born", "guardian", "receipt", "date", "amount"], kept=7,
         records=[["C1", "王子涵", "2015-03-01", "王女士", "R1", "2025-09-10", "150.00"]])
def test_a_roster_row_read_from_text_at_once_is_the_row_read_cell_by_cell(
        tmp_path_factory, columns, kept, records):
    """A CSV roster's records are read by `_row_from_text` (all cells picked at once); the
    workbook's way, cell by cell, is the rule: the same row, or the same error."""
    from ledger.app.files import RosterFile

    path = tmp_path_factory.mktemp("roster") / "roster.csv"
    header = [c for c in columns if c != "extra" or kept == 11][:kept]
    header += [c for c in ("member", "name", "born", "guardian", "receipt", "date", "amount")
               if c not in header]  # a file without a required column is refused whole
    path.write_text(",".join(header) + "\n", encoding="utf-8")
    roster = RosterFile(str(path))
    for record in records:
        outcomes = []
        for read in (roster._row_by_cell, roster._row_from_text):
            try:
                outcomes.append(read(7, list(record)))
            except InputError as e:
                outcomes.append((e.field, str(e)))
        assert outcomes[0] == outcomes[1], record


def test_opening_a_fund_asks_the_catalogue_for_its_tables_once(db_url):
    """The event store's tables and the views' are asked for in one question (a round trip on
    a server, every command); a store without the views' tables still has them made."""
    from sqlalchemy import create_engine, event, inspect
    from sqlalchemy.engine import Engine

    from ledger.projections.tables import VIEW_TABLES

    def open_and_count() -> int:
        asked = []

        def listing(conn, cursor, statement, *rest):
            flat = " ".join(statement.split())
            if "relname FROM pg_catalog.pg_class" in flat or (
                    "sqlite_master" in flat and "type='table'" in flat.replace(" = ", "=")):
                asked.append(flat)

        event.listen(Engine, "before_cursor_execute", listing)
        try:
            fund = Fund(db_url, operator="tester", today=lambda: TODAY)
        finally:
            event.remove(Engine, "before_cursor_execute", listing)
        try:
            fund.views.catch_up()
            assert fund.balance()["cash"] == Decimal("0.00")
        finally:
            fund.views.engine.dispose()
            fund.close()
        return len(asked)

    open_and_count()  # makes the store
    assert open_and_count() == 1
    engine = create_engine(db_url)
    try:
        with engine.begin() as conn:
            conn.execute(text(f"DROP TABLE {VIEW_TABLES[0].name}"))
    finally:
        engine.dispose()
    assert open_and_count() > 1  # the views' missing table asked for again, and made
    engine = create_engine(db_url)
    try:
        assert VIEW_TABLES[0].name in inspect(engine).get_table_names()
    finally:
        engine.dispose()
    assert open_and_count() == 1
