"""Identifiers as people type them, normalised once: ID numbers, phones, codes.

One function, :func:`normalize_identifier`, is the only place that decides what an
identifier "is" after typing: forms, spreadsheet imports and the API all call it (through
``lixing.orgs.validators`` for ID numbers and phones), and the database stores its result,
so uniqueness holds on the normalised value (``１１０１０５…`` typed with a Chinese IME and
``110105…`` are one person).

- NFKC turns full-width digits, letters and spaces into their ASCII forms.
- Every kind of white space, and the separators people put in numbers (hyphens are kept:
  a landline's area code is written with one), goes.
- Letters are upper-cased (an ID number's check character X).
- After normalising, digits must be ASCII ``0-9``: Arabic-Indic or other scripts' digits
  are not turned into numbers silently. :func:`is_ascii_digits` says whether they are
  (``str.isdigit`` and the regex ``\\d`` accept every script's digits).
"""

from __future__ import annotations

import re
import unicodedata

# White space of any kind (NFKC already turned the ideographic space U+3000 into " "),
# zero-width characters a paste brings along, and brackets around an area code.
_DROP = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff()]+")
_ASCII_DIGITS = re.compile(r"[0-9]+")


def normalize_identifier(raw: object) -> str:
    """The identifier as stored: NFKC, no spaces (nor zero-width characters or brackets),
    upper case. Never raises; validation (digits, length, check digit) comes after."""
    if raw is None:
        return ""
    text = raw if type(raw) is str else str(raw)
    if text.isascii() and text.isalnum():  # the common case, already normal: no work per row
        return text.upper()
    text = unicodedata.normalize("NFKC", text)
    return _DROP.sub("", text).upper()


def is_ascii_digits(value: str) -> bool:
    """Only the digits 0-9 (not "٣" nor "３" before normalising, not an empty string)."""
    return _ASCII_DIGITS.fullmatch(value) is not None
