"""Helpers shared by tests, the demo and benchmarks: valid personal data to order."""

from __future__ import annotations

import datetime
import random

# Real administrative-division prefixes of Ningbo (Beilun, Zhenhai, Yinzhou, Haishu, Jiangbei).
REGION_CODES = ["330206", "330211", "330212", "330203", "330205"]


def make_id_number(birth: datetime.date, seq: int, *, female: bool, region: str = "330206") -> str:
    """A GB 11643 ID number that validates: region + birth date + sequence + check digit."""
    from lixing.orgs.validators import id_check_digit

    order = (seq % 500) * 2 + (0 if female else 1)  # odd: male, even: female
    first17 = f"{region}{birth:%Y%m%d}{order:03d}"
    return first17 + id_check_digit(first17)


def unique_id_number(n: int, *, rng: random.Random | None = None) -> tuple[str, datetime.date, str]:
    """The n-th of a family of distinct valid ID numbers: (number, birth date, gender)."""
    rng = rng or random.Random(n)
    birth = datetime.date(1940, 1, 1) + datetime.timedelta(days=(n * 7919) % (365 * 62))
    female = n % 2 == 0
    region = REGION_CODES[(n // 500) % len(REGION_CODES)]
    # n // (500 * regions) shifts the date so that (region, date, seq) never repeats.
    birth += datetime.timedelta(days=(n // (500 * len(REGION_CODES))) % 3)
    number = make_id_number(birth, n, female=female, region=region)
    return number, birth, "F" if female else "M"


def make_mobile(n: int) -> str:
    return f"13{(n * 7907) % 10**9:09d}"
