"""`fund demo`: a realistic fund year, from a fixed seed, on the configured store.

Two schools and a kindergarten hand in their children's contributions during the window;
hardship children are enrolled free; late joiners and a newborn come after it; donations and
a subsidy remittance arrive; one contribution entered by mistake is reversed. It ends with
the balances and an audit, as an administrator would check the year.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from importlib import resources

import click

from ledger.language import ENGLISH, N_, _, current, ngettext

from .options import command, fund_of, json_option
from .render import console, emit_json, say

YEAR = "2025-2026"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["子涵", "欣怡", "梓轩", "浩然", "一诺", "雨桐", "宇轩", "诗涵", "俊杰", "可馨",
         "思远", "佳怡", "明轩", "若曦", "天佑", "梦瑶", "博文", "晓彤", "嘉怡", "泽宇"]
HARDSHIP = ["low-income", "special-hardship", "disabled"]
SCHOOLS = [  # (code, name as printed, children, born between)
    ("SP", N_("Sunrise Primary School"), 150, (date(2014, 9, 1), date(2019, 8, 31))),
    ("RM", N_("Riverside Middle School"), 120, (date(2010, 9, 1), date(2014, 8, 31))),
    ("LK", N_("Little Stars Kindergarten"), 60, (date(2020, 9, 1), date(2023, 8, 31))),
]
# The school as its roster names it, kept with each enrollment (renewals by school).
ON_ROSTER = {"SP": "朝阳小学", "RM": "滨江中学", "LK": "小星星幼儿园"}
NEXT_YEAR = "2026-2027"


def _on_receipt(fund, born: date, category: str | None = None, year: str = YEAR
                ) -> Decimal | None:
    """What the family paid, as its receipt says: the year's amount for the child's age (a
    hardship child pays nothing, and its enrollment has no amount)."""
    from ledger.coverage import amount_due, is_hardship

    rules = fund.plan_year(year).rules
    return None if is_hardship(rules, category) else amount_due(rules, born)


def _school_of(number: int) -> str | None:
    """The school whose roster enrolled child C{number} (the late joiners came one by one)."""
    first = 1
    for code, _name, size, _born in SCHOOLS:
        if number < first + size:
            return ON_ROSTER[code]
        first += size
    return None


def _day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


# The fund's people: whoever runs the demo is its manager; the others are named, each in the
# role the year needs, so that `fund history` shows who did what and four eyes hold.
CLERK, ASSESSOR, APPEALS, TREASURER, AUDITOR = (
    "li.na", "zhang.wei", "liu.yang", "chen.jing", "zhao.min")
STAFF = ((CLERK, "clerk"), (ASSESSOR, "assessor"), (APPEALS, "assessor"),
         (TREASURER, "treasurer"), (AUDITOR, "auditor"))


def build_year(fund, rng: random.Random, echo=say) -> None:
    manager = fund.login()
    fund.operators.add(manager, "manager", date(2025, 8, 1))
    for person, role in STAFF:
        fund.operators.add(person, role, date(2025, 8, 1))
    echo(_("{manager} manages the fund; operators: {clerk} (clerk), {assessor} and {appeals} "
           "(assessors), {treasurer} (treasurer), {auditor} (auditor)", manager=manager,
           clerk=CLERK, assessor=ASSESSOR, appeals=APPEALS, treasurer=TREASURER,
           auditor=AUDITOR))
    rules_text = resources.files("commands").joinpath("demo_rules/rules-2025-2026.toml").read_text()
    fund.open_year(rules_text, date(2025, 8, 15))
    with fund.acting(CLERK):
        children, schools = enroll(fund, rng)
    echo(_("Opened {year}; registered 3 designated hospitals", year=YEAR))
    for school_name, size, hardship in schools:
        echo(ngettext("{school}: {n} child enrolled ({hardship} hardship)",
                      "{school}: {n} children enrolled ({hardship} hardship)", size,
                      school=current().gettext(school_name), hardship=hardship))
    echo(_("10 late joiners (covered 90 days after payment) and a newborn (covered from "
           "birth)"))
    echo(_("1 contribution reversed by mistake and taken again under a new receipt"))
    with fund.acting(TREASURER):
        for ref, donor, amount, on in (
                ("DON-2025-001", "市慈善总会", "50000.00", date(2025, 10, 8)),
                ("DON-2025-002", "滨江中学家长委员会", "3600.00",
                 date(2025, 12, 20)),
                ("DON-2026-001", "匿名捐赠人", "888.00", date(2026, 4, 2))):
            fund.record_donation(Decimal(amount), donor, ref, on)
        owed = fund.balance(date(2025, 12, 31))["subsidy_receivable"]
        fund.receive_subsidy(owed, "SUB-2025-Q4", date(2026, 1, 15))
    echo(_("3 donations; subsidy remittance {owed:.2f} settling the window's hardship "
           "children", owed=owed))
    claims_and_payouts(fund, rng, children, echo)
    next_year(fund, random.Random(rng.random()), manager, children, echo)


def next_year(fund, rng: random.Random, manager: str, children: int, echo=say) -> None:
    """The autumn after: 2026-2027 opened at the rate the board raised after a year that paid
    out more than it took; two thirds of the families renewed by the end of September (`fund
    renewals --year 2026-2027` lists the others)."""
    if fund.today() < date(2026, 9, 28):
        return  # a training run set before that autumn: one year only
    with fund.acting(manager):  # 2025-2026 stays open: its claims come in until February
        rules = resources.files("commands").joinpath(
            f"demo_rules/rules-{NEXT_YEAR}.toml").read_text()
        fund.open_year(rules, date(2026, 8, 20))
    renewed = 0
    with fund.acting(CLERK):
        for i in range(1, children + 1):
            member = f"C{i:05d}"
            if rng.random() >= 0.66:
                continue
            child = fund.member(member)
            paid_on = _day(rng, date(2026, 9, 1), date(2026, 9, 28))
            amount = _on_receipt(fund, child.born, child.hardship_on(paid_on), NEXT_YEAR)
            fund.contribute(member, NEXT_YEAR, f"RN-2026-{i:05d}", paid_on, amount,
                            _school_of(i))
            renewed += 1
    enrolled = len(fund.child_list(YEAR))  # the schools' children, the late ones, the newborn
    echo(_("{next} opened at the contribution the board raised; {renewed} of {children} "
           "children renewed by 28 September (fund renewals --year {next} lists the others)",
           next=NEXT_YEAR, renewed=renewed, children=enrolled))


def enroll(fund, rng: random.Random) -> tuple[int, list[tuple[str, int, int]]]:
    """The clerk's autumn: hospitals, the schools' children, late joiners, a newborn, and a
    contribution entered for the wrong child, reversed and entered again. Returns how many
    children, and (school's name, children, hardship children) of each school."""
    for code, name, level in (("H-CHILD", "市儿童医院", 3),
                              ("H-DIST", "区中心医院", 2),
                              ("H-COMM", "社区卫生服务中心", 1)):
        fund.register_hospital(code, name, level, date(2025, 8, 20))
    number = 0
    schools = []
    for school, school_name, size, (oldest, youngest) in SCHOOLS:
        hardship = 0
        for i in range(1, size + 1):
            number += 1
            member = f"C{number:05d}"
            born = _day(rng, oldest, youngest)
            category = rng.choice(HARDSHIP) if rng.random() < 0.10 else None
            name = rng.choice(SURNAMES) + rng.choice(GIVEN)
            paid_on = _day(rng, date(2025, 9, 1), date(2025, 11, 28))
            fund.register_child(member, name, born, name[0] + "女士",
                                category, f"CA-{member}" if category else None, paid_on)
            fund.contribute(member, YEAR, f"{school}-2025-{i:04d}", paid_on,
                            _on_receipt(fund, born, category), ON_ROSTER[school])
            hardship += bool(category)
        schools.append((school_name, size, hardship))
    # Late joiners: enrolled after the window, covered after the 90-day wait.
    for i in range(1, 11):
        number += 1
        member = f"C{number:05d}"
        paid_on = _day(rng, date(2025, 12, 5), date(2026, 3, 31))
        born = _day(rng, date(2012, 1, 1), date(2020, 1, 1))
        fund.register_child(member, rng.choice(SURNAMES) + rng.choice(GIVEN), born, "", None,
                            None, paid_on)
        fund.contribute(member, YEAR, f"LATE-2026-{i:04d}", paid_on, _on_receipt(fund, born))
    # A newborn enrolled within 90 days of birth: covered from birth.
    fund.register_child("C09001", "林小满", date(2026, 1, 10), "林女士", None, None, date(2026, 2, 20))
    fund.contribute("C09001", YEAR, "NB-2026-0001", date(2026, 2, 20),
                    _on_receipt(fund, date(2026, 1, 10)))
    # A contribution entered for the wrong child, reversed and entered again.
    fund.reverse_contribution("SP-2025-0007", "录入到了别的儿童名下", date(2025, 12, 1))
    fund.contribute("C00007", YEAR, "SP-2025-0007B", date(2025, 12, 1),
                    _on_receipt(fund, fund.member("C00007").born, fund.member("C00007").hardship))
    return number, schools


def claims_and_payouts(fund, rng: random.Random, children: int, echo=say) -> None:
    """About 5 % of children treated, mostly small bills; one hardship child with leukaemia
    (a package claim with medical assistance); monthly payout runs."""
    hardship = sorted(m for m in (f"C{i:05d}" for i in range(1, children + 1))
                      if fund.member(m).hardship)
    approved = rejected = 0
    for i in range(1, 19):
        member = f"C{rng.randrange(1, children + 1):05d}"
        kind, hospital, diagnosis = "inpatient", rng.choice(["H-CHILD", "H-DIST", "H-COMM"]), None
        total = Decimal(rng.randrange(1_200, 9_000))
        admitted = _day(rng, date(2025, 9, 20), date(2026, 6, 30))
        if i == 1:
            member, hospital, diagnosis = hardship[0], "H-CHILD", "ALL"
            total, admitted = Decimal("118600.00"), date(2025, 11, 3)
        elif i % 6 == 0:
            kind, hospital, total = "outpatient-major", "H-DIST", Decimal(rng.randrange(800, 4_000))
        discharged = admitted + timedelta(days=rng.randrange(0, 12) if i > 1 else 34)
        wait = 200 if i == 7 else rng.choice([3, 10, 20, 30])  # one family claims too late
        in_scope = (total * Decimal(rng.randrange(70, 95)) / 100).quantize(Decimal("0.01"))
        with fund.acting(CLERK):
            claim, _recorded = fund.submit_claim(
                f"CL-{i:04d}", member, hospital, f"{hospital}-{20250000 + i}", kind, admitted,
                discharged, total, in_scope, Decimal("0.00"), diagnosis,
                min(discharged + timedelta(days=wait), date(2026, 8, 31)))
        with fund.acting(ASSESSOR):
            if claim.status == "rejected":
                rejected += 1
            elif i == 11:
                fund.reject_claim(claim.claim, "INCOMPLETE_DOCUMENTS",
                                  "缺少出院小结",
                                  claim.submitted_on + timedelta(days=5))
                rejected += 1
            else:
                fund.approve_claim(claim.claim, claim.submitted_on + timedelta(days=7))
                approved += 1
    echo(_("18 claims: {approved} approved, {rejected} rejected (late, not yet covered, or "
           "incomplete documents), one leukaemia package for a hardship child",
           approved=approved, rejected=rejected))
    year_in_practice(fund, echo)
    runs = 0
    owed = Decimal("0.00")
    with fund.acting(TREASURER):
        for month in range(10, 21):
            year, m = 2025 + (month - 1) // 12, (month - 1) % 12 + 1
            if (year, m) == (2026, 6):
                owed = fund.balance(date(2026, 6, 1))["assistance_receivable"]
                if owed:
                    fund.receive_assistance(owed, "MA-2026-06", date(2026, 6, 10))
            if fund.run_payouts(date(year, m, 28)) is not None:
                runs += 1
    echo(ngettext("{n} monthly payout run; medical assistance of {owed:.2f} received and "
                  "passed on",
                  "{n} monthly payout runs; medical assistance of {owed:.2f} received and "
                  "passed on", runs, owed=owed))
    with fund.acting(TREASURER):
        for day in (date(2025, 12, 31), date(2026, 3, 31), date(2026, 6, 30),
                    date(2026, 8, 31)):
            fund.bank.assert_cash(fund.balance(day)["cash"], day, f"BOC-{day:%Y-%m}")
    echo(_("4 quarterly bank statements, each asserted against the books"))


def year_in_practice(fund, echo=say) -> None:
    """What does not go to plan: an appeal overturned, a family fallen on hard times, a
    hospital reclassified, a name corrected."""
    with fund.acting(CLERK):
        fund.claims.appeal("CL-0011", "已补交出院小结", date(2026, 1, 5))
    with fund.acting(APPEALS):  # not the assessor who rejected it: four eyes
        fund.claims.decide_appeal("CL-0011", True, "已收到出院小结",
                                  on=date(2026, 1, 12))
    with fund.acting(ASSESSOR):
        fund.approve_claim("CL-0011", date(2026, 1, 13))
    with fund.acting(CLERK):
        fund.changes.start_hardship("C00002", "low-income", "DB-2026-0002", date(2026, 3, 1))
        fund.changes.change_level("H-COMM", 2, date(2026, 7, 1))
        fund.changes.amend_child("C00003", "出生证明", name="李浩然",
                                 guardian="李先生", on=date(2026, 4, 8))
    echo(_("1 rejection appealed and overturned; 1 family on low income from March; H-COMM "
           "level 2 from July; 1 guardian corrected"))


@command("demo")
@click.option("--seed", default=2025, show_default=True, help="Seed of the generated year.")
@json_option
@click.pass_context
def demo(ctx: click.Context, seed: int, as_json: bool) -> int:
    """Record a realistic fund year (two schools, a kindergarten, hardship children, late
    joiners, a newborn, donations, a subsidy) and end with the balances and an audit."""
    from ledger.app.audit import verify
    from ledger.errors import NotFound

    from .books import balance_table

    fund = fund_of(ctx)
    tell = (lambda *_: None) if as_json else say
    try:
        fund.plan_year(YEAR)
        tell(_("The store already holds the demo year {year}; showing its balances and audit",
               year=YEAR))
        recorded = False
    except NotFound:
        build_year(fund, random.Random(seed), echo=tell)
        recorded = True
    balances = fund.balance(date(2026, 8, 31))
    # the problems in the reader's language; in English in JSON, as JSON always says them
    problems = verify(fund, t=ENGLISH if as_json else current())
    events = fund.event_count()
    if as_json:
        emit_json({"year": YEAR, "recorded": recorded, "events": events, "balance": balances,
                   "audit": {"ok": not problems, "problems": problems}})
        return 1 if problems else 0
    console().print(balance_table(balances))
    for p in problems:
        click.echo(_("fund: audit: {problem}", problem=p), err=True)
    if problems:
        say(ngettext("Audit: FAILED over {n} event", "Audit: FAILED over {n} events", events))
    else:
        say(ngettext("Audit: passed over {n} event", "Audit: passed over {n} events", events))
    return 1 if problems else 0


def register(cli: click.Group) -> None:
    cli.add_command(demo)
