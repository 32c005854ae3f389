"""The fund's use cases: one method each, loading aggregates, calling them, saving together.

Every method either records all its events in one transaction or nothing (a refusal raises
before saving). Optimistic-concurrency conflicts from other terminals are retried here and
never reach the administrator. After each write the read models are caught up.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Callable, Iterable, Iterator
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application, ProcessingEvent
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, JSONTranscoder

from .bulk import constructed
from .claims_desk import ClaimsDesk
from .coverage import amount_due, covered_from, hardship_category, is_hardship
from .enrollment import Enrollment, Receipt
from .errors import InputError, NotFound, RuleViolation
from .income import Donation, SubsidyRemittance
from .money import ZERO
from .persistence import (DateAsISO, FlatJSONTranscoder, FundMapper, load_many, new_sqlite_store,
                          stored_bytes, store_url, tune_sqlite)
from .plan_year import Calendar, PlanYear
from .projections import answers, queries
from .projections.as_of import replay_as_of
from .projections.runner import Views
from .reads import Statements
from .recorder import BulkRecorder
from .registry import Hospital, Member
from .roster import RosterDesk
from .rules import YearRules, parse_rules_text
from .store import count_events, ensure_append_only, store_exists
from .use_case import T, use_case


class _Collected(ProcessingEvent):
    def collect_events(self, *objs: Any, **kwargs: Any) -> None:
        for obj in objs:
            if isinstance(obj, Aggregate):
                self.events.extend(obj.collect_events())
                self.aggregates[obj.id] = obj
            elif isinstance(obj, Aggregate.Event):  # a creation event alone (ledger.bulk)
                self.events.append(obj)
            elif obj is not None:
                super().collect_events(obj)
        self.saved_kwargs.update(kwargs)


@dataclass(frozen=True)
class Enrolled:
    """What an administrator is told after a contribution."""

    member: str
    year: str
    receipt: str
    paid: Decimal
    subsidy: Decimal
    covered_from: date
    duplicate: bool = False


def _check_key(key: str) -> None:
    """The README promises AES-256: a key of 16 or 24 bytes (AES-128 or -192, which the
    cipher would take without a word) is refused."""
    import base64
    import binascii

    try:
        size = len(base64.b64decode(key.encode(), validate=True))
    except (binascii.Error, ValueError):
        raise InputError("FUND_CIPHER_KEY", "not a key made by `fund key generate`") from None
    if size != 32:
        raise InputError("FUND_CIPHER_KEY", f"a key of {size} bytes gives AES-{size * 8}; the "
                         "fund encrypts with AES-256 (32 bytes): make one with "
                         "`fund key generate`")


def _shown(url: str) -> str:
    """A store's URL as an administrator typed it: no password, no driver options."""
    from sqlalchemy.engine import make_url

    return make_url(url.split("?timeout=")[0]).render_as_string(hide_password=True)


class Fund(ClaimsDesk, RosterDesk, Application):
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
        if not create and not store_exists(url, f"{self.name}_events"):
            raise InputError("--db", f"no fund store at {_shown(url)}; `fund db init` makes "
                             "one, or name the fund's own with --db")
        new_sqlite_store(url)
        settings = {"PERSISTENCE_MODULE": "eventsourcing_sqlalchemy", "SQLALCHEMY_URL": url}
        key = os.environ.get("FUND_CIPHER_KEY")
        if key:
            _check_key(key)
            settings.update(CIPHER_TOPIC="eventsourcing.cipher:AESCipher", CIPHER_KEY=key)
        settings.update(env or {})
        try:
            super().__init__(env=settings)
        except (ValueError, TypeError) as e:  # a malformed key
            raise InputError("FUND_CIPHER_KEY", f"not a key made by `fund key generate` ({e})") from None
        self.operator = operator
        self.today = today
        engine = self.recorder.datastore.engine
        tune_sqlite(engine)
        self.views = Views(engine, self.recorder, self.mapper)
        self.views.create()
        ensure_append_only(engine, self.recorder.events_table_name)
        self._check_readable(bool(key))
        self._preloaded: dict[UUID, Any] = {}

    def _check_readable(self, keyed: bool) -> None:
        """Refuse at once, in one line, a store this process cannot decode (the cipher key)."""
        from .projections.runner import read_notifications

        first = read_notifications(self.recorder, 1, 1)
        if not first:
            return
        try:
            self.mapper.to_domain_event(first[0])
        except Exception:  # noqa: BLE001 - any failure to decode means the wrong key or none
            if keyed:
                raise InputError("FUND_CIPHER_KEY", "the stored events cannot be decrypted with "
                                 "this key; set the fund's own key") from None
            if not stored_bytes(first[0].state).lstrip().startswith(b"{"):
                raise InputError("FUND_CIPHER_KEY", "the stored events are encrypted; set "
                                 "FUND_CIPHER_KEY to the fund's key to read them") from None
            # Plain but unreadable: an altered record, for `fund audit verify` to report.

    def save(self, *objs: Any, **kwargs: Any) -> list[Any]:
        """As the library's `save`, collecting the fund's own aggregates by their class: the
        library asks two runtime-checkable protocols of every object (~16 µs each, a fifth of
        a roster batch's save). Anything else still goes through the library's checks."""
        processing = _Collected()
        processing.collect_events(*objs, **kwargs)
        recordings = self._record(processing)
        self._take_snapshots(processing)
        self._notify(recordings)
        self.notify(processing.events)
        return recordings

    def _notify(self, recordings: list[Any]) -> None:
        """Hand the events just saved to the views, which then need not decode them again."""
        self.views.saved(recordings)

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

    def _when(self, on: date | None) -> date:
        """The effective date of a command: today unless given, never in the future."""
        today = self.today()
        if on is None:
            return today
        if on > today:
            raise RuleViolation("future date", f"{on} is after today ({today})")
        return on

    # -- loading ---------------------------------------------------------------------------

    def _find(self, cls: type[T], key: UUID) -> T | None:
        if key in self._preloaded:
            return self._preloaded[key]
        try:
            return self.repository.get(key)
        except AggregateNotFoundError:
            return None

    @contextmanager
    def _preloading(self, ids: Iterable[UUID], absent: Iterable[UUID] = ()) -> Iterator[None]:
        """Within the block, `_find` answers these ids from a few bulk reads (bulk work), and
        the `absent` ones as unknown without reading them: ids just read and found unknown,
        whose first event the store itself will refuse if another terminal saved one since."""
        self._preloaded = dict.fromkeys(absent)
        self._preloaded.update(load_many(self.recorder, self.mapper, ids))
        try:
            yield
        finally:
            self._preloaded = {}

    def _get(self, cls: type[T], what: str, *key: str) -> T:
        found = self._find(cls, cls.create_id(*key))
        if found is None:
            raise NotFound(what, "/".join(key))
        return found

    def plan_year(self, year: str) -> PlanYear:
        return self._get(PlanYear, "plan year", year)

    def _calendar(self) -> Calendar:
        return self._find(Calendar, Calendar.create_id()) or Calendar()

    # -- the year --------------------------------------------------------------------------

    @use_case
    def open_year(self, rules_text: str, on: date | None = None) -> YearRules:
        rules = parse_rules_text(rules_text)
        on = self._when(on)
        calendar = self._calendar()
        calendar.add(rules, self.operator, on)
        year = PlanYear(rules.year, rules.to_dict(), self.operator, on)
        self.save(calendar, year)
        return rules

    @use_case
    def amend_year(self, rules_text: str, on: date | None = None) -> YearRules:
        rules = parse_rules_text(rules_text)
        on = self._when(on)
        year = self.plan_year(rules.year)
        year.amend(rules, self.operator, on)
        calendar = self._calendar()
        calendar.move(rules, self.operator, on)
        self.save(year, calendar)
        return rules

    @use_case
    def close_year(self, year: str, on: date | None = None) -> dict[str, Decimal]:
        """Close a plan year: its income and expense move to the reserve. Returns them."""
        on = self._when(on)
        plan = self.plan_year(year)
        self.views.catch_up()
        closing = queries.year_totals(self.views.engine, year)
        plan.close(closing, self.operator, on)
        self.save(plan)
        return closing

    # -- children and hospitals ------------------------------------------------------------

    @use_case
    def register_hospital(self, code: str, name: str, level: int, on: date | None = None) -> None:
        if level not in (1, 2, 3):
            raise InputError("--level", f"{level} is not a hospital level (1, 2 or 3)")
        if self._find(Hospital, Hospital.create_id(code)):
            raise RuleViolation("hospital codes are unique", f"hospital {code} is already registered")
        self.save(Hospital(code, name, level, self.operator, self._when(on)))

    @use_case
    def register_child(
        self,
        member: str,
        name: str,
        born: date,
        guardian: str = "",
        hardship: str | None = None,
        evidence: str | None = None,
        on: date | None = None,
    ) -> None:
        on = self._when(on)
        if hardship and not evidence:
            raise InputError("--evidence", "a hardship category needs its evidence reference")
        if evidence and not hardship:
            raise InputError("--hardship", "evidence was given without a hardship category")
        if born > on:
            raise RuleViolation("date of birth", f"{born} is after the registration date {on}")
        if self._find(Member, Member.create_id(member)):
            raise RuleViolation(
                "member numbers are unique", f"member {member} is already registered"
            )
        if hardship:
            hardship = self.hardship_category(hardship)
        self.save(Member(member, name, born, guardian, hardship or None, evidence or None,
                         self.operator, on))

    def hardship_category(self, given: str, plans: Iterable[PlanYear] | None = None) -> str:
        """A hardship category as an open plan year spells it; any other is refused, naming
        the ones allowed (a child registered under a category no year knows would pay)."""
        if plans is None:
            plans = [self.plan_year(y) for y in self._calendar().years]
        categories = [c for p in plans if p.closed_on is None for c in p.rules.hardship_categories]
        found = hardship_category(categories, given)
        if found is None:
            allowed = ", ".join(dict.fromkeys(categories)) or "none: no plan year is open"
            raise InputError("hardship", f"{given!r} is not a hardship category of an open plan "
                             f"year (allowed: {allowed})")
        return found

    def member(self, member: str) -> Member:
        return self._get(Member, "member", member)

    # -- contributions ---------------------------------------------------------------------

    @use_case
    def contribute(
        self, member: str, year: str, receipt: str, on: date, amount: Decimal | None = None
    ) -> Enrolled:
        on = self._when(on)
        result, pending = self.enrollment_by(self.member(member), self.open_plan(year), receipt,
                                             on, amount)
        if pending:
            self.save(*pending)
        return result

    def open_plan(self, year: str) -> PlanYear:
        """A plan year that still takes contributions."""
        plan = self.plan_year(year)
        if plan.closed_on is not None:
            raise RuleViolation("year closed", f"{year} was closed on {plan.closed_on}")
        return plan

    def enrollment_by(
        self, child: Any, plan: PlanYear, receipt: str, on: date, amount: Decimal | None,
        build: Callable[..., Any] | None = constructed,
    ) -> tuple[Enrolled, list[Any]]:
        """What a contribution records (the receipt and the enrollment), not yet saved.

        A receipt already recorded with the same data is a duplicate: nothing to record.
        `build` makes a new receipt or enrollment: by its constructor, or as its creation event
        alone (`ledger.bulk.created`, a roster's recording). With None (checking a roster)
        every rule is checked and nothing new is made: the constructors check nothing.
        `child` is the registered child, or a roster row registering it (same fields).
        """
        member, year, rules = child.member, plan.year, plan.rules
        due = amount_due(rules, child.born)
        hardship = is_hardship(rules, child.hardship)
        paid, subsidy = (ZERO, due) if hardship else (due, ZERO)
        if amount is None and not hardship:
            raise InputError("amount", f"{member} pays {due} for {year}: enter the amount on "
                             "the receipt (the fund never books an amount nobody typed)")
        if amount is not None:
            if hardship and amount != ZERO:
                raise RuleViolation(
                    "hardship enrollment",
                    f"{member} is a {child.hardship} child, enrolled without paying; "
                    f"the subsidy payer owes {due}",
                )
            if not hardship and amount != due:
                raise RuleViolation(
                    "contribution amount",
                    f"{member} owes exactly {due} for {year}, not {amount}",
                )
        # The enrollment is read before the receipt: both are saved in one transaction, so
        # whatever another terminal commits between the two reads, a receipt found here has
        # its enrollment recorded too (read the other way round, a receipt entered at the same
        # moment at two terminals could look like a second enrollment).
        enrollment = self._find(Enrollment, Enrollment.create_id(member, year))
        used = self._find(Receipt, Receipt.create_id(receipt))
        if used is not None:
            if used.same_as(member, year, paid, on):
                if enrollment is None:  # saved by another terminal between the two reads
                    raise IntegrityError("read again: a terminal saved this receipt meanwhile")
                return Enrolled(member, year, receipt, paid, subsidy,
                                enrollment.covered_from, duplicate=True), []
            raise RuleViolation(
                "receipt numbers are unique",
                f"receipt {receipt} was already recorded on {used.paid_on} for "
                f"{used.member} in {used.year}",
            )
        starts = covered_from(rules, child.born, on)
        category = child.hardship if hardship else None
        if enrollment is None and build is None:
            return Enrolled(member, year, receipt, paid, subsidy, starts), []
        build = build or constructed  # a re-enrollment is checked by making it (its rules)
        if enrollment is None:
            enrollment = build(Enrollment, member, year, receipt, paid, subsidy, category, starts,
                               self.operator, on)
        else:
            enrollment.reenroll(receipt, paid, subsidy, category, starts, self.operator, on)
        receipt_record = build(Receipt, receipt, member, year, paid, self.operator, on)
        return Enrolled(member, year, receipt, paid, subsidy, starts), [receipt_record, enrollment]

    @use_case
    def reverse_contribution(self, receipt: str, reason: str, on: date | None = None) -> Receipt:
        on = self._when(on)
        used = self._get(Receipt, "receipt", receipt)
        if on < used.paid_on:
            raise RuleViolation("reversal date", f"{on} is before the payment on {used.paid_on}")
        plan = self.plan_year(used.year)
        if plan.closed_on is not None:
            raise RuleViolation("year closed", f"{used.year} was closed on {plan.closed_on}")
        enrollment = self._get(Enrollment, "enrollment", used.member, used.year)
        refund = enrollment.paid  # what the family paid goes back to it
        enrollment.reverse(receipt, reason, self.operator, on)
        if refund == ZERO:  # a hardship enrollment: no money goes back
            self.save(enrollment)
            return used
        desk = self.payout_desk()
        cash, in_hand = self.cash_free(on)
        if refund > cash - in_hand:
            raise RuleViolation(
                "cash never below zero",
                f"the refund of {refund} is more than the cash free to pay it "
                f"({max(ZERO, cash - in_hand)}); record it when the fund has the money")
        desk.clear_refund(receipt, refund, self.operator, on)
        self.save(enrollment, desk)
        return used

    # -- other money in --------------------------------------------------------------------

    @use_case
    def receive_subsidy(self, amount: Decimal, reference: str, on: date) -> bool:
        """Record a subsidy remittance; False when this reference was already recorded."""
        return self._receive_remittance(SubsidyRemittance, "subsidy", amount, reference, on)

    def _receive_remittance(self, cls: type, payer: str, amount: Decimal, reference: str,
                            on: date) -> bool:
        """A payer settling what it owes: once per reference, never more than it owes."""
        on = self._when(on)
        known = self._find(cls, cls.create_id(reference))
        if known is not None:
            if known.same_as(amount, on):
                return False
            raise RuleViolation(
                "references are unique",
                f"{payer} remittance {reference} was already recorded: "
                f"{known.amount} on {known.received_on}",
            )
        self.views.catch_up()
        owed = answers.account_balance(self.views.engine, f"{payer}_receivable")
        if amount > owed:
            raise RuleViolation(
                f"{payer} remittance", f"{amount} is more than the {payer} receivable {owed}"
            )
        self.save(cls(reference, amount, self.operator, on))
        return True

    @use_case
    def record_donation(self, amount: Decimal, donor: str, reference: str, on: date) -> bool:
        """Record a donation; False when this reference was already recorded."""
        on = self._when(on)
        known = self._find(Donation, Donation.create_id(reference))
        if known is not None:
            if known.same_as(donor, amount, on):
                return False
            raise RuleViolation(
                "references are unique",
                f"donation {reference} was already recorded: {known.amount} from "
                f"{known.donor} on {known.received_on}",
            )
        year = self._calendar().year_of(on)
        if year is not None and self.plan_year(year).closed_on is not None:
            raise RuleViolation("year closed", f"{on} falls in {year}, whose books are closed")
        self.save(Donation(reference, donor, amount, year, self.operator, on))
        return True

    # -- reading ---------------------------------------------------------------------------

    def balance(self, as_of: date | None = None) -> dict[str, Any]:
        self.views.catch_up()
        return Statements(self.views.engine, self.today).balance(as_of)

    def read_engine(self, as_of: date | None = None, about: list[str] | None = None):
        """The live read models, or a replay of them as they stood on `as_of` (only of the
        events `about` some members or claims, when the question is about them)."""
        self.views.catch_up()
        if as_of is None:
            return self.views.engine
        positions = None if about is None else queries.positions_about(self.views.engine, about)
        return replay_as_of(self.recorder, self.mapper, as_of, positions)

    def member_statement(self, member: str, as_of: date | None = None) -> dict[str, Any]:
        engine = self.read_engine(as_of, about=[member])
        return Statements(engine, self.today).member_statement(member)

    def year_statement(self, year: str) -> dict[str, Any]:
        self.views.catch_up()
        found = queries.year(self.views.engine, year)
        if found is None:
            raise NotFound("plan year", year)
        return found

    def annual_report(self, year: str) -> dict[str, Any]:
        from .projections.report import annual_report

        self.views.catch_up()
        found = annual_report(self.views.engine, year)
        if found is None:
            raise NotFound("plan year", year)
        return found

    def store_check(self) -> dict[str, Any]:
        """What an operator checks first: which store, how big, how far the views lag."""
        from . import claim, store
        from .projections.runner import VIEWS_VERSION

        self.views.catch_up()  # also finds out whether this connection may write
        engine = self.views.engine
        last = self.recorder.max_notification_id() or 0
        events = count_events(engine, self.recorder.events_table_name)
        tracked = self.views.position()
        return {
            **store.describe(engine),
            "schema_version": f"views {VIEWS_VERSION}, events v{claim.Claim.Approved.class_version}",
            "events": events,
            "last_position": last,
            "projection_position": tracked,
            "projection_lag": last - tracked,
            **store.guard_report(engine, self.recorder.events_table_name),
            "encrypted": bool(os.environ.get("FUND_CIPHER_KEY")),
            "read_only": self.views.read_only,
        }

    def export(self, what: str, year: str) -> tuple[tuple[str, ...], Iterator[tuple[str, ...]]]:
        """(columns, rows) of a year's contributions or claims, streamed, as `import` reads them."""
        self.year_statement(year)
        if what == "contributions":
            return queries.ROSTER_COLUMNS, queries.contributions_rows(self.views.engine, year)
        return queries.CLAIM_COLUMNS, queries.claims_rows(self.views.engine, year)

    def history(self, ref: str) -> list[dict[str, Any]]:
        self.views.catch_up()
        positions = queries.history_positions(self.views.engine, ref)
        if not positions:
            raise NotFound("record", ref)
        out = []
        for position in positions:
            (note,) = self.recorder.select_notifications(start=position, limit=1, stop=position)
            out.append(queries.describe(position, self.mapper.to_domain_event(note)))
        return out
