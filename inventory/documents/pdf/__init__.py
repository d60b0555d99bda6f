"""Receipts and certificates: plain data in (see data.py), PDF bytes out."""
from .data import (  # noqa: F401
    Beneficiary, CertificateDevice, Donation, DonorCertificateData, Donor, ErasureCertificateData,
    ErasureRow, IntakeData, IntakeItem, Organisation, ReceiptData, ReceiptDevice, Signatory, Terms,
)
from .donor_certificate import render_donor_certificate  # noqa: F401
from .erasure_certificate import render_erasure_certificate  # noqa: F401
from .intake_attestation import render_intake_attestation  # noqa: F401
from .receipt import render_receipt  # noqa: F401
