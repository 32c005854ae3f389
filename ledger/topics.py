"""The fund's event classes by topic: the only classes a stored event may be read back as.

A stored event names its class by topic ("module:Class.Event"). The library resolves a topic
by importing the module it names, so a row written by someone with the file could make any
process that reads the log import any module. The fund reads topics against this list only;
an unknown topic is a record the fund did not write.
"""

from __future__ import annotations

from eventsourcing.domain import Aggregate
from eventsourcing.utils import get_topic

from .bank import CashAssertion, Deposit, Reconciliation
from .claim import Bill, Claim
from .enrollment import Enrollment, Receipt
from .income import AssistanceRemittance, Donation, SubsidyRemittance
from .payout import PayoutDesk, PayoutRun
from .plan_year import Calendar, PlanYear
from .registry import Hospital, Member
from .seals import KeyedSeal
from .staff import Staff

AGGREGATES: tuple[type[Aggregate], ...] = (
    PlanYear, Calendar, Member, Hospital, Receipt, Enrollment, Claim, Bill, Donation,
    SubsidyRemittance, AssistanceRemittance, PayoutDesk, PayoutRun, CashAssertion,
    Reconciliation, Deposit, KeyedSeal, Staff,
)

# Topics an event class was stored under before it moved (old topic -> the class now).
MOVED: dict[str, type] = {}


def _event_classes() -> dict[str, type]:
    found: dict[str, type] = {}
    for aggregate in AGGREGATES:
        for value in vars(aggregate).values():
            if isinstance(value, type) and issubclass(value, Aggregate.Event):
                found[get_topic(value)] = value
    return {**found, **MOVED}


EVENT_CLASSES: dict[str, type] = _event_classes()
