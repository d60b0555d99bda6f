def test_home_needs_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_login_then_home(client, login, make):
    login("admin")
    make.device("ready")
    page = client.get("/").get_data(as_text=True)
    assert "ready" in page or "prêt" in page
