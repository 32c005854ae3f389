"""The read side in one place: every answer a read command gives.

`Reads` is the application's: it catches the views up and answers from them, or replays the
log as it stood on a past date. A read command may also come here directly (`quick`) when the
views are already current: `Statements` then answers through the driver alone, without
loading the event store's machinery or SQLAlchemy, most of its start-up.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any, Callable

from ..errors import NotFound, NotYet
from . import VIEWS_VERSION, answers


class Statements:
    """`source`: the views' SQLAlchemy engine, or a driver connection (`answers.Reader`)."""

    def __init__(self, source: Any, today: Callable[[], date]):
        self.source = source
        self.today = today

    def balance(self, as_of: date | None = None) -> dict[str, Any]:
        return answers.balance(self.source, as_of or self.today())

    def member_statement(self, member: str, as_of: date | None = None) -> dict[str, Any]:
        found = answers.member(self.source, member)
        if found is None:
            raise NotFound("member", member)
        return found

    def claim_statement(self, claim: str, as_of: date | None = None) -> dict[str, Any]:
        found = answers.claim(self.source, claim)
        if found is None:
            raise NotFound("claim", claim)
        return found

    def acting(self, operator: str) -> tuple[str, bool, str | None]:
        return answers.acting(self.source, operator)

    def close(self) -> None:
        if isinstance(self.source, answers.Reader):
            self.source.close()


class Reads:
    """Every answer of the read commands, for the application: from the live views, caught up
    first, or as they stood on `as_of` (replayed from the log)."""

    def __init__(self, views: Any, recorder: Any, mapper: Any, today: Callable[[], date]):
        self.views = views
        self.recorder = recorder
        self.mapper = mapper
        self.today = today

    def source(self, as_of: date | None = None, about: list[str] | None = None) -> Any:
        """The live views, or a replay of them as they stood on `as_of` (only of the events
        `about` some members or claims, when the question is about them)."""
        from . import queries
        from .as_of import replay_as_of

        self.views.catch_up()
        if as_of is None:
            return self.views.engine
        positions = None if about is None else queries.positions_about(self.views.engine, about)
        return replay_as_of(self.recorder, self.mapper, as_of, positions)

    def balance(self, as_of: date | None = None) -> dict[str, Any]:
        return Statements(self.source(), self.today).balance(as_of)

    def member_statement(self, member: str, as_of: date | None = None) -> dict[str, Any]:
        return self._as_of(as_of, member, lambda source: Statements(
            source, self.today).member_statement(member))

    def claim_statement(self, claim: str, as_of: date | None = None) -> dict[str, Any]:
        return self._as_of(as_of, claim, lambda source: Statements(
            source, self.today).claim_statement(claim))

    def _as_of(self, as_of: date | None, ref: str, answer: Callable[[Any], Any]) -> Any:
        """The answer about `ref` as it stood on `as_of`; one not yet on record that day, but
        on record now, is said to be so (not "unknown")."""
        try:
            return answer(self.source(as_of, [ref]))
        except NotFound as e:
            if as_of is None:
                raise
            answer(self.source())  # unknown now too: that is the answer
            raise NotYet(e.what, ref, as_of) from None

    def acting(self, operator: str, login: bool = True) -> tuple[str, bool, str | None]:
        return answers.acting(self.source(), operator, login)

    def operators(self, as_of: date | None = None) -> list[dict[str, Any]]:
        return answers.operators(self.source(), as_of)

    def claim_list(self, as_of: date | None = None, **filters: Any) -> list[dict[str, Any]]:
        from . import queries

        if filters.get("year") is not None:
            self.year_statement(filters["year"])  # an unknown year is named, not an empty list
        return queries.claims_list(self.source(as_of), **filters)

    def year_statement(self, year: str) -> dict[str, Any]:
        from . import queries

        found = queries.year(self.source(), year)
        if found is None:
            raise NotFound("plan year", year)
        return found

    def annual_report(self, year: str) -> dict[str, Any]:
        from .report import annual_report

        found = annual_report(self.source(), year, self.today())
        if found is None:
            raise NotFound("plan year", year)
        return found

    def export(self, what: str, year: str) -> tuple[tuple[str, ...], Iterator[tuple[str, ...]]]:
        """(columns, rows) of a year's contributions or claims, streamed, as `import` reads
        them."""
        from . import queries

        self.year_statement(year)
        if what == "contributions":
            return queries.ROSTER_COLUMNS, queries.contributions_rows(self.views.engine, year)
        return queries.CLAIM_COLUMNS, queries.claims_rows(self.views.engine, year)

    def hospitals(self, as_of: date | None = None) -> list[dict[str, Any]]:
        """The hospitals, with their level and delisting as they stood on `as_of`."""
        from . import queries

        if as_of is None:
            return queries.hospital_list(self.source())
        codes = [h["code"] for h in queries.hospital_list(self.source())]
        return queries.hospital_list(self.source(as_of, codes))

    def board(self, target_loss_ratio: Any, seed: int) -> dict[str, Any]:
        """Every plan year side by side, the suggested contribution for next year and the
        reserve's cover (ledger/experience.py: the method, and why)."""
        from .. import experience
        from .board import child_year_benefits, year_figures

        engine = self.source()
        figures = year_figures(engine, self.today())
        suggestion = experience.suggest(figures, target_loss_ratio)
        ended = [f for f in figures if f.ended and f.children]
        # the reserve, and what the ended years not yet closed will bring to it at their close
        reserve = answers.account_balance(engine, "reserve") + sum(
            (f.contributions + f.subsidies + f.donations - f.benefits
             for f in figures if f.ended and f.reserve is None), Decimal("0.00"))
        cover = None
        if suggestion.amount is not None:
            cover = experience.cover(child_year_benefits(engine, list(suggestion.years_used)),
                                     ended[-1].children, suggestion.amount, reserve, seed)
        return {"years": figures, "suggestion": suggestion, "cover": cover,
                "reserve": reserve}

    def simulate(self, proposal: Any, year: str) -> Any:
        """The claims of `year` assessed again under the rules `proposal`, recording
        nothing (ledger/simulation.py)."""
        from ..simulation import simulate
        from . import queries

        self.year_statement(year)
        engine = self.source()
        return simulate(proposal, queries.approved_cases(engine, year),
                        queries.enrolled_children(engine, year))

    def years(self) -> list[dict[str, Any]]:
        from . import queries

        return queries.year_list(self.source())

    def children(self, year: str | None = None, hardship: bool = False,
                 school: str | None = None) -> list[dict[str, Any]]:
        from . import queries

        if year is not None:
            self.year_statement(year)  # an unknown year is named, not an empty list
        return queries.child_list(self.source(), year, hardship, school)

    def cases_paid(self, year: str, month: str | None = None) -> list[dict[str, Any]]:
        """The public notice of `year`'s cases paid (in `month`, YYYY-MM, by payment date)."""
        from .. import notice
        from . import queries

        self.year_statement(year)
        between = notice.month_of(month) if month else None
        return notice.cases(queries.cases_paid(self.source(), year, between))

    def renewals(self, year: str, school: str | None = None) -> tuple[str | None, list[dict]]:
        """(the year before, its children not yet enrolled in `year`)."""
        from . import queries

        self.year_statement(year)
        before = queries.previous_year(self.source(), year)
        return before, ([] if before is None else
                        queries.renewals(self.source(), year, before, school))

    def income(self, year: str | None = None) -> list[dict[str, Any]]:
        """Donations and the payers' remittances (in a plan year's dates, if given), each as
        its event recorded it (the journal says where they are)."""
        from ..store.log import notes_at
        from . import queries

        starts = ends = None
        if year is not None:
            rules = self.year_statement(year)["rules"]
            starts, ends = date.fromisoformat(rules["starts"]), date.fromisoformat(rules["ends"])
        positions = queries.income_positions(self.source(), starts, ends)
        out = []
        for note in notes_at(self.recorder, positions):
            event = self.mapper.to_domain_event(note)
            out.append({"kind": queries.INCOME_EVENTS[type(event).__qualname__],
                        "reference": event.reference, "amount": event.amount,
                        "received_on": event.effective, "donor": getattr(event, "donor", None),
                        "operator": event.operator})
        return sorted(out, key=lambda d: (d["received_on"], d["reference"]))

    def history(self, ref: str) -> list[dict[str, Any]]:
        """Every event about `ref`, decoded from the log itself (the index only says where)."""
        from ..store.log import notes_at
        from . import queries

        positions = queries.history_positions(self.source(), ref)
        if not positions:
            raise NotFound("record", ref)
        return [queries.describe(note.id, self.mapper.to_domain_event(note))
                for note in notes_at(self.recorder, positions)]


def quick(url: str, today: Callable[[], date]) -> Statements | None:
    """Statements straight from the views if they are current and plainly readable, else None
    (the caller then opens the whole application, which catches up or explains)."""
    from ..store.locations import store_url
    from ..store.probe import log_ends

    try:
        reader = answers.Reader.at(store_url(url))
    except Exception:  # noqa: BLE001 - any failure to connect: the application explains it
        return None
    try:
        tracked = {r["name"]: r["position"] for r in reader.rows(
            "SELECT name, position FROM view_tracking WHERE name IN ('views', 'views:version')")}
        last, plain = log_ends(reader)
    except reader.errors:
        reader.close()
        return None
    current = (tracked.get("views:version") == VIEWS_VERSION and last is not None
               and tracked.get("views") == last and plain)
    if not current:
        reader.close()
        return None
    return Statements(reader, today)
