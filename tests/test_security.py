"""CSRF, headers, cookies, redirects, size cap and error pages."""
import re

import pytest

from inventory import create_app
from inventory.db import connected
from inventory.models import Device


@pytest.fixture
def csrf_app(app_config):
    return create_app(dict(app_config, WTF_CSRF_ENABLED=True))


def test_a_form_without_its_csrf_token_is_refused(csrf_app, make):
    user = make.user("operator")
    client = csrf_app.test_client()
    response = client.post("/login", data={"username": user.username, "password": make.PASSWORD})
    assert response.status_code == 400
    assert "formulaire avait expiré" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302  # not logged in


def test_a_form_with_its_token_goes_through(csrf_app, make):
    user = make.user("operator")
    client = csrf_app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"username": user.username, "password": make.PASSWORD,
                                           "csrf_token": token})
    assert response.status_code == 302


def test_security_headers(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("base_url,secure", [("https://dons.example.org", True),
                                             ("http://127.0.0.1:5000", False)])
def test_session_cookie_flags(app_config, make, base_url, secure):
    app = create_app(dict(app_config, BASE_URL=base_url))
    user = make.user("viewer")
    response = app.test_client().post("/login", data={"username": user.username,
                                                       "password": make.PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert ("Secure" in cookie) is secure


@pytest.mark.parametrize("target,landing", [
    ("/users/", "/users/"),
    ("https://evil.example.com/", "/"),
    ("//evil.example.com/", "/"),
    ("/\\evil.example.com", "/"),
    ("javascript:alert(1)", "/"),
])
def test_next_stays_on_the_site(client, make, target, landing):
    user = make.user("admin")
    response = client.post("/login?next=x", data={"username": user.username,
                                                  "password": make.PASSWORD, "next": target})
    assert response.headers["Location"] == landing


def test_the_login_page_sends_you_back_where_you_were(client, make):
    user = make.user("admin")
    first = client.get("/users/")
    assert first.headers["Location"].startswith("/login?next=")
    response = client.post(first.headers["Location"],
                           data={"username": user.username, "password": make.PASSWORD,
                                 "next": "/users/"})
    assert response.headers["Location"] == "/users/"


def test_requests_are_capped_in_size(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = client.post("/login", data={"username": "x" * 5000, "password": "y"})
    assert response.status_code == 413
    assert "trop volumineux" in response.get_data(as_text=True)


@pytest.mark.parametrize("code", [403, 404, 409, 500])
def test_error_pages_share_the_look_and_never_show_a_traceback(app, client, login, code):
    from flask import abort

    from inventory.lifecycle import StaleVersion
    from inventory.permissions import PERMISSIONS, STAFF

    def fail():
        if code == 409:
            raise StaleVersion()
        if code == 500:
            raise RuntimeError("secret internals")
        abort(code)
    app.add_url_rule("/boom", "boom", fail)
    PERMISSIONS["boom"] = (STAFF, STAFF)
    try:
        login("viewer")
        response = client.get("/boom")
    finally:
        del PERMISSIONS["boom"]
    page = response.get_data(as_text=True)
    assert response.status_code == code
    assert 'class="top"' in page and "app.css" in page
    assert "Traceback" not in page and "secret internals" not in page


def test_a_plain_form_posts_with_the_token_and_version_it_renders(csrf_app, make):
    """Forms that are not Flask-WTF forms (the csrf() macro): the device page's move buttons."""
    user = make.user("technician")
    device = make.device("received")
    client = csrf_app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/login", data={"username": user.username, "password": make.PASSWORD,
                                "csrf_token": token})
    page = client.get("/d/%s" % device.asset_tag).get_data(as_text=True)
    form = re.search(r'<form method="post" action="/d/%s/move">\s*'
                     r'<input type="hidden" name="csrf_token" value="([^"]+)">\s*'
                     r'<input type="hidden" name="version" value="(\d+)">\s*'
                     r'<button class="button big[^"]*" name="to" value="(\w+)"'
                     % device.asset_tag, page)
    token, version, status = form.groups()
    response = client.post("/d/%s/move" % device.asset_tag,
                           data={"csrf_token": token, "version": version, "to": status})
    assert response.status_code == 302
    with connected():
        assert Device.get_by_id(device.id).status == status
