"""Settings: defaults, then instance/config.py, then the environment."""
import ipaddress
import json
import logging
import os
import secrets
import socket
from urllib.parse import urlsplit

from .documents.impact import ImpactSettingsError, factors_from_settings

# Values a deployment must never run with.
PLACEHOLDER_SECRET = "change-me"

DEFAULTS = {
    "SECRET_KEY": PLACEHOLDER_SECRET,
    "DATABASE_URL": None,  # None: SQLite file in the instance folder
    # How long a write waits for another one to finish (SQLite) before "database busy".
    "DATABASE_BUSY_SECONDS": 15,
    # Empty: follow HOST and PORT, so every printed link points where the app answers.
    "BASE_URL": "",
    "HOST": "127.0.0.1",
    "PORT": 5000,
    "ORG_NAME": "Ordinateurs Solidaires",
    "ORG_ADDRESS": "",
    "ORG_EMAIL": "",
    "ORG_PHONE": "",
    "ORG_SIRET": "",
    "ASSET_TAG_PREFIX": "CC",
    "ASSET_TAG_DIGITS": 5,
    "DEMO": False,
    "TESTING": False,
    "BABEL_DEFAULT_LOCALE": "fr",
    "BABEL_DEFAULT_TIMEZONE": "Europe/Paris",
    "LANGUAGES": ("fr", "en"),
    "MAX_CONTENT_LENGTH": 8 * 1024 * 1024,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "WTF_CSRF_TIME_LIMIT": None,  # a technician's form may stay open all afternoon
    # Failed logins counted over the last LOGIN_WINDOW_MINUTES: per account name from one
    # address, and per address for all names (an office behind one address has a few
    # people mistyping); the next attempt gets 429 until enough of them are older.
    "LOGIN_MAX_FAILURES": 5,
    "LOGIN_MAX_FAILURES_PER_SOURCE": 20,
    "LOGIN_WINDOW_MINUTES": 15,
    "TRUSTED_PROXIES": 0,  # reverse proxies in front whose X-Forwarded-For is believed
    "RETENTION_MONTHS": 24,
    "PAGE_SIZE": 50,
    # Exports with more rows than this run as background jobs with a progress page.
    "EXPORT_INLINE_ROWS": 5000,
    "LABEL_LINE": "model",  # the short line on labels: "model" or "donor"
    # Highest solidarity-sale price (euros) of a device given by a public body, per category;
    # set it in instance/config.py.
    "SALE_CAPS": {"laptop": 180, "desktop": 150, "tablet": 100},
    # Impact of reuse on donor certificates; empty: the cited factors in inventory/impact.py.
    # {"laptop": {"co2e_kg": 182.6, "mass_kg": 1.12}, ...} with IMPACT_SOURCE, the citation
    # printed under the figures: a text, or {"fr": "...", "en": "..."}.
    "IMPACT_FACTORS": {},
    "IMPACT_SOURCE": "",
}

ENV_PREFIX = "INVENTORY_"
# Read without the prefix too: these are the names deployment guides use.
BARE_NAMES = ("SECRET_KEY", "DATABASE_URL", "BASE_URL", "ORG_NAME", "ASSET_TAG_PREFIX", "HOST",
              "PORT")
BOOLEAN_TRUE = {"1", "true", "yes", "on", "oui"}


def _coerce(default, raw, name=""):
    if isinstance(default, dict):
        try:
            value = json.loads(raw)
        except ValueError:
            value = None
        if not isinstance(value, dict):
            raise ConfigError('%s%s must be a JSON object, e.g. {"laptop": ...}.'
                              % (ENV_PREFIX, name))
        return value
    if isinstance(default, bool):
        return raw.strip().lower() in BOOLEAN_TRUE
    if isinstance(default, int):
        try:
            return int(raw.strip())
        except ValueError:
            raise ConfigError("%s must be a whole number, not %r." % (name, raw)) from None
    return raw


def from_environment(environ=None):
    """Return the settings found in the environment, typed like the defaults."""
    environ = os.environ if environ is None else environ
    found = {}
    for name, default in DEFAULTS.items():
        raw = environ.get(ENV_PREFIX + name)
        if raw is None and name in BARE_NAMES:
            raw = environ.get(name)
        if raw is not None and not isinstance(default, tuple):
            found[name] = _coerce(default, raw, name)
    return found


class ConfigError(RuntimeError):
    """The settings cannot be used to start the application."""


MISSING_SECRET = (
    "SECRET_KEY is not set. Set INVENTORY_SECRET_KEY (or SECRET_KEY) to a long random value, "
    "e.g. the output of: python3 -c 'import secrets; print(secrets.token_hex(32))'. "
    "For a local trial, INVENTORY_DEMO=1 makes one up.")


log = logging.getLogger("inventory")

# The schemes playhouse.db_url knows that this application supports.
DATABASE_SCHEMES = ("sqlite", "postgres", "postgresql")
ALL_INTERFACES = ("0.0.0.0", "::", "")


def is_loopback(host):
    host = (host or "").strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def network_address():
    """This machine's address as a phone on the same network sees it (or None)."""
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        return None
    for info in infos:
        address = info[4][0]
        if not is_loopback(address):
            return address
    return None


def served_url(host, port):
    """The address of the app served on host:port; all interfaces: the network address."""
    if host in ALL_INTERFACES:
        host = network_address() or "127.0.0.1"
    if ":" in host:
        host = "[%s]" % host
    return "http://%s:%s" % (host, port)


def check_database_url(url):
    scheme = url.partition("://")[0].partition("+")[0].lower()
    if "://" not in url or scheme not in DATABASE_SCHEMES:
        raise ConfigError(
            "DATABASE_URL is not a database address: write sqlite:///path/to/file.db or "
            "postgresql://user:password@host/database.")
    try:
        urlsplit(url).port
    except ValueError:
        raise ConfigError("DATABASE_URL has a malformed port.") from None


def finish(config, instance_path):
    """Fill derived settings and refuse unsafe ones."""
    if not config.get("DATABASE_URL"):
        config["DATABASE_URL"] = "sqlite:///" + os.path.join(instance_path, "inventory.db")
    check_database_url(config["DATABASE_URL"])
    if not 0 < config["PORT"] < 65536:
        raise ConfigError("PORT must be between 1 and 65535, not %s." % config["PORT"])
    if not config["BASE_URL"]:
        config["BASE_URL"] = served_url(config["HOST"], config["PORT"])
    elif (is_loopback(urlsplit(config["BASE_URL"]).hostname)
          and not is_loopback(config["HOST"])):
        log.warning("BASE_URL is %s but the app listens on %s: phones and other computers "
                    "cannot open the links and QR codes it prints. Set BASE_URL to the "
                    "address they use, or leave it unset.", config["BASE_URL"], config["HOST"])
    config["BASE_URL"] = config["BASE_URL"].rstrip("/")
    secure = config["BASE_URL"].startswith("https://")
    config["SESSION_COOKIE_SECURE"] = secure
    config["REMEMBER_COOKIE_SECURE"] = secure
    config["ASSET_TAG_PREFIX"] = config["ASSET_TAG_PREFIX"].strip().upper()
    if config["SECRET_KEY"] in (None, "", PLACEHOLDER_SECRET):
        if config.get("TESTING"):
            config["SECRET_KEY"] = "test-" + secrets.token_hex(16)
        elif config.get("DEMO"):
            config["SECRET_KEY"] = _demo_secret(instance_path)
        elif config.get("CLI"):
            # Commands other than serve sign nothing; serve checks this flag.
            config["SECRET_KEY"] = secrets.token_hex(32)
            config["SECRET_KEY_MISSING"] = True
        else:
            raise ConfigError(MISSING_SECRET)
    elif len(config["SECRET_KEY"]) < 16 and not config.get("TESTING"):
        raise ConfigError("SECRET_KEY is too short: use at least 32 random characters.")
    try:
        config["IMPACT"] = factors_from_settings(config.get("IMPACT_FACTORS"),
                                                 config.get("IMPACT_SOURCE"))
    except ImpactSettingsError as error:
        raise ConfigError(str(error)) from None
    return config


def _demo_secret(instance_path):
    # Demo mode keeps one random key in the instance folder, so every gunicorn
    # worker and every restart share it and logins survive.
    path = os.path.join(instance_path, "demo-secret-key")
    if not os.path.exists(path):
        os.makedirs(instance_path, exist_ok=True)
        with open(path, "x") as fh:
            fh.write(secrets.token_hex(32))
    with open(path) as fh:
        return fh.read().strip()
