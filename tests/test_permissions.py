"""Every route, without a session and with each role, against the permissions table."""
import pytest
from werkzeug.routing.converters import AnyConverter, IntegerConverter

from inventory import permissions
from inventory.models import ALL_MODELS

ROLES = ("admin", "operator", "technician", "viewer")
def placeholder(converter):
    """A value for a URL variable that names a record the walk created (id 1, tag CC-00001)."""
    if isinstance(converter, AnyConverter):
        return sorted(converter.items)[0]
    if isinstance(converter, IntegerConverter):
        return 1
    return "CC-00001"  # the device each walk creates first, so pages render for real


def routes(app):
    adapter = app.url_map.bind("localhost")
    for rule in app.url_map.iter_rules():
        values = {name: placeholder(c) for name, c in rule._converters.items()}
        url = adapter.build(rule.endpoint, values, method=None)
        for method in ("GET", "POST"):
            if method in rule.methods:
                yield rule.endpoint, method, url


def fingerprint():
    """What GET requests must never change: every table's row count and device versions."""
    from inventory.models import Device
    from peewee import fn
    counts = tuple(model.select().count() for model in ALL_MODELS)
    return counts, Device.select(fn.SUM(Device.version)).scalar()


def test_every_endpoint_is_in_the_table(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert sorted(endpoints - set(permissions.PERMISSIONS)) == []
    assert sorted(set(permissions.PERMISSIONS) - endpoints) == []


def test_without_a_session_only_public_routes_answer(app, client):
    for endpoint, method, url in routes(app):
        response = client.open(url, method=method)
        if permissions.is_public(endpoint, method):
            assert response.status_code not in (401, 403), (method, url)
            assert "/login?" not in response.headers.get("Location", ""), (method, url)
        elif url.startswith("/api/"):
            assert response.status_code == 401, (method, url)
        else:
            assert response.status_code == 302, (method, url)
            assert "/login?next=" in response.headers["Location"], (method, url)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_the_table_says(app, client, login, make, db, role):
    make.device("ready")
    login(role)
    before = fingerprint()
    for endpoint, method, url in routes(app):
        if endpoint == "auth.logout":
            continue  # would end the session this walk runs in
        response = client.open(url, method=method)
        expected = permissions.allowed(endpoint, method, role)
        if expected:
            assert response.status_code not in (401, 403, 500), (role, method, url)
        else:
            assert response.status_code == 403, (role, method, url, response.status_code)
        if method == "GET":
            assert fingerprint() == before, ("GET changed data", role, url)
        else:
            before = fingerprint()


def test_an_endpoint_missing_from_the_table_is_closed(app, client, login):
    @app.route("/forgotten")
    def forgotten():
        return "should never show"
    login("admin")
    assert client.get("/forgotten").status_code == 403
