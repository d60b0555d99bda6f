"""Staff logins: hashing, throttling, sessions ended everywhere, the last admin."""
import html

import pytest

from inventory.accounts import AccountError, update_user
from inventory.models import LoginThrottle, User

GENERIC = "Nom d'utilisateur inconnu ou mot de passe faux."


def post_login(client, username, password, **extra):
    return client.post("/login", data={"username": username, "password": password, **extra})


def test_passwords_are_hashed_with_scrypt(db, make):
    user = make.user("viewer")
    assert user.password_hash.startswith("scrypt:")
    assert make.PASSWORD not in user.password_hash


def test_login_and_logout(client, make):
    user = make.user("operator")
    response = post_login(client, user.username, make.PASSWORD)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert client.get("/").status_code == 200
    client.post("/logout")
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("username,password", [
    ("nobody", "whatever-password"),
    ("known", "wrong-password"),
])
def test_unknown_user_and_wrong_password_get_the_same_answer(client, make, username, password):
    make.user("operator", username="known")
    response = post_login(client, username, password)
    assert response.status_code == 401
    assert GENERIC in html.unescape(response.get_data(as_text=True))


def test_repeated_failures_slow_down_then_lock(app, client, make, monkeypatch):
    app.config["LOGIN_SLOWDOWN_SECONDS"] = 0.5
    pauses = []
    monkeypatch.setattr("inventory.auth.time.sleep", pauses.append)
    user = make.user("operator")
    for _ in range(4):
        assert post_login(client, user.username, "wrong").status_code == 401
    assert pauses == [0.5, 1.0, 1.5, 2.0]
    locked = post_login(client, user.username, "wrong")
    assert locked.status_code == 429
    # Even the right password is refused while locked, with the same words as for a stranger.
    right = post_login(client, user.username, make.PASSWORD)
    assert right.status_code == 429
    stranger = post_login(client, "nobody", "x")
    for _ in range(5):
        stranger = post_login(client, "nobody", "x")
    assert stranger.status_code == 429
    assert "suspendues" in right.get_data(as_text=True)
    assert "suspendues" in stranger.get_data(as_text=True)


def test_the_lock_ends(app, client, make, db):
    user = make.user("operator")
    for _ in range(5):
        post_login(client, user.username, "wrong")
    LoginThrottle.update(locked_until=None).execute()
    assert post_login(client, user.username, make.PASSWORD).status_code == 302
    assert LoginThrottle.select().count() == 0


def two_sessions(app, make, role="operator"):
    user = make.user(role)
    first, second = app.test_client(), app.test_client()
    for client in (first, second):
        assert post_login(client, user.username, make.PASSWORD).status_code == 302
        assert client.get("/").status_code == 200
    return user, first, second


def test_logout_ends_every_session(app, make):
    user, first, second = two_sessions(app, make)
    first.post("/logout")
    assert second.get("/").status_code == 302


def test_password_change_ends_the_other_sessions(app, make):
    user, first, second = two_sessions(app, make)
    response = first.post("/password", data={"current": make.PASSWORD,
                                              "new": "a new long password",
                                              "confirm": "a new long password"})
    assert response.status_code == 302
    assert first.get("/").status_code == 200
    assert second.get("/").status_code == 302
    third = app.test_client()
    assert post_login(third, user.username, "a new long password").status_code == 302


def test_a_wrong_current_password_changes_nothing(app, make, db):
    user, first, second = two_sessions(app, make)
    response = first.post("/password", data={"current": "not it", "new": "a new long password",
                                              "confirm": "a new long password"})
    assert "Le mot de passe actuel est faux." in response.get_data(as_text=True)
    assert User.get_by_id(user.id).check_password(make.PASSWORD)
    assert second.get("/").status_code == 200


def test_deactivation_ends_sessions_and_refuses_login(app, make, db):
    user, first, second = two_sessions(app, make)
    admin = make.user("admin")
    admin_client = app.test_client()
    post_login(admin_client, admin.username, make.PASSWORD)
    response = admin_client.post("/users/%d" % user.id, data={
        "username": user.username, "display_name": "", "role": "operator", "password": ""})
    assert response.status_code == 302
    assert User.get_by_id(user.id).active is False
    assert first.get("/").status_code == 302 and second.get("/").status_code == 302
    assert post_login(app.test_client(), user.username, make.PASSWORD).status_code == 401


def test_the_last_active_admin_cannot_be_deactivated_or_demoted(db, make):
    admin = make.user("admin")
    for role, active in (("admin", False), ("operator", True)):
        with pytest.raises(AccountError) as refused:
            update_user(admin, role, active, "")
        assert "dernier administrateur" in str(refused.value)
    stored = User.get_by_id(admin.id)
    assert (stored.role, stored.active) == ("admin", True)
    other = make.user("admin")
    update_user(admin, "operator", True, "")
    with pytest.raises(AccountError):
        update_user(other, "admin", False, "")


def test_admin_creates_an_account_through_the_page(client, login, make, db):
    login("admin")
    response = client.post("/users/", data={"username": "claire", "display_name": "Claire",
                                            "role": "technician", "password": "long enough pw"})
    assert response.status_code == 302
    assert User.get(User.username == "claire").role == "technician"
    again = client.post("/users/", data={"username": "claire", "display_name": "",
                                         "role": "viewer", "password": "long enough pw"})
    assert "déjà pris" in again.get_data(as_text=True)
    assert User.get(User.username == "claire").role == "technician"
