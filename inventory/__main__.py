"""The `inventory` console script (also `python -m inventory`)."""
import sys

from flask.cli import FlaskGroup
from peewee import InterfaceError, OperationalError

from . import create_app
from .config import ConfigError
from .db import describe_url


def _create_app():
    return create_app({"CLI": True})


def main():
    group = FlaskGroup(create_app=_create_app, add_default_commands=False,
                       add_version_option=False, load_dotenv=False,
                       help="Inventory of donated computers: donations, refurbishment, handover.")
    # The app is always ours: Flask's --app, --env-file and --debug would only confuse.
    group.params = [p for p in group.params if p.name not in ("app", "env_file", "debug")]
    try:
        group()
    except ConfigError as error:
        sys.exit("inventory: %s" % error)
    except (OperationalError, InterfaceError) as error:
        # One line: the database named by the settings, without its password, and why.
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        sys.exit("inventory: the database %s cannot be used: %s" % (describe_url(), reason))


if __name__ == "__main__":
    main()
