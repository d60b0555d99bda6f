"""End-to-end tests in a real Chromium, against the app served by gunicorn as in production.

What a run needs, and where it comes from:

- Debian's Chromium at /usr/bin/chromium (`apt-get install chromium`; INVENTORY_CHROMIUM
  names another binary). Playwright for Python drives it through `executable_path`; its
  driver ships inside the wheel, so `playwright install` (which downloads browsers) is
  never needed.
- axe-core, installed by this file from the npm registry into test-artifacts/node (git
  ignored) the first time.
- Without Chromium, Playwright or npm the browser tests are skipped and the run says why
  at its end; with INVENTORY_REQUIRE_BROWSER=1 (CI) they fail instead, and the session
  fails when no browser test ran at all.

One gunicorn (2 workers, the production server) serves one fresh SQLite database, migrated
like `inventory init`, for all the browser tests (package scope: it stops before the other
tests run). It is SQLite even when DATABASE_URL names PostgreSQL: the browser sees the same
pages either way, and the PostgreSQL pass is about the queries the other tests cover. Each
test makes its own records (users, donations, devices) through the app's use cases against
the same file (`records`), or through the pages when that is the point.

Every page a journey visits goes through `Visit.check`: HTML language, the language
switch, no horizontal scroll at 360 px, no table squeezed until it cuts words at 360 px,
transferred bytes (encoded sizes from the DevTools
protocol's Network.loadingFinished, headers included; printed per page at the end of the
run; at most 60 KB once the context's first page has warmed the cache), no request outside
the page's origin, no console error, no serious or critical axe-core violation, and a
screenshot at both sizes (360x740 and 1280x800, by resizing the same page) in
test-artifacts/screenshots/<test>/. Problems are collected page by page and reported
together by `Visit.finish()`, so one run shows them all; `finish()` also fails on any page
the browser went to that no check looked at. `Visit.check_english()` switches the language
with the footer button and reads every visited page again in English.

axe-core goes in with `context.add_init_script(path=...)`, not `page.add_script_tag`: the
app's Content-Security-Policy (script-src 'self') refuses the inline script that
add_script_tag writes, and `bypass_csp=True` would switch the policy off for the whole
context, which would blind the security checks (a CSP violation is a console error we
want to see). Init scripts are evaluated through the DevTools protocol, outside the page's
policy, and make no network request, so the byte counts stay the page's own.
"""
import contextlib
import itertools
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from .visit import DESKTOP, PAGE_WEIGHTS, PASSWORD, PHONE, SAME_TEXT, SCREENSHOTS, TAPS, Visit

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
ARTIFACTS = os.path.join(TOP, "test-artifacts")
NODE_PREFIX = os.path.join(ARTIFACTS, "node")
AXE_VERSION = "4.14.1"
AXE_SCRIPT = os.path.join(NODE_PREFIX, "node_modules", "axe-core", "axe.min.js")

CHROMIUM = os.environ.get("INVENTORY_CHROMIUM", "/usr/bin/chromium")
REQUIRE = os.environ.get("INVENTORY_REQUIRE_BROWSER", "").strip() in ("1", "true", "yes")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]

# Whether the browser tests could run, how many were collected, whether one started.
STATE = {"unavailable": None, "collected": 0, "started": 0}


def _unavailable():
    """Why the browser tests cannot run here, or None."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        return ("%s not found — install it with apt-get install chromium" % CHROMIUM)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return ("the playwright package is missing — install it with "
                "%s -m pip install -e '.[test]'" % os.path.relpath(sys.executable, TOP))
    return None


def _is_browser_item(item):
    return str(item.path).startswith(HERE + os.sep)


@pytest.hookimpl(tryfirst=True)  # mark before `-m` selects
def pytest_collection_modifyitems(config, items):
    mine = [item for item in items if _is_browser_item(item)]
    STATE["collected"] = len(mine)
    if not mine:
        return
    reason = _unavailable()
    STATE["unavailable"] = reason
    for item in mine:
        item.add_marker(pytest.mark.browser)
        if reason and not REQUIRE:
            item.add_marker(pytest.mark.skip(reason="browser tests skipped: " + reason))


def pytest_terminal_summary(terminalreporter):
    write = terminalreporter.write_line
    if STATE["collected"] and STATE["unavailable"]:
        terminalreporter.section("browser tests")
        verb = "failed" if REQUIRE else "skipped"
        write("browser tests %s: %s" % (verb, STATE["unavailable"]))
    if PAGE_WEIGHTS:
        terminalreporter.section("browser page weights (bytes transferred, cache warm "
                                 "after each context's first page)")
        for test, number, name, path, size, requests, first in PAGE_WEIGHTS:
            write("%7.1f KB %2d req  %-24.24s %02d %-22s %s%s" % (
                size / 1024, requests, test, number, name, path,
                "  (first page, cold cache)" if first else ""))
        write("screenshots: %s" % os.path.relpath(SCREENSHOTS, os.getcwd()))
    if TAPS:
        terminalreporter.section("browser: taps per step from the device page")
        for test, what, taps, most in TAPS:
            write("%-24.24s %-36s %d tap(s) (at most %d)" % (test, what, taps, most))
    if SAME_TEXT:
        terminalreporter.section("browser: pages whose text reads the same in French and English")
        for test, path in SAME_TEXT:
            write("%-24.24s %s" % (test, path))


def pytest_sessionfinish(session, exitstatus):
    if REQUIRE and STATE["collected"] and not STATE["started"] and exitstatus in (0, 5):
        session.exitstatus = 1
        tr = session.config.pluginmanager.get_plugin("terminalreporter")
        if tr:
            tr.write_line("INVENTORY_REQUIRE_BROWSER=1 but no browser test ran", red=True)


def _give_up(reason):
    if REQUIRE:
        pytest.fail("browser tests cannot run: " + reason, pytrace=False)
    pytest.skip("browser tests skipped: " + reason)


@pytest.fixture(scope="package")
def browser_ready():
    reason = _unavailable()
    if reason:
        _give_up(reason)
    STATE["started"] += 1


@pytest.fixture(scope="package")
def axe_script(browser_ready):
    """The path of axe.min.js, installed from the npm registry when missing."""
    if not _axe_installed():
        npm = shutil.which("npm")
        if npm is None:
            _give_up("npm not found (needed once to install axe-core) — "
                     "install it with apt-get install npm")
        os.makedirs(NODE_PREFIX, exist_ok=True)
        command = [npm, "install", "--prefix", NODE_PREFIX, "--no-save", "--no-package-lock",
                   "--no-audit", "--no-fund", "axe-core@%s" % AXE_VERSION]
        done = subprocess.run(command, capture_output=True, text=True, timeout=300)
        if done.returncode != 0 or not _axe_installed():
            _give_up("npm could not install axe-core@%s: %s" % (
                AXE_VERSION, (done.stderr or done.stdout)[-500:]))
    return AXE_SCRIPT


def _axe_installed():
    manifest = os.path.join(os.path.dirname(AXE_SCRIPT), "package.json")
    try:
        with open(manifest) as fh:
            return json.load(fh).get("version") == AXE_VERSION and os.path.isfile(AXE_SCRIPT)
    except (OSError, ValueError):
        return False


# --- the server --------------------------------------------------------------------------

def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, url, database_url, log_path, process):
        self.url = url
        self.database_url = database_url
        self.log_path = log_path
        self.process = process
        self.up = False

    def wait_until_up(self, timeout=30):
        """Wait for the first answer: the workers import the app after the browser starts."""
        deadline = time.monotonic() + timeout
        while not self.up:
            if self.process.poll() is not None:
                pytest.fail("gunicorn stopped (exit %s):\n%s" % (self.process.returncode,
                                                                 self.log_tail()))
            if time.monotonic() > deadline:
                pytest.fail("gunicorn did not answer within %d s:\n%s" % (timeout,
                                                                          self.log_tail()))
            try:
                with urllib.request.urlopen(self.url + "/login", timeout=5) as response:
                    self.up = response.status == 200
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.1)

    def log_tail(self, size=3000):
        with open(self.log_path, errors="replace") as fh:
            return fh.read()[-size:]


def _prepare_database(url):
    """A new database as `inventory init` leaves it: migrations, then the defaults."""
    from inventory import create_app
    from inventory.db import connected, upgrade
    from inventory.cli.defaults import ensure_defaults
    app = create_app({"TESTING": True, "DATABASE_URL": url})
    with app.app_context():
        upgrade()
        with connected():
            ensure_defaults()


@pytest.fixture(scope="package")
def live_server(browser_ready, tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser")
    database_url = "sqlite:///%s" % (folder / "inventory.db")
    _prepare_database(database_url)
    port = _free_port()
    url = "http://127.0.0.1:%d" % port
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("INVENTORY_") and k not in ("DATABASE_URL", "BASE_URL",
                                                          "SECRET_KEY")}
    env.update(INVENTORY_DATABASE_URL=database_url, INVENTORY_SECRET_KEY=os.urandom(32).hex(),
               INVENTORY_BASE_URL=url)
    os.makedirs(ARTIFACTS, exist_ok=True)
    log_path = os.path.join(ARTIFACTS, "gunicorn.log")
    log = open(log_path, "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--bind", "127.0.0.1:%d" % port, "--workers", "2",
         "--no-control-socket", "--access-logfile", "-", "inventory.wsgi:app"],
        cwd=TOP, env=env, stdout=log, stderr=subprocess.STDOUT)
    server = Server(url, database_url, log_path, process)
    try:
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


# --- records made through the use cases, in the server's database -------------------------

class Records:
    """Make and read records in the server's database through the app's own use cases."""

    PASSWORD = PASSWORD

    def __init__(self, server):
        from inventory import create_app
        from inventory.db import open_database
        self.server = server
        # Cheap scrypt for users made here: the server checks whatever the hash names.
        self.app = create_app({"TESTING": True, "DATABASE_URL": server.database_url,
                               "BASE_URL": server.url,
                               "PASSWORD_HASH_METHOD": "scrypt:1024:8:1"})
        self.db = open_database(server.database_url)
        self.counter = itertools.count(1)
        self._make = None

    @contextlib.contextmanager
    def bound(self):
        """Run the block against the server's database (other tests may rebind the proxy)."""
        from inventory.db import connected, database
        database.initialize(self.db)
        with self.app.test_request_context(), connected():
            yield

    @property
    def make(self):
        from tests.factories import Factories
        if self._make is None:
            self._make = Factories(self.app)
            self._make.PASSWORD = PASSWORD
        return self._make

    def unique(self, stem):
        return "%s%d%d" % (stem, os.getpid() % 1000, next(self.counter))

    def user(self, role):
        """A new user of role; return its user name (the password is PASSWORD)."""
        with self.bound():
            return self.make.user(role, username=self.unique(role)).username

    def device(self, status="received", specs=None, **fields):
        """A device brought to status through the lifecycle; return its asset tag."""
        from inventory.devices.edit import edit_device
        with self.bound():
            device = self.make.device(status, **fields)
            if specs:
                edit_device(device, self.make.technician, device.version, specs)
            return device.asset_tag

    def get_device(self, tag):
        from inventory.models import Device
        with self.bound():
            return Device.by_tag(tag)

    def call(self, function, *args, **kwargs):
        """Call any use case inside the server's database."""
        with self.bound():
            return function(*args, **kwargs)


@pytest.fixture(scope="package")
def records(live_server):
    return Records(live_server)


# --- the browser ------------------------------------------------------------------------

@pytest.fixture(scope="package")
def browser(browser_ready):
    from playwright.sync_api import sync_playwright
    # launch() gives each run a new, empty, temporary user-data directory of its own.
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                              headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def visit(request, live_server, browser, axe_script):
    """Open a browser context: visit("technician", phone=True) -> Visit."""
    live_server.wait_until_up()
    opened = []
    test = re.sub(r"^test_", "", request.node.name)
    test = re.sub(r"[^A-Za-z0-9_.-]+", "-", test)[:60]

    def open_visit(who, phone=False):
        name = test if not opened else "%s-%s" % (test, who)
        v = Visit(browser, live_server, axe_script, name, who, PHONE if phone else DESKTOP,
                  touch=phone)
        opened.append(v)
        return v

    yield open_visit
    for v in opened:
        if v.problems:
            # Shown with a failing test's output: what the pages looked like before it stopped.
            print("%s: %d page problem(s) before the end:\n  %s" % (
                v.test, len(v.problems), "\n  ".join(v.problems)))
        v.close()
