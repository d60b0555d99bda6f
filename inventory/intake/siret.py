"""SIRET numbers (French establishment ids): 14 digits with a check digit.

INSEE: the SIRET is the SIREN (9 digits) plus a 5-digit establishment number; its
last digit makes the Luhn sum of the 14 digits a multiple of 10. La Poste's
establishments (SIREN 356 000 000) are numbered past what Luhn allows: for them
the plain sum of the digits is a multiple of 5 instead.
"""
import re

LA_POSTE_SIREN = "356000000"


def normalise(text):
    """The digits as typed, without the spaces and dots people put in."""
    return re.sub(r"[\s.\-]", "", text or "")


def luhn_ok(digits):
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def is_valid(digits):
    """Whether 14 digits form a SIRET whose check digit is right (La Poste's rule included)."""
    if not re.fullmatch(r"\d{14}", digits or "") or not digits.strip("0"):
        return False
    if luhn_ok(digits):
        return True
    return digits.startswith(LA_POSTE_SIREN) and sum(int(c) for c in digits) % 5 == 0
