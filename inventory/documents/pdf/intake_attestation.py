"""The attestation handed to a donor at pickup: what was taken, when; no monetary value."""
from collections import Counter

from reportlab.lib.units import mm
from reportlab.platypus import LongTable, Spacer, Table

from .common import (
    BANNER, CELL, CELL_HEAD, CELL_RIGHT, H1, H2, LIGHT, boxed, build_pdf, fields_table, grid_style,
    para, phrase, signature_boxes, verification_block,
)
from .data import IntakeData
from .text import code, format_date, format_number, word

CATEGORY_ORDER = ("laptop", "desktop", "tablet", "monitor", "other")
COLUMNS = (("asset_tag", 28 * mm), ("category", 36 * mm), ("make_model", 64 * mm),
           ("serial", 50 * mm))


def _category_table(lang, items):
    counts = Counter(item.category for item in items)
    order = [c for c in CATEGORY_ORDER if counts[c]] + sorted(set(counts) - set(CATEGORY_ORDER))
    rows = [[para(word(lang, "category"), CELL_HEAD), para(word(lang, "count"), CELL_HEAD)]]
    rows += [[para(code(lang, category), CELL), para(format_number(counts[category], lang),
                                                     CELL_RIGHT)] for category in order]
    rows.append([para(word(lang, "total"), CELL_HEAD),
                 para(format_number(len(items), lang), CELL_RIGHT)])
    table = Table(rows, colWidths=[60 * mm, 25 * mm], hAlign="LEFT")
    table.setStyle(grid_style(extra=[("BACKGROUND", (0, -1), (-1, -1), LIGHT)]))
    return table


def _item_table(lang, items):
    rows = [[para(word(lang, key), CELL_HEAD) for key, _ in COLUMNS]]
    rows += [[
        para(item.asset_tag, CELL, limit=40),
        para(code(lang, item.category), CELL),
        para(" ".join(filter(None, [item.make, item.model])), CELL, limit=160),
        para(item.serial, CELL, limit=80),
    ] for item in items]
    table = LongTable(rows, colWidths=[width for _, width in COLUMNS], repeatRows=1)
    table.setStyle(grid_style())
    return table


def render_intake_attestation(data: IntakeData, lang="fr") -> bytes:
    """Return the PDF intake attestation of a donation, stating that it is not a tax receipt."""
    org, donor, donation = data.organisation, data.donor, data.donation
    title = word(lang, "intake_title")
    story = [
        para(title, H1),
        para("%s — %s" % (word(lang, "number", number=data.number), format_date(data.issued_on))),
        phrase(lang, "intake_intro", org=org.name, donor=donor.name,
               date=format_date(donation.received_on), count=len(data.items)),
        fields_table([
            (word(lang, "donor"), donor.name),
            ("SIRET", donor.siret),
            (word(lang, "address"), ", ".join(donor.address_lines)),
            (word(lang, "donation_reference"), donation.reference),
        ]),
        boxed(phrase(lang, "no_value", BANNER)),
        para(word(lang, "by_category"), H2),
        _category_table(lang, data.items),
        para(word(lang, "devices_received"), H2),
        _item_table(lang, data.items),
        Spacer(1, 6 * mm),
        signature_boxes([
            [word(lang, "for_donor"), donor.contact_name, word(lang, "date_and_signature")],
            [word(lang, "for_org", org=org.name), data.received_by,
             word(lang, "date_and_signature")],
        ]),
        Spacer(1, 4 * mm),
        *verification_block(lang, data.verify_url),
    ]
    return build_pdf(story, organisation=org, title=title, number=data.number,
                     issued_on=data.issued_on, verify_url=data.verify_url, lang=lang)
