"""Names print exactly as typed, whatever the language: documents and labels use the Unicode
font shipped in the package, and text that font cannot draw is refused when it is typed.

The forms are posted the way a browser sends them (HTML form submission:
application/x-www-form-urlencoded, UTF-8, text as typed, which is NFC on every
common keyboard and input method).
"""
import datetime
import io
import re
import unicodedata

import pypdf
import pytest

from inventory.labels.sheets import Label, load_formats, render_labels
from inventory.models import ALL_MODELS, Beneficiary, Device, Document, Donor, Handover, Partner

from .factories import known_donation
from .factories import ready_device
from .test_import import token_of, upload

# (language, a name as its speakers write it)
NAMES = [
    ("french", "Lefèbvre-Nguyễn"),
    ("french-association", "Œuvre d’Entraide Française"),
    ("vietnamese", "Nguyễn Thị Minh Khai"),
    ("polish", "Łukasz Wróbel-Żółć"),
    ("turkish", "Şükrü Çağlayan, İstanbul"),
    ("romanian", "Ștefan Țăranu"),  # S and T with comma below (U+0218, U+021A), not cedilla
    ("greek", "Παπαδόπουλος"),
    ("cyrillic", "Ярослава Шевченко"),
]
IDS = [language for language, _ in NAMES]
TEXTS = [name for _, name in NAMES]
REFUSED_FR = "ne peut pas être imprimé sur les reçus, certificats et étiquettes"
REFUSED_FR_PLURAL = "ne peuvent pas être imprimés sur les reçus, certificats et étiquettes"
EMBEDDED = re.compile(r"^/[A-Z]{6}\+DejaVuSans(-Bold)?$")  # a subset: six letters + name


def text_of(pdf):
    """Every page's text on one line (wrapped lines joined), no-break spaces as spaces."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " "))


def fonts_that_print(pdf):
    """The font dictionaries of every run of visible text in the PDF."""
    fonts = []

    def visit(text, _cm, _tm, font, _size):
        if text.strip() and font is not None:
            fonts.append(font)
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return fonts


def assert_prints_in_the_shipped_font(pdf):
    """All text is drawn with an embedded subset of DejaVu Sans (regular or bold)."""
    fonts = fonts_that_print(pdf)
    assert fonts
    for font in fonts:
        assert EMBEDDED.match(font["/BaseFont"]), font["/BaseFont"]
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"] \
            if "/DescendantFonts" in font else font["/FontDescriptor"]
        assert "/FontFile2" in descriptor.get_object()  # the TrueType program is in the file


def log_in(client, make, role="admin", **fields):
    user = make.user(role, **fields)
    response = client.post("/login", data={"username": user.username,
                                           "password": make.PASSWORD})
    assert response.status_code == 302
    return user


def test_the_table_of_names_is_in_nfc():
    assert all(unicodedata.normalize("NFC", name) == name for name in TEXTS)


# (what is typed, what the receipt must print): the table, and a name typed decomposed,
# base letters + combining marks (NFD), as a macOS file name or some copy-pastes give it.
RECEIPT_CASES = [(name, name) for name in TEXTS] + [
    (unicodedata.normalize("NFD", "Lefèbvre-Nguyễn"), "Lefèbvre-Nguyễn")]


@pytest.mark.parametrize("typed, printed", RECEIPT_CASES, ids=IDS + ["decomposed"])
def test_a_beneficiary_gets_her_name_exactly_on_the_receipt_she_signs(client, make, db, typed,
                                                                       printed):
    log_in(client, make, "operator", display_name=typed)
    assert client.post("/partners/new", data={"name": typed, "kind": "association"}
                       ).status_code == 302
    partner = Partner.get(Partner.name == typed)
    assert client.post("/beneficiaries/new", data={
        "first_name": "Thu", "last_name": typed, "partner": partner.id, "category": "pupil",
        "town": "Roubaix", "is_minor": "y", "guardian_name": typed, "language": "fr",
    }).status_code == 302
    person = Beneficiary.get(Beneficiary.last_name == typed)
    assert (person.last_name, person.guardian_name) == (typed, typed)  # stored as typed
    device = ready_device(make)
    assert client.post("/d/%s/handover" % device.asset_tag, data={
        "version": device.version, "beneficiary": person.id, "kind": "gift",
        "handed_on": datetime.date.today().isoformat(),
    }).status_code == 302
    handover = Handover.get(Handover.beneficiary == person.id)
    pdf = client.get("/handovers/%d/receipt.pdf" % handover.id).data
    text = text_of(pdf)
    # Beneficiary (row and signature box), representative (row and box), partner, operator.
    assert text.count(printed) == 6, text
    assert "Thu " + printed in text
    assert_prints_in_the_shipped_font(pdf)


@pytest.mark.parametrize("name", TEXTS, ids=IDS)
def test_a_donor_gets_its_name_exactly_on_every_certificate_and_label(app, client, make, db,
                                                                       name):
    log_in(client, make, "operator")
    assert client.post("/donors/new", data={
        "name": name, "kind": "company", "address": "1 place du Théâtre", "postcode": "59000",
        "town": "Lille", "contact_name": name,
    }).status_code == 302
    donor = Donor.get(Donor.name == name)
    known = known_donation(make, total=2, given=1, recycled=1, parts=0, ready=0, no_storage=0,
                           donor=donor)
    # Intro and table; the data owner's box; intro, table and the donor's signature box.
    for kind, count in (("donor_certificate", 2), ("erasure_certificate", 1),
                        ("intake_attestation", 3)):
        assert client.post("/donations/%d/documents/issue" % known.donation.id,
                           data={"kind": kind}).status_code == 302
        document = Document.get((Document.kind == kind)
                                & (Document.donation == known.donation.id))
        pdf = client.get("/documents/%d.pdf" % document.id).data
        assert text_of(pdf).count(name) == count, kind
        assert_prints_in_the_shipped_font(pdf)
    app.config["LABEL_LINE"] = "donor"
    response = client.get("/labels", query_string={"format": "a4-21",
                                                   "donation": known.donation.id})
    assert response.mimetype == "application/pdf"
    text = text_of(response.data)
    assert text.count(name) == 2, text  # one label per device, the line wrapped if need be
    assert all(tag in text for tag in known.tags)
    assert_prints_in_the_shipped_font(response.data)


@pytest.mark.parametrize("name", sorted(load_formats()[0]))
def test_the_tag_prints_whole_on_every_label_format(name):
    # DejaVu Bold is wider than Helvetica Bold: the tag still shrinks to fit, never loses digits.
    pdf = render_labels(load_formats()[0][name], [
        Label(tag, "https://dons.example.org/d/" + tag, "Dell Latitude 5490")
        for tag in ("CC-00001", "CC-00042", "CC-12345")])
    text = text_of(pdf)
    assert all(tag in text for tag in ("CC-00001", "CC-00042", "CC-12345")), text
    assert "…" not in text.split("Dell")[0]


# -- refused at entry ---------------------------------------------------------------------

@pytest.fixture
def records(make, db):
    """What the forms below edit: a donation, a ready device, one in the workshop, a person."""
    donor = make.donor(name="Banque du Nord")
    donation = make.donation(donor)
    return {"donor": donor, "donation": donation, "device": ready_device(make),
            "on_bench": make.device("refurbishing"), "beneficiary": make.beneficiary()}


def _beneficiary(r, **changes):
    return "/beneficiaries/new", dict({"first_name": "Thu", "last_name": "Tran",
                                       "partner": "", "category": "student", "town": "Lille",
                                       "language": "fr"}, **changes)


def _donor(r, **changes):
    return "/donors/new", dict({"name": "Entreprise du Nord", "kind": "company"}, **changes)


def _donor_edit(r, **changes):
    donor = r["donor"]
    return "/donors/%d/edit" % donor.id, dict({"version": donor.version, "name": donor.name,
                                               "kind": donor.kind}, **changes)


def _device(r, **changes):
    device = r["device"]
    return "/d/%s/edit" % device.asset_tag, dict({
        "version": device.version, "category": "laptop", "make": "Lenovo",
        "model": "ThinkPad T480", "serial": device.serial,
        # A browser sends every field of the form, "" for the empty ones and blank options.
        **dict.fromkeys(("donor_asset_tag", "cpu", "ram_gb", "storage_type", "storage_gb",
                         "screen_inches", "keyboard_layout", "webcam", "battery_health",
                         "os_found", "grade", "working", "accessories", "location", "notes"), "")},
        **changes)


def _erasure(r, **changes):
    return "/d/%s/erasure" % r["on_bench"].asset_tag, dict({
        "drive_serial": "S4EWNX0N123456", "drive_model": "Samsung PM981", "method": "purge",
        "verification": "full", "result": "passed", "tool": "nwipe", "tool_version": "0.34",
        **dict.fromkeys(("drive_type", "drive_size_gb", "technique", "passes", "started_at",
                         "ended_at", "note"), "")},
        **changes)


# (form, field, text as people paste it, the characters as the message names them)
REFUSALS = [
    (_beneficiary, "last_name", "Nguyễn 🙂", "🙂 (U+1F642)"),  # from a messaging app's contact
    (_beneficiary, "first_name", "美玲", "美 (U+7F8E), 玲 (U+73B2)"),  # a Chinese given name
    # Devanagari: DejaVu Sans has no glyphs for it.
    (_beneficiary, "town", "दिल्ली",
     "द (U+0926), ि (U+093F), ल (U+0932), ् (U+094D), ी (U+0940)"),
    # DejaVu has Arabic and Hebrew letters, but reportlab would print them reversed, unjoined.
    (_beneficiary, "guardian_name", "علي", "ع (U+0639), ل (U+0644), ي (U+064A)"),
    (_beneficiary, "last_name", "כהן", "כ (U+05DB), ה (U+05D4), ן (U+05DF)"),
    (lambda r, **c: ("/partners/new", dict({"name": "x", "kind": "association"}, **c)),
     "name", "Association Solidarité 🤝", "🤝 (U+1F91D)"),
    (_donor, "name", "Start-up 🚀 Lille", "🚀 (U+1F680)"),
    (_donor, "contact_name", "山田 太郎", "山 (U+5C71), 田 (U+7530), 太 (U+592A), 郎 (U+90CE)"),
    (_donor, "address", "東京都", "東 (U+6771), 京 (U+4EAC), 都 (U+90FD)"),
    (_donor_edit, "name", "Banque du Nord 🏦", "🏦 (U+1F3E6)"),
    (lambda r, **c: ("/donors/%d/donations/new" % r["donor"].id,
                     dict({"received_on": "2026-10-01"}, **c)),
     "reference", "Livraison 📦 12", "📦 (U+1F4E6)"),
    (_device, "model", "联想 ThinkPad E14", "联 (U+8054), 想 (U+60F3)"),  # Chinese market name
    (_device, "cpu", "Intel® Core™ i5 🔥", "🔥 (U+1F525)"),
    (lambda r, **c: ("/donations/%d/receive" % r["donation"].id,
                     dict({"count": "2", "category": "laptop", "seen": "0"}, **c)),
     "model", "小新 Pro 14", "小 (U+5C0F), 新 (U+65B0)"),
    (lambda r, **c: ("/d/%s/handover" % r["device"].asset_tag, dict({
        "version": r["device"].version, "beneficiary": r["beneficiary"].id, "kind": "gift",
        "handed_on": datetime.date.today().isoformat()}, **c)),
     "other_accessories", "Souris 🖱", "🖱 (U+1F5B1)"),
    (lambda r, **c: ("/terms/gift/fr", c), "body", "Le matériel est donné. Merci ! 🙏",
     "🙏 (U+1F64F)"),
    # A ZWJ sequence: the joiner prints as nothing, both pictographs are named.
    (lambda r, **c: ("/users/", dict({"username": "jeanne", "role": "technician",
                                      "active": "y", "password": "correct horse battery"}, **c)),
     "display_name", "Jeanne 👩\u200d🔧", "👩 (U+1F469), 🔧 (U+1F527)"),
    (_erasure, "drive_model", "三星 SSD 970", "三 (U+4E09), 星 (U+661F)"),
    (lambda r, **c: ("/d/%s/os" % r["device"].asset_tag,
                     dict({"version": r["device"].version, "os_licence": "free"}, **c)),
     "os_installed", "Windows 11 专业版", "专 (U+4E13), 业 (U+4E1A), 版 (U+7248)"),
]


def everything():
    """Every row of every table, to show that a refused form wrote nothing."""
    return {model.__name__: list(model.select().order_by(model.id).dicts())
            for model in ALL_MODELS}


@pytest.mark.parametrize("form, field, text, named", REFUSALS,
                         ids=["%s-%d" % (case[1], index) for index, case in enumerate(REFUSALS)])
def test_text_the_font_cannot_draw_is_refused_at_entry_and_nothing_is_saved(
        client, make, records, form, field, text, named):
    log_in(client, make, "admin")
    url, data = form(records, **{field: text})
    before = everything()
    response = client.post(url, data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page[:300]
    # In French by default, singular or plural as the count says, every character named.
    refused = REFUSED_FR_PLURAL if "," in named else REFUSED_FR
    assert "%s : %s." % (refused, named) in page
    assert everything() == before


@pytest.mark.parametrize("form, field", [case[:2] for case in REFUSALS],
                         ids=["%s-%d" % (case[1], index) for index, case in enumerate(REFUSALS)])
def test_the_same_forms_take_names_the_font_can_print(client, make, records, form, field):
    # So the refusals above are the font's, not some other field's.
    log_in(client, make, "admin")
    url, data = form(records, **{field: "Nguyễn Thị Minh Khai"})
    response = client.post(url, data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:300]


def test_english_users_get_the_refusal_in_english(client, make, records):
    log_in(client, make, "admin")
    client.post("/language", data={"language": "en"})
    url, data = _beneficiary(records, last_name="Nguyễn 🙂")
    page = client.post(url, data=data).get_data(as_text=True)
    assert "This character cannot be printed on receipts, certificates and labels: " \
        "🙂 (U+1F642)." in page


# -- the donor's spreadsheet --------------------------------------------------------------

# Excel's "CSV UTF-8 (délimité par des virgules)" on a French Windows: a UTF-8 BOM, ";"
# between cells (the list separator of the French locale) and CRLF line ends. The remarks
# are not printed, so they may hold anything.
SPREADSHEET = "\ufeff" + "\r\n".join([
    "N° de série;Marque;Modèle;Type;Processeur;N° d'inventaire;Remarques",
    "PF1ABCDE;Lenovo;ThinkPad T480;Portable;Intel® Core™ i5-8350U;Łódź-3;écran rayé 😕",
    "R90XYZ12;联想;小新 Pro 14;Portable;AMD Ryzen 5 5600U;IMMO-2021-0007;",
    "5CG8251XYZ;HP;EliteBook 840 G5;Portable;Intel Core i5-8250U;Şişli-12;",
]) + "\r\n"


def test_an_imported_row_the_font_cannot_print_is_refused_with_its_line(client, make, db):
    log_in(client, make, "operator")
    donation = make.donation()
    token = token_of(upload(client, donation, "parc.csv", SPREADSHEET.encode("utf-8")))
    page = client.get("/imports/%s?show=all" % token).get_data(as_text=True)
    errors = re.findall(r'<tr class="row-error">(.*?)</tr>', page, re.S)
    assert len(errors) == 1
    line = errors[0]
    assert '<td class="num">3</td>' in line and "R90XYZ12" in line  # the file's third line
    assert "Marque : Ces caractères " + REFUSED_FR_PLURAL + " : 联 (U+8054), 想 (U+60F3)" in line
    assert "Modèle : Ces caractères " + REFUSED_FR_PLURAL + " : 小 (U+5C0F), 新 (U+65B0)" in line
    before = everything()
    client.post("/imports/%s/confirm" % token, data={})
    assert everything() == before  # a row with a problem stops the whole import
    client.post("/imports/%s/confirm" % token, data={"skip_errors": "y"})
    imported = {d.serial: (d.make, d.model, d.cpu, d.donor_asset_tag, d.notes)
                for d in Device.select().where(Device.donation == donation.id)}
    assert imported == {
        "PF1ABCDE": ("Lenovo", "ThinkPad T480", "Intel® Core™ i5-8350U", "Łódź-3",
                     "écran rayé 😕"),
        "5CG8251XYZ": ("HP", "EliteBook 840 G5", "Intel Core i5-8250U", "Şişli-12", ""),
    }
