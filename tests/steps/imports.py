"""Step definitions of import.feature: real roster files read by the roster adapter."""

from __future__ import annotations

from datetime import date, timedelta

from pytest_bdd import given, parsers, then, when

from ledger.app.files import RosterFile, Rosters
from ledger.errors import FundError
from ledger.app.imports import RosterError

ENCODINGS = {"UTF-8 with BOM": "utf-8-sig", "UTF-8": "utf-8", "GB18030": "gb18030"}


def _roster_lines(children: range) -> list[str]:
    lines = ["member,name,born,guardian,receipt,date,amount,hardship,evidence"]
    for i in children:
        hardship = ("low-income", f"CA-{i}") if i % 10 == 0 else ("", "")
        amount = "" if hardship[0] else "120.00"
        born = date(2012, 1, 1) + timedelta(days=70 * i)
        lines.append(f"S{i:03d},张小{i}号,{born},张女士,SCH-{i:03d},2026-09-{10 + i % 15},{amount},"
                     f"{hardship[0]},{hardship[1]}")
    return lines


@given(parsers.parse("a roster of {n:d} children saved as {encoding}"))
def roster(world, tmp_path, n, encoding):
    world.roster = _roster_lines(range(n))
    world.roster_path = tmp_path / "roster.csv"
    world.encoding = ENCODINGS[encoding]
    world.children = [f"S{i:03d}" for i in range(n)]
    _write(world)


def _write(world):
    world.roster_path.write_text("\n".join(world.roster) + "\n", encoding=world.encoding)


@given(parsers.parse("the rosters of {schools:d} schools of {n:d} children each"))
def school_rosters(world, tmp_path, schools, n):
    world.schools = []
    for k in range(schools):
        path = tmp_path / f"school-{k + 1}.csv"
        path.write_text("\n".join(_roster_lines(range(k * n, (k + 1) * n))) + "\n",
                        encoding="utf-8-sig")
        world.schools.append(path)
    world.children = [f"S{i:03d}" for i in range(schools * n)]


def _school_file(world, school: str):
    return world.schools[{"first": 0, "second": 1, "third": 2}[school]]


@given(parsers.parse('on line {line:d} of the {school} school\'s roster the amount is written '
                     '"{text}"'))
def school_typo(world, line, school, text):
    path = _school_file(world, school)
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert "120.00" in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace("120.00", text)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")


@given(parsers.parse("the {school} school's roster also lists the child on line {line:d} of "
                     "the {other} school's"))
def listed_twice(world, school, line, other):
    row = _school_file(world, other).read_text(encoding="utf-8-sig").splitlines()[line - 1]
    path = _school_file(world, school)
    path.write_text(path.read_text(encoding="utf-8-sig") + row + "\n", encoding="utf-8-sig")


@when("the schools' rosters are imported together")
def import_together(world, fund):
    world.events_before = fund.recorder.max_notification_id()
    rosters = Rosters([str(path) for path in world.schools])
    try:
        world.report = fund.import_roster(rosters.rows, "2026-2027", where=rosters.where)
        world.error = None
    except FundError as e:
        world.error = e


@given(parsers.parse('on line {line:d} the amount is written "{text}"'))
def typo(world, line, text):
    assert "120.00" in world.roster[line - 1]
    world.roster[line - 1] = world.roster[line - 1].replace("120.00", text)
    _write(world)


def run_import(world, fund, set_aside: bool = False):
    world.events_before = fund.recorder.max_notification_id()
    file = RosterFile(str(world.roster_path))
    world.set_aside = {}
    reject = world.set_aside.__setitem__ if set_aside else None
    try:
        world.report = fund.import_roster(file.rows, "2026-2027", reject)
        world.error = None
    except FundError as e:
        world.error = e


@given("the roster was imported")
def imported(world, fund):
    run_import(world, fund)
    assert world.error is None


@when("the roster is imported")
def import_roster(world, fund):
    run_import(world, fund)


@when("the roster is imported, setting the bad rows aside")
def import_setting_aside(world, fund):
    run_import(world, fund, set_aside=True)


@then(parsers.parse('the import is refused naming "{where}"'))
def refused(world, where):
    assert isinstance(world.error, RosterError), world.error
    assert where in str(world.error)


@then("no child of the roster is enrolled")
def none_enrolled(world, fund):
    assert fund.balance()["cash"] == 0
    assert fund.recorder.max_notification_id() == world.events_before


@then(parsers.parse("{n:d} children are enrolled and line {line:d} is set aside"))
def enrolled_and_aside(world, fund, n, line):
    assert world.report.recorded == n
    assert list(world.set_aside) == [line]


@then(parsers.parse("{n:d} rows are skipped as already recorded and none is recorded"))
def skipped(world, n):
    report = world.report
    assert (report.duplicates, report.recorded) == (n, 0)


@then(parsers.parse("{n:d} children are enrolled with their Chinese names"))
def chinese_names(world, fund, n):
    assert world.error is None, world.error
    assert world.report.recorded == n
    for i, member in enumerate(world.children[:3]):
        doc = fund.member_statement(member)
        assert doc["name"] == f"张小{i}号"
        assert doc["years"]["2026-2027"]["status"] == "enrolled"


