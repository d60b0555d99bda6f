"""A person's browser context in the end-to-end tests: their page, their taps, the per-page
checks (see conftest.py for what they are), screenshots, and what the run's summary prints."""
import contextlib
import os
import re
import shutil
import time
from urllib.parse import urlsplit

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
MAX_PAGE_BYTES = 60 * 1024
PASSWORD = "correct horse battery"
TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCREENSHOTS = os.path.join(TOP, "test-artifacts", "screenshots")
# Schemes that never leave the machine: the PDF viewer, inline images, the blank page.
LOCAL_SCHEMES = ("data", "blob", "about", "chrome", "chrome-extension", "devtools")

# What the end-of-run summary prints: pages and their weights, taps, untranslated pages.
PAGE_WEIGHTS = []
SAME_TEXT = []
TAPS = []


def _origin(url):
    parts = urlsplit(url)
    return "%s://%s" % (parts.scheme, parts.netloc)


class Visit:
    """One person's browser context: their page, their taps, and the per-page checks."""

    def __init__(self, browser, server, axe, test, who, size, touch):
        self.server, self.test, self.who = server, test, who
        self.touch = touch
        self.size = size
        self.other_size = DESKTOP if size == PHONE else PHONE
        self.context = browser.new_context(
            viewport=size, has_touch=touch, is_mobile=touch, locale="fr-FR",
            accept_downloads=True, base_url=server.url, service_workers="block")
        self.context.set_default_timeout(10_000)
        self.context.add_init_script(path=axe)
        self.page = self.context.new_page()
        self.language = "fr"
        self.last_status = 200
        self.taps = 0
        self.problems = []
        self.console = []
        self.off_origin = []
        self.dialogs = []
        self.navigations = []
        self.checked = {}
        self.documents = set()
        self.bytes = 0
        self.requests = 0
        self.pages = 0
        self.folder = os.path.join(SCREENSHOTS, test)
        shutil.rmtree(self.folder, ignore_errors=True)
        os.makedirs(self.folder, exist_ok=True)
        self._listen()

    def _listen(self):
        page = self.page
        page.on("console", lambda m: m.type == "error" and self.console.append(m.text))
        page.on("pageerror", lambda e: self.console.append("page error: %s" % e))
        page.on("dialog", self._dialog)
        page.on("framenavigated",
                lambda frame: frame == page.main_frame and self.navigations.append(frame.url))
        self.context.on("request", self._request)
        cdp = self.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.on("Network.loadingFinished", self._finished)

    def _dialog(self, dialog):
        self.dialogs.append("%s: %s" % (dialog.type, dialog.message))
        dialog.dismiss()

    def _request(self, request):
        url = request.url
        scheme = urlsplit(url).scheme
        if scheme not in LOCAL_SCHEMES and _origin(url) != self.server.url:
            self.off_origin.append(url)

    def _finished(self, event):
        self.bytes += int(event.get("encodedDataLength") or 0)
        self.requests += 1

    # --- moving around -------------------------------------------------------------------

    @property
    def url(self):
        return self.page.url

    @property
    def path(self):
        parts = urlsplit(self.page.url)
        return parts.path + ("?" + parts.query if parts.query else "")

    def open(self, path, name, status=200):
        response = self.page.goto(path)
        return self.check(name, status=status, response=response)

    def tap(self, locator):
        """One tap (or click on a desktop), counted."""
        locator.wait_for(state="visible")
        self.taps += 1
        if self.touch:
            locator.tap()
        else:
            locator.click()

    def go(self, locator, name, status=200):
        """Tap something that loads a new page, then check that page."""
        with self.page.expect_navigation() as navigation:
            self.tap(locator)
        return self.check(name, status=status, response=navigation.value)

    def enter(self, locator, text, name, status=200, focus=True):
        """Type text into a field and press Enter, as a USB scanner does; check the new page.

        focus=False types into whatever has the focus, as a scanner does: the page must have
        put it in the field (locator) by itself.
        """
        if focus:
            locator.click() if not self.touch else locator.tap()
            locator.fill("")
        else:
            assert locator.evaluate("field => field === document.activeElement"), \
                "the scan field does not have the focus"
        with self.page.expect_navigation() as navigation:
            self.page.keyboard.type(text)
            self.page.keyboard.press("Enter")
        return self.check(name, status=status, response=navigation.value)

    @contextlib.contextmanager
    def step(self, what, most=2):
        """A step of a journey from the device page: fail when it took more than most taps."""
        start = self.taps
        yield
        taps = self.taps - start
        TAPS.append((self.test, what, taps, most))
        assert taps <= most, "%s took %d taps (at most %d plus data entry)" % (what, taps, most)

    def login(self, username, password=PASSWORD):
        self.open("/login", "login")
        self.page.fill("#username", username)
        self.page.fill("#password", password)
        return self.go(self.page.locator("main form button.primary"), "home")

    def pdf(self, locator):
        """Tap a link or button that gives a PDF; return its bytes, back on the page."""
        downloads = []

        def downloaded(download):
            downloads.append(download)

        self.page.on("download", downloaded)
        try:
            with self.page.expect_response(
                    lambda r: r.request.is_navigation_request()
                    and "application/pdf" in r.headers.get("content-type", "")) as info:
                self.tap(locator)
            response = info.value
            assert response.status == 200, response.status
            self.documents.add(response.url)
            if "attachment" in response.headers.get("content-disposition", ""):
                deadline = time.monotonic() + 10
                while not downloads and time.monotonic() < deadline:
                    self.page.wait_for_timeout(50)
                assert downloads, "no download for %s" % response.url
                with open(downloads[0].path(), "rb") as fh:
                    body = fh.read()
            else:
                # Chromium shows an inline PDF in its viewer, whose page is not the file:
                # fetch the same address again with this context's cookies.
                body = self.context.request.get(response.url).body()
                self.page.go_back(wait_until="load")
        finally:
            self.page.remove_listener("download", downloaded)
        # A PDF is a document, not a page: its bytes and its viewer's noise are not counted.
        self.bytes = self.requests = 0
        self.console.clear()
        assert body[:5] == b"%PDF-", body[:40]
        return body

    def switch_language(self, name="language"):
        target = "en" if self.language == "fr" else "fr"
        button = self.page.locator("footer button[name=language][value=%s]" % target)
        self.language = target
        # The switch comes back to the same page, with the same status.
        return self.go(button, name, status=self.last_status)

    # --- the per-page checks ---------------------------------------------------------------

    def check(self, name, status=200, response=None, shots=True, axe=True):
        """Check the page now shown; collect what is wrong; return the response."""
        page = self.page
        page.wait_for_load_state("load")
        problems = []
        where = "%s %s" % (name, self.path)
        if response is not None and response.status != status:
            problems.append("HTTP %s, expected %s" % (response.status, status))
        facts = page.evaluate("""() => ({
            lang: document.documentElement.lang,
            toggle: (document.querySelector('footer button[name=language]') || {}).value || null,
            nav: (document.querySelector('header nav') || {}).innerText || '',
            text: (document.querySelector('main') || document.body).innerText,
        })""")
        if facts["lang"] != self.language:
            problems.append("<html lang=%r>, expected %r" % (facts["lang"], self.language))
        wanted_toggle = "en" if self.language == "fr" else "fr"
        if facts["toggle"] != wanted_toggle:
            problems.append("language switch offers %r, expected %r" % (facts["toggle"],
                                                                        wanted_toggle))
        if axe:
            for v in page.evaluate(AXE_RUN):
                problems.append("axe %s (%s): %s — %s" % (v["id"], v["impact"], v["help"],
                                                          "; ".join(v["nodes"])))
        size, requests, first = self.bytes, self.requests, self.pages == 0
        self.bytes = self.requests = 0
        self.pages += 1
        PAGE_WEIGHTS.append((self.test, self.pages, name, self.path, size, requests, first))
        if not first and size > MAX_PAGE_BYTES:
            problems.append("%.1f KB transferred (at most %d KB)" % (size / 1024,
                                                                     MAX_PAGE_BYTES // 1024))
        width, broken = self._widths(name, shots)
        if width > PHONE["width"]:
            problems.append("scrolls sideways at 360 px: %d px wide" % width)
        if broken:
            problems.append("table too narrow at 360 px, words cut: %s" % ", ".join(broken))
        expected_error = status >= 400 and "status of %d" % status
        errors = [m for m in self.console if not (expected_error and expected_error in m)]
        problems += ["console: %s" % m for m in errors]
        problems += ["request outside %s: %s" % (self.server.url, u) for u in self.off_origin]
        problems += ["dialog opened: %s" % d for d in self.dialogs]
        self.console.clear()
        self.off_origin.clear()
        self.dialogs.clear()
        self.problems += ["%s: %s" % (where, p) for p in problems]
        self.last_status = status
        self.checked[page.url] = {"name": name, "status": status, "nav": facts["nav"],
                                  "text": facts["text"], "language": self.language}
        return response

    def _widths(self, name, shots):
        """Screenshots at both sizes; return the document's width and the cut words at 360 px."""
        page = self.page
        stem = os.path.join(self.folder, "%02d-%s-%s" % (self.pages, re.sub(
            r"[^a-z0-9]+", "-", name.lower()), self.language))
        sizes = [self.size, self.other_size]
        width, broken = None, []
        for size in sizes:
            if size is not self.size:
                page.set_viewport_size(size)
            if size is PHONE:
                width = page.evaluate("document.documentElement.scrollWidth")
                broken = page.evaluate(CUT_WORDS)
            if shots:
                page.screenshot(path="%s-%s.png" % (stem, "phone" if size is PHONE else "desktop"),
                                full_page=True, animations="disabled", caret="initial")
        page.set_viewport_size(self.size)
        return width, broken

    def check_english(self):
        """Switch to English with the footer button, then read again every page visited."""
        french = dict(self.checked)
        self.switch_language("english")
        for url, seen in french.items():
            if seen["language"] != "fr" or url in self.documents:
                continue
            response = self.page.goto(url)
            self.check(seen["name"] + " en", status=seen["status"], response=response,
                       shots=False, axe=False)
            now = self.checked[self.page.url]
            if seen["nav"] and now["nav"] == seen["nav"]:
                self.problems.append("%s %s: the menu is not translated" % (seen["name"], url))
            if now["text"] == seen["text"]:
                SAME_TEXT.append((self.test, urlsplit(url).path))

    def finish(self):
        """Fail with every problem seen on every page, and with any page left unchecked."""
        unchecked = sorted({u for u in self.navigations if u not in self.checked
                            and u not in self.documents and u != "about:blank"})
        problems = self.problems + ["visited but not checked: %s" % u for u in unchecked]
        problems += ["console: %s" % m for m in self.console]
        problems += ["request outside %s: %s" % (self.server.url, u) for u in self.off_origin]
        problems += ["dialog opened: %s" % d for d in self.dialogs]
        self.problems, self.console, self.off_origin, self.dialogs = [], [], [], []
        assert not problems, "%d problem(s):\n  %s" % (len(problems), "\n  ".join(problems))

    def close(self):
        self.context.close()


# Words of a table cell wider than the cell: the browser cut them to fit (overflow-wrap), as
# when six columns are squeezed into a phone. Tokens over 30 characters (hostile text, long
# serials) may be cut; cells of a visually hidden header row do not count.
CUT_WORDS = """() => {
  const ruler = document.createElement('canvas').getContext('2d');
  const cut = [];
  for (const cell of document.querySelectorAll('main td, main th')) {
    const head = cell.closest('thead');
    if (head && head.getBoundingClientRect().width <= 1) continue;
    if (!cell.getClientRects().length) continue;
    const style = getComputedStyle(cell);
    ruler.font = style.fontWeight + ' ' + style.fontSize + ' ' + style.fontFamily;
    const room = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const word = cell.innerText.split(/\\s+/).find(
      w => w.length > 3 && w.length <= 30 && ruler.measureText(w).width > room + 1);
    if (word) cut.push(word);
  }
  return cut.slice(0, 8);
}"""

AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""
