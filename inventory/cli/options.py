"""What the commands share: running inside the app's context and one database connection."""
import functools

from flask.cli import with_appcontext

from ..db import connected


def with_database(function):
    """Run the command in the app's context, inside one database connection."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with connected():
            return function(*args, **kwargs)
    return with_appcontext(wrapper)
