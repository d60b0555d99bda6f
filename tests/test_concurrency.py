"""Many people acting on one device at once: exactly one wins, nothing is corrupted."""
import pytest

from inventory.models import Device, Event, Handover

from . import racers

RACERS = 20
PROCESSES = 6


@pytest.fixture
def ready_device(make):
    return make.device("ready")


def outcome(db, device):
    events = list(Event.select().where((Event.device == device.id) & (Event.kind != "erasure")
                                       & (Event.kind != "check")))
    return Device.get_by_id(device.id), events


def racers_setup(make, device, action, count):
    """The racer and one case per racer: the same device, a beneficiary each for a handover."""
    user = make.user("operator")
    if action == "move":
        return racers.move_to_reserved, [(device.id, user.id)] * count
    return racers.hand_over_to, [(device.id, make.beneficiary().id, user.id) for _ in range(count)]


@pytest.mark.parametrize("action", ["move", "handover"])
def test_twenty_threads_race_on_one_device(app, make, db, ready_device, action):
    racer, cases = racers_setup(make, ready_device, action, RACERS)
    before = Event.select().where(Event.device == ready_device.id).count()
    results = racers.in_threads(app, racer, cases)
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
    racer, cases = racers_setup(make, ready_device, action, PROCESSES)
    outcomes = racers.in_processes(app_config, racer, cases)
    assert [r for r in outcomes if r.startswith("error")] == []
    assert outcomes.count("won") == 1
    assert Handover.select().where(Handover.device == ready_device.id).count() == (
        1 if action == "handover" else 0)
    reserved_events = Event.select().where((Event.device == ready_device.id)
                                           & (Event.to_status == "reserved")).count()
    assert reserved_events == 1
