"""What an installed copy needs travels inside the wheel, and bad settings stop with one line."""
import os
import subprocess
import sys
import zipfile

import pytest

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = os.path.join(TOP, "inventory")
# Used by pybabel in a checkout to extract messages; an installed copy never reads it.
CHECKOUT_ONLY = {"inventory/translations/babel.cfg"}


def _data_files():
    """Every file under inventory/ (through its links to templates/ and labels/) but code."""
    found = set()
    for folder, dirs, files in os.walk(PACKAGE, followlinks=True):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in files:
            if name.endswith((".py", ".pyc", ".mo")):
                continue  # code is packaged by setuptools; catalogues are compiled at start-up
            found.add(os.path.relpath(os.path.join(folder, name), TOP).replace(os.sep, "/"))
    return found


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    target = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--disable-pip-version-check", "-w", str(target), TOP],
                   check=True, capture_output=True, timeout=300)
    (path,) = target.glob("inventory-*.whl")
    with zipfile.ZipFile(path) as archive:
        return set(archive.namelist())


@pytest.mark.slow
def test_the_wheel_carries_templates_label_formats_and_every_data_file(wheel):
    assert "inventory/templates/error.html" in wheel
    assert "inventory/templates/base.html" in wheel
    assert any(name.startswith("inventory/label_formats/") for name in wheel)
    missing = sorted(_data_files() - wheel - CHECKOUT_ONLY)
    assert not missing, "not in the wheel (setup.cfg package_data): %s" % missing


def test_the_app_finds_templates_and_label_formats_inside_the_package(app):
    from inventory.labels.formats import DEFAULT_DIRECTORY
    assert os.path.realpath(app.jinja_loader.searchpath[0]) == os.path.join(TOP, "templates")
    assert app.jinja_loader.searchpath[0].startswith(PACKAGE)
    assert str(DEFAULT_DIRECTORY).startswith(PACKAGE)
    assert os.path.realpath(DEFAULT_DIRECTORY) == os.path.join(TOP, "labels")


BAD_SETTINGS = [
    ({"INVENTORY_SECRET_KEY": "short"}, "SECRET_KEY is too short"),
    ({"DATABASE_URL": "mysql:/nowhere"}, "DATABASE_URL is not a database address"),
    ({"DATABASE_URL": "localhost/inventory"}, "DATABASE_URL is not a database address"),
    ({"DATABASE_URL": "postgresql://u@127.0.0.1:99999/x"}, "malformed port"),
    ({"DATABASE_URL": "postgresql://postgres:s3cret@127.0.0.1:1/nowhere"}, "cannot be used"),
    ({"DATABASE_URL": "sqlite:////nonexistent-folder/inventory.db"}, "cannot be used"),
    ({"INVENTORY_PORT": "eighty"}, "PORT must be a whole number"),
    ({"INVENTORY_PORT": "70000"}, "PORT must be between 1 and 65535"),
]


@pytest.mark.parametrize("environment, message", BAD_SETTINGS)
@pytest.mark.parametrize("command", [["init"], ["serve"]])
def test_a_bad_setting_prints_one_clear_line_and_exits_non_zero(tmp_path, environment, message,
                                                               command):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("INVENTORY_") and k not in ("DATABASE_URL", "SECRET_KEY")}
    env.update(environment, INVENTORY_DEMO="1", PYTHONPATH=TOP)
    result = subprocess.run([sys.executable, "-m", "inventory"] + command, cwd=tmp_path,
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("inventory: "), result.stderr
    assert message in lines[0]
    assert "Traceback" not in result.stderr + result.stdout
    assert "s3cret" not in result.stderr  # a password never reaches the terminal
