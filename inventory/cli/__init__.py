"""The `inventory` command: one module per group of commands, registered here."""
from . import database, demo, importing, labels, purge, serve, users, worker

MODULES = (database, users, demo, serve, worker, importing, labels, purge)


def register_commands(app):
    for module in MODULES:
        for command in module.COMMANDS:
            app.cli.add_command(command)
