"""What ledger/store/ relies on in eventsourcing and eventsourcing-sqlalchemy beyond their
documented API. An upgrade that changes any of it fails here, by name, before it can change
what the fund stores or reads."""

from __future__ import annotations

import inspect
from datetime import date

import pytest
from eventsourcing import application, domain, persistence
from eventsourcing_sqlalchemy.recorders import SQLAlchemyApplicationRecorder

from ledger.app.fund import Fund
from ledger.registry import Hospital
from ledger.store.recorder import BulkRecorder


def parameters(function) -> list[str]:
    return list(inspect.signature(function).parameters)


def test_the_private_steps_of_saving_are_as_the_store_calls_them():
    assert parameters(application.Application._record) == ["self", "processing_event"]
    assert parameters(application.Application._take_snapshots) == ["self", "processing_event"]
    processing = application.ProcessingEvent()
    assert (processing.events, processing.aggregates, processing.saved_kwargs) == ([], {}, {})
    assert {"domain_event", "notification"} <= set(persistence.Recording.__annotations__)


def test_the_registry_of_creation_events_is_where_the_store_reads_it():
    assert isinstance(domain._created_event_classes, dict)
    assert len(domain._created_event_classes[Hospital]) == 1


def test_the_recorder_the_store_extends_has_the_hooks_it_overrides_and_calls():
    assert parameters(SQLAlchemyApplicationRecorder._insert_stored_events)[:3] == [
        "self", "session", "stored_events"]
    assert parameters(SQLAlchemyApplicationRecorder._lock_table) == ["self", "session"]
    assert parameters(SQLAlchemyApplicationRecorder._notify_channel) == ["self", "session"]
    assert BulkRecorder._insert_stored_events is not SQLAlchemyApplicationRecorder._insert_stored_events


def test_the_mapper_is_built_from_the_class_the_fund_names():
    assert "mapper_class" in parameters(persistence.InfrastructureFactory.mapper)
    assert parameters(persistence.Mapper.to_domain_event) == ["self", "stored_event"]


@pytest.mark.parametrize("store", ["sqlite", "postgres"])
def test_a_save_through_the_store_is_recorded_where_the_log_says(store, request):
    fund = Fund(request.getfixturevalue(f"{store}_url"), today=lambda: date(2027, 1, 1))
    try:
        assert isinstance(fund.recorder, BulkRecorder)
        assert fund.recorder.events_table_name == "fundbook_events"
        assert fund.recorder.events_record_cls.__table__.name == "fundbook_events"
        assert fund.recorder.datastore.engine is fund.views.engine
        fund.register_hospital("HC", "City Children's", 3, date(2026, 9, 1))
        (note,) = fund.recorder.select_notifications(start=1, limit=1)
        assert note.topic == "ledger.registry:Hospital.Registered"
        assert fund.views.position() == note.id == 1
    finally:
        fund.views.engine.dispose()
        fund.close()


def test_the_events_table_takes_its_uuid_type_from_sqlalchemy_utils_alone_in_a_new_process():
    """ledger/store/uuid_type.py loads only SQLAlchemy-Utils' uuid module; should the library
    take another type from that package, the import fails here rather than in a command."""
    import subprocess
    import sys

    probe = ("import sys, ledger.app.fund, eventsourcing_sqlalchemy.models as m; "
             "print(m.UUIDType.__module__, 'sqlalchemy_utils.types.password' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["sqlalchemy_utils.types.uuid", "False"]
