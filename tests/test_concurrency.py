"""Many people acting on one device at once: exactly one wins, nothing is corrupted."""
import multiprocessing
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from inventory.models import Device, Event, Handover

from .racers import attempt, in_process

RACERS = 20
PROCESSES = 6


@pytest.fixture
def ready_device(make):
    return make.device("ready")


def outcome(db, device):
    events = list(Event.select().where((Event.device == device.id) & (Event.kind != "erasure")
                                       & (Event.kind != "check")))
    return Device.get_by_id(device.id), events


def racers_setup(make, action):
    user = make.user("operator")
    beneficiaries = [make.beneficiary() for _ in range(RACERS)] if action == "handover" else []
    return user, beneficiaries


@pytest.mark.parametrize("action", ["move", "handover"])
def test_twenty_threads_race_on_one_device(app, make, db, ready_device, action):
    user, beneficiaries = racers_setup(make, action)
    before = Event.select().where(Event.device == ready_device.id).count()
    barrier = threading.Barrier(RACERS)
    with ThreadPoolExecutor(RACERS) as pool:
        futures = [pool.submit(attempt, app, action, ready_device.id, user.id,
                               beneficiaries[i].id if beneficiaries else None, barrier)
                   for i in range(RACERS)]
        results = [f.result() for f in futures]
    assert [r for r in results if r.startswith("error")] == []
    assert results.count("won") == 1
    assert results.count("refused") == RACERS - 1
    device = Device.get_by_id(ready_device.id)
    new_events = list(Event.select().where((Event.device == device.id)).order_by(Event.id))[before:]
    if action == "move":
        assert device.status == "reserved"
        assert [(e.from_status, e.to_status) for e in new_events] == [("ready", "reserved")]
    else:
        assert device.status == "handed_over"
        assert Handover.select().where(Handover.device == device.id).count() == 1
        assert [(e.from_status, e.to_status) for e in new_events] == [
            ("ready", "reserved"), ("reserved", "handed_over")]


@pytest.mark.parametrize("action", ["move", "handover"])
def test_several_processes_race_on_one_device(app, app_config, make, db, ready_device, action):
    user, beneficiaries = racers_setup(make, action)
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(PROCESSES)
    results = context.Queue()
    processes = [context.Process(target=in_process, args=(
        app_config, action, ready_device.id, user.id,
        beneficiaries[i].id if beneficiaries else None, barrier, results))
        for i in range(PROCESSES)]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=60) for _ in processes]
    for process in processes:
        process.join(timeout=30)
        assert process.exitcode == 0
    assert [r for r in outcomes if r.startswith("error")] == []
    assert outcomes.count("won") == 1
    assert Handover.select().where(Handover.device == ready_device.id).count() == (
        1 if action == "handover" else 0)
    reserved_events = Event.select().where((Event.device == ready_device.id)
                                           & (Event.to_status == "reserved")).count()
    assert reserved_events == 1
