"""`inventory purge`: pseudonymise beneficiaries kept longer than the retention period."""
import datetime
import re

import click
from flask import current_app
from flask.cli import with_appcontext

from ..db import connected
from ..errors import Refused

PERIOD = re.compile(r"^\s*(\d+)\s*([my]?)\s*$", re.IGNORECASE)


def parse_period(text):
    """Return the months in "24m", "24" or "2y"."""
    found = PERIOD.match(text or "")
    if not found or int(found.group(1)) < 1:
        raise click.BadParameter("write a number of months, e.g. 24m (or years, e.g. 2y)")
    number = int(found.group(1))
    return number * 12 if found.group(2).lower() == "y" else number


@click.command("purge")
@click.option("--older-than", "older_than", default=None, metavar="PERIOD",
              help="Retention period, e.g. 24m (default: the RETENTION_MONTHS setting).")
@click.option("--dry-run", is_flag=True, help="List who would be pseudonymised; change nothing.")
@with_appcontext
def purge_command(older_than, dry_run):
    """Pseudonymise beneficiaries whose last handover or return is older than the period."""
    from ..hotline.privacy import purge
    months = parse_period(older_than) if older_than else current_app.config["RETENTION_MONTHS"]
    with connected():
        try:
            run, affected = purge(datetime.date.today(), months, dry_run=dry_run)
        except Refused as error:
            raise click.ClickException(str(error)) from None
    for beneficiary, last in affected:
        # The dry run shows whom it means; the real run has nothing left to show.
        name = beneficiary.full_name if dry_run else ""
        click.echo("#%d\t%s\tlast activity %s" % (beneficiary.id, name,
                                                   last.strftime("%d/%m/%Y")))
    verb = "would be pseudonymised" if dry_run else "pseudonymised"
    click.echo("%d beneficiar%s %s (older than %d months; run #%d recorded)."
               % (run.affected, "y" if run.affected == 1 else "ies", verb, months, run.id))


COMMANDS = (purge_command,)
