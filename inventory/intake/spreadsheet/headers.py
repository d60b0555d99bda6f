"""Recognise the column headers of a donor's spreadsheet, in French or English."""

import re
import unicodedata
from functools import lru_cache

from flask_babel import lazy_gettext as _l

FIELDS = [
    "serial",
    "make",
    "model",
    "category",
    "donor_asset_tag",
    "cpu",
    "ram_gb",
    "storage",
    "screen_inches",
    "notes",
]

FIELD_LABELS = {
    "serial": _l("Serial number"),
    "make": _l("Make"),
    "model": _l("Model"),
    "category": _l("Category"),
    "donor_asset_tag": _l("Donor's asset tag"),
    "cpu": _l("Processor"),
    "ram_gb": _l("Memory (GB)"),
    "storage": _l("Storage"),
    "screen_inches": _l("Screen (inches)"),
    "notes": _l("Notes"),
}

# Words that carry no meaning in a header ("N° de série", "RAM (Go)",
# "Taille écran (pouces)"): dropped before comparing with the aliases.
_FILLER = {"de", "du", "d", "des", "la", "le", "l", "of", "the", "en", "a",
           "go", "gb", "mo", "mb", "to", "tb", "pouces", "pouce", "inch", "inches"}

# Aliases after fold(): lower case, no accents, punctuation as spaces, no filler.
_ALIASES = {
    "serial": {
        "numero serie", "n serie", "no serie", "num serie", "nserie", "serie",
        "s n", "n s", "sn", "serial", "serial number", "serial no", "serial n",
        "serialnumber", "numero serie appareil", "serial number sn",
    },
    "make": {"marque", "fabricant", "constructeur", "manufacturer", "brand", "make", "vendor"},
    "model": {"modele", "model", "designation", "reference modele", "modele appareil"},
    "category": {
        "categorie", "category", "type", "type materiel", "type equipement",
        "type appareil", "famille", "nature", "device type",
    },
    "donor_asset_tag": {
        "n inventaire donateur", "n inventaire", "no inventaire", "numero inventaire",
        "num inventaire", "inventaire", "asset tag", "asset", "asset number",
        "inventory number", "inventory no", "inventory", "immobilisation",
        "n immobilisation", "numero immobilisation", "code immobilisation", "etiquette",
    },
    "cpu": {"processeur", "cpu", "proc", "processor", "processeur cpu"},
    "ram_gb": {"memoire", "ram", "memoire vive", "memoire ram", "memory", "ram memory"},
    "storage": {
        "disque", "stockage", "disque dur", "hdd ssd", "ssd hdd", "hdd", "ssd",
        "storage", "disk", "hard drive", "hard disk", "capacite disque", "capacite stockage",
    },
    "screen_inches": {
        "ecran", "taille ecran", "screen", "screen size", "diagonale", "diagonale ecran",
        "display", "taille",
    },
    "notes": {
        "commentaire", "commentaires", "remarque", "remarques", "notes", "note",
        "observation", "observations", "comment", "comments", "remarks",
    },
}
_NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")
_BY_ALIAS = {alias: name for name, aliases in _ALIASES.items() for alias in aliases}


@lru_cache(maxsize=4096)  # the same makes, sizes and categories repeat on every row
def fold(text):
    """Return text lower-cased, without accents, with punctuation as single spaces."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(_NOT_ALPHANUMERIC.sub(" ", text.lower()).split())


def header_field(header):
    """Return the field a header names, or None when it is not recognised."""
    words = [word for word in fold(header).split() if word not in _FILLER]
    return _BY_ALIAS.get(" ".join(words))


def guess_mapping(headers):
    """Map each column index to the field its header names (None if unknown).

    When two columns name the same field, the first one keeps it and the other
    is left None for a person to decide.
    """
    mapping, taken = {}, set()
    for index, header in enumerate(headers):
        name = header_field(header)
        if name in taken:
            name = None
        mapping[index] = name
        if name:
            taken.add(name)
    return mapping


def recognised_count(cells):
    """Count the cells of a row that are known headers."""
    return sum(1 for cell in cells if cell and header_field(cell))
