"""The migrations build exactly the schema the models describe."""
from playhouse.schema_diff import diff_models

from inventory.db import bind, connected, database, migration_runner, upgrade
from inventory.models import ALL_MODELS

from .conftest import USING_POSTGRES


def test_all_migrations_on_an_empty_database_match_the_models(tmp_path, database_url):
    if USING_POSTGRES:
        url = database_url  # migrated once for the session, from empty
    else:
        url = "sqlite:///%s" % (tmp_path / "empty.db")
    bind(url)
    applied = upgrade()
    with connected():
        if not USING_POSTGRES:
            assert applied == [m.name for m in migration_runner().migrations()]
        diff = diff_models(database.obj, list(ALL_MODELS))
        assert not diff, "models and migrations differ:\n%s" % diff
        assert all(m.applied for m in migration_runner().status())


def test_upgrading_twice_applies_nothing_new(tmp_path):
    bind("sqlite:///%s" % (tmp_path / "twice.db"))
    assert upgrade() != []
    assert upgrade() == []


def test_init_creates_and_then_upgrades(runner):
    result = runner.invoke(args=["init"])
    assert result.exit_code == 0, result.output
    assert "up to date" in result.output
