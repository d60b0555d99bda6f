"""Documents: issuing and storing receipts and certificates, outcomes, impact, donor links."""
