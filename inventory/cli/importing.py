"""`inventory import --donation ID FILE`: the web import's use case, from a terminal."""
import os

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale

from ..intake import importing
from ..db import connected
from ..errors import Refused
from ..models import Donation, User
from ..intake.spreadsheet.reading import FIELD_LABELS, FIELDS

IGNORE = "ignore"


def _parse_maps(values, headers):
    """Turn --map "Header=field" options into {column index: field or None}."""
    chosen = {}
    folded = {header.strip().lower(): index for index, header in enumerate(headers)}
    for value in values:
        header, sep, name = value.rpartition("=")
        header, name = header.strip(), name.strip()
        if not sep or not header:
            raise click.BadParameter('write it as "Column header=field"', param_hint="--map")
        if name not in FIELDS and name != IGNORE:
            raise click.BadParameter("%s is not a field; use one of: %s" % (
                name, ", ".join(FIELDS + [IGNORE])), param_hint="--map")
        if header.lower() not in folded:
            raise click.BadParameter('no column is named "%s"' % header, param_hint="--map")
        chosen[folded[header.lower()]] = None if name == IGNORE else name
    return chosen


def _echo_rows(checked, verbose):
    for row in checked.rows:
        if row.problems and (verbose or row.status == "error"):
            kind = "ERROR" if row.status == "error" else "left out"
            for problem in row.problems:
                click.echo("  line %d (%s): %s" % (row.line, kind, problem))


@click.command("import")
@click.option("--donation", "donation_id", type=int, required=True,
              help="Number of the donation the devices belong to.")
@click.argument("path", metavar="FILE", type=click.Path(exists=True, dir_okay=False))
@click.option("--map", "maps", multiple=True, metavar='"HEADER=FIELD"',
              help="Say what a column holds (field: %s, or %s). Repeatable." % (
                  ", ".join(FIELDS), IGNORE))
@click.option("--category", default="laptop", show_default=True,
              type=click.Choice(["laptop", "desktop", "tablet", "monitor", "other"]),
              help="Category of rows that do not say.")
@click.option("--skip-errors", is_flag=True,
              help="Import the good rows and leave out the rows with problems.")
@click.option("--dry-run", is_flag=True, help="Show what would be imported; change nothing.")
@click.option("--user", "username", default=None, help="Staff user recorded as importing.")
@click.option("--verbose", "-v", is_flag=True, help="Also list rows left out (known, repeated).")
@with_appcontext
def import_command(donation_id, path, maps, category, skip_errors, dry_run, username, verbose):
    """Import a donor's spreadsheet (CSV or XLSX) into a donation, all or nothing.

    Rows whose serial number is already in the inventory are left out, so the
    same file imported twice adds nothing the second time.
    """
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]), connected():
        _run(donation_id, path, maps, category, skip_errors, dry_run, username, verbose)


def _run(donation_id, path, maps, category, skip_errors, dry_run, username, verbose):
    donation = Donation.get_or_none(Donation.id == donation_id)
    if donation is None:
        raise click.ClickException("There is no donation %d." % donation_id)
    user = None
    if username:
        user = User.get_or_none(User.username == username.strip().lower())
        if user is None:
            raise click.ClickException("There is no user %s." % username)
    with open(path, "rb") as fh:
        data = fh.read()
    try:
        upload = importing.start(donation, os.path.basename(path), data, user and user.id,
                                 category=category)
    except importing.AlreadyImported as done:
        click.echo(str(done))  # the same file again: nothing to do, not a failure
        return
    except Refused as error:
        raise click.ClickException(str(error)) from None
    try:
        _preview_and_commit(upload, maps, skip_errors, dry_run, user, verbose)
    finally:
        importing.discard(upload)  # a no-op once imported; drops the kept file otherwise


def _preview_and_commit(upload, maps, skip_errors, dry_run, user, verbose):
    table = importing.table_of(upload)
    mapping = importing.mapping_of(upload)
    if maps:
        mapping.update(_parse_maps(maps, table.headers))
        try:
            importing.set_mapping(upload, mapping, len(table.headers))
        except Refused as error:
            raise click.ClickException(str(error)) from None
    checked = importing.preview(upload)
    for index in checked.unknown_columns:
        click.echo('Column "%s" is not recognised: ignored (use --map "%s=FIELD" to import it).'
                   % (checked.headers[index], checked.headers[index]))
    if not checked.has_serial_column:
        raise click.ClickException(
            'No column holds the serial numbers: use --map "HEADER=serial".')
    recognised = ", ".join("%s -> %s" % (checked.headers[i], FIELD_LABELS[name])
                           for i, name in sorted(checked.mapping.items()) if name)
    click.echo("Columns: %s" % recognised)
    counts = checked.counts
    click.echo("%d rows: %d new, %d already in the inventory, %d repeated in the file, "
               "%d with problems." % (counts["total"], counts["ok"], counts["known"],
                                      counts["duplicate"], counts["error"]))
    if counts["fill"]:
        first, last = checked.fill_range
        click.echo("Fills %d devices already received (%s to %s); %d new devices." % (
            counts["fill"], first, last, counts["new"]))
    _echo_rows(checked, verbose)
    if counts["error"] and not skip_errors:
        raise click.ClickException(
            "%d rows have problems: nothing was imported. Correct the file, or use "
            "--skip-errors to import the other rows." % counts["error"])
    if not counts["ok"]:
        click.echo("Nothing new to add: every serial number of this file is already in the "
                   "inventory.")
        return
    if dry_run:
        click.echo("Dry run: %d devices would be filled and %d added; nothing was changed."
                   % (counts["fill"], counts["new"]) if counts["fill"] else
                   "Dry run: %d devices would be added; nothing was changed." % counts["ok"])
        return
    try:
        outcome = importing.commit(upload, user and user.id, skip_errors=skip_errors,
                                   checked=checked)
    except Refused as error:
        raise click.ClickException(str(error)) from None
    if outcome.filled:
        click.echo("Filled %d devices of donation %d: %s to %s." % (
            outcome.filled, upload.donation_id, outcome.first_filled, outcome.last_filled))
    if outcome.added or not outcome.filled:
        click.echo("Imported %d devices into donation %d: %s to %s (%d rows left out)." % (
            outcome.added, upload.donation_id, outcome.first_tag, outcome.last_tag,
            outcome.skipped))
    else:
        click.echo("%d rows left out." % outcome.skipped)


COMMANDS = (import_command,)
