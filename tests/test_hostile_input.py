"""Hostile and broken input at the command line and in files: every piece is refused with
exit 1 or 2 in one line, nothing is recorded, and no traceback reaches the administrator."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import ROOT, TODAY
from ledger.application import Fund
from ledger.errors import InputError
from ledger.money import parse_amount
from terminal import run

RULES = ROOT / "examples" / "rules-2026-2027.toml"
FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """One fund for the module: a year, a hospital, a child enrolled, a donation."""
    url = f"sqlite:///{tmp_path_factory.mktemp('hostile') / 'fund.db'}"
    fund = Fund(url, operator="setup", today=lambda: TODAY)
    fund.open_year(RULES.read_text(), date(2026, 7, 1))
    fund.register_hospital("HC", "City Children's", 3, date(2026, 8, 1))
    fund.register_child("M1", "李小明", date(2015, 5, 1), "李娜", None, None, date(2026, 9, 1))
    fund.contribute("M1", "2026-2027", "R1", date(2026, 9, 10))
    fund.record_donation(parse_amount("10"), "Donor", "D-FIXED", date(2026, 10, 1))
    fund.views.engine.dispose()
    fund.close()
    return url


@pytest.fixture
def fund_cmd(store, monkeypatch):
    monkeypatch.setenv("FUND_DB", store)
    monkeypatch.setenv("FUND_TODAY", TODAY.isoformat())
    monkeypatch.delenv("FUND_CIPHER_KEY", raising=False)
    return run


def events(url: str) -> int:
    fund = Fund(url)
    try:
        return fund.recorder.max_notification_id() or 0
    finally:
        fund.views.engine.dispose()
        fund.close()


def refused(store, argv: list[str], codes=(1, 2), one_line: bool = True) -> str:
    before = events(store)
    code, err = run([str(a) for a in argv])
    lines = err.strip().splitlines()
    assert code in codes, (argv, code, err)
    assert lines and lines[0].startswith("fund: "), (argv, err)
    assert "Traceback" not in err and "internal error" not in err, (argv, err)
    if one_line:
        assert len(lines) == 1, (argv, err)
    assert events(store) == before, f"{argv} recorded something"
    return lines[0]


HOSTILE_AMOUNTS = ["9" * 40, "-5", "-0.01", "1.234", "1e5", "1E-2", "１２０", "١٢٠", "NaN", "nan",
                   "Infinity", "-inf", "", " ", "12,000.50", "0x10", "1_000", "0", "0.00", "+5",
                   ".5", "5.", "99999999999999.99", "\x00", "12\n3"]
HOSTILE_DATES = ["2026-02-30", "2026-13-01", "2026-00-10", "9999-12-31", "0000-01-01",
                 "2026-1-1", "20261001", "2026/10/01", "", "yesterday", "2026-10-01T00:00",
                 "２０２６-１０-０１", "2200-01-01", "1899-12-31"]
HOSTILE_IDS = ["", " ", "x" * 65, "x" * 10_000, "M\x00", "M\n2", "\x1b[31mM", "M 2", "\u202eM",
               "\t"]


@pytest.mark.parametrize("amount", HOSTILE_AMOUNTS)
def test_hostile_amounts_are_refused(store, fund_cmd, amount):
    refused(store, ["donation", "record", "--amount", amount, "--donor", "X",
                    "--reference", "D-NEW", "--date", "2026-10-02"], codes=(2,))


@pytest.mark.parametrize("day", HOSTILE_DATES)
def test_hostile_dates_are_refused(store, fund_cmd, day):
    refused(store, ["donation", "record", "--amount", "10", "--donor", "X",
                    "--reference", "D-NEW", "--date", day])


@pytest.mark.parametrize("ident", HOSTILE_IDS)
def test_hostile_identifiers_are_refused(store, fund_cmd, ident):
    refused(store, ["child", "register", ident, "--name", "N", "--born", "2015-01-01",
                    "--guardian", "G", "--date", "2026-09-01"], codes=(2,))


def test_sql_in_an_identifier_is_only_text(store, fund_cmd):
    sly = "X';DROP_TABLE_fundbook_events;--"
    code, err = run(["child", "register", sly, "--name", "Robert'); DROP TABLE members;--",
                     "--born", "2015-01-01", "--guardian", "G", "--date", "2026-09-01"])
    assert code == 0, err
    code, _ = run(["member", "show", sly])
    assert code == 0
    code, err = run(["audit", "verify"])
    assert code == 0, err


@FUZZ
@given(st.text(max_size=30))
def test_any_text_that_is_not_an_amount_is_refused(store, fund_cmd, amount):
    try:
        parse_amount(amount, allow_zero=True)
        assume(False)  # a real amount: not hostile
    except InputError:
        pass
    assume("\x00" not in amount)  # argv cannot carry NUL
    refused(store, ["donation", "record", "--amount", amount, "--donor", "X",
                    "--reference", "D-NEW", "--date", "2026-10-02"], codes=(2,))


@FUZZ
@given(st.one_of(st.text(max_size=12), st.dates().map(date.isoformat)))
def test_any_date_that_is_not_a_past_day_is_refused(store, fund_cmd, day):
    assume("\x00" not in day)
    try:
        assume(not (date(1900, 1, 1) <= date.fromisoformat(day.strip()) <= TODAY
                    and len(day.strip()) == 10 and day.strip().isascii()))
    except ValueError:
        pass
    refused(store, ["donation", "record", "--amount", "10", "--donor", "X",
                    "--reference", "D-FIXED", "--date", day])


@FUZZ
@given(st.text(min_size=0, max_size=80))
def test_any_identifier_is_refused_or_recorded_verbatim(store, fund_cmd, ident):
    assume("\x00" not in ident)
    code, err = run(["claim", "show", ident])
    assert code in (1, 2) and len(err.strip().splitlines()) == 1, (ident, err)
    assert "Traceback" not in err and "internal error" not in err


# -- files ----------------------------------------------------------------------------------

ROSTER_HEAD = b"member,name,born,guardian,receipt,date,amount\n"


@FUZZ
@given(st.binary(max_size=400))
def test_binary_roster_files_are_refused(store, fund_cmd, tmp_path_factory, data):
    path = tmp_path_factory.mktemp("bin") / "roster.csv"
    path.write_bytes(data)
    refused(store, ["import", "contributions", str(path), "--year", "2026-2027"], codes=(2,),
            one_line=False)


@FUZZ
@given(st.integers(1, 200))
def test_truncated_rosters_record_nothing(store, fund_cmd, tmp_path_factory, cut):
    body = ROSTER_HEAD + "".join(
        f"T{i},童{i},2015-01-01,G,TR{i},2026-09-15,120.00\n" for i in range(8)).encode()
    data = body[:len(ROSTER_HEAD) + cut]
    # cut in the middle of a row, before its date (the amount may be left empty, and a row
    # complete but for its line break is a normal file)
    assume(data.rsplit(b"\n", 1)[-1].count(b",") < 5 and not data.endswith(b"\n"))
    path = tmp_path_factory.mktemp("cut") / "roster.csv"
    path.write_bytes(data)
    refused(store, ["import", "contributions", str(path), "--year", "2026-2027"], codes=(2,),
            one_line=False)


@FUZZ
@given(st.one_of(st.binary(max_size=300), st.integers(1, 900)))
def test_broken_rules_files_are_refused(store, fund_cmd, tmp_path_factory, broken):
    text = RULES.read_bytes()
    data = text[:broken] if isinstance(broken, int) else broken
    assume(data != text)
    path = tmp_path_factory.mktemp("rules") / "rules.toml"
    path.write_bytes(data)
    refused(store, ["year", "open", str(path), "--date", "2026-07-01"], one_line=False)
