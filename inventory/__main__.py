"""The `inventory` console script (also `python -m inventory`)."""
from flask.cli import FlaskGroup

from . import create_app


def main():
    group = FlaskGroup(create_app=lambda: create_app({"CLI": True}), add_default_commands=False,
                       add_version_option=False, load_dotenv=False,
                       help="Inventory of donated computers: donations, refurbishment, handover.")
    # The app is always ours: Flask's --app, --env-file and --debug would only confuse.
    group.params = [p for p in group.params if p.name not in ("app", "env_file", "debug")]
    group()


if __name__ == "__main__":
    main()
