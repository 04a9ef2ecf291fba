"""Personal data: validation of Chinese resident ID numbers (GB 11643) and phones, and masking."""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lixing.common.identifiers import normalize_identifier

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
# ASCII digits only: ``\d`` would accept every script's digits (Arabic-Indic "٣" …).
_ID_RE = re.compile(r"^[0-9]{17}[0-9X]$")
_MOBILE_RE = re.compile(r"^1[3-9][0-9]{9}$")
_LANDLINE_RE = re.compile(r"^0[0-9]{2,3}-?[0-9]{7,8}$")


def id_check_digit(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character for the first 17 digits."""
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def normalize_id_number(raw: object) -> str:
    """The ID number as stored (see :func:`lixing.common.identifiers.normalize_identifier`):
    full-width digits become ASCII, spaces go, x becomes X."""
    return normalize_identifier(raw)


def validate_id_number(
    raw: str, *, birth_date: datetime.date | None = None, gender: str | None = None
) -> tuple[datetime.date, str]:
    """Validate an 18-character ID number; return (birth date, gender "M"/"F") it encodes.

    Raises ValidationError with a message that says what is wrong. When ``birth_date`` or
    ``gender`` are given they must agree with the number.
    """
    value = normalize_id_number(raw)
    if len(value) != 18:
        raise ValidationError(
            _("The ID number must have 18 characters (it has %(n)d).") % {"n": len(value)}, code="id_length"
        )
    if not _ID_RE.match(value):
        raise ValidationError(
            _("The ID number may contain only digits, with X allowed as the last character."), code="id_chars"
        )
    try:
        encoded_birth = datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise ValidationError(_("The date of birth in the ID number is not a real date."), code="id_birth") from None
    if not datetime.date(1900, 1, 1) <= encoded_birth <= datetime.date.today():
        raise ValidationError(_("The date of birth in the ID number is out of range."), code="id_birth")
    if id_check_digit(value[:17]) != value[17]:
        raise ValidationError(
            _("The ID number's check digit is wrong: please check the number for a typing error."), code="id_check"
        )
    encoded_gender = "M" if int(value[16]) % 2 == 1 else "F"
    if birth_date is not None and birth_date != encoded_birth:
        raise ValidationError(
            _("The date of birth %(given)s does not match the ID number (%(encoded)s).")
            % {"given": birth_date.isoformat(), "encoded": encoded_birth.isoformat()},
            code="id_birth_mismatch",
        )
    if gender is not None and gender != encoded_gender:
        raise ValidationError(_("The gender does not match the ID number."), code="id_gender_mismatch")
    return encoded_birth, encoded_gender


def normalize_phone(raw: object) -> str:
    """The phone as stored: normalised like every identifier, without the +86 prefix."""
    return normalize_identifier(raw).removeprefix("+86")


def validate_phone(raw: str) -> str:
    """A mainland mobile (11 digits starting 1[3-9]) or a landline with area code."""
    value = normalize_phone(raw)
    if not (_MOBILE_RE.match(value) or _LANDLINE_RE.match(value)):
        raise ValidationError(
            _("“%(value)s” is not a valid phone number (11-digit mobile or landline with area code).") % {"value": raw},
            code="phone",
        )
    return value


def mask_id_number(value: str) -> str:
    """Keep the region (first 6) and the last 4: 330206********123X."""
    if not value:
        return ""
    return value[:6] + "*" * 8 + value[-4:] if len(value) == 18 else "*" * len(value)


def mask_phone(value: str) -> str:
    """138****5678 for mobiles; landlines keep the area code and last 2."""
    if not value:
        return ""
    if len(value) == 11 and value.startswith("1"):
        return value[:3] + "****" + value[-4:]
    return value[:4] + "*" * max(len(value) - 6, 0) + value[-2:]


def mask_address(value: str) -> str:
    """The area only (at most the first 6 characters, at most half): 浙江省宁波市****.
    A full home address identifies a person as well as a number does."""
    if not value:
        return ""
    return value[: min(6, len(value) // 2)] + "****"


MASKED_DATE = "****-**-**"  # a birth date beside a masked ID number would unmask it
