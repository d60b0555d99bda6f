"""`inventory serve`: gunicorn on HOST:PORT, with the demo logins printed in demo mode."""
import os
import shutil
import subprocess
import sys

import click
from flask import current_app
from flask.cli import with_appcontext

from ..config import MISSING_SECRET
from .demo import DEMO_USERS


@click.command("serve")
@click.option("--workers", default=2, show_default=True)
@click.option("--no-jobs", is_flag=True,
              help="Do not start the job consumer (when `inventory worker` runs elsewhere).")
@with_appcontext
def serve_command(workers, no_jobs):
    """Serve with gunicorn on 127.0.0.1:$PORT (5000), and the job consumer beside it."""
    if current_app.config.get("SECRET_KEY_MISSING"):
        raise click.ClickException(MISSING_SECRET)
    port = os.environ.get("PORT", "5000")
    host = os.environ.get("HOST", "127.0.0.1")
    gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or "gunicorn"
    click.echo("Serving on http://%s:%s/  (Ctrl+C stops)" % (host, port))
    if current_app.config["DEMO"]:
        click.echo("Demo logins (user name / password):")
        for username, role, password in DEMO_USERS:
            click.echo("  %-12s %-28s %s" % (username, password, role))
    sys.stdout.flush()
    if not no_jobs:
        # The consumer shares the terminal's process group: Ctrl+C stops both.
        subprocess.Popen([sys.executable, "-m", "inventory", "worker"])
    os.execv(gunicorn, [gunicorn, "--bind", "%s:%s" % (host, port), "--workers", str(workers),
                        "--access-logfile", "-", "inventory.wsgi:app"])


COMMANDS = (serve_command,)
