"""Operators receiving devices at the same moment, each with a client of their own."""
import traceback

from inventory import create_app


def receive_over_http(app, username, password, donation_id, count, barrier):
    """Log in, wait for the others, post the receive form; return 'ok', the status or an error."""
    try:
        client = app.test_client()
        login = client.post("/login", data={"username": username, "password": password})
        if login.status_code != 302:
            return "error: login %d" % login.status_code
        barrier.wait(timeout=60)
        response = client.post("/donations/%d/receive" % donation_id,
                               data={"count": str(count), "category": "laptop", "seen": "0"})
        return "ok" if response.status_code == 302 and "/received?" in response.headers.get(
            "Location", "") else "status %d" % response.status_code
    except Exception:  # noqa: BLE001 — the test reports it as a failure
        return "error: " + traceback.format_exc()


def in_process(config, username, password, donation_id, count, barrier, results):
    """Entry point of a racing process: its own app, its own connections."""
    app = create_app(config)
    results.put(receive_over_http(app, username, password, donation_id, count, barrier))
