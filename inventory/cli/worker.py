"""`inventory worker`: the job consumer, running the queued jobs (exports, big documents)."""
import logging

import click
from flask import current_app
from flask.cli import with_appcontext
from huey.consumer import Consumer

from .. import jobs
from ..db import connected
from ..jobs.queue import huey


@click.command("worker")
@click.option("--threads", default=2, show_default=True, type=click.IntRange(1, 32),
              help="Jobs run at once.")
@with_appcontext
def worker_command(threads):
    """Run the background jobs as they are queued (Ctrl+C stops; queued jobs wait for it)."""
    with connected():
        jobs.recover()  # jobs a previous consumer left half-done run again
    jobs.serve_with(current_app._get_current_object())
    huey.immediate = False
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    click.echo("Job consumer started (%d threads)." % threads)
    Consumer(huey, workers=threads, worker_type="thread", periodic=True,
             initial_delay=0.1, max_delay=2.0).run()


COMMANDS = (worker_command,)
