"""The fund: its event store and read models wired together, and its use cases.

Every write either records all its events in one transaction or nothing (a refusal raises
before saving). Optimistic-concurrency conflicts from other terminals are retried and never
reach the administrator. After each write the read models are caught up. The simple use cases
(the year, children and hospitals, money coming in) are methods here; contributions, claims,
payouts, rosters and the facts that change from a date are services composed here, each given the records it reads and writes.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from typing import Any

from eventsourcing.application import Application
from eventsourcing.persistence import JSONTranscoder

from ..claim import Claim
from ..enrollment import Receipt
from ..errors import InputError, RuleViolation
from ..language import N_, Level
from ..income import AssistanceRemittance, Donation, SubsidyRemittance
from ..payout import PayoutRun
from ..plan_year import PlanYear
from ..projections import answers, queries
from ..projections.reads import Reads
from ..projections.runner import Views
from ..registry import Hospital, Member
from ..rules import YearRules, parse_rules_text
from ..store.admin import all_exist, ensure_append_only, store_exists
from ..store.codec import DateAsISO, FlatJSONTranscoder, FundMapper, stored_bytes
from ..store.locations import store_url
from ..store.log import read_notifications
from ..store.recorder import BulkRecorder
from ..store.probe import looks_plain
from ..store.saving import record
from ..store.sqlite import new_sqlite_store, tune_sqlite
from .bank import Bank
from .changes import Changes
from .claims import Claims
from .contributions import Contributions, Enrolled
from .imports import ImportReport
from .payouts import Payouts
from .records import Records
from .rosters import Rosters
from .staff import Operators
from .use_case import use_case


class Fund(Application):
    name = "fundbook"
    log_section_size = 1000

    def __init__(
        self,
        db: str | None = None,
        operator: str = "system",
        env: dict | None = None,
        today: Callable[[], date] = date.today,
        create: bool = True,
    ):
        """`create=False` (a read) refuses a store that does not exist instead of making it."""
        url = store_url(db)
        # A read never makes a store: an SQLite file is looked at before it is opened; a
        # server's store is asked on the fund's own connection once it is open.
        on_file = url.startswith("sqlite")
        if not create and on_file and not store_exists(url, f"{self.name}_events"):
            raise _no_store(url)
        ask_server = not create and not on_file
        new_sqlite_store(url)
        settings = {"PERSISTENCE_MODULE": "eventsourcing_sqlalchemy", "SQLALCHEMY_URL": url}
        if ask_server:
            settings["CREATE_TABLE"] = "no"
        key = os.environ.get("FUND_CIPHER_KEY")
        if key:
            _check_key(key)
            settings.update(CIPHER_TOPIC="eventsourcing.cipher:AESCipher", CIPHER_KEY=key)
        settings.update(env or {})
        try:
            super().__init__(env=settings)
        except (ValueError, TypeError) as e:  # a malformed key
            raise InputError("FUND_CIPHER_KEY", N_("not a key made by `fund key generate` "
                                                   "({error})"), error=str(e)) from None
        self.operator = operator
        self._acting = 0  # inside `acting`: the operator named, not the database login
        self.today = today
        engine = self.recorder.datastore.engine
        if ask_server and not all_exist(engine, self.recorder.tables):
            engine.dispose()
            raise _no_store(url)
        tune_sqlite(engine)
        self.views = Views(engine, self.recorder, self.mapper)
        self.views.create()
        ensure_append_only(engine, self.recorder.events_table_name)
        self._check_readable(bool(key))
        self.records = Records(self, operator, today)
        self.reads = Reads(self.views, self.recorder, self.mapper, today)
        self.payouts = Payouts(self.records)
        self.contributions = Contributions(self.records, self.payouts)
        self.claims = Claims(self.records)
        self.rosters = Rosters(self.records, self.contributions)
        self.changes = Changes(self.records, self.contributions)
        self.bank = Bank(self.records)
        self.operators = Operators(self.records)

    # -- who acts --------------------------------------------------------------------------

    def authorise(self, command: str) -> str:
        """The one check before any use case runs: the acting operator (on PostgreSQL, once the
        fund has operators, the database login) holds a role the table gives `command`
        (ledger/roles.py). Returns who acts, as every event will record."""
        from ..roles import check

        operator, staffed, role = self.reads.acting(self.operator, login=not self._acting)
        self.act_as(operator)
        check(command, operator, role, staffed)
        return operator

    def login(self) -> str:
        """Who this process is to the store: on PostgreSQL the database login, else the
        operator it was given."""
        if self.views.engine.dialect.name != "postgresql":
            return self.operator
        from sqlalchemy import text

        with self.views.engine.connect() as conn:
            return conn.execute(text("SELECT session_user")).scalar_one()

    def act_as(self, operator: str) -> None:
        self.operator = self.records.operator = operator

    @contextmanager
    def acting(self, operator: str) -> Iterator[None]:
        """Act as `operator` inside the block, also on PostgreSQL where the command line acts
        as its login: for the fund's own code holding the owner's connection (the
        demonstration's clerks and assessors, the rulebook's people), never for a command."""
        before = self.operator
        self.act_as(operator)
        self._acting += 1  # code of the fund's own (the demonstration, the rulebook's steps)
        try:
            yield
        finally:
            self._acting -= 1
            self.act_as(before)

    def _check_readable(self, keyed: bool) -> None:
        """Refuse at once, in one line, a store this process cannot decode (the cipher key)."""
        from sqlalchemy.exc import DBAPIError

        from ..store.admin import is_permission_error

        try:
            first = read_notifications(self.recorder, 1, 1)
        except DBAPIError as e:
            if not is_permission_error(e):
                raise
            return  # a login this store lets read nothing: refused as who acts, next (roles)
        if not first:
            return
        try:
            self.mapper.to_domain_event(first[0])
        except Exception:  # noqa: BLE001 - any failure to decode means the wrong key or none
            if keyed:
                raise InputError("FUND_CIPHER_KEY", N_("the stored events cannot be decrypted "
                                                       "with this key; set the fund's own key")
                                 ) from None
            if not looks_plain(stored_bytes(first[0].state)):
                raise InputError("FUND_CIPHER_KEY", N_("the stored events are encrypted; set "
                                                       "FUND_CIPHER_KEY to the fund's key to "
                                                       "read them")) from None
            # Plain but unreadable: an altered record, for `fund audit verify` to report.

    # -- the store -------------------------------------------------------------------------

    def save(self, *objs: Any, **kwargs: Any) -> list[Any]:
        """As the library's `save`; the events just saved go to the views as they are, which
        then need not decode them again."""
        recordings, events = record(self, objs, kwargs)
        self.views.saved(recordings)
        self.notify(events)
        return recordings

    def construct_recorder(self) -> Any:
        self.factory.application_recorder_class = BulkRecorder  # type: ignore[attr-defined]
        return super().construct_recorder()

    def construct_mapper(self) -> FundMapper:
        return self.factory.mapper(transcoder=self.construct_transcoder(), mapper_class=FundMapper)

    def construct_transcoder(self) -> JSONTranscoder:
        transcoder = FlatJSONTranscoder()
        self.register_transcodings(transcoder)
        return transcoder

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

    # -- the year --------------------------------------------------------------------------

    @use_case
    def open_year(self, rules_text: str, on: date | None = None) -> YearRules:
        rules = parse_rules_text(rules_text)
        on = self.records.when(on)
        calendar = self.records.calendar()
        calendar.add(rules, self.operator, on)
        year = PlanYear(rules.year, rules.to_dict(), self.operator, on)
        self.save(calendar, year)
        return rules

    @use_case
    def amend_year(self, rules_text: str, on: date | None = None) -> YearRules:
        rules = parse_rules_text(rules_text)
        on = self.records.when(on)
        year = self.plan_year(rules.year)
        year.amend(rules, self.operator, on)
        calendar = self.records.calendar()
        calendar.move(rules, self.operator, on)
        self.save(year, calendar)
        return rules

    @use_case
    def close_year(self, year: str, on: date | None = None) -> dict[str, Decimal]:
        """Close a plan year: its income and expense move to the reserve. Returns them."""
        on = self.records.when(on)
        plan = self.plan_year(year)
        self.views.catch_up()
        closing = queries.year_totals(self.views.engine, year)
        plan.close(closing, self.operator, on)
        self.save(plan)
        return closing

    def plan_year(self, year: str) -> PlanYear:
        return self.records.plan_year(year)

    # -- children and hospitals ------------------------------------------------------------

    @use_case
    def register_hospital(self, code: str, name: str, level: int, on: date | None = None) -> None:
        if level not in (1, 2, 3):
            raise InputError("level", N_("{level} is not a hospital level (1, 2 or 3)"),
                             level=Level(level))
        if self.records.find(Hospital, Hospital.create_id(code)):
            raise RuleViolation(N_("hospital codes are unique"),
                                N_("hospital {code} is already registered"), code=code)
        self.save(Hospital(code, name, level, self.operator, self.records.when(on)))

    @use_case
    def register_child(self, member: str, name: str, born: date, guardian: str = "",
                       hardship: str | None = None, evidence: str | None = None,
                       on: date | None = None) -> None:
        on = self.records.when(on)
        if hardship and not evidence:
            raise InputError("evidence", N_("a hardship category needs its evidence reference"))
        if evidence and not hardship:
            raise InputError("hardship", N_("evidence was given without a hardship category"))
        if born > on:
            raise RuleViolation(N_("date of birth"),
                                N_("{born} is after the registration date {on}"), born=born,
                                on=on)
        if self.records.find(Member, Member.create_id(member)):
            raise RuleViolation(N_("member numbers are unique"),
                                N_("member {member} is already registered"), member=member)
        if hardship:
            hardship = self.contributions.hardship_category(hardship)
        self.save(Member(member, name, born, guardian, hardship or None, evidence or None,
                         self.operator, on))

    def member(self, member: str) -> Member:
        return self.records.member(member)

    # -- money in --------------------------------------------------------------------------

    def contribute(self, member: str, year: str, receipt: str, on: date,
                   amount: Decimal | None = None, school: str | None = None) -> Enrolled:
        return self.contributions.contribute(member, year, receipt, on, amount, school)

    def reverse_contribution(self, receipt: str, reason: str, on: date | None = None) -> Receipt:
        return self.contributions.reverse(receipt, reason, on)

    def import_roster(self, rows: Callable[[], Any], year: str, *args: Any, **kwargs: Any
                      ) -> ImportReport:
        return self.rosters.import_roster(rows, year, *args, **kwargs)

    @use_case
    def receive_subsidy(self, amount: Decimal, reference: str, on: date) -> bool:
        """Record a subsidy remittance; False when this reference was already recorded."""
        return self._receive_remittance(SubsidyRemittance, "subsidy", amount, reference, on)

    @use_case
    def receive_assistance(self, amount: Decimal, reference: str, on: date) -> bool:
        """Record the assistance payer's remittance; False when already recorded."""
        return self._receive_remittance(AssistanceRemittance, "assistance", amount, reference, on)

    def _receive_remittance(self, cls: type, payer: str, amount: Decimal, reference: str,
                            on: date) -> bool:
        """A payer settling what it owes: once per reference, never more than it owes."""
        on = self.records.when(on)
        known = self.records.find(cls, cls.create_id(reference))  # type: ignore[attr-defined]
        rule, already, too_much = _REMITTANCE[payer]
        if known is not None:
            if known.same_as(amount, on):
                return False
            raise RuleViolation(N_("references are unique"), already, reference=reference,
                                amount=known.amount, on=known.received_on)
        self.views.catch_up()
        owed = answers.account_balance(self.views.engine, f"{payer}_receivable")
        if amount > owed:
            raise RuleViolation(rule, too_much, amount=amount, owed=owed)
        self.save(cls(reference, amount, self.operator, on))
        return True

    @use_case
    def record_donation(self, amount: Decimal, donor: str, reference: str, on: date) -> bool:
        """Record a donation; False when this reference was already recorded."""
        on = self.records.when(on)
        known = self.records.find(Donation, Donation.create_id(reference))
        if known is not None:
            if known.same_as(donor, amount, on):
                return False
            raise RuleViolation(N_("references are unique"),
                                N_("donation {reference} was already recorded: {amount} from "
                                   "{donor} on {on}"), reference=reference,
                                amount=known.amount, donor=known.donor, on=known.received_on)
        year = self.records.calendar().year_of(on)
        if year is not None and self.plan_year(year).closed_on is not None:
            raise RuleViolation(N_("year closed"),
                                N_("{on} falls in {year}, whose books are closed"), on=on,
                                year=year)
        self.save(Donation(reference, donor, amount, year, self.operator, on))
        return True

    # -- claims and payouts ----------------------------------------------------------------

    def submit_claim(self, *args: Any, **kwargs: Any) -> tuple[Claim, bool]:
        return self.claims.submit(*args, **kwargs)

    def approve_claim(self, claim: str, on: date | None = None) -> Claim:
        return self.claims.approve(claim, on)

    def reject_claim(self, claim: str, reason: str, note: str = "", on: date | None = None
                     ) -> Claim:
        return self.claims.reject(claim, reason, note, on)

    def correct_claim(self, claim: str, reason: str, *args: Any, **kwargs: Any) -> Claim:
        return self.claims.correct(claim, reason, *args, **kwargs)

    def collect_recovery(self, claim: str, amount: Decimal, reference: str,
                         on: date | None = None) -> bool:
        return self.claims.repay(claim, amount, reference, on)

    def import_claims(self, rows: Callable[[], Any]) -> tuple[int, int]:
        return self.claims.import_file(rows)

    def claim(self, number: str) -> Claim:
        return self.claims.claim(number)

    def run_payouts(self, on: date | None = None) -> PayoutRun | None:
        return self.payouts.run(on)

    # -- reading ---------------------------------------------------------------------------

    def balance(self, as_of: date | None = None) -> dict[str, Any]:
        return self.reads.balance(as_of)

    def member_statement(self, member: str, as_of: date | None = None) -> dict[str, Any]:
        return self.reads.member_statement(member, as_of)

    def claim_statement(self, claim: str, as_of: date | None = None) -> dict[str, Any]:
        return self.reads.claim_statement(claim, as_of)

    def claim_list(self, as_of: date | None = None, **filters: Any) -> list[dict[str, Any]]:
        return self.reads.claim_list(as_of, **filters)

    def year_statement(self, year: str) -> dict[str, Any]:
        return self.reads.year_statement(year)

    def annual_report(self, year: str) -> dict[str, Any]:
        return self.reads.annual_report(year)

    def history(self, ref: str) -> list[dict[str, Any]]:
        return self.reads.history(ref)

    def journal(self, fmt: str, year: str | None = None) -> Iterator[str]:
        """The books as an hledger or Beancount journal, line by line."""
        from .journals import journal_text

        return journal_text(self, fmt, year)

    def hospital_list(self, as_of: date | None = None) -> list[dict[str, Any]]:
        return self.reads.hospitals(as_of)

    def year_list(self) -> list[dict[str, Any]]:
        return self.reads.years()

    def child_list(self, year: str | None = None, hardship: bool = False,
                   school: str | None = None) -> list[dict[str, Any]]:
        return self.reads.children(year, hardship, school)

    def income_list(self, year: str | None = None) -> list[dict[str, Any]]:
        return self.reads.income(year)

    def export(self, what: str, year: str) -> tuple[tuple[str, ...], Iterator[tuple[str, ...]]]:
        return self.reads.export(what, year)

    def event_count(self) -> int:
        """Events stored: fewer than the last position where a crash or a rolled-back save
        left positions unused (PostgreSQL's sequence jumps)."""
        from ..store.log import count_events

        return count_events(self.views.engine, self.recorder.events_table_name)

    def guarded_store(self) -> tuple[str, str]:
        """(kind, events table) of a store whose guard is installed (`fund db init`)."""
        from ..store.admin import has_append_only

        engine, table = self.views.engine, self.recorder.events_table_name
        if not has_append_only(engine, table):
            raise RuleViolation(N_("append-only"), N_("this connection may not install the "
                                                      "guard; run `fund db init` as the "
                                                      "database owner"))
        return engine.dialect.name, table

    def grant_auditor(self, role: str) -> bool:
        """A login role that may read every table and change none; True when created now."""
        from ..store.admin import grant_auditor

        return grant_auditor(self.views.engine, role)

    def backup(self, target: str) -> tuple[int, int]:
        """(events, bytes) of an online copy of an SQLite fund into the new file `target`."""
        from ..store.admin import backup_sqlite

        events = self.recorder.max_notification_id() or 0
        return events, backup_sqlite(self.views.engine, target)

    def store_check(self) -> dict[str, Any]:
        """What an operator checks first: which store, how big, how far the views lag."""
        from ..projections.runner import VIEWS_VERSION
        from ..store import admin
        from ..store.log import count_events

        self.views.catch_up()  # also finds out whether this connection may write
        engine = self.views.engine
        last = self.recorder.max_notification_id() or 0
        tracked = self.views.position()
        return {
            **admin.describe(engine),
            "schema_version": f"views {VIEWS_VERSION}, events v{Claim.Approved.class_version}",
            "events": count_events(engine, self.recorder.events_table_name),
            "last_position": last,
            "projection_position": tracked,
            "projection_lag": last - tracked,
            **admin.guard_report(engine, self.recorder.events_table_name),
            "encrypted": bool(os.environ.get("FUND_CIPHER_KEY")),
            "read_only": self.views.read_only,
            "operators": len(self.records.staff().roles),
            "excess_rights": self.operators.excess(),
            **admin.replication(engine),
        }


# A payer's remittance: (rule, recorded twice, more than owed), for each payer.
_REMITTANCE = {
    "subsidy": (N_("subsidy remittance"),
                N_("subsidy remittance {reference} was already recorded: {amount} on {on}"),
                N_("{amount} is more than the subsidy receivable {owed}")),
    "assistance": (N_("assistance remittance"),
                   N_("assistance remittance {reference} was already recorded: {amount} on "
                      "{on}"),
                   N_("{amount} is more than the assistance receivable {owed}")),
}


def _check_key(key: str) -> None:
    """The README promises AES-256: a key of 16 or 24 bytes (AES-128 or -192, which the
    cipher would take without a word) is refused."""
    import base64
    import binascii

    try:
        size = len(base64.b64decode(key.encode(), validate=True))
    except (binascii.Error, ValueError):
        raise InputError("FUND_CIPHER_KEY", N_("not a key made by `fund key generate`")
                         ) from None
    if size != 32:
        raise InputError("FUND_CIPHER_KEY", N_("a key of {size} bytes gives AES-{bits}; the "
                                               "fund encrypts with AES-256 (32 bytes): make "
                                               "one with `fund key generate`"),
                         size=size, bits=size * 8)


def _shown(url: str) -> str:
    """A store's URL as an administrator typed it: no password, no driver options."""
    from sqlalchemy.engine import make_url

    return make_url(url.split("?timeout=")[0]).render_as_string(hide_password=True)


def _no_store(url: str) -> InputError:
    return InputError("db", N_("no fund store at {url}; `fund db init` makes one, or name the "
                               "fund's own with --db"), url=_shown(url))
