"""Reading the spreadsheets donors send, recognising their columns, checking their rows."""

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from inventory.intake.spreadsheet.reading import (
    FIELDS,
    SpreadsheetError,
    Table,
    guess_mapping,
    parse_rows,
    read_table,
)
from inventory.intake.spreadsheet.rows import (
    parse_category,
    parse_ram_gb,
    parse_screen_inches,
    parse_storage,
)

DATA = Path(__file__).parent / "data" / "import"


def read_sample(name, **limits):
    return read_table(name, (DATA / name).read_bytes(), **limits)


FRENCH_HEADERS = ["N° de série", "Marque", "Modèle", "Catégorie", "Processeur", "Mémoire",
                  "Disque", "Écran", "N° d'inventaire", "Remarques"]
ENGLISH_HEADERS = ["Serial Number", "Manufacturer", "Model", "Type", "CPU", "RAM", "Storage",
                   "Screen Size", "Asset Tag", "Notes"]
ELITEBOOK = ["HP", "EliteBook 840 G5", "Laptop", "Intel Core i5-8350U, 1.70 GHz", "8GB",
             "256GB SSD", '14"', "IT-0412", ""]

SAMPLES = {
    "societe_cp1252_point_virgule.csv": (FRENCH_HEADERS, [
        (2, ["5CG8251XYZ", "HP", "EliteBook 840 G5", "Ordinateur portable",
             "Intel Core i5-8350U", "8 Go", "256 Go SSD", "14", "IMMO-2018-0412",
             "Clavier AZERTY, batterie à changer"]),
        (3, ["PF1ABCD2", "Lenovo", "ThinkPad T480", "Portable", "Intel Core i5-8250U",
             "16 Go DDR4", "512 Go NVMe", "14,0", "IMMO-2018-0413", "Très bon état"]),
        (5, ["CZC7123ABC", "HP", "EliteDesk 800 G3 SFF", "UC", "Intel Core i5-6500", "8,0",
             "500 Go HDD", "", "IMMO-2017-0088", "Écran non fourni"]),
        (6, ["3CQ9071KLM", "HP", "ProDisplay P224", "Écran", "", "", "", "21,5",
             "IMMO-2019-0101", "Câble HDMI fourni"]),
        (7, ["DL7Q4H2", "Dell", "Latitude 5490", "Ordinateur portable", "Intel Core i5-7300U",
             "huit", "0,5 To HDD", '14"', "IMMO-2018-0420", "Mémoire à vérifier"]),
        (8, ["", "Dell", "OptiPlex 7050", "Tour", "Intel Core i5-7500", "8 Go", "1 To HDD", "",
             "IMMO-2017-0090", "Numéro de série effacé"]),
    ]),
    "export_utf8_bom_virgule.csv": (ENGLISH_HEADERS, [
        (2, ["5CG8251XYZ", *ELITEBOOK]),
        (3, ["JH2K9Q2", "Dell", "Latitude 7400", "Laptop", "Intel Core i7-8665U", "16 GB",
             "512GB NVMe", "14", "IT-0413", "Keyboard: US layout, not French"]),
        (4, ["MXL8123ABC", "HP", "ProDesk 600 G4", "Desktop", "Intel Core i3-8100", "4GB",
             "500GB HDD", "", "IT-0414", ""]),
        (5, ["5cg8251 xyz", *ELITEBOOK]),
        (6, ["DMPXK1ABCD", "Apple", "iPad (6th generation)", "Tablet", "A10 Fusion", "2GB",
             "32GB", '9.7"', "IT-0415", "Scratched back"]),
    ]),
    "colonne_inconnue.csv": (["Réf. interne", "N° série", "Marque", "Modèle", "État", "RAM (Go)"], [
        (2, ["A-001", "PC0X1Y2Z", "Lenovo", "ThinkCentre M710q", "Bon", "8"]),
        (3, ["A-002", "PC0X1Y3A", "Lenovo", "ThinkCentre M710q", "Moyen", "4"]),
    ]),
    "export_unicode_utf16.txt": (
        ["Numéro de série", "Marque", "Modèle", "Mémoire vive", "Stockage"], [
        (2, ["R90PQ1AB", "Lenovo", "ThinkPad L480", "8 Go", "256 Go SSD"]),
        (3, ["R90PQ1AC", "Lenovo", "ThinkPad L480", "4 Go", "500 Go HDD"]),
        ]),
    "parc_titre_fusion.xlsx": (
        ["N° de série", "Marque", "Modèle", "Processeur", "RAM (Go)", "Disque", "Écran (pouces)",
         "Commentaire"],
        [
            (6, ["5CG9304PQR", "HP", "ProBook 450 G6", "Intel Core i5-8265U", "8", "256 Go SSD",
                 "15.6", "Chargeur fourni"]),
            (7, ["123456789012", "Acer", "TravelMate P214", "Intel Core i3-10110U", "4", "1 To",
                 "14", ""]),
            (9, ["PF2XK9LM", "Lenovo", "ThinkPad E14", "AMD Ryzen 5 4500U", "8 Go", "256 Go NVMe",
                 "14,0", "Écran rayé"]),
            (10, ["", "Dell", "Latitude 3510", "Intel Core i5-10210U", "8", "128 Go SSD", "15.6",
                  "Étiquette de série arrachée"]),
        ],
    ),
}


@pytest.mark.parametrize("name", SAMPLES)
def test_each_sample_file_is_read_to_its_header_and_non_blank_rows(name):
    headers, rows = SAMPLES[name]
    assert read_sample(name) == Table(headers=headers, rows=rows)


@pytest.mark.parametrize(
    "name, mapping",
    [
        ("societe_cp1252_point_virgule.csv", dict(enumerate([
            "serial", "make", "model", "category", "cpu", "ram_gb", "storage", "screen_inches",
            "donor_asset_tag", "notes"]))),
        ("export_utf8_bom_virgule.csv", dict(enumerate([
            "serial", "make", "model", "category", "cpu", "ram_gb", "storage", "screen_inches",
            "donor_asset_tag", "notes"]))),
        ("colonne_inconnue.csv", {0: None, 1: "serial", 2: "make", 3: "model", 4: None,
                                  5: "ram_gb"}),
        ("parc_titre_fusion.xlsx", dict(enumerate([
            "serial", "make", "model", "cpu", "ram_gb", "storage", "screen_inches", "notes"]))),
    ],
)
def test_headers_of_the_samples_are_recognised(name, mapping):
    assert guess_mapping(read_sample(name).headers) == mapping


@pytest.mark.parametrize(
    "header, field",
    [
        ("Numéro de série", "serial"), ("N° de série", "serial"), ("N° série", "serial"),
        ("n°série", "serial"), ("NUMERO DE SERIE", "serial"), ("S/N", "serial"),
        ("SN", "serial"), ("Serial number", "serial"), ("Serial No.", "serial"),
        ("Marque", "make"), ("Fabricant", "make"), ("Manufacturer", "make"), ("Brand", "make"),
        ("Modèle", "model"), ("MODELE", "model"), ("Désignation", "model"),
        ("Catégorie", "category"), ("Type", "category"), ("Type de matériel", "category"),
        ("N° d'inventaire du donateur", "donor_asset_tag"), ("N° inventaire", "donor_asset_tag"),
        ("Asset tag", "donor_asset_tag"), ("Inventory number", "donor_asset_tag"),
        ("Immobilisation", "donor_asset_tag"),
        ("Processeur", "cpu"), ("CPU", "cpu"),
        ("Mémoire", "ram_gb"), ("RAM (Go)", "ram_gb"), ("Mémoire vive", "ram_gb"),
        ("Disque", "storage"), ("Stockage", "storage"), ("Disque dur", "storage"),
        ("HDD/SSD", "storage"), ("Storage", "storage"),
        ("Écran", "screen_inches"), ("Taille écran", "screen_inches"),
        ("Taille écran (pouces)", "screen_inches"),
        ("Commentaire", "notes"), ("Remarques", "notes"), ("Notes", "notes"),
        ("État", None), ("Réf. interne", None), ("", None),
    ],
)
def test_headers_are_recognised_in_french_or_english_whatever_the_accents(header, field):
    assert guess_mapping([header]) == {0: field}


def test_a_second_column_naming_the_same_field_is_left_for_a_person():
    assert guess_mapping(["Marque", "Fabricant", "S/N"]) == {0: "make", 1: None, 2: "serial"}


def test_fields_offered_for_mapping_are_the_device_values():
    assert FIELDS == ["serial", "make", "model", "category", "donor_asset_tag", "cpu", "ram_gb",
                      "storage", "screen_inches", "notes"]


def outcome(results):
    return [(r.line, r.status, [str(problem) for problem in r.problems]) for r in results]


def test_rows_of_the_french_file_are_checked_one_by_one():
    table = read_sample("societe_cp1252_point_virgule.csv")
    results = parse_rows(table, guess_mapping(table.headers), known_serials={"czc 7123 abc"})
    assert outcome(results) == [
        (2, "ok", []),
        (3, "ok", []),
        (5, "known", ["Serial number CZC7123ABC is already in the inventory."]),
        (6, "ok", []),
        (7, "error", ["Cannot read the Memory (GB) value “huit”."]),
        (8, "error", ["The serial number is missing."]),
    ]
    assert results[0].values == {
        "serial": "5CG8251XYZ", "make": "HP", "model": "EliteBook 840 G5",
        "category": "laptop", "donor_asset_tag": "IMMO-2018-0412", "cpu": "Intel Core i5-8350U",
        "ram_gb": 8, "storage_gb": 256, "storage_type": "SSD", "screen_inches": 14.0,
        "notes": "Clavier AZERTY, batterie à changer",
    }
    assert [(r.values["category"], r.values["storage_gb"], r.values["storage_type"])
            for r in results] == [("laptop", 256, "SSD"), ("laptop", 512, "NVMe"),
                                  ("desktop", 500, "HDD"), ("monitor", None, None),
                                  ("laptop", 500, "HDD"), ("desktop", 1000, "HDD")]
    assert results[3].values["screen_inches"] == 21.5


def test_a_duplicate_row_names_the_line_it_repeats():
    table = read_sample("export_utf8_bom_virgule.csv")
    results = parse_rows(table, guess_mapping(table.headers))
    assert outcome(results)[3] == (
        5, "duplicate", ["Serial number 5cg8251 xyz already appears on line 2."])
    assert [r.status for r in results] == ["ok", "ok", "ok", "duplicate", "ok"]


def test_a_duplicate_of_a_known_serial_reports_both_problems():
    table = Table(headers=["S/N"], rows=[(2, ["AB1"]), (3, ["ab 1"])])
    results = parse_rows(table, {0: "serial"}, known_serials={"AB1"})
    assert outcome(results) == [
        (2, "known", ["Serial number AB1 is already in the inventory."]),
        (3, "duplicate", ["Serial number ab 1 already appears on line 2.",
                          "Serial number ab 1 is already in the inventory."]),
    ]


@pytest.mark.parametrize(
    "header, value, problem",
    [
        ("RAM", "huit", "Cannot read the Memory (GB) value “huit”."),
        ("Disque", "beaucoup", "Cannot read the Storage value “beaucoup”."),
        ("Écran", "grand", "Cannot read the Screen (inches) value “grand”."),
        ("S/N", "n/a", "The serial number is missing."),
    ],
)
def test_unreadable_values_make_the_row_an_error(header, value, problem):
    headers = ["S/N", header] if header != "S/N" else ["S/N"]
    cells = ["XY123", value] if header != "S/N" else [value]
    table = Table(headers=headers, rows=[(2, cells)])
    (result,) = parse_rows(table, guess_mapping(headers))
    assert (result.status, [str(p) for p in result.problems]) == ("error", [problem])


def test_columns_mapped_by_a_person_are_used():
    table = read_sample("colonne_inconnue.csv")
    mapping = {**guess_mapping(table.headers), 0: "donor_asset_tag", 4: "notes"}
    first = parse_rows(table, mapping)[0]
    assert (first.status, first.values["donor_asset_tag"], first.values["notes"],
            first.values["ram_gb"]) == ("ok", "A-001", "Bon", 8)


def test_a_mapping_to_an_unknown_field_is_a_programming_error():
    with pytest.raises(ValueError):
        parse_rows(Table(headers=["x"], rows=[]), {0: "colour"})


@pytest.mark.parametrize(
    "text, gigabytes",
    [("8", 8), ("8 Go", 8), ("8GB", 8), ("8,0", 8), ("16 Go DDR4", 16), ("DDR4 16Go", 16),
     ("7,8 Go", 8), ("4096", 4), ("8192 Mo", 8), ("", None), ("-", None)],
)
def test_memory_is_read_as_whole_gigabytes(text, gigabytes):
    assert parse_ram_gb(text) == gigabytes


@pytest.mark.parametrize(
    "text, storage",
    [("256 Go SSD", (256, "SSD")), ("1 To HDD", (1000, "HDD")), ("500GB", (500, None)),
     ("0,5 To", (500, None)), ("SSD NVMe 512 Go", (512, "NVMe")), ("eMMC 64 Go", (64, "eMMC")),
     ("Disque dur 320 Go", (320, "HDD")), ("M.2 SSD 1TB", (1000, "SSD")), ("128", (128, None)),
     ("SSD", (None, "SSD")), ("aucun", (None, None))],
)
def test_storage_is_read_as_gigabytes_and_a_type(text, storage):
    assert parse_storage(text) == storage


@pytest.mark.parametrize(
    "text, inches",
    [("15,6", 15.6), ('15.6"', 15.6), ("15,6 pouces", 15.6), ("14", 14.0), ("23,8”", 23.8),
     ("", None)],
)
def test_screen_size_is_read_in_inches_with_a_comma_or_a_point(text, inches):
    assert parse_screen_inches(text) == inches


@pytest.mark.parametrize(
    "text, category",
    [("Ordinateur portable", "laptop"), ("PC portable", "laptop"), ("Laptop", "laptop"),
     ("Fixe", "desktop"), ("Desktop", "desktop"), ("Tour", "desktop"), ("UC", "desktop"),
     ("Unité centrale", "desktop"), ("Tablette", "tablet"), ("Tablet", "tablet"),
     ("Écran", "monitor"), ("Moniteur", "monitor"), ("Monitor", "monitor"),
     ("Imprimante", "other"), ("", None)],
)
def test_categories_are_recognised_from_common_words(text, category):
    assert parse_category(text) == category


def xlsx_bytes(fill):
    workbook = openpyxl.Workbook()
    fill(workbook.active)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_bytes(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


NOT_SPREADSHEET = "This file is not a spreadsheet. Send a CSV or Excel (.xlsx) file."
BAD_ENCODING = "The text encoding of this file is not supported: save it as CSV UTF-8."
NO_HEADER = ("No header row was found in the first 10 rows: the file needs a row of column "
             "names such as “Serial number”, “Make”, “Model”.")


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("vide.csv", None, "The file is empty."),
        ("aleatoire.csv", None, NOT_SPREADSHEET),
        ("photo_renommee.csv", None,
         "This file is an image, not a spreadsheet. Send a CSV or Excel (.xlsx) file."),
        ("bon_de_livraison.csv", None,
         "This file is a PDF document, not a spreadsheet. Send a CSV or Excel (.xlsx) file."),
        ("courrier.docx", None,
         "This file is a Word document, not a spreadsheet. Send a CSV or Excel (.xlsx) file."),
        ("sans_entete.csv", None, NO_HEADER),
        ("blank.csv", b";;;\r\n\r\n;;;\r\n", "The file is empty."),
        ("bom-only.csv", b"\xef\xbb\xbf", "The file is empty."),
        ("ancien.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
         "Old Excel files (.xls) and password-protected workbooks cannot be read: save the file "
         "as .xlsx without a password, or as CSV."),
        ("calc.ods", zip_bytes({"mimetype": "application/vnd.oasis.opendocument.spreadsheet",
                               "content.xml": "<x/>"}),
         "OpenDocument files (.ods) cannot be read: save the file as .xlsx or CSV."),
        ("abime.xlsx", zip_bytes({"xl/workbook.xml": "not xml"}),
         "The Excel file cannot be opened: it may be damaged or protected by a password."),
        ("coupe.xlsx", b"PK\x03\x04" + bytes(40), NOT_SPREADSHEET),
        ("utf16-sans-bom.csv", "Marque;Modèle\r\nHP;840\r\n".encode("utf-16-le"), BAD_ENCODING),
        ("octets.csv", b"Marque;Mod\x81le\r\nHP;840\r\n", BAD_ENCODING),
        ("titre.xlsx", xlsx_bytes(lambda sheet: sheet.append(["Liste du matériel"])), NO_HEADER),
    ],
)
def test_files_that_are_not_readable_tables_are_refused_with_a_reason(name, data, reason):
    data = (DATA / name).read_bytes() if data is None else data
    with pytest.raises(SpreadsheetError) as refused:
        read_table(name, data)
    assert [str(r) for r in refused.value.reasons] == [reason]


def test_a_file_over_the_size_limit_is_refused():
    data = (DATA / "export_utf8_bom_virgule.csv").read_bytes() * 2000
    with pytest.raises(SpreadsheetError) as refused:
        read_table("export.csv", data, max_bytes=1_000_000)
    assert [str(r) for r in refused.value.reasons] == [
        "The file is too large (the limit is 1 MB)."]


@pytest.mark.parametrize("name", ["export_utf8_bom_virgule.csv", "parc_titre_fusion.xlsx"])
def test_a_file_with_more_rows_than_allowed_is_refused(name):
    with pytest.raises(SpreadsheetError) as refused:
        read_sample(name, max_rows=3)
    assert [str(r) for r in refused.value.reasons] == [
        "The file has more than 3 rows: split it into several files."]


def test_a_quoted_cell_over_two_lines_keeps_the_line_numbers_a_person_sees():
    data = b'S/N;Notes\n"A1";"two\nlines"\n"A2";ok\n'
    assert read_table("f.csv", data).rows == [(2, ["A1", "two\nlines"]), (4, ["A2", "ok"])]


def test_ten_thousand_rows_are_read_and_checked(tmp_path):
    path = tmp_path / "big.csv"
    lines = ["N° de série;Marque;Modèle;RAM;Disque"] + [
        f"SN{number:06d};Dell;Latitude 5490;8 Go;256 Go SSD" for number in range(10_000)
    ]
    path.write_bytes("\r\n".join(lines).encode("cp1252"))
    table = read_table(path.name, path.read_bytes())
    results = parse_rows(table, guess_mapping(table.headers))
    assert len(results) == 10_000
    assert {r.status for r in results} == {"ok"}
    assert (results[-1].line, results[-1].values["serial"]) == (10_001, "SN009999")


def test_the_sep_line_excel_writes_names_the_delimiter():
    data = b"sep=,\r\nS/N,Marque,Notes\r\nAB1,HP,\"15,6; bon\"\r\n"
    assert read_table("f.csv", data) == Table(
        headers=["S/N", "Marque", "Notes"], rows=[(3, ["AB1", "HP", "15,6; bon"])])


def test_a_csv_that_breaks_the_csv_rules_is_refused_with_its_line():
    data = b"S/N;Notes\r\nAB1;ok\r\nAB2;\"" + b"x" * 200_000 + b"\"\r\n"
    with pytest.raises(SpreadsheetError) as refused:
        read_table("f.csv", data)
    assert [str(r) for r in refused.value.reasons] == [
        "The file cannot be read as CSV near line 3."]
