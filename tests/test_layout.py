"""The package's shape: what the top level may hold, the README's map of it, plain imports."""
import os
import re
import subprocess
import sys

from .readme import ROOT, code_spans, first_column

PACKAGE = ROOT / "inventory"

# What the whole app shares; anything else belongs in an area package.
SHARED_MODULES = {
    "__init__.py", "__main__.py", "wsgi.py", "config.py", "db.py", "i18n.py", "localtime.py",
    "security.py", "errors.py", "auth.py", "permissions.py", "accounts.py", "lifecycle.py",
    "forms.py", "export.py", "vocabulary.py",
}
SHARED_FOLDERS = {"models", "migrations", "static", "translations", "views",
                  # links to the checkout's templates/ and labels/, real folders in a wheel
                  "templates", "label_formats",
                  # the Unicode font every PDF and label embeds
                  "fonts"}
# The parts of the product a user would name; organisations, mail and api are the ones
# DESIGN.md plans and no one has written yet.
AREAS = {"devices", "intake", "workshop", "hotline", "documents", "labels", "dashboard", "cli",
         "jobs", "organisations", "mail", "api"}


def entries():
    return [entry for entry in PACKAGE.iterdir() if entry.name != "__pycache__"]


def test_the_top_level_holds_only_the_shared_modules_and_the_folders():
    strays = sorted(entry.name for entry in entries()
                    if entry.name not in (SHARED_FOLDERS | AREAS if entry.is_dir()
                                          else SHARED_MODULES))
    assert strays == [], "move these into an area package (or allow them here)"


def test_every_area_is_a_package():
    areas = [entry for entry in entries() if entry.name in AREAS]
    assert [a.name for a in areas if not (a / "__init__.py").is_file()] == []


def mapped():
    """The folders the README's map names, relative to inventory/ ('' for the top level)."""
    found = []
    for cell in first_column("Map of the package"):
        for span in code_spans(cell):
            assert span.startswith("inventory/") and span.endswith("/"), span
            found.append(span[len("inventory/"):].rstrip("/"))
    return found


def folders():
    """Every folder at the top of inventory/, and every package at any depth."""
    found = {entry.name for entry in entries() if entry.is_dir()}
    for init in PACKAGE.rglob("__init__.py"):
        relative = init.parent.relative_to(PACKAGE).as_posix()
        if relative != ".":
            found.add(relative)
    return found


def test_the_readme_maps_every_folder_of_the_package_once():
    names = mapped()
    assert len(names) == len(set(names))
    assert "" in names, "the map's first row is the top level"
    assert folders() - set(names) == set(), "packages missing from the README's map"
    assert set(names) - {""} - folders() == set(), "the map names folders that are gone"


def test_blueprints_and_commands_are_plain_imports():
    by_name = re.compile(r"\b(importlib|import_module|__import__|pkgutil|runpy)\b")
    found = ["%s:%d" % (path.relative_to(PACKAGE.parent), number)
             for path in sorted(PACKAGE.rglob("*.py"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if by_name.search(line)]
    assert found == []


def test_python_m_inventory_help_lists_every_command(app):
    environment = {k: v for k, v in os.environ.items()
                   if not k.startswith("INVENTORY_") and k not in ("SECRET_KEY", "DATABASE_URL")}
    result = subprocess.run([sys.executable, "-m", "inventory", "--help"], cwd=ROOT,
                            env=environment, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    listed = result.stdout.split("Commands:", 1)[1]
    names = re.findall(r"^  (\S+)", listed, flags=re.MULTILINE)
    assert sorted(names) == sorted(app.cli.commands)
    assert "Traceback" not in result.stderr
