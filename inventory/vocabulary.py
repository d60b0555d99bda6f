"""Every stored value shown to a user, and its translated term; one template filter.

Forms, views and templates read the terms here, so a value has one name
everywhere: `term("status", "ready")`, `{{ device.status|term('status') }}`.
A value without a term is shown as stored. Plain strings are names that read
the same in every language (AZERTY, HDD). The printed documents keep their
own wording (documents/pdf/text.py): they are issued in a chosen language.
"""
from flask_babel import lazy_gettext as _l

TERMS = {
    # The device ------------------------------------------------------------
    "status": {
        "received": _l("received"), "triage": _l("triage"), "refurbishing": _l("refurbishing"),
        "ready": _l("ready"), "reserved": _l("reserved"), "handed_over": _l("handed over"),
        "returned": _l("returned"), "recycled": _l("recycled"), "parts": _l("parts"),
    },
    "category": {"laptop": _l("laptop"), "desktop": _l("desktop"), "tablet": _l("tablet"),
                 "monitor": _l("monitor"), "other": _l("other")},
    "grade": {"A": "A", "B": "B", "C": "C"},
    "storage_type": {"HDD": "HDD", "SSD": "SSD", "NVMe": "NVMe", "eMMC": "eMMC"},
    "keyboard_layout": {"azerty": "AZERTY", "qwerty": "QWERTY", "other": _l("other")},
    "licence": {"free": _l("free OS"), "original_windows": _l("original Windows licence"),
                "refurbisher_windows": _l("refurbisher Windows licence"), "none": _l("none")},
    # The history: what kind of event, and the names of the fields an edit changed.
    "event": {
        "status": _l("Status changed"), "assignment": _l("Assignment"),
        "edit": _l("Record edited"), "erasure": _l("Erasure recorded"),
        "check": _l("Checklist recorded"), "triage": _l("Triage recorded"),
        "part": _l("Part used"), "recycling": _l("Added to a recycling batch"),
        "drive_removed": _l("Drive taken out"),
        "request": _l("Request put back on the waiting list"),
        "received": _l("Date received corrected"),
        "exception": _l("Exception to the flash-memory rule"),
    },
    "field": {
        "category": _l("Category"), "make": _l("Make"), "model": _l("Model"),
        "serial": _l("Serial number"), "donor_asset_tag": _l("Donor's asset tag"),
        "cpu": _l("Processor"), "ram_gb": _l("Memory"), "storage_type": _l("Storage type"),
        "storage_gb": _l("Storage"), "screen_inches": _l("Screen"),
        "keyboard_layout": _l("Keyboard"), "webcam": _l("Webcam"),
        "battery_health": _l("Battery health"), "os_found": _l("OS found"),
        "os_installed": _l("OS installed"), "os_licence": _l("Licence"),
        "grade": _l("Cosmetic grade"), "working": _l("Works"),
        "accessories": _l("Accessories"), "location": _l("Location"), "notes": _l("Notes"),
    },
    # The workshop ------------------------------------------------------------
    "decision": {"refurbish": _l("refurbish"), "parts": _l("keep for parts"),
                 "recycle": _l("recycle")},
    "component": {
        "ram": _l("memory (RAM)"), "storage": _l("drive"), "battery": _l("battery"),
        "screen": _l("screen"), "keyboard": _l("keyboard"), "charger": _l("charger"),
        "motherboard": _l("motherboard"), "cpu": _l("processor"), "wifi_card": _l("Wi-Fi card"),
        "case": _l("case parts, hinges, screws"), "other": _l("other"),
    },
    "method": {"clear": _l("Clear"), "purge": _l("Purge"), "destroy": _l("Destroy"),
               "no_storage": _l("No storage present")},
    "technique": {
        "overwrite": _l("overwrite"), "block_erase": _l("block erase"),
        "crypto_erase": _l("crypto erase"), "sanitize": _l("sanitize (drive's own command)"),
        "shredding": _l("shredding"), "drilling": _l("drilling"),
    },
    "verification": {"none": _l("none"), "sample": _l("sample"), "full": _l("full read-back")},
    "result": {"passed": _l("passed"), "failed": _l("failed")},
    "check_state": {"ok": _l("ok"), "fixed": _l("fixed"), "not_applicable": _l("not applicable"),
                    "failed": _l("failed")},
    # The default checklist's items; items an admin adds are shown as typed.
    "checklist_item": {
        "screen": _l("Screen"), "keyboard": _l("Keyboard"), "touchpad": _l("Touchpad"),
        "usb_ports": _l("USB ports"), "video_ports": _l("Video ports (HDMI, VGA, DisplayPort)"),
        "audio_jack": _l("Audio jack"), "wifi": _l("Wi-Fi"), "bluetooth": _l("Bluetooth"),
        "webcam": _l("Webcam"), "microphone": _l("Microphone"), "speakers": _l("Speakers"),
        "battery": _l("Battery"), "charger": _l("Charger"), "cleaning": _l("Cleaning"),
        "os_installed": _l("Operating system installed"),
        "firmware_reset": _l("Firmware / UEFI reset (passwords, boot order)"),
        "stickers_removed": _l("Previous owner's stickers and marks removed"),
    },
    # Intake and the hotline --------------------------------------------------
    "donor_kind": {"company": _l("company"), "public_body": _l("public body"),
                   "association": _l("association"), "individual": _l("individual")},
    "partner_kind": {"association": _l("association"), "school": _l("school"),
                     "university": _l("university"), "job_centre": _l("job centre"),
                     "social_service": _l("social service"), "other": _l("other")},
    "beneficiary_category": {"pupil": _l("pupil"), "student": _l("student"),
                             "job_seeker": _l("job seeker"), "other": _l("other")},
    "priority": {1: _l("urgent"), 2: _l("normal"), 3: _l("low")},
    "request_status": {"waiting": _l("waiting"), "reserved": _l("reserved"),
                       "fulfilled": _l("fulfilled"), "cancelled": _l("cancelled")},
    # What a device lacks for a request (hotline/matching.py NEEDS).
    "need": {"ram": _l("memory"), "storage": _l("storage"), "webcam": _l("webcam"),
             "keyboard": _l("keyboard layout")},
    "handover_kind": {"gift": _l("gift"), "loan": _l("loan"), "sale": _l("solidarity sale")},
    "accessory": {"charger": _l("charger"), "bag": _l("bag"), "mouse": _l("mouse"),
                  "keyboard": _l("keyboard"), "headset": _l("headset"), "cable": _l("cable")},
    "return_reason": {"loan_end": _l("end of the loan"), "faulty": _l("faulty device"),
                      "not_needed": _l("no longer needed"), "other": _l("other reason")},
    "condition": {"good": _l("good"), "worn": _l("worn"), "damaged": _l("damaged"),
                  "not_working": _l("not working")},
    # Each language in its own words, whatever the page's language.
    "language": {"fr": "Français", "en": "English"},
    # Accounts, documents, the dashboard ----------------------------------------
    "role": {"admin": _l("administrator"), "operator": _l("operator"),
             "technician": _l("technician"), "viewer": _l("viewer")},
    "document_kind": {
        "donor_certificate": _l("Donor certificate"),
        "erasure_certificate": _l("Erasure certificate"),
        "intake_attestation": _l("Intake attestation"),
        "receipt": _l("Handover receipt"),
    },
    "metric": {"devices_given": _l("computers given"),
               "beneficiaries_reached": _l("beneficiaries reached"),
               "devices_received": _l("computers received")},
    # What donors' figures count: the progress buckets of lifecycle.BUCKET_OF_STATUS.
    "bucket": {"received": _l("Received, waiting"), "refurbishing": _l("In refurbishment"),
               "ready": _l("Ready to give"), "given": _l("Given or lent"),
               "recycled": _l("Recycled or parts")},
    # Headings of the totals certificates issued before the buckets stored (public check).
    "outcome_total": {"given": _l("Devices given"), "in_progress": _l("Devices being refurbished"),
                      "parts": _l("Devices kept for parts"), "recycled": _l("Devices recycled")},
    "drive_total": {"done": _l("Drives erased"), "destroyed": _l("Drives destroyed"),
                    "no_storage": _l("Devices without storage"), "pending": _l("Drives pending"),
                    "failed": _l("Drives failed")},
    "category_total": {"laptop": _l("Laptops"), "desktop": _l("Desktops"),
                       "tablet": _l("Tablets"), "monitor": _l("Monitors"),
                       "other": _l("Other devices")},
}


def terms(kind):
    """The {stored value: term} table of kind, in its order (for selects and lists)."""
    return TERMS[kind]


def term(kind, value):
    """The term for a stored value of kind; the value itself when it has none."""
    return TERMS[kind].get(value, value)


def _term_filter(value, kind):
    return term(kind, value)


def init_app(app):
    app.jinja_env.filters["term"] = _term_filter
