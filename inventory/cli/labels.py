"""`inventory labels`: label sheets as PDF files, the same bytes as the web page gives."""
import os

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale

from ..labels import printing as label_printing
from ..devices.tags import normalise
from ..db import connected
from ..errors import Refused
from ..labels.sheets import describe_formats


@click.command("labels")
@click.argument("format_name", metavar="FORMAT", required=False)
@click.option("--list", "list_formats", is_flag=True, help="List the label formats and stop.")
@click.option("--donation", type=int, help="The devices of this donation (its number).")
@click.option("--tag", "tags", multiple=True, help="A device's asset tag (repeat for several).")
@click.option("--blank", type=int, help="Reserve the next N asset tags and print blank labels.")
@click.option("--start", default=1, show_default=True,
              help="Position of the first label on the sheet (for a partly used sheet).")
@click.option("--output", type=click.Path(dir_okay=False, writable=True),
              help="The PDF file to write.")
@with_appcontext
def labels_command(format_name, list_formats, donation, tags, blank, start, output):
    """Print labels to a PDF: FORMAT (--donation ID | --tag TAG ... | --blank N) --output FILE."""
    # Messages (and nothing printed on a label) in the organisation's language.
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        _run(format_name, list_formats, donation, tags, blank, start, output)


def _run(format_name, list_formats, donation, tags, blank, start, output):
    formats, errors = label_printing.formats()
    if list_formats:
        for line in describe_formats(formats):
            click.echo(line)
        for error in errors:
            click.echo("Unusable format file: %s" % error, err=True)
        return
    sources = [given for given in (donation is not None, bool(tags), blank is not None) if given]
    if not format_name or len(sources) != 1 or not output:
        raise click.UsageError("Give FORMAT, one of --donation, --tag or --blank, and --output "
                               "(or --list to see the formats).")
    with connected():
        try:
            label_format = label_printing.get_format(format_name)
            label_printing.check_start(label_format, start)
            if blank is not None:
                label_printing.check_blank_count(blank)
        except Refused as error:
            raise click.ClickException(str(error)) from None
        _write(label_format, donation, tags, blank, start, output)


def _write(label_format, donation, tags, blank, start, output):
    # Write beside, then rename: a refused run leaves no half-written PDF behind.
    temporary = "%s.%d.part" % (output, os.getpid())
    try:
        with open(temporary, "wb") as out:
            if blank is not None:
                tags, _pdf = label_printing.print_blank(label_format, blank, start, out=out)
                summary = "%d blank labels, %s to %s" % (len(tags), tags[0], tags[-1])
            else:
                source = (label_printing.Source.for_donation(donation) if donation is not None
                          else label_printing.Source(tags=[normalise(t) for t in tags]))
                label_printing.print_devices(label_format, source, start=start, out=out)
                summary = "%d labels" % source.count()
        os.replace(temporary, output)
    except Refused as error:
        raise click.ClickException(str(error)) from None
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
    click.echo("%s written to %s." % (summary, output))


COMMANDS = (labels_command,)
