"""Racing helper: start the same kind of action many times at once, in threads or processes.

A racer is a module-level function racer(app, barrier, *case): it prepares what it needs,
waits at the barrier so every racer acts at the same moment, acts, and returns its outcome.
A refusal of the use case becomes "refused"; anything else unexpected becomes
"error: <traceback>", so a test can assert that no racer failed.

Processes are spawned (a fresh interpreter, its own app and connections, as two gunicorn
workers would be): the database is whichever app_config names, SQLite file or PostgreSQL.
"""
import multiprocessing
import threading
import traceback
from concurrent.futures import ThreadPoolExecutor

from inventory import create_app, lifecycle
from inventory.accounts import update_user
from inventory.db import connected
from inventory.errors import Refused
from inventory.hotline.handover import hand_over
from inventory.hotline.requests import reserve
from inventory.models import Beneficiary, Device, Request, User

BARRIER_TIMEOUT = 60
PROCESS_TIMEOUT = 90

# What a use case raises when it says no: a lost race, not a failure.
REFUSALS = (Refused,)


def _outcome(racer, app, barrier, case):
    try:
        return racer(app, barrier, *case)
    except REFUSALS:
        return "refused"
    except Exception:  # noqa: BLE001 — the test reports it
        return "error: " + traceback.format_exc()


def in_threads(app, racer, cases):
    """Run racer(app, barrier, *case) for every case, each in a thread; return the outcomes."""
    cases = [tuple(case) for case in cases]
    barrier = threading.Barrier(len(cases))
    with ThreadPoolExecutor(len(cases)) as pool:
        return list(pool.map(lambda case: _outcome(racer, app, barrier, case), cases))


def _process_main(config, racer, index, case, barrier, results):
    results.put((index, _outcome(racer, create_app(config), barrier, case)))


def in_processes(config, racer, cases):
    """Run racer for every case, each in a process of its own with create_app(config).

    Return the outcomes in the order of the cases; every process must exit cleanly.
    """
    cases = [tuple(case) for case in cases]
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(len(cases)), context.Queue()
    processes = [context.Process(target=_process_main,
                                 args=(config, racer, index, case, barrier, results))
                 for index, case in enumerate(cases)]
    for process in processes:
        process.start()
    finished = [results.get(timeout=PROCESS_TIMEOUT) for _ in processes]
    for process in processes:
        process.join(timeout=30)
        assert process.exitcode == 0
    return [outcome for _index, outcome in sorted(finished)]


# -- racers ---------------------------------------------------------------------------

def move_to_reserved(app, barrier, device_id, user_id):
    with app.test_request_context(), connected():
        device, user = Device.get_by_id(device_id), User.get_by_id(user_id)
        barrier.wait(timeout=BARRIER_TIMEOUT)
        lifecycle.move(device, "reserved", user)
        return "won"


def hand_over_to(app, barrier, device_id, beneficiary_id, user_id):
    with app.test_request_context(), connected():
        device, user = Device.get_by_id(device_id), User.get_by_id(user_id)
        beneficiary = Beneficiary.get_by_id(beneficiary_id)
        barrier.wait(timeout=BARRIER_TIMEOUT)
        hand_over(device, beneficiary, user)
        return "won"


def reserve_for(app, barrier, device_id, request_id, user_id):
    with app.test_request_context(), connected():
        device, user = Device.get_by_id(device_id), User.get_by_id(user_id)
        request = Request.get_by_id(request_id)
        barrier.wait(timeout=BARRIER_TIMEOUT)
        reserve(device, request, user)
        return "won"


def receive_over_http(app, barrier, username, password, donation_id, count):
    """Log in with a client of one's own, then post the receive form; 'ok' or the status."""
    client = app.test_client()
    login = client.post("/login", data={"username": username, "password": password})
    if login.status_code != 302:
        return "error: login %d" % login.status_code
    barrier.wait(timeout=BARRIER_TIMEOUT)
    response = client.post("/donations/%d/receive" % donation_id,
                           data={"count": str(count), "category": "laptop", "seen": "0"})
    return "ok" if response.status_code == 302 and "/received?" in response.headers.get(
        "Location", "") else "status %d" % response.status_code


def take_admin_rights(app, barrier, target_id, change):
    """Demote or deactivate the target admin, at the same moment as the other racer."""
    with app.test_request_context(), connected():
        target = User.get_by_id(target_id)
        role, active = ("operator", True) if change == "demote" else ("admin", False)
        barrier.wait(timeout=BARRIER_TIMEOUT)
        update_user(target, role, active, target.display_name)
        return "won"
