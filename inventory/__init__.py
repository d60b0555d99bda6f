"""Inventory for computer-reuse charities: donations, refurbishment, handover."""
import os

from flask import Flask

from . import config as settings

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def create_app(config=None):
    """Build the application: settings, database, extensions, blueprints, CLI."""
    app = Flask(__name__, instance_relative_config=True,
                template_folder=os.path.join(TOP, "templates"))
    app.config.from_mapping(settings.DEFAULTS)
    app.config.from_pyfile("config.py", silent=True)
    app.config.update(settings.from_environment())
    if config:
        app.config.update(config)
    os.makedirs(app.instance_path, exist_ok=True)
    settings.finish(app.config, app.instance_path)

    from . import auth, db, errors, i18n, security, vocabulary
    db.init_app(app)
    i18n.init_app(app)
    vocabulary.init_app(app)
    security.init_app(app)
    auth.init_app(app)
    errors.init_app(app)

    from .views import register_blueprints
    register_blueprints(app)

    from .cli import register_commands
    register_commands(app)
    return app
