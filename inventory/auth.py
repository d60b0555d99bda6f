"""Logins: Flask-Login sessions, checking passwords, the login throttle, the role guard, next=.

The login throttle never sleeps: a worker that waited on a failed login is a worker that
serves no one, and six wrong logins a second were enough to stall the site. An attempt over a limit is
refused at once with the seconds to wait, before any password is checked. Counting per
account *and* address means a stranger's failures never lock the real admin out from their
own address; counting per address catches one address trying many names.
"""
import datetime
import ipaddress
import math
import secrets
import unicodedata
from urllib.parse import unquote, urlsplit

from flask import abort, current_app, g, redirect, request, url_for
from flask_babel import lazy_gettext as _l, ngettext
from flask_login import LoginManager, current_user
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.security import check_password_hash, generate_password_hash

from . import permissions
from .db import database, is_sqlite
from .errors import Refused
from .models import LoginFailure, User, now

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
    """Return the active user these credentials name, or None; raise Throttled.

    address is the client's (request.remote_addr). A throttled attempt costs no password
    check and no waiting; the others cost one scrypt check, known user or not.
    """
    account, source = throttle_key(username), source_of(address)
    begin(account, source)
    user = User.get_or_none(User.username == account)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        valid = False
    else:
        valid = user.check_password(password)
    if not (valid and user.active):
        return None  # the attempt begin() recorded stays, as a failure
    succeeded(account, source)
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
# "\" as "/" in http and https URLs, so "/\evil.example" or "/<tab>/evil.example" lands on
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


# --- the login throttle ------------------------------------------------------------------

# Where the address cannot be read, all such attempts share one count rather than none.
UNKNOWN_SOURCE = "unknown"
# An IPv6 subscriber gets a whole /64 at least (RFC 6177, RIPE-690), and can pick any
# address in it: count the network, or each attempt would come from a new address.
IPV6_PREFIX = 64


class Throttled(Refused):
    """Too many failed logins: the attempt was refused without checking the password."""

    status = 429

    def __init__(self, seconds):
        self.seconds = seconds
        super().__init__(throttled_message(self.minutes))

    @property
    def minutes(self):
        return max(1, math.ceil(self.seconds / 60))


def source_of(address):
    """The address failures are counted against: IPv4 as is, IPv6 as its /64 network."""
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return UNKNOWN_SOURCE
    if ip.version == 6:
        if ip.ipv4_mapped is not None:  # ::ffff:192.0.2.1 is the IPv4 client 192.0.2.1
            return str(ip.ipv4_mapped)
        network = int(ip) >> (128 - IPV6_PREFIX) << (128 - IPV6_PREFIX)  # drops a %scope too
        return str(ipaddress.IPv6Network((network, IPV6_PREFIX)))
    return str(ip)


def _settings():
    config = current_app.config
    return (datetime.timedelta(minutes=config["LOGIN_WINDOW_MINUTES"]),
            config["LOGIN_MAX_FAILURES"], config["LOGIN_MAX_FAILURES_PER_SOURCE"])


def begin(account, source):
    """Record an attempt before its password is checked; raise Throttled if over a limit.

    The attempt's row stays as a failure unless succeeded() removes it. It is written and
    committed before counting again, and checked failures are never removed early, so no
    number of parallel requests gets more passwords checked than the limits allow.
    """
    window, per_account, per_source = _settings()
    at = now()
    recent = LoginFailure.select().where((LoginFailure.source == source)
                                         & (LoginFailure.at > at - window))
    limits = ((recent.where(LoginFailure.account == account), per_account),
              (recent, per_source))
    # An address already over a limit is refused on reads alone: a flood writes nothing.
    over = _over(limits, counting_this_one=False)
    if not over:
        attempt = _record(account, source, at, window)
        over = _over(limits, counting_this_one=True)
        if not over:
            return attempt
        # Lost a race to parallel attempts. A refused attempt is no failure: it neither
        # extends the wait nor takes room, so the rows of one address at rest are its
        # checked failures, never more than LOGIN_MAX_FAILURES_PER_SOURCE (the hard cap).
        attempt.delete_instance()
    raise Throttled(max(_seconds_until_under(query, limit, at, window)
                        for query, limit in over))


def _over(limits, counting_this_one):
    return [(query, limit) for query, limit in limits
            if query.count() - counting_this_one >= limit]


def _record(account, source, at, window):
    # Recording is also where expired rows go, so the table holds one window at most. A
    # failure counts for exactly the window: gone at at + window, as Retry-After says.
    expired = LoginFailure.select(LoginFailure.id).where(LoginFailure.at <= at - window)
    if not is_sqlite():
        # Workers clearing the same old rows take the ones no other has locked, rather
        # than wait for (or deadlock with) each other. SQLite runs one writer at a time.
        expired = expired.for_update(skip_locked=True)
    with database.atomic():
        LoginFailure.delete().where(LoginFailure.id.in_(expired)).execute()
        return LoginFailure.create(account=account, source=source, at=at)


def succeeded(account, source):
    """The password was right: forget this account's failures from this address."""
    LoginFailure.delete().where((LoginFailure.account == account)
                                & (LoginFailure.source == source)).execute()


def _seconds_until_under(query, limit, at, window):
    """Seconds until fewer than limit of these failures are left in the window."""
    # The limit-th newest failure is the last one that has to expire.
    row = (query.order_by(LoginFailure.at.desc(), LoginFailure.id.desc())
           .offset(limit - 1).limit(1).first())
    if row is None:  # a parallel login succeeded meanwhile
        return 1
    return max(1, math.ceil((row.at + window - at).total_seconds()))

