"""Who may do what: one table, for every command of the fund, checked in one place
(`Fund.authorise`, which the command line calls before any use case runs).

Managers add and remove operators and open, amend and close years; clerks register children
and hospitals, enroll, import, submit claims and record appeals; assessors approve, reject,
correct and decide appeals; treasurers run payouts and record donations, remittances, bank
assertions and reconciliations; auditors only read. Everyone on record reads. Before the first
operator is on record the fund runs open: anyone may do anything, as an unstaffed fund did.

A command missing here is refused to everyone (a test walks every command of the command line
and fails on one without its line), so a new command cannot forget the check.
"""

from __future__ import annotations

from .errors import RuleViolation
from .language import C_, N_, Word, Words

# (imported by every command before it runs: nothing of the event store here)
ROLES: tuple[str, ...] = (C_("manager"), C_("clerk"), C_("assessor"), C_("treasurer"),
                          C_("auditor"))
MANAGER, CLERK, ASSESSOR, TREASURER, AUDITOR = ROLES
EVERYONE = ROLES

RIGHTS: dict[str, tuple[str, ...]] = {
    # the manager: the fund's operators, its years, its store
    "operator add": (MANAGER,), "operator remove": (MANAGER,),
    "year open": (MANAGER,), "year amend": (MANAGER,), "year close": (MANAGER,),
    "db init": (MANAGER,), "db grant-auditor": (MANAGER,), "demo": (MANAGER,),
    "backup": (MANAGER, AUDITOR), "audit seal": (MANAGER, AUDITOR),
    # the clerk: children, hospitals, enrollment, claims as they come in, appeals
    "child register": (CLERK,), "child amend": (CLERK,), "child hardship": (CLERK,),
    "hospital add": (CLERK,), "hospital amend": (CLERK,), "hospital delist": (CLERK,),
    "contribute": (CLERK,), "contribution reverse": (CLERK,),
    "import contributions": (CLERK,), "import claims": (CLERK,),
    "claim submit": (CLERK,), "claim appeal": (CLERK,),
    # the assessor: decisions on claims
    "claim approve": (ASSESSOR,), "claim reject": (ASSESSOR,), "claim correct": (ASSESSOR,),
    "claim decide-appeal": (ASSESSOR,),
    # the treasurer: money in and out, and the bank
    "payout run": (TREASURER,), "donation record": (TREASURER,),
    "subsidy receive": (TREASURER,), "assistance receive": (TREASURER,),
    "claim repay": (TREASURER,), "assert cash": (TREASURER,), "reconcile bank": (TREASURER,),
    # reading, for everyone on record (the auditor only reads)
    **dict.fromkeys((
        "balance", "history", "member show", "child show", "child list", "claim show",
        "claim list", "claim reasons", "hospital list", "year show", "year list",
        "income list", "report year", "report annual", "report years", "year simulate",
        "export contributions", "export claims",
        "export journal", "audit verify", "audit rebuild", "db check", "operator list",
        "key generate", "renewals", "notice cases"), EVERYONE),
}


# Commands that never open the store: nothing to check against.
WITHOUT_STORE = frozenset({"key generate"})


def records(command: str) -> bool:
    """Whether `command` records: the auditor, who only reads, may not run it (a command
    missing from the table is taken as one that records: it is refused to everyone)."""
    return AUDITOR not in RIGHTS.get(command, ())


def check(command: str, operator: str, role: str | None, staffed: bool) -> None:
    """Refuse `operator` (who holds `role`, or none) the command unless the table gives it to
    that role; a fund with no operator on record runs open."""
    if not staffed:
        return
    if role is None:
        raise RuleViolation(N_("operators on record"),
                            N_("{operator} is not an operator of this fund; a manager adds "
                               "operators (fund operator add)"), operator=operator)
    allowed = RIGHTS.get(command, ())
    if role not in allowed:
        raise RuleViolation(N_("roles"),
                            N_("{operator} ({role}) may not run `fund {command}`; it is for: "
                               "{allowed}"),
                            operator=operator, role=Word(role), command=command,
                            allowed=Words(allowed))
