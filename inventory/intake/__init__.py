"""Intake: donors and donations, receiving devices, importing the donor's spreadsheet."""
