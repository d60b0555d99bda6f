"""Asset tags: prefix + zero-padded number, e.g. CC-00042, never repeated."""
import re

from flask import current_app

from ..models import Counter

COUNTER = "asset_tag"
MAX_LENGTH = 20


def format_tag(number, prefix=None, digits=None):
    config = current_app.config
    prefix = config["ASSET_TAG_PREFIX"] if prefix is None else prefix
    digits = config["ASSET_TAG_DIGITS"] if digits is None else digits
    return "%s-%0*d" % (prefix, digits, number)


def take(count):
    """Reserve count consecutive tags inside the caller's transaction; return them."""
    first = Counter.take(COUNTER, count)
    return [format_tag(number) for number in range(first, first + count)]


def normalise(text):
    """Upper-case, trimmed tag as typed or scanned (scanners may add spaces)."""
    return re.sub(r"\s+", "", text or "").upper()


def reserved_number(tag):
    """Return the number of a tag this system issued but no device holds yet, or None."""
    match = re.fullmatch(r"%s-(\d+)" % re.escape(current_app.config["ASSET_TAG_PREFIX"]),
                         normalise(tag))
    if not match:
        return None
    number = int(match.group(1))
    return number if 0 < number <= Counter.peek(COUNTER) else None
