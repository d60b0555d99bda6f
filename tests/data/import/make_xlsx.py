"""Write the Office samples of tests/data/import: run `python make_xlsx.py` in this folder.

parc_titre_fusion.xlsx is shaped like the files companies send: a merged
title row above the table, a header cell merged over a group of columns with
the real names one row below, header cells merged down over two rows, a cell
merged over two columns, numbers stored as numbers, a blank row in the middle
and formatted but empty rows at the end.  courrier.docx is a Word document to
refuse.
"""

import zipfile
from pathlib import Path

import openpyxl
from openpyxl.styles import Font

HERE = Path(__file__).parent


def write_workbook(path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Matériel"
    sheet["A1"] = "Don de matériel informatique — Société Exemple SA"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.merge_cells("A1:I1")
    sheet["A2"] = "Enlèvement prévu le 12/03/2024"
    sheet.merge_cells("A2:I2")

    for column, title in {"A": "N° de série", "B": "Marque", "C": "Modèle",
                          "G": "Écran (pouces)"}.items():
        sheet[f"{column}4"] = title
        sheet.merge_cells(f"{column}4:{column}5")
    sheet["D4"] = "Configuration"
    sheet.merge_cells("D4:F4")
    sheet["D5"], sheet["E5"], sheet["F5"] = "Processeur", "RAM (Go)", "Disque"
    sheet["H4"] = "Commentaire"
    sheet.merge_cells("H4:I4")
    sheet.merge_cells("H5:I5")

    rows = [
        ("5CG9304PQR", "HP", "ProBook 450 G6", "Intel Core i5-8265U", 8, "256 Go SSD", 15.6,
         "Chargeur fourni"),
        (123456789012, "Acer", "TravelMate P214", "Intel Core i3-10110U", 4, "1 To", 14,
         None),
        None,
        ("PF2XK9LM", "Lenovo", "ThinkPad E14", "AMD Ryzen 5 4500U", "8 Go", "256 Go NVMe",
         "14,0", "Écran rayé"),
        (None, "Dell", "Latitude 3510", "Intel Core i5-10210U", 8, "128 Go SSD", 15.6,
         "Étiquette de série arrachée"),
    ]
    for offset, row in enumerate(rows):
        if row:
            for column, value in enumerate(row, start=1):
                sheet.cell(row=6 + offset, column=column, value=value)
    for number in range(12, 16):  # what Excel leaves after clearing rows
        sheet.cell(row=number, column=1).font = Font(italic=True)
    workbook.save(path)


def write_word_document(path):
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
            'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Liste des PC donnés</w:t>'
            "</w:r></w:p></w:body></w:document>",
        )


if __name__ == "__main__":
    write_workbook(HERE / "parc_titre_fusion.xlsx")
    write_word_document(HERE / "courrier.docx")
