"""Logins: Flask-Login sessions, checking passwords, the per-request role guard, next=."""
import secrets
import unicodedata
from urllib.parse import unquote, urlsplit

from flask import abort, g, redirect, request, url_for
from flask_babel import lazy_gettext as _l, ngettext
from flask_login import LoginManager, current_user
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.security import check_password_hash, generate_password_hash

from . import permissions, throttle
from .models import User, now

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = _l("Please log in to open this page.")
login_manager.login_message_category = "info"

# Checked against when the user does not exist, so both cases take as long.
_DUMMY_HASH = generate_password_hash("not a password", method="scrypt")

LOGIN_REFUSED = _l("Unknown user name or wrong password.")


def throttled_message(minutes):
    return ngettext("Too many failed attempts: try again in %(num)d minute.",
                    "Too many failed attempts: try again in %(num)d minutes.", minutes)


@login_manager.user_loader
def load_user(session_id):
    user = User.by_session_id(session_id)
    return user if user is not None and user.active else None


def throttle_key(username):
    return (username or "").strip().lower()[:64]


def authenticate(username, password, address):
    """Return the active user these credentials name, or None; raise throttle.Throttled.

    address is the client's (request.remote_addr). A throttled attempt costs no password
    check and no waiting; the others cost one scrypt check, known user or not.
    """
    account, source = throttle_key(username), throttle.source_of(address)
    throttle.begin(account, source)
    user = User.get_or_none(User.username == account)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        valid = False
    else:
        valid = user.check_password(password)
    if not (valid and user.active):
        return None  # the attempt begin() recorded stays, as a failure
    throttle.succeeded(account, source)
    User.update(last_login_at=now()).where(User.id == user.id).execute()
    return user


def end_sessions(user):
    """Log the user out everywhere: every session cookie names the old token."""
    user.session_token = secrets.token_urlsafe(24)
    User.update(session_token=user.session_token).where(User.id == user.id).execute()


def guard():
    """Refuse the request unless the permissions table lets this role do it."""
    endpoint = request.endpoint
    if endpoint is None:
        return None  # 404 or 405 follows
    if permissions.is_public(endpoint, request.method):
        return None
    if not current_user.is_authenticated:
        if request.blueprint == "api":
            abort(401)
        return login_manager.unauthorized()
    if not permissions.allowed(endpoint, request.method, current_user.role):
        abort(403)
    return None


def _forget_cached_user():
    # Flask-Login caches the user on g. A request pushed inside an existing app
    # context (tests, CLI) shares that g, so each request reads its own cookie.
    g.pop("_login_user", None)


def init_app(app):
    login_manager.init_app(app)
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies:
        # Behind nginx or a load balancer every request comes from the proxy's address;
        # the client's is the one the proxies add to X-Forwarded-For. Trusted only when
        # configured, or anyone could name any address and dodge the login throttle.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies)
    app.before_request(_forget_cached_user)
    app.before_request(guard)


# A redirect target is user input, and browsers read a Location header more loosely than
# urllib does: the WHATWG URL standard (url.spec.whatwg.org, "basic URL parser") drops
# leading and trailing C0 controls and spaces and every tab and newline inside, and reads
# "\" as "/" in http(s) URLs, so "/\evil.example" or "/<tab>/evil.example" lands on
# evil.example. Python's urlsplit drops tabs and newlines too (Werkzeug uses it to build
# Location). Rather than mimic every parser, anything they might rewrite is refused.
MAX_TARGET = 2000
_DECODINGS = 3  # "%252F" is "/" after two rounds: a proxy or a later hop may decode again


def _rewritable(text):
    """Whether a URL parser might drop or reinterpret some character of text."""
    return any(ch == "\\" or ch.isspace() or unicodedata.category(ch)[0] == "C"
               for ch in text)


def _leaves_the_site(path):
    return (not path.startswith("/") or path.startswith("//")
            or unicodedata.normalize("NFKC", path).startswith("//"))


def local_path(target):
    """Return target if it is a path of this site, else None (no open redirect)."""
    if not isinstance(target, str) or not target or len(target) > MAX_TARGET:
        return None
    if _rewritable(target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    # The path as sent, not as urlsplit reads it: "///evil.example" has an empty netloc
    # for urlsplit but the host evil.example for a browser. Only the path can name another
    # host once decoded ("/%2F/evil.example"); the query is left encoded, as a search for
    # "ThinkPad T480" has its space there.
    path = target.partition("#")[0].partition("?")[0]
    for _ in range(_DECODINGS):
        if _leaves_the_site(path) or _rewritable(path):
            return None
        decoded = unquote(path)
        if decoded == path:
            return target
        path = decoded
    return None


def safe_next(target):
    """Return target if it stays on this site, else the home page."""
    return local_path(target) or url_for("main.home")


def redirect_next():
    return redirect(safe_next(request.form.get("next") or request.args.get("next")))
