"""The hotline: partners and requests, matching, beneficiaries, handover, privacy."""
