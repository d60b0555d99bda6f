import re

import pytest


def test_home_needs_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_login_then_home(client, login, make):
    login("admin")
    make.device("ready")
    page = client.get("/").get_data(as_text=True)
    assert "ready" in page or "prêt" in page


@pytest.mark.parametrize("path", ["/", "/devices", "/scan", "/scan/bulk"])
def test_a_page_loads_only_scripts_the_policy_allows_and_that_exist(client, login, path):
    """script-src 'self': no inline script, and every script a page names is served."""
    login("admin")
    page = client.get(path).get_data(as_text=True)
    sources = re.findall(r'<script src="([^"]+)"[^>]*></script>', page)
    assert page.count("<script") == len(sources)
    for source in sources:
        assert source.startswith("/static/") and client.get(source).status_code == 200
