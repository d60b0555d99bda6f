"""Staff logins: hashing, the throttle, sessions ended everywhere, the last admin."""
import datetime
import html
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from inventory import create_app
from inventory.accounts import AccountError, update_user
from inventory.models import LoginFailure, User

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


# --- the throttle -----------------------------------------------------------------------
# Addresses from the documentation ranges (RFC 5737 for IPv4, RFC 3849 for IPv6).
ADMIN_HOME = "198.51.100.7"
STRANGER = "203.0.113.9"
T0 = datetime.datetime(2026, 11, 30, 9, 0)


def attempt(client, username, password, address, **headers):
    return client.post("/login", data={"username": username, "password": password},
                       environ_overrides={"REMOTE_ADDR": address}, headers=headers)


@pytest.fixture
def clock(monkeypatch):
    """The throttle's clock, moved by hand: windows expire without waiting for them."""
    moments = [T0]
    monkeypatch.setattr("inventory.auth.now", lambda: moments[-1])
    return moments


@pytest.fixture
def password_checks(monkeypatch):
    """Every password check made, right or wrong, known user or not."""
    import werkzeug.security
    made = []

    def counting(hash_, password):
        made.append(password)
        return werkzeug.security.check_password_hash(hash_, password)
    monkeypatch.setattr("inventory.auth.check_password_hash", counting)
    monkeypatch.setattr("inventory.models.people.check_password_hash", counting)
    return made


def test_failed_logins_never_sleep_then_get_429_with_retry_after(
        client, make, clock, password_checks, monkeypatch):
    pauses = []
    monkeypatch.setattr(time, "sleep", pauses.append)
    user = make.user("operator")
    for minute in range(5):  # one a minute, from 9:00 to 9:04
        clock.append(T0 + datetime.timedelta(minutes=minute))
        assert attempt(client, user.username, "wrong", STRANGER).status_code == 401
    checked = len(password_checks)
    # 9:05: the 9:00 failure leaves the 15-minute window in 10 minutes; at 9:14:30, in 30 s.
    for at, retry_after, words in ((5, "600", "réessayez dans 10 minutes."),
                                   (14.5, "30", "réessayez dans 1 minute.")):
        clock.append(T0 + datetime.timedelta(minutes=at))
        for password in ("wrong", make.PASSWORD):
            refused = attempt(client, user.username, password, STRANGER)
            assert refused.status_code == 429
            assert refused.headers["Retry-After"] == retry_after
            page = html.unescape(refused.get_data(as_text=True))
            assert words in page and 'class="top"' in page
    assert len(password_checks) == checked  # refused before any password check
    clock.append(T0 + datetime.timedelta(minutes=15))
    assert attempt(client, user.username, "wrong", STRANGER).status_code == 401
    assert pauses == []
    assert client.get("/").status_code == 302  # the right password did not log in


@pytest.mark.parametrize("stranger,then_from,password,expected", [
    (STRANGER, STRANGER, "right", 429),
    (STRANGER, STRANGER, "wrong", 429),
    (STRANGER, "::ffff:" + STRANGER, "right", 429),  # the same IPv4 client, IPv6-mapped
    (STRANGER, ADMIN_HOME, "right", 302),  # the admin, from their own address
    (STRANGER, ADMIN_HOME, "wrong", 401),  # who has failures of their own to spend
    # One IPv6 subscriber has the whole /64: a new address in it is the same source.
    ("2001:db8:5:6::1", "2001:db8:5:6:a:b:c:d", "right", 429),
    ("2001:db8:5:6::1", "2001:db8:5:7::1", "right", 302),
])
def test_a_strangers_failures_never_lock_the_admin_out(app, make, stranger, then_from,
                                                      password, expected):
    admin = make.user("admin")
    for _ in range(5):
        attempt(app.test_client(), admin.username, "wrong", stranger)
    password = make.PASSWORD if password == "right" else password
    assert attempt(app.test_client(), admin.username, password, then_from).status_code == expected


def test_one_address_trying_many_names_is_throttled_for_every_name(app, client, make):
    app.config["LOGIN_MAX_FAILURES_PER_SOURCE"] = 6
    admin = make.user("admin")
    answers = [attempt(client, "name%d" % i, "wrong", STRANGER).status_code for i in range(6)]
    assert answers == [401] * 6
    assert attempt(client, admin.username, make.PASSWORD, STRANGER).status_code == 429
    assert attempt(client, admin.username, make.PASSWORD, ADMIN_HOME).status_code == 302


def test_a_right_password_forgets_that_accounts_failures_from_that_address(client, make, db):
    user = make.user("operator")
    for _ in range(4):
        attempt(client, user.username, "wrong", ADMIN_HOME)
    attempt(client, "someone-else", "wrong", ADMIN_HOME)
    assert attempt(client, user.username, make.PASSWORD, ADMIN_HOME).status_code == 302
    client.post("/logout")
    assert [(f.account, f.source) for f in LoginFailure.select()] == [
        ("someone-else", ADMIN_HOME)]
    assert [attempt(client, user.username, "wrong", ADMIN_HOME).status_code
            for _ in range(6)] == [401] * 5 + [429]


def test_counts_expire_and_expired_rows_are_removed(app, make, db, clock):
    admin = make.user("admin")
    for address in (STRANGER, "192.0.2.1", "192.0.2.2", "2001:db8::1"):
        for _ in range(5):
            attempt(app.test_client(), admin.username, "wrong", address)
    assert LoginFailure.select().count() == 20
    clock.append(T0 + datetime.timedelta(minutes=15, seconds=1))
    assert attempt(app.test_client(), admin.username, "wrong", STRANGER).status_code == 401
    assert [(f.source, f.at) for f in LoginFailure.select()] == [(STRANGER, clock[-1])]
    assert attempt(app.test_client(), admin.username, make.PASSWORD, STRANGER).status_code == 302


def test_parallel_attempts_get_no_more_password_checks_and_rows_than_the_cap(app, make, db):
    app.config["LOGIN_MAX_FAILURES_PER_SOURCE"] = 8
    threads, each = 10, 3
    barrier = threading.Barrier(threads)

    def hammer(number):
        client = app.test_client()
        barrier.wait(timeout=30)
        # A name per thread: the per-address cap is what holds them back.
        return [attempt(client, "name%d" % number, "wrong", STRANGER).status_code
                for _ in range(each)]
    with ThreadPoolExecutor(threads) as pool:
        answers = [code for codes in pool.map(hammer, range(threads)) for code in codes]
    assert set(answers) <= {401, 429}
    assert 1 <= answers.count(401) <= 8
    assert LoginFailure.select().where(LoginFailure.source == STRANGER).count() <= 8


@pytest.mark.parametrize("proxies,forwarded,expected_for_admin", [
    (0, True, 429),  # no proxy configured: X-Forwarded-For is anyone's to write, ignored
    (1, True, 302),  # one proxy: the address it forwards is the client's
])
def test_x_forwarded_for_counts_only_behind_a_configured_proxy(app_config, make, proxies,
                                                             forwarded, expected_for_admin):
    app = create_app(dict(app_config, TRUSTED_PROXIES=proxies))
    admin = make.user("admin")
    proxy = "10.0.0.1"  # nginx on the same network: every request comes from it
    for _ in range(5):
        attempt(app.test_client(), admin.username, "wrong", proxy,
                **{"X-Forwarded-For": STRANGER})
    answer = attempt(app.test_client(), admin.username, make.PASSWORD, proxy,
                     **{"X-Forwarded-For": ADMIN_HOME})
    assert answer.status_code == expected_for_admin
    stranger = attempt(app.test_client(), admin.username, make.PASSWORD, proxy,
                       **{"X-Forwarded-For": STRANGER})
    assert stranger.status_code == 429


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
