"""The WSGI entry point for gunicorn: inventory.wsgi:app."""
import sys

from . import create_app
from .config import ConfigError

try:
    app = create_app()
except ConfigError as error:
    sys.exit("inventory: %s" % error)
