"""A PostgreSQL run that cannot reach its database fails; it never skips quietly."""
import os
import subprocess
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_an_unreachable_postgresql_fails_the_run(tmp_path):
    environment = dict(os.environ, DATABASE_URL="postgresql://postgres@127.0.0.1:1/nowhere")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         os.path.join(TOP, "tests", "test_smoke.py")],
        cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "unreachable" in result.stdout + result.stderr
