"""Inventory for computer-reuse charities: donations, refurbishment, handover."""
import os

from flask import Flask

from . import config as settings

def create_app(config=None):
    """Build the application: settings, database, extensions, blueprints, CLI."""
    # inventory/templates links to the checkout's templates/, and is a real folder in a wheel.
    app = Flask(__name__, instance_relative_config=True, template_folder="templates")
    app.config.from_mapping(settings.DEFAULTS)
    app.config.from_pyfile("config.py", silent=True)
    app.config.update(settings.from_environment())
    if config:
        app.config.update(config)
    os.makedirs(app.instance_path, exist_ok=True)
    settings.finish(app.config, app.instance_path)

    from . import auth, db, errors, i18n, jobs, security, vocabulary
    db.init_app(app)
    jobs.init_app(app)
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
