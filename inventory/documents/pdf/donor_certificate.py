"""The donor's certificate: what became of each donated device, and the impact of reuse."""
from collections import Counter

from reportlab.lib.units import mm
from reportlab.platypus import LongTable, Spacer, Table

from ..impact import SOURCE_LIMIT
from .common import (
    CELL, CELL_HEAD, CELL_RIGHT, CONTENT_WIDTH, H1, H2, LIGHT, SMALL, build_pdf,
    fields_table, grid_style, para, phrase, verification_block,
)
from .data import DonorCertificateData
from .text import code, format_date, format_number, word

COLUMNS = (  # wording key, width
    ("asset_tag", 25 * mm), ("donor_tag", 20 * mm), ("make_model", 31 * mm), ("serial", 27 * mm),
    ("outcome", 34 * mm), ("date", 18.5 * mm), ("erasure", 22.5 * mm),
)
assert abs(sum(width for _, width in COLUMNS) - CONTENT_WIDTH) < 1 * mm


def _outcome_text(lang, device):
    """Return the outcome, with only the recipient's category and town when given."""
    text = code(lang, device.outcome)
    if device.outcome == "given":
        recipient = ", ".join(filter(None, [code(lang, device.recipient_category),
                                            device.recipient_town]))
        if recipient:
            text = "%s — %s" % (text, recipient)
    return text


def _device_table(lang, devices):
    header = [para(word(lang, key), CELL_HEAD) for key, _ in COLUMNS]
    rows = [header]
    for device in devices:
        rows.append([
            para(device.asset_tag, CELL, limit=40),
            para(device.donor_asset_tag, CELL, limit=60),
            para(" ".join(filter(None, [device.make, device.model])), CELL, limit=120),
            para(device.serial, CELL, limit=60),
            para(_outcome_text(lang, device), CELL, limit=120),
            para(format_date(device.outcome_on), CELL),
            para(code(lang, device.erasure), CELL, limit=60),
        ])
    # LongTable stops measuring rows past the page end, which keeps 1,000 rows fast;
    # repeatRows puts the column titles back on every page.
    table = LongTable(rows, colWidths=[width for _, width in COLUMNS], repeatRows=1)
    table.setStyle(grid_style())
    return table


def _totals_table(lang, devices, outcomes):
    counts = Counter(device.outcome for device in devices)
    order = list(outcomes) + sorted(set(counts) - set(outcomes))
    rows = [[para(word(lang, "outcome"), CELL_HEAD), para(word(lang, "count"), CELL_HEAD)]]
    rows += [[para(code(lang, outcome), CELL), para(format_number(counts[outcome], lang),
                                                    CELL_RIGHT)] for outcome in order]
    rows.append([para(word(lang, "total"), CELL_HEAD),
                 para(format_number(len(devices), lang), CELL_RIGHT)])
    table = Table(rows, colWidths=[60 * mm, 25 * mm], hAlign="LEFT")
    table.setStyle(grid_style(extra=[("BACKGROUND", (0, -1), (-1, -1), LIGHT)]))
    return table


def _impact(lang, data):
    impact = data.reused_impact()
    flowables = [
        para(word(lang, "impact_title"), H2),
        phrase(lang, "impact_text", count=impact.devices,
               co2=format_number(impact.co2e_kg, lang), mass=format_number(impact.mass_kg, lang)),
    ]
    # The factor behind each category counted, so a reader can redo the sum.
    factors = []
    for category in sorted(set(data.reused_categories)):
        factor = data.impact.for_category(category)
        if factor.co2e_kg or factor.mass_kg:
            factors.append(word(lang, "impact_factor", category=code(lang, category),
                                co2=format_number(factor.co2e_kg, lang, places=1),
                                mass=format_number(factor.mass_kg, lang, places=2)))
    if factors:
        flowables.append(phrase(lang, "impact_factors", SMALL,
                                factors=word(lang, "list_separator").join(factors)))
    flowables.append(phrase(lang, "impact_source", SMALL, limit=SOURCE_LIMIT,
                            source=data.impact.source_in(lang)))
    return flowables


def render_donor_certificate(data: DonorCertificateData, lang="fr") -> bytes:
    """Return the PDF certificate of a donation: one row per device, totals and impact."""
    org, donor, donation = data.organisation, data.donor, data.donation
    title = word(lang, "donor_title")
    story = [
        para(title, H1),
        phrase(lang, "donor_intro", org=org.name, donor=donor.name,
               date=format_date(data.issued_on)),
        fields_table([
            (word(lang, "donor"), donor.name),
            ("SIRET", donor.siret),
            (word(lang, "donation_reference"), donation.reference),
            (word(lang, "received_on"), format_date(donation.received_on)),
            (word(lang, "devices_received"), format_number(len(data.devices), lang)),
            (word(lang, "address"), ", ".join(donor.address_lines)),
        ]),
        Spacer(1, 3 * mm),
        para(word(lang, "totals_by_outcome"), H2),
        _totals_table(lang, data.devices, data.outcomes),
        *_impact(lang, data),
        Spacer(1, 3 * mm),
        *verification_block(lang, data.verify_url),
        para(word(lang, "devices_received"), H2),
        _device_table(lang, data.devices),
        Spacer(1, 2 * mm),
        para(word(lang, "no_recipient_note"), SMALL),
    ]
    return build_pdf(story, organisation=org, title=title, number=data.number,
                     issued_on=data.issued_on, verify_url=data.verify_url, lang=lang)
