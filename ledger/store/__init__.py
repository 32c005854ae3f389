"""The event store: the only package that knows the eventsourcing library's private API, the
events table's SQL and SQLite's tuning (tests/unit/test_store_contract.py pins what it relies
on). Everything above it asks here."""

from .uuid_type import seat_uuid_type

seat_uuid_type()
