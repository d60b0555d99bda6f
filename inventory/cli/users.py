"""`inventory create-user`: a staff account from the terminal."""
import click

from ..accounts import create_user
from ..errors import Refused
from .options import with_database


@click.command("create-user")
@click.argument("username")
@click.option("--role", type=click.Choice(["admin", "operator", "technician", "viewer"]),
              required=True)
@click.option("--name", "display_name", default="", help="Full name shown in the history.")
@click.password_option(help="Asked for when not given.")
@with_database
def create_user_command(username, role, display_name, password):
    """Create a staff account."""
    try:
        user = create_user(username, password, role, display_name)
    except Refused as error:
        raise click.ClickException(str(error)) from None
    click.echo("Created %s (%s)." % (user.username, user.role))


COMMANDS = (create_user_command,)
