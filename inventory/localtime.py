"""The organisation's calendar: stored times are naive UTC, days are local (Europe/Paris)."""
import datetime
from zoneinfo import ZoneInfo

from flask import current_app

UTC = datetime.timezone.utc


def zone():
    return ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE") or "Europe/Paris")


def today():
    """Return today's date where the organisation is."""
    return datetime.datetime.now(zone()).date()


def local_date(stored):
    """Return the local date of a stored (naive UTC) datetime; None stays None."""
    if stored is None:
        return None
    return stored.replace(tzinfo=UTC).astimezone(zone()).date()


def local_datetime(stored):
    """Return a stored (naive UTC) datetime as the organisation's naive local time."""
    if stored is None:
        return None
    return stored.replace(tzinfo=UTC).astimezone(zone()).replace(tzinfo=None)


def start_of(day):
    """Return the stored (naive UTC) datetime at which the local day begins."""
    local = datetime.datetime.combine(day, datetime.time(0), tzinfo=zone())
    return local.astimezone(UTC).replace(tzinfo=None)
