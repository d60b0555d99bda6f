"""Every printed link points where the app answers: BASE_URL follows HOST and PORT."""
import logging

import pytest

from inventory import config as settings, create_app
from inventory.cli import serve


def _config(tmp_path, **values):
    config = dict(settings.DEFAULTS, TESTING=True, **values)
    return settings.finish(config, str(tmp_path))


@pytest.mark.parametrize("host, port, expected", [
    ("127.0.0.1", 5000, "http://127.0.0.1:5000"),
    ("127.0.0.1", 8080, "http://127.0.0.1:8080"),
    ("192.168.1.20", 5000, "http://192.168.1.20:5000"),
    ("0.0.0.0", 8000, "http://10.1.2.3:8000"),
    ("::", 8000, "http://10.1.2.3:8000"),
    ("::1", 5000, "http://[::1]:5000"),
])
def test_base_url_follows_host_and_port_when_not_set(tmp_path, monkeypatch, host, port,
                                                     expected):
    monkeypatch.setattr(settings, "network_address", lambda: "10.1.2.3")
    assert _config(tmp_path, HOST=host, PORT=port)["BASE_URL"] == expected


def test_host_and_port_come_from_the_environment():
    found = settings.from_environment({"HOST": "0.0.0.0", "PORT": "8080"})
    assert found["HOST"] == "0.0.0.0" and found["PORT"] == 8080


def test_a_set_base_url_is_kept(tmp_path):
    config = _config(tmp_path, HOST="0.0.0.0", BASE_URL="https://dons.example.org/")
    assert config["BASE_URL"] == "https://dons.example.org"


@pytest.mark.parametrize("base_url, host, warned", [
    ("http://127.0.0.1:5000", "0.0.0.0", True),
    ("http://localhost:5000", "192.168.1.20", True),
    ("http://127.0.0.1:5000", "127.0.0.1", False),
    ("https://dons.example.org", "0.0.0.0", False),
])
def test_a_loopback_base_url_with_a_network_host_is_warned_about(tmp_path, caplog, base_url,
                                                                 host, warned):
    with caplog.at_level(logging.WARNING, logger="inventory"):
        _config(tmp_path, HOST=host, BASE_URL=base_url)
    assert ("phones and other computers cannot open" in caplog.text) is warned


def test_labels_and_document_links_use_the_derived_address(tmp_path, monkeypatch, database_url):
    monkeypatch.setattr(settings, "network_address", lambda: "10.1.2.3")
    app = create_app({"TESTING": True, "DATABASE_URL": database_url, "HOST": "0.0.0.0",
                      "PORT": 8000, "BASE_URL": ""})
    from inventory.documents.issuing import verify_url
    from inventory.labels.printing import label_url
    with app.app_context():
        assert label_url("CC-00042") == "http://10.1.2.3:8000/d/CC-00042"
        assert verify_url("abc").startswith("http://10.1.2.3:8000/verify/")


def _serve_output(app, monkeypatch, **config):
    app.config.update(config)
    started = []
    monkeypatch.setattr(serve.os, "execv", lambda path, argv: started.append(argv))
    monkeypatch.setattr(serve.subprocess, "Popen", lambda argv: started.append(argv))
    result = app.test_cli_runner().invoke(args=["serve"])
    assert result.exit_code == 0, result.output
    worker, gunicorn = started
    assert worker[-1] == "worker"  # the job consumer starts beside the server
    return result.output, gunicorn


def test_serve_on_loopback_says_how_to_reach_it_from_a_phone(app, monkeypatch):
    output, argv = _serve_output(app, monkeypatch, HOST="127.0.0.1", PORT=5001)
    assert "http://127.0.0.1:5001/" in output
    assert "HOST=0.0.0.0 make run" in output
    assert argv[argv.index("--bind") + 1] == "127.0.0.1:5001"


def test_serve_on_every_interface_prints_the_phone_address(app, monkeypatch):
    monkeypatch.setattr(serve, "network_address", lambda: "192.168.1.20")
    output, argv = _serve_output(app, monkeypatch, HOST="0.0.0.0", PORT=5002)
    assert "http://192.168.1.20:5002/" in output
    assert argv[argv.index("--bind") + 1] == "0.0.0.0:5002"
