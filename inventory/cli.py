"""The `inventory` command."""
import functools
import os
import shutil
import sys

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext

from . import create_app
from .db import connected, database, is_sqlite, upgrade


def _db(function):
    """Run the command in the app's context, inside one database connection."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with connected():
            return function(*args, **kwargs)
    return with_appcontext(wrapper)


@click.command("init")
@_db
def init_command():
    """Create the database, or upgrade it to the current schema."""
    applied = upgrade()
    from .defaults import ensure_defaults
    ensure_defaults()
    if applied:
        click.echo("Applied: %s" % ", ".join(applied))
    else:
        click.echo("The database is up to date.")


@click.command("create-user")
@click.argument("username")
@click.option("--role", type=click.Choice(["admin", "operator", "technician", "viewer"]),
              required=True)
@click.option("--name", "display_name", default="", help="Full name shown in the history.")
@click.password_option(help="Asked for when not given.")
@_db
def create_user_command(username, role, display_name, password):
    """Create a staff account."""
    from .accounts import AccountError, create_user
    try:
        user = create_user(username, password, role, display_name)
    except AccountError as error:
        raise click.ClickException(str(error))
    click.echo("Created %s (%s)." % (user.username, user.role))


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database has devices.")
@_db
def demo_command(if_empty):
    """Fill the database with the demo dataset (deterministic)."""
    from . import demo
    if demo.has_data():
        if if_empty:
            click.echo("The database already has data: demo data not added.")
            return
        raise click.ClickException("The database already has data; the demo needs an empty one.")
    summary = demo.fill()
    click.echo("Demo data: %s." % ", ".join("%d %s" % (n, what) for what, n in summary.items()))


@click.command("serve")
@click.option("--workers", default=2, show_default=True)
@with_appcontext
def serve_command(workers):
    """Serve with gunicorn on 127.0.0.1:$PORT (5000)."""
    if current_app.config.get("SECRET_KEY_MISSING"):
        from .config import MISSING_SECRET
        raise click.ClickException(MISSING_SECRET)
    port = os.environ.get("PORT", "5000")
    host = os.environ.get("HOST", "127.0.0.1")
    gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or "gunicorn"
    click.echo("Serving on http://%s:%s/  (Ctrl+C stops)" % (host, port))
    if current_app.config["DEMO"]:
        from .demo import DEMO_USERS
        click.echo("Demo logins (user name / password):")
        for username, role, password in DEMO_USERS:
            click.echo("  %-12s %-28s %s" % (username, password, role))
    sys.stdout.flush()
    os.execv(gunicorn, [gunicorn, "--bind", "%s:%s" % (host, port), "--workers", str(workers),
                        "--access-logfile", "-", "inventory.wsgi:app"])


@click.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, writable=True))
@_db
def backup_command(target):
    """Copy the live SQLite database to TARGET, consistently, while it is in use."""
    if not is_sqlite():
        raise click.ClickException(
            "This database is PostgreSQL: back it up with pg_dump, e.g.\n"
            "  pg_dump --format=custom --file=%s \"$DATABASE_URL\"\n"
            "and restore with pg_restore --clean --dbname=\"$DATABASE_URL\" %s" % (target, target))
    from .backup import backup_sqlite
    pages = backup_sqlite(database.obj, target)
    click.echo("Backup written to %s (%d pages, integrity ok)." % (target, pages))


COMMANDS = (init_command, create_user_command, demo_command, serve_command, backup_command)

# Modules of other areas that define COMMANDS of their own (import, labels, purge...).
COMMAND_MODULES = ("cli_import", "cli_labels", "cli_purge")


def register_commands(app):
    import importlib
    for command in COMMANDS:
        app.cli.add_command(command)
    for name in COMMAND_MODULES:
        qualified = "%s.%s" % (__package__, name)
        try:
            module = importlib.import_module(qualified)
        except ModuleNotFoundError as error:
            if error.name != qualified:
                raise
            continue
        for command in module.COMMANDS:
            app.cli.add_command(command)


def main():
    group = FlaskGroup(create_app=lambda: create_app({"CLI": True}), add_default_commands=False,
                       add_version_option=False, load_dotenv=False,
                       help="Inventory of donated computers: donations, refurbishment, handover.")
    # The app is always ours: Flask's --app, --env-file and --debug would only confuse.
    group.params = [p for p in group.params if p.name not in ("app", "env_file", "debug")]
    group()
