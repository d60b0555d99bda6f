"""The workshop: triage, erasure per drive, nwipe logs, checklists, recycling, bulk scanning."""
