"""The read models: plain tables, derived from the event log and rebuildable from it.

Amounts are whole fen (BigInteger): exact on SQLite and PostgreSQL alike. Every table here
is disposable; `fund audit rebuild` recreates all of them from the log and compares.

On SQLite the small tables keyed by text or by several columns are stored in their key's
order (WITHOUT ROWID), and the chain's position is the row id itself: a row written is then
one B-tree insert, not two. A roster row writes about twelve view rows; projecting 100,000
rows' events took 5 % less time laid out so (bench/RESULTS.md).
"""

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

tracking = Table(
    "view_tracking",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("position", BigInteger, nullable=False),
)

years = Table(
    "view_years",
    metadata,
    Column("year", String(16), primary_key=True),
    Column("starts", Date, nullable=False),
    Column("ends", Date, nullable=False),
    Column("rules", Text, nullable=False),
    Column("rules_version", Integer, nullable=False),
    Column("fingerprint", String(32), nullable=False),
    Column("opened_on", Date, nullable=False),
    Column("closed_on", Date),
)

members = Table(
    "view_members",
    metadata,
    Column("member", String(64), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("born", Date, nullable=False),
    Column("guardian", String(200), nullable=False),
    Column("hardship", String(64)),  # the status from the latest change on
    Column("evidence", String(200)),
    Column("hardship_from", Date),  # that change's date (none: since registration)
    Column("registered_on", Date, nullable=False),
    sqlite_with_rowid=False,
)

hospitals = Table(
    "view_hospitals",
    metadata,
    Column("code", String(64), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("level", Integer, nullable=False),  # from the latest change on
    Column("level_from", Date),  # that change's date (none: since registration)
    Column("delisted_from", Date),
    Column("delist_reason", Text),
)

member_years = Table(
    "view_member_years",
    metadata,
    Column("member", String(64), primary_key=True),
    Column("year", String(16), primary_key=True),
    Column("status", String(16), nullable=False),  # enrolled | reversed
    Column("receipt", String(64)),
    Column("enrolled_on", Date),
    Column("covered_from", Date),
    Column("hardship", String(64)),
    Column("paid_fen", BigInteger, nullable=False),
    Column("subsidy_fen", BigInteger, nullable=False),
    Column("benefits_fen", BigInteger, nullable=False),
    Column("school", String(200)),  # the roster's school that enrolled the child, if any
    Index("ix_member_years_year", "year", "status"),
    sqlite_with_rowid=False,
)

journal = Table(
    "view_journal",
    metadata,
    Column("position", BigInteger, primary_key=True),
    Column("line", Integer, primary_key=True),
    Column("effective", Date, nullable=False),
    Column("account", String(32), nullable=False),
    Column("year", String(16)),
    Column("fen", BigInteger, nullable=False),
    Column("event", String(64), nullable=False),
    Index("ix_journal_effective", "effective", "account"),
    Index("ix_journal_account_year", "account", "year"),
    sqlite_with_rowid=False,
)

history = Table(
    "view_history",
    metadata,
    Column("ref", String(64), primary_key=True),
    Column("position", BigInteger, primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("effective", Date, nullable=False),
    sqlite_with_rowid=False,
)

claims = Table(
    "view_claims",
    metadata,
    Column("claim", String(64), primary_key=True),
    Column("member", String(64), nullable=False),
    Column("year", String(16), nullable=False),
    Column("hospital", String(64), nullable=False),
    Column("level", Integer, nullable=False),
    Column("bill", String(64), nullable=False),
    Column("claim_type", String(32), nullable=False),
    Column("diagnosis", String(64)),
    Column("package", String(64)),
    Column("admitted", Date, nullable=False),
    Column("discharged", Date, nullable=False),
    Column("submitted_on", Date, nullable=False),
    Column("submitted_position", BigInteger, nullable=False),  # the order of submission
    Column("replaces", String(64)),
    Column("status", String(16), nullable=False),
    Column("reason", String(32)),
    Column("reason_note", Text),  # what the family is told, with the dates that decided it
    Column("appeal", String(16)),  # open | upheld | overturned
    Column("total_fen", BigInteger, nullable=False),
    Column("in_scope_fen", BigInteger, nullable=False),
    Column("other_paid_fen", BigInteger, nullable=False),
    Column("assessment", Text),  # the latest breakdown, as recorded
    Column("payout_fen", BigInteger, nullable=False),
    Column("assistance_fen", BigInteger, nullable=False),
    Column("paid_fen", BigInteger, nullable=False),
    Column("assistance_paid_fen", BigInteger, nullable=False),
    Column("recovery_fen", BigInteger, nullable=False),
    Column("received_fen", BigInteger, nullable=False),  # paid to the family by every run
    Column("approved_on", Date),
    Column("approved_position", BigInteger),
    Index("ix_claims_status", "status", "approved_position"),
    Index("ix_claims_member", "member", "year"),
    Index("ix_claims_year", "year", "status"),
    Index("ix_claims_waiting", "status", "submitted_position"),
)

chain = Table(
    "audit_chain",
    metadata,
    Column("position", BigInteger().with_variant(Integer, "sqlite"), primary_key=True,
           autoincrement=False),
    Column("link", String(64), nullable=False),
)

# The journal summed by day, account, year and whether it is a closing entry: what `fund
# balance` reads (a few rows a day, where the journal has a few per event).
daily = Table(
    "view_daily",
    metadata,
    Column("effective", Date, primary_key=True),
    Column("account", String(32), primary_key=True),
    Column("year", String(16), primary_key=True),  # '' when the posting has no plan year
    Column("closing", Integer, primary_key=True),  # 1 for the entries of a year's close
    Column("fen", BigInteger, nullable=False),
    sqlite_with_rowid=False,
)

assertions = Table(
    "view_assertions",
    metadata,
    Column("reference", String(64), primary_key=True),
    Column("day", Date, nullable=False),  # the end of the day the bank says it held
    Column("fen", BigInteger, nullable=False),
    Column("position", BigInteger, nullable=False),
)

# Each cash movement (an event's postings to cash) a bank line was matched to, once.
matched = Table(
    "view_matched",
    metadata,
    Column("position", BigInteger, primary_key=True),  # of the movement matched
    Column("fingerprint", String(64), nullable=False),
    Column("line", Integer, nullable=False),
    Column("bank_reference", String(200), nullable=False),
)

# The reference the bank prints for each cash movement (receipt, reference or payout run).
movements = Table(
    "view_movements",
    metadata,
    Column("position", BigInteger, primary_key=True),
    Column("reference", String(64), nullable=False),
    Column("folded", String(64), nullable=False),  # the reference matched without case
    Index("ix_movements_folded", "folded"),
)

# Receipts paid into the bank together, as one deposit.
deposited = Table(
    "view_deposited",
    metadata,
    Column("receipt", String(64), primary_key=True),
    Column("deposit", String(64), nullable=False),
    Column("folded", String(64), nullable=False),  # the deposit's reference, without case
    Index("ix_deposited_folded", "folded"),
)

# Each payment to a family on a claim, by its day: the public notice of the cases paid in a
# month, by payment date.
claim_payments = Table(
    "view_claim_payments",
    metadata,
    Column("position", BigInteger, primary_key=True),
    Column("claim", String(64), primary_key=True),
    Column("paid_on", Date, nullable=False),
    Column("amount_fen", BigInteger, nullable=False),
    Column("assistance_fen", BigInteger, nullable=False),
    Index("ix_claim_payments_day", "paid_on"),
)

# Each operator's role over time: a row from the day a role was given until the day it was
# changed or taken away (open: held now). Who may act now, and `operator list --as-of`.
operator_roles = Table(
    "view_operator_roles",
    metadata,
    Column("person", String(64), primary_key=True),
    Column("since_position", BigInteger, primary_key=True),
    Column("role", String(16), nullable=False),
    Column("since", Date, nullable=False),
    Column("until", Date),
    Column("until_position", BigInteger),
    Column("added_by", String(64)),
    Column("reason", Text),
)

VIEW_TABLES = [years, members, hospitals, member_years, journal, daily, history, claims, chain,
               assertions, matched, movements, deposited, operator_roles, claim_payments]
