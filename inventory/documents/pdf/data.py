"""The plain values each document is rendered from; built by the caller from the database.

Codes (category, kind, method, ...) are those of inventory.models.base; a code
the wording does not know is printed as given.
"""
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Optional, Tuple

from ..impact import DEFAULT_IMPACT, ImpactFactors, estimate_impact


@dataclass(frozen=True)
class Organisation:
    """The charity issuing the document (header of every page)."""

    name: str
    address_lines: Tuple[str, ...] = ()
    siret: str = ""
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Donor:
    name: str
    address_lines: Tuple[str, ...] = ()
    siret: str = ""
    contact_name: str = ""


@dataclass(frozen=True)
class Donation:
    reference: str
    received_on: date
    expected_count: Optional[int] = None


@dataclass(frozen=True)
class Signatory:
    """A person signing a certificate; signed_on None leaves the date to write by hand."""

    name: str
    title: str = ""
    signed_on: Optional[date] = None


# -- handover receipt ---------------------------------------------------------

@dataclass(frozen=True)
class Beneficiary:
    first_name: str
    last_name: str
    town: str = ""
    category: str = ""  # pupil, student, job_seeker, other
    is_minor: bool = False
    legal_representative: str = ""


@dataclass(frozen=True)
class ReceiptDevice:
    asset_tag: str
    category: str
    make: str = ""
    model: str = ""
    serial: str = ""
    cpu: str = ""
    ram_gb: Optional[int] = None
    storage_type: str = ""
    storage_gb: Optional[int] = None
    screen_inches: Optional[Decimal] = None
    grade: str = ""
    os_installed: str = ""


@dataclass(frozen=True)
class Terms:
    """The versioned terms text; its SHA-256 is computed from text when printed."""

    version: int
    text: str


@dataclass(frozen=True)
class ReceiptData:
    organisation: Organisation
    number: str
    issued_on: date
    beneficiary: Beneficiary
    device: ReceiptDevice
    kind: str  # gift, loan, sale
    terms: Terms
    retention_months: int
    operator_name: str
    verify_url: str
    partner_name: str = ""
    accessories: Tuple[str, ...] = ()
    due_on: Optional[date] = None  # loan
    price: Optional[Decimal] = None  # sale, in euros


# -- donor certificate --------------------------------------------------------

@dataclass(frozen=True)
class CertificateDevice:
    """One donated device as the donor may see it.

    There is deliberately no field for a beneficiary's name: a donor
    document can only ever show the recipient's category and town.
    """

    asset_tag: str
    category: str
    outcome: str  # its progress bucket: received, refurbishing, ready, given, recycled
    make: str = ""
    model: str = ""
    serial: str = ""
    donor_asset_tag: str = ""
    outcome_on: Optional[date] = None
    recipient_category: str = ""
    recipient_town: str = ""
    # clear_verified, purge_verified, destroyed, no_storage, pending, failed
    erasure: str = "pending"


@dataclass(frozen=True)
class DonorCertificateData:
    organisation: Organisation
    number: str
    issued_on: date
    donor: Donor
    donation: Donation
    devices: Tuple[CertificateDevice, ...]
    verify_url: str
    impact: ImpactFactors = field(default=DEFAULT_IMPACT)
    # The outcomes in the order the totals list them, each even when no device has it (the
    # caller passes lifecycle.BUCKETS); outcomes missing from it follow in code order.
    outcomes: Tuple[str, ...] = ()

    @property
    def reused_categories(self):
        """The category of each device given (reused)."""
        return [device.category for device in self.devices if device.outcome == "given"]

    def reused_impact(self):
        """Return the impact avoided by the devices given, with these factors."""
        return estimate_impact(self.reused_categories, self.impact)


# -- erasure certificate ------------------------------------------------------

ERASURE_STATES = ("done", "destroyed", "no_storage", "pending", "failed")


@dataclass(frozen=True)
class ErasureRow:
    """One drive, or one device without storage (method "no_storage").

    A row with no result yet (result "") is pending.
    """

    device_tag: str
    method: str = ""  # clear, purge, destroy, no_storage; "" while pending
    drive_serial: str = ""
    drive_model: str = ""
    drive_type: str = ""
    drive_size_gb: Optional[int] = None
    technique: str = ""
    tool: str = ""
    tool_version: str = ""
    verification: str = ""  # none, sample, full
    result: str = ""  # passed, failed; "" while pending
    done_on: Optional[date] = None
    technician: str = ""
    # An admin's exception to NIST SP 800-88's Purge for a flash drive only overwritten.
    exception_reason: str = ""
    exception_by: str = ""
    exception_on: Optional[date] = None

    @property
    def state(self):
        """Return done, destroyed, no_storage, failed or pending."""
        if self.method == "no_storage":
            return "no_storage"
        if self.result == "failed":
            return "failed"
        if self.result != "passed" or not self.method:
            return "pending"
        return "destroyed" if self.method == "destroy" else "done"


@dataclass(frozen=True)
class ErasureCertificateData:
    organisation: Organisation
    number: str
    issued_on: date
    donor: Donor
    donation: Donation
    rows: Tuple[ErasureRow, ...]
    technician: Signatory
    manager: Signatory
    verify_url: str = ""
    location: str = ""

    @property
    def states(self):
        """How many rows are in each state, every state listed (0 when none)."""
        counts = Counter(row.state for row in self.rows)
        return {state: counts[state] for state in ERASURE_STATES}

    @property
    def is_partial(self):
        return any(row.state in ("pending", "failed") for row in self.rows)


# -- intake attestation -------------------------------------------------------

@dataclass(frozen=True)
class IntakeItem:
    category: str
    make: str = ""
    model: str = ""
    serial: str = ""
    asset_tag: str = ""


@dataclass(frozen=True)
class IntakeData:
    organisation: Organisation
    number: str
    issued_on: date
    donor: Donor
    donation: Donation
    items: Tuple[IntakeItem, ...]
    received_by: str
    verify_url: str = ""
