"""`inventory serve`: gunicorn on HOST:PORT, with the addresses to open and the demo logins."""
import os
import shutil
import subprocess
import sys

import click
from flask import current_app
from flask.cli import with_appcontext

from ..config import ALL_INTERFACES, MISSING_SECRET, is_loopback, network_address
from ..db import connected
from .demo import DEMO_USERS


def addresses(host, port):
    """Lines telling where to open the app, on this computer and on a phone."""
    lines = []
    if host in ALL_INTERFACES:
        lines.append("On this computer: http://127.0.0.1:%s/" % port)
        phone = network_address()
        if phone:
            lines.append("On a phone or another computer of the same network: "
                         "http://%s:%s/" % (phone, port))
    else:
        shown = "[%s]" % host if ":" in host else host
        lines.append("Open http://%s:%s/" % (shown, port))
        if is_loopback(host):
            lines.append("Only this computer can open it. To use phones on the same network, "
                         "serve on every interface: HOST=0.0.0.0 make run "
                         "(or HOST=0.0.0.0 inventory serve).")
    lines.append("QR labels and documents link to %s" % current_app.config["BASE_URL"])
    return lines


@click.command("serve")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="gunicorn worker processes.")
@click.option("--no-jobs", is_flag=True,
              help="Do not start the job consumer (when `inventory worker` runs elsewhere).")
@with_appcontext
def serve_command(workers, no_jobs):
    """Serve with gunicorn on HOST:PORT (default 127.0.0.1:5000), and the job consumer.

    HOST and PORT come from the environment (or instance/config.py). HOST=0.0.0.0 serves
    every network interface, so phones on the same network can open the app; BASE_URL,
    when not set, follows HOST and PORT.
    """
    config = current_app.config
    if config.get("SECRET_KEY_MISSING"):
        raise click.ClickException(MISSING_SECRET)
    with connected():
        pass  # an unreachable database stops here with one line, not in every worker
    host, port = config["HOST"], config["PORT"]
    gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or "gunicorn"
    for line in addresses(host, port):
        click.echo(line)
    click.echo("(Ctrl+C stops)")
    if config["DEMO"]:
        click.echo("Demo logins (user name / password):")
        for username, role, password in DEMO_USERS:
            click.echo("  %-12s %-28s %s" % (username, password, role))
    sys.stdout.flush()
    if not no_jobs:
        # The consumer shares the terminal's process group: Ctrl+C stops both.
        subprocess.Popen([sys.executable, "-m", "inventory", "worker"])
    bind = "[%s]:%s" % (host, port) if ":" in host else "%s:%s" % (host, port)
    os.execv(gunicorn, [gunicorn, "--bind", bind, "--workers", str(workers),
                        "--access-logfile", "-", "inventory.wsgi:app"])


COMMANDS = (serve_command,)
