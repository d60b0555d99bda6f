"""Every redirect target taken from the request stays on the site, whatever its spelling."""
import re
from urllib.parse import urlencode, urljoin, urlsplit

import pytest

from inventory.models import Beneficiary

SITE = "localhost"  # the test client's host

# Open-redirect spellings, after the filter-bypass lists of OWASP's "Unvalidated Redirects
# and Forwards Cheat Sheet" and PortSwigger's URL-validation bypass cheat sheet, and what
# browsers do per the WHATWG URL standard: drop tabs and newlines anywhere and C0 controls
# and spaces at the ends, read "\" as "/". Most of them were answered "Location: //evil...".
BYPASSES = [
    "//evil.example", "//evil.example/login", "///evil.example", "////evil.example",
    "/\\evil.example", "\\/evil.example", "\\\\evil.example", "/\\/evil.example",
    "/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "\t//evil.example",
    " //evil.example", "/ /evil.example", "/\x00/evil.example", "/\x0b/evil.example",
    "/\u200b/evil.example", "/\u3000/evil.example", "/\uff0fevil.example",
    "\uff0f\uff0fevil.example",
    "/%2F/evil.example", "/%2f%2fevil.example", "/%5Cevil.example", "/%5C/evil.example",
    "/%09/evil.example", "/%0d%0a/evil.example", "/%252F/evil.example", "/%25%32%46/evil.example",
    "https://evil.example", "HTTPS://evil.example/", "http:evil.example", "https:/evil.example",
    "http:\\\\evil.example", "//user@evil.example", "//dons.example.org@evil.example",
    "https://localhost@evil.example/", "/\\localhost@evil.example",
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>",
    "evil.example", "", "?next=//evil.example", "#//evil.example", "/" + "a" * 3000,
]

# Real targets, as the pages make them: Flask-Login's next (the page asked for), the
# language switch's request.full_path (GET query left encoded), a form link's request.path.
KEPT = [
    "/users/", "/d/CC-00042", "/devices?q=ThinkPad+T480&status=ready",
    "/devices?q=ThinkPad%20T480", "/requests/3/edit", "/d/CC-00042/handover",
    "/beneficiaries/?q=Fran%C3%A7oise", "/@evil.example",
]


def lands_on(location):
    """The host a browser goes to for this Location, read from the login page."""
    cleaned = location.strip("".join(map(chr, range(0x21))))
    for dropped in "\t\n\r":
        cleaned = cleaned.replace(dropped, "")
    return urlsplit(urljoin("http://%s/login" % SITE, cleaned.replace("\\", "/"))).netloc


def off_site(responses):
    """The (target, status, Location) of every answer that is not a redirect to this site."""
    wrong = []
    for target, response in responses:
        location = response.headers.get("Location", "")
        if (response.status_code != 302 or not location.startswith("/")
                or location.startswith("//") or lands_on(location) != SITE):
            wrong.append((target, response.status_code, location))
    return wrong


def post_login(client, make, user, next_field="", query=None):
    return client.post("/login" if query is None else "/login?" + query,
                       data={"username": user.username, "password": make.PASSWORD,
                             "next": next_field})


def answers(app, make, how, targets):
    """Send each target the way `how` says; return (target, response) pairs."""
    user = make.user("operator")
    signed_in = app.test_client()
    assert post_login(signed_in, make, user).status_code == 302
    pairs = []
    for target in targets:
        client = app.test_client()
        if how == "login form":
            response = post_login(client, make, user, next_field=target)
        elif how == "login query":
            response = post_login(client, make, user, query=urlencode({"next": target}))
        elif how == "login page while signed in":
            response = signed_in.get("/login?" + urlencode({"next": target}))
        elif how == "language":
            response = client.post("/language", data={"language": "en", "next": target})
        else:
            response = signed_in.post("/beneficiaries/new?" + urlencode({"next": target}),
                                      data={"first_name": "Inès", "last_name": "Martin",
                                            "partner": "", "category": "student",
                                            "language": "fr"})
        pairs.append((target, response))
    return pairs


ROUTES = ["login form", "login query", "login page while signed in", "language",
          "new beneficiary"]


@pytest.mark.parametrize("how", ROUTES)
def test_a_target_off_the_site_sends_you_home(app, make, db, how):
    responses = answers(app, make, how, BYPASSES)
    assert off_site(responses) == []
    fallback = r"/beneficiaries/\d+" if how == "new beneficiary" else "/"
    assert [(t, r.headers["Location"]) for t, r in responses
            if not re.fullmatch(fallback, r.headers["Location"])] == []
    if how == "new beneficiary":
        # The record is saved all the same; only the way back is refused.
        assert Beneficiary.select().count() == len(BYPASSES)


@pytest.mark.parametrize("how", ROUTES)
def test_a_path_of_the_site_is_followed(app, make, db, how):
    responses = answers(app, make, how, KEPT)
    assert off_site(responses) == []
    assert [(t, r.headers["Location"]) for t, r in responses
            if r.headers["Location"] != t] == []
