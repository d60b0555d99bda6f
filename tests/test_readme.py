"""The README's tables list every setting and every command: a new one without a row fails."""
import re

from inventory import config

from .readme import ROOT, code_spans, first_column

SETTINGS = "Configuration"
COMMANDS = "The `inventory` command"


def documented_settings():
    """The names in the first column; `_NAME` after `INVENTORY_OTHER` stands for INVENTORY_NAME."""
    names = set()
    for cell in first_column(SETTINGS):
        for span in code_spans(cell):
            if re.fullmatch(r"_[A-Z0-9_]+", span):
                names.add(config.ENV_PREFIX.rstrip("_") + span)
            elif re.fullmatch(r"[A-Z][A-Z0-9_]*", span):
                names.add(span)
    return names


def accepted_names(name, default):
    """The names under which the setting can be given, found by asking from_environment."""
    if isinstance(default, tuple):  # not read from the environment: instance/config.py only
        return {name}
    sample = "{}" if isinstance(default, dict) else "1"
    return {candidate for candidate in (config.ENV_PREFIX + name, name)
            if name in config.from_environment({candidate: sample})}


def read_elsewhere():
    """Environment variables the package reads itself, outside config (PORT, HOST)."""
    found = set()
    for path in (ROOT / "inventory").rglob("*.py"):
        found.update(re.findall(r"environ(?:\.get\(|\[)\s*[\"']([A-Z][A-Z0-9_]*)[\"']",
                                path.read_text(encoding="utf-8")))
    return found


def test_every_setting_has_a_row_under_a_name_the_app_reads():
    documented = documented_settings()
    missing = {name for name, default in config.DEFAULTS.items()
               if not documented & accepted_names(name, default)}
    assert missing == set(), "settings without a row in the README's table"


def test_every_row_names_a_setting_the_app_reads():
    accepted = set().union(*(accepted_names(n, d) for n, d in config.DEFAULTS.items()))
    assert documented_settings() - accepted - read_elsewhere() == set()


def test_every_environment_variable_read_outside_config_has_a_row():
    assert read_elsewhere() - documented_settings() == set()


def documented_commands():
    names = []
    for cell in first_column(COMMANDS):
        words = code_spans(cell)[0].split()
        assert words[0] == "inventory", cell
        names.append(words[1])
    return names


def test_the_command_table_lists_every_command_once(app):
    documented = documented_commands()
    assert len(documented) == len(set(documented))
    assert set(documented) == set(app.cli.commands)
