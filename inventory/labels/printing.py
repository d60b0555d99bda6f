"""Printing labels: which devices, what each label says, blank labels that reserve tags.

The web page and `inventory labels` both call these functions, so the same
input gives the same PDF bytes from either.
"""
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import lazy_gettext as _l

from ..devices import tags as asset_tags, search as device_search
from ..db import database
from ..errors import Refused
from .sheets import Label, load_formats, render_labels
from ..models import Device, Donation

LINE_SETTINGS = ("model", "donor")
MAX_BLANK = 1000
# The web builds the PDF in memory; the command line streams to a file with no cap.
MAX_WEB_LABELS = 3000
MAX_TAGS = 2000


class LabelError(Refused):
    """Refused label printing."""


def formats():
    """Return ({name: LabelFormat}, [errors]) from the labels/ folder."""
    return load_formats(current_app.config.get("LABEL_FORMATS_DIR"))


def get_format(name):
    found, _errors = formats()
    if name not in found:
        raise LabelError(_l("Unknown label format: %(name)s.", name=name or "—"))
    return found[name]


def label_url(tag):
    """What the QR code of a label encodes: BASE_URL/d/TAG."""
    return "%s/d/%s" % (current_app.config["BASE_URL"].rstrip("/"), tag)


def label_line(device, setting):
    """The short line: make and model, or the donor's name; the other one when empty."""
    model = " ".join(("%s %s" % (device.make, device.model)).split())
    donation = device.donation if device.donation_id else None
    donor = donation.donor.name if donation is not None else ""
    first, second = (donor, model) if setting == "donor" else (model, donor)
    return first or second


def label_for(device, setting=None):
    setting = setting if setting in LINE_SETTINGS else current_app.config.get("LABEL_LINE")
    return Label(device.asset_tag, label_url(device.asset_tag), label_line(device, setting))


@dataclass
class Source:
    """The devices a sheet is for: some tags, or the device list's filters or selection."""

    tags: list = field(default_factory=list)
    query: device_search.DeviceQuery = field(default_factory=device_search.DeviceQuery)

    @classmethod
    def from_args(cls, args):
        """Read tag=..., donation=..., id=... and the device list's filters from request args."""
        query = device_search.DeviceQuery.from_args(args)
        if not args.get("sort"):
            query.sort = "tag"  # labels come off the sheet in tag order
        query.page = 1
        tags = [asset_tags.normalise(tag) for tag in args.getlist("tag")] if hasattr(
            args, "getlist") else []
        return cls(tags=[tag for tag in tags if tag][:MAX_TAGS], query=query)

    @classmethod
    def for_donation(cls, donation_id):
        if Donation.get_or_none(Donation.id == donation_id) is None:
            raise LabelError(_l("No donation has the number %(id)s.", id=donation_id))
        return cls(query=device_search.DeviceQuery(donation=donation_id, sort="tag"))

    @property
    def chosen(self):
        return bool(self.tags) or self.query.filtered

    def args(self):
        """The source as (name, value) pairs, for the hidden fields of the form."""
        # Not DeviceQuery.args(): it leaves out any value equal to 1 (meant for the
        # page number), which would drop donation=1.
        query = self.query
        pairs = [("tag", tag) for tag in self.tags]
        pairs += [(name, getattr(query, name)) for name in (*device_search.FILTERS, "q", "sort")
                  if getattr(query, name) not in ("", None)]
        pairs += [("id", device_id) for device_id in query.ids]
        return pairs

    def devices(self):
        """The devices to print, with donation and donor; refuse when none was chosen."""
        if self.tags:
            found = {tag: device_id for tag, device_id in Device.select(
                Device.asset_tag, Device.id).where(Device.asset_tag.in_(self.tags)).tuples()}
            unknown = [tag for tag in self.tags if tag not in found]
            if unknown:
                raise LabelError(_l("No device has the tag %(tags)s.", tags=", ".join(unknown)))
            query = device_search.DeviceQuery(ids=list(found.values()), sort="tag")
            return device_search.select(query)
        if not self.chosen:
            raise LabelError(_l("Choose the devices first: from a device's page, a donation, "
                                "or the device list (filter it, then follow “Labels”)."))
        return device_search.select(self.query)

    def count(self):
        return self.devices().order_by().count()


def check_start(label_format, start):
    if not isinstance(start, int) or not 1 <= start <= label_format.per_page:
        raise LabelError(_l("The first label position must be between 1 and %(count)s.",
                            count=label_format.per_page))


def print_devices(label_format, source, start=1, out=None, limit=None, setting=None):
    """Render the labels of source's devices; return the PDF bytes (or write them to out)."""
    check_start(label_format, start)
    devices = source.devices()
    count = devices.order_by().count()
    if count == 0:
        raise LabelError(_l("No device matches: nothing to print."))
    if limit is not None and count > limit:
        raise LabelError(_l("Too many labels at once here (%(count)s): print at most "
                            "%(limit)s, or use the `inventory labels` command.",
                            count=count, limit=limit))
    rows = (label_for(device, setting) for device in devices.iterator())
    return render_labels(label_format, rows, start=start, out=out)


def check_blank_count(count):
    if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= MAX_BLANK:
        raise LabelError(_l("Give a number of blank labels between 1 and %(max)s.",
                            max=MAX_BLANK))


def reserve_blank(count):
    """Reserve the next count asset tags for blank labels; return them."""
    check_blank_count(count)
    with database.atomic():
        return asset_tags.take(count)


def print_blank(label_format, count, start=1, out=None):
    """Reserve count tags and render their labels; return (tags, PDF bytes or None)."""
    check_start(label_format, start)
    tags = reserve_blank(count)
    rows = (Label(tag, label_url(tag), "") for tag in tags)
    return tags, render_labels(label_format, rows, start=start, out=out)
