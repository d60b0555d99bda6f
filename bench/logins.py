"""Wrong logins must not stall the site: requests/s of a normal page, alone and under attack.

Measured against gunicorn with its 2 sync workers, as `inventory serve` runs it: a worker
that sleeps or hashes for an attacker is a worker the staff do not get.
"""
import http.cookiejar
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

from inventory import TOP
from inventory.db import connected

from .scratch import backend, scratch_app

SECONDS = 6  # per measurement
READERS = 2  # staff browsing at once, one per worker
WRONG_PER_SECOND = 6  # the rate that cut a normal page from 78 to 1.5 requests/s
PASSWORD = "bench password"


class Browser:
    """One cookie jar and its CSRF token, like one browser tab."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect())
        page = self.open("/login")[1]
        self.token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)

    def open(self, path, data=None, headers=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers=headers or {})
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def log_in(self, username, password, address=None):
        headers = {"X-Forwarded-For": address} if address else {}
        return self.open("/login", {"username": username, "password": password,
                                    "csrf_token": self.token}, headers)[0]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _serve(database_url):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("INVENTORY_")
           and k not in ("DATABASE_URL", "SECRET_KEY", "BASE_URL")}
    # One trusted proxy: the attacker below names its address in X-Forwarded-For, as a
    # botnet would have many; the staff's requests carry none and count as 127.0.0.1.
    env.update(INVENTORY_DATABASE_URL=database_url, INVENTORY_SECRET_KEY=os.urandom(32).hex(),
               INVENTORY_TRUSTED_PROXIES="1", INVENTORY_BASE_URL="http://127.0.0.1:%d" % port)
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--bind", "127.0.0.1:%d" % port, "--workers", "2",
         "--no-control-socket", "inventory.wsgi:app"],
        cwd=TOP, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = "http://127.0.0.1:%d" % port
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(base + "/login", timeout=5):
                return process, base
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise RuntimeError("gunicorn did not start:\n%s" % log.read().decode()[-2000:])
            time.sleep(0.2)


def _page_rate(base, attack=None):
    """Requests/s of the home page for READERS signed-in staff, while attack() runs."""
    readers = []
    for _ in range(READERS):
        browser = Browser(base)
        assert browser.log_in("bench", PASSWORD) == 302
        readers.append(browser)
    stop = threading.Event()
    counts = []
    answers = []

    def read(browser):
        done = 0
        while not stop.is_set():
            status, _ = browser.open("/")
            assert status == 200, status
            done += 1
        counts.append(done)

    threads = [threading.Thread(target=read, args=(b,)) for b in readers]
    if attack:
        threads.append(threading.Thread(target=attack, args=(base, stop, answers)))
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    time.sleep(SECONDS)
    stop.set()
    for thread in threads:
        thread.join()
    return sum(counts) / (time.perf_counter() - started), answers


def _wrong_logins(addresses):
    """An attacker sending WRONG_PER_SECOND wrong logins for `admin`, from addresses().

    Each in its own thread, as a script would: the rate holds however slow the answers are.
    """
    def attack(base, stop, answers):
        browser = Browser(base)
        sent = []
        next_at = time.perf_counter()
        while not stop.is_set():
            guess = threading.Thread(target=lambda n=len(sent): answers.append(
                browser.log_in("admin", "guess %d" % n, addresses())))
            guess.start()
            sent.append(guess)
            next_at += 1 / WRONG_PER_SECOND
            stop.wait(max(0, next_at - time.perf_counter()))
        for guess in sent:
            guess.join()
    return attack


def run():
    app = scratch_app()
    with app.app_context(), connected():
        from inventory.accounts import create_user
        create_user("bench", PASSWORD, "viewer")
    rng = random.Random(5)
    process, base = _serve(app.config["DATABASE_URL"])
    results = []
    try:
        alone, _ = _page_rate(base)
        results.append(("home page, alone (%s, 2 workers)" % backend(), alone, "req/s"))
        cases = (("from one address", lambda: "203.0.113.9"),
                 ("each from a new address", lambda: "198.18.%d.%d" % (rng.randrange(256),
                                                                      rng.randrange(1, 255))))
        for name, addresses in cases:
            rate, answers = _page_rate(base, _wrong_logins(addresses))
            results.append(("home page, %d wrong logins/s %s" % (WRONG_PER_SECOND, name),
                            rate, "req/s"))
            results.append(("  wrong logins sent / answered 429", "%d / %d" % (
                len(answers), answers.count(429)), ""))
    finally:
        process.terminate()
        process.wait(timeout=30)
    return results
