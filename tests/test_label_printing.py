"""Printing label sheets from the web and the command line: same devices, same bytes."""
import re

import pytest

from inventory.labels import printing as label_printing
from inventory.db import connected
from inventory.labels.sheets import load_formats
from inventory.models import Counter, Device

from . import racers
from .test_labels import decoded, label_images

BASE = "https://dons.example.org"
FORMATS = load_formats()[0]


@pytest.fixture
def stock(make, db):
    """Two donations: three Lenovo laptops, then two Dell desktops."""
    north = make.donation(donor=make.donor(name="Entreprise du Nord"), reference="N-1")
    city = make.donation(donor=make.donor(name="Ville de Lille", kind="public_body"))
    devices = make.devices(3, donation=north, make="Lenovo", model="ThinkPad T480")
    devices += make.devices(2, donation=city, category="desktop", make="Dell", model="OptiPlex")
    return devices


def web_pdf(client, **args):
    response = client.get("/labels", query_string=args)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/pdf"
    return response.data


def cli_pdf(runner, tmp_path, *args):
    output = tmp_path / "cli.pdf"
    result = runner.invoke(args=["labels", *args, "--output", str(output)])
    assert result.exit_code == 0, result.output
    return output.read_bytes()


@pytest.mark.parametrize("start", [1, 7])
@pytest.mark.parametrize("source", ["donation", "tags"])
def test_web_and_command_line_give_the_same_bytes(client, login, runner, tmp_path, stock,
                                                  source, start):
    login("viewer")
    if source == "donation":
        web = web_pdf(client, format="a4-24", donation=stock[0].donation_id, start=start)
        cli = cli_pdf(runner, tmp_path, "a4-24", "--donation", str(stock[0].donation_id),
                      "--start", str(start))
    else:
        web = web_pdf(client, format="a4-24", tag=["CC-00005", "cc-00002"], start=start)
        cli = cli_pdf(runner, tmp_path, "a4-24", "--tag", "CC-00005", "--tag", "cc-00002",
                      "--start", str(start))
    assert web == cli
    assert web.startswith(b"%PDF")


def test_a_printed_sheet_decodes_to_the_device_urls_from_the_start_position(client, login,
                                                                           stock):
    login("technician")
    pdf = web_pdf(client, format="a4-21", donation=stock[0].donation_id, start=5)

    found = [decoded(image) for _page, _position, image in
             label_images(FORMATS["a4-21"], pdf, dpi=203, thermal=True)]

    tags = ["CC-00001", "CC-00002", "CC-00003"]
    assert found == [[]] * 4 + [
        sorted([("QRCode", "%s/d/%s" % (BASE, tag)), ("Code128", tag)]) for tag in tags
    ] + [[]] * 14


@pytest.mark.parametrize("args, tags", [
    ({"status": "received", "category": "desktop"}, ["CC-00004", "CC-00005"]),
    ({"q": "thinkpad"}, ["CC-00001", "CC-00002", "CC-00003"]),
    ({"id": ["2", "5"]}, ["CC-00002", "CC-00005"]),
    ({"tag": ["CC-00003"]}, ["CC-00003"]),
])
def test_the_device_list_filters_or_a_selection_choose_the_labels(client, login, stock, args,
                                                                  tags):
    login("viewer")
    pdf = web_pdf(client, format="zebra-2x1", **args)
    found = [decoded(image)[0][1] for _page, _position, image in
             label_images(FORMATS["zebra-2x1"], pdf, dpi=203)]
    assert found == ["%s/d/%s" % (BASE, tag) for tag in tags]


@pytest.mark.parametrize("args, count", [
    ({"status": "received", "category": "desktop"}, 2),
    ({"donation": "1"}, 3),
    ({"donation": "2", "q": "optiplex", "sort": "-tag"}, 2),
    ({"tag": ["CC-00001", "CC-00005"]}, 2),
    ({"id": ["1", "2", "4"]}, 3),
])
def test_the_form_keeps_the_source_and_counts_the_labels(client, login, stock, args, count):
    login("viewer")
    page = client.get("/labels", query_string=args)
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    form = re.search(r'<form method="get" action="/labels".*?</form>', text, re.S).group(0)
    hidden = re.findall(r'<input type="hidden" name="([a-z]+)" value="([^"]*)">', form)
    expected = [(name, value) for name, values in args.items()
                for value in (values if isinstance(values, list) else [values])]
    assert sorted(set(hidden) - {("sort", "tag")}) == sorted(expected)
    assert re.search(r"\W%d</p>" % count, form)  # labels to print
    assert all('value="%s"' % name in text for name in FORMATS)


@pytest.mark.parametrize("setting, lines", [
    ("model", ["Lenovo ThinkPad T480", "Dell OptiPlex"]),
    ("donor", ["Entreprise du Nord", "Ville de Lille"]),
])
def test_the_short_line_is_the_model_or_the_donor(app, db, stock, setting, lines):
    app.config["LABEL_LINE"] = setting
    devices = label_printing.Source(tags=["CC-00001", "CC-00004"]).devices()
    assert [label_printing.label_for(d).line for d in devices] == lines
    assert [label_printing.label_for(d).url for d in devices] == [
        BASE + "/d/CC-00001", BASE + "/d/CC-00004"]


def test_a_device_without_model_gets_its_donor_on_the_line(app, db, make):
    device = make.devices(1, donation=make.donation(donor=make.donor(name="Mairie")))[0]
    device = label_printing.Source(tags=[device.asset_tag]).devices().get()
    assert label_printing.label_for(device, "model").line == "Mairie"


@pytest.mark.parametrize("args", [
    {"format": "a4-24"},  # nothing chosen: never "every device"
    {"format": "a4-24", "tag": "CC-09999"},
    {"format": "a4-24", "tag": "CC-00001", "start": "25"},
    {"format": "a4-24", "tag": "CC-00001", "start": "0"},
    {"format": "nope", "tag": "CC-00001"},
    {"format": "a4-24", "status": "recycled"},
])
def test_bad_requests_get_the_form_back_not_a_pdf(client, login, stock, args):
    login("viewer")
    response = client.get("/labels", query_string=args, follow_redirects=True)
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert "flash-error" in response.get_data(as_text=True)


def test_too_many_labels_for_the_web_are_refused(client, login, stock, monkeypatch):
    login("viewer")
    monkeypatch.setattr(label_printing, "MAX_WEB_LABELS", 4)
    response = client.get("/labels", query_string={"format": "a4-24", "status": "received"})
    assert response.mimetype == "text/html" and "inventory labels" in response.get_data(
        as_text=True)


def blank(client, count=3, start=1, label_format="a4-65"):
    return client.post("/labels/blank", data={"format": label_format, "count": count,
                                              "start": start})


def test_blank_labels_reserve_the_next_tags_which_are_never_reused(client, login, make, stock):
    login("operator")
    response = blank(client, count=3)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    found = [decoded(image) for _page, _position, image in
             label_images(FORMATS["a4-65"], response.data, dpi=300, thermal=False)]
    assert [codes[0][1] for codes in found if codes] == [
        BASE + "/d/CC-00006", BASE + "/d/CC-00007", BASE + "/d/CC-00008"]

    later = make.devices(2)
    assert [d.asset_tag for d in later] == ["CC-00009", "CC-00010"]
    assert Device.select().where(Device.asset_tag.in_(["CC-00006", "CC-00007",
                                                       "CC-00008"])).count() == 0


@pytest.mark.parametrize("data", [
    {"format": "a4-65", "count": 0, "start": 1},
    {"format": "a4-65", "count": label_printing.MAX_BLANK + 1, "start": 1},
    {"format": "a4-65", "count": "trois", "start": 1},
    {"format": "a4-65", "count": 3, "start": 66},
    {"format": "nope", "count": 3, "start": 1},
])
def test_bad_blank_requests_reserve_nothing(client, login, db, data):
    login("operator")
    response = client.post("/labels/blank", data=data)
    assert response.status_code == 302
    assert Counter.peek("asset_tag") == 0


@pytest.mark.parametrize("role", ["technician", "viewer"])
def test_only_the_office_prints_blank_labels(client, login, db, role):
    login(role)
    assert blank(client).status_code == 403
    assert Counter.peek("asset_tag") == 0


def post_blank_labels(app, barrier, client):
    barrier.wait(timeout=racers.BARRIER_TIMEOUT)
    return blank(client, count=20, label_format="zebra-2x1")


def test_two_concurrent_blank_requests_get_disjoint_consecutive_tags(app, make, db):
    clients = [app.test_client() for _ in range(2)]
    users = [make.user("operator") for _ in clients]
    for client, user in zip(clients, users):
        client.post("/login", data={"username": user.username, "password": make.PASSWORD})
    results = racers.in_threads(app, post_blank_labels, [(client,) for client in clients])
    assert [r for r in results if isinstance(r, str)] == []
    ranges = []
    for response in results:
        assert response.status_code == 200
        filename = response.headers["Content-Disposition"]
        first, last = filename.split('"')[1][len("blank-"):-len(".pdf")].rsplit("-CC-", 1)
        ranges.append((int(first.split("-")[1]), int(last)))
    assert sorted(ranges) == [(1, 20), (21, 40)]
    with connected():
        assert Counter.peek("asset_tag") == 40


def test_blank_labels_from_the_command_line(runner, tmp_path, db, make):
    make.devices(1)
    pdf = cli_pdf(runner, tmp_path, "brother-62x29", "--blank", "2")
    found = [decoded(image) for _page, _position, image in
             label_images(FORMATS["brother-62x29"], pdf, dpi=300, thermal=False)]
    assert found == [[("QRCode", BASE + "/d/CC-00002")], [("QRCode", BASE + "/d/CC-00003")]]
    assert Counter.peek("asset_tag") == 3


def test_the_command_lists_the_formats(runner):
    result = runner.invoke(args=["labels", "--list"])
    assert result.exit_code == 0
    assert [line.split(":")[0].strip() for line in result.output.splitlines()] == sorted(FORMATS)


@pytest.mark.parametrize("args, message", [
    (["nope", "--tag", "CC-00001"], "nope"),
    (["a4-24", "--tag", "CC-09999"], "CC-09999"),
    (["a4-24", "--donation", "999"], "999"),
    (["a4-24", "--tag", "CC-00001", "--start", "25"], "24"),
    (["a4-24", "--blank", "0"], str(label_printing.MAX_BLANK)),
    (["a4-24", "--tag", "CC-00001", "--donation", "1"], "--donation"),
    (["a4-24"], "--tag"),
])
def test_the_command_refuses_bad_input_and_writes_nothing(runner, tmp_path, stock, args,
                                                          message):
    folder = tmp_path / "out"
    folder.mkdir()
    result = runner.invoke(args=["labels", *args, "--output", str(folder / "labels.pdf")])
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output
    assert list(folder.iterdir()) == []
    with connected():
        assert Counter.peek("asset_tag") == 5
