"""A read in the wrong folder, or of a mistyped --db, says there is no fund there; it never
makes an empty one and answers 0.00 from it."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, inspect

from shell import assert_refused, run_fund
from conftest import TODAY

READS = [
    ["balance"], ["balance", "--json"], ["balance", "--as-of", "2026-10-01"],
    ["member", "show", "M1"], ["claim", "show", "CL-1"], ["claim", "list", "--json"],
    ["history", "M1"], ["year", "show", "2026-2027"], ["report", "year", "2026-2027"],
    ["audit", "verify"], ["audit", "seal"], ["audit", "rebuild"], ["db", "check"],
    ["backup", "copy.db"], ["export", "contributions", "--year", "2026-2027"],
]


@pytest.mark.parametrize("argv", READS, ids=" ".join)
def test_a_read_in_a_folder_without_a_store_makes_none(argv, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FUND_DB", raising=False)
    monkeypatch.setenv("FUND_TODAY", TODAY.isoformat())
    r = run_fund(capsys, *argv)
    assert_refused(r, 2, "no fund store at sqlite:///fund.db", "fund db init", "--db")
    assert list(tmp_path.iterdir()) == []


def test_a_read_of_an_empty_postgresql_database_makes_no_tables(postgres_url, monkeypatch, capsys):
    monkeypatch.setenv("FUND_DB", postgres_url)
    for argv in (["balance"], ["audit", "verify"], ["db", "check", "--json"]):
        assert_refused(run_fund(capsys, *argv), 2, "no fund store at")
    engine = create_engine(postgres_url)
    assert inspect(engine).get_table_names() == []
    engine.dispose()


def test_a_file_that_is_not_a_fund_is_no_store(tmp_path, monkeypatch, capsys):
    other = tmp_path / "notes.db"
    other.write_bytes(b"not a database at all, but a file someone named .db")
    monkeypatch.setenv("FUND_DB", f"sqlite:///{other}")
    assert_refused(run_fund(capsys, "balance"), 2, "no fund store at")
    assert other.read_bytes().startswith(b"not a database")


def test_the_first_recording_command_makes_the_store(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FUND_DB", raising=False)
    assert run_fund(capsys, "db", "init").code == 0
    assert run_fund(capsys, "balance", "--json").json()["cash"] == "0.00"
