"""The device list as a CSV or XLSX file: the list's filters, every matching device."""
from flask_babel import gettext as _, lazy_gettext as _l

from .. import export as exporting, localtime
from ..vocabulary import term
from . import search

EXPORT_COLUMNS = (
    ("asset_tag", _l("Asset tag")), ("status", _l("Status")), ("category", _l("Category")),
    ("make", _l("Make")), ("model", _l("Model")), ("serial", _l("Serial number")),
    ("donor_asset_tag", _l("Donor's asset tag")), ("cpu", _l("Processor")),
    ("ram_gb", _l("Memory (GB)")), ("storage_type", _l("Storage type")),
    ("storage_gb", _l("Storage (GB)")), ("screen_inches", _l("Screen (inches)")),
    ("grade", _l("Cosmetic grade")), ("location", _l("Location")),
    ("received_at", _l("Received")), ("donor", _l("Donor")), ("donation", _l("Donation")),
)


def export_row(device):
    donation = device.donation if device.donation_id else None
    values = {"status": str(term("status", device.status)),
              "received_at": localtime.local_datetime(device.received_at),
              "donor": donation.donor.name if donation else "",
              "donation": (donation.reference or str(donation.id)) if donation else ""}
    return [values[name] if name in values else getattr(device, name)
            for name, _label in EXPORT_COLUMNS]


def export(query, format, semicolon=False, progress=None):
    """Return (filename, mimetype, pieces of bytes) of the devices query selects."""
    total = search.count(query) if progress else None

    def rows():
        for number, device in enumerate(search.select(query).iterator(), 1):
            if progress and number % 1000 == 0:
                progress(number, total)
            yield export_row(device)
    headers = [str(text) for _name, text in EXPORT_COLUMNS]
    pieces, mimetype = exporting.iter_table(headers, rows(), format, title=_("Devices"),
                                            semicolon=semicolon)
    stamp = localtime.today().strftime("%Y-%m-%d")
    return "devices-%s.%s" % (stamp, format), mimetype, pieces
