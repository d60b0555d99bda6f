"""The login throttle: failed logins per (account name, address) and per address, in a window.

Nothing here sleeps: a worker that waited on a failed login is a worker that serves no one,
and six wrong logins a second were enough to stall the site. An attempt over a limit is
refused at once with the seconds to wait, before any password is checked. Counting per
account *and* address means a stranger's failures never lock the real admin out from their
own address; counting per address catches one address trying many names.
"""
import datetime
import ipaddress
import math

from flask import current_app

from .db import database, is_sqlite
from .models import LoginFailure, now

# Where the address cannot be read, all such attempts share one count rather than none.
UNKNOWN_SOURCE = "unknown"
# An IPv6 subscriber gets a whole /64 at least (RFC 6177, RIPE-690), and can pick any
# address in it: count the network, or each attempt would come from a new address.
IPV6_PREFIX = 64


class Throttled(Exception):
    """Too many failed logins: the attempt was refused without checking the password."""

    def __init__(self, seconds):
        super().__init__(seconds)
        self.seconds = seconds

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

