"""The event store's one type from SQLAlchemy-Utils, without the rest of that package.

eventsourcing-sqlalchemy's models import `sqlalchemy_utils.types.uuid.UUIDType`; importing it
runs `sqlalchemy_utils/__init__.py` and `types/__init__.py`, which load every type the package
has (passwords, phone numbers, Babel, the MS SQL and Oracle dialects): a quarter of a second
of every write command's start-up, for one column type. Here the two packages are seated
without running their `__init__`, so that the same `uuid.py` (and its one helper) is what
loads. Should anything else in the process import the whole package, it would find these
empty shells: nothing in the fund does, and `tests/unit/test_store_contract.py` proves the
store still reads and writes through the real UUIDType."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def seat_uuid_type() -> None:
    """Make `import sqlalchemy_utils.types.uuid` load only that module (and its helper)."""
    if "sqlalchemy_utils" in sys.modules:
        return
    spec = importlib.util.find_spec("sqlalchemy_utils")
    if spec is None or not spec.submodule_search_locations:
        return  # not installed: the library's own import then says so
    root = list(spec.submodule_search_locations)[0]
    for name, path in (("sqlalchemy_utils", root), ("sqlalchemy_utils.types", f"{root}/types")):
        shell = ModuleType(name)
        shell.__path__ = [path]
        shell.__package__ = name
        sys.modules[name] = shell
