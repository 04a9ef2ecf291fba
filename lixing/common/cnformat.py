"""Numbers and dates as Chinese offices write them in briefings (简报).

The rules, taken from the seeds (see docs/decisions/reports-briefing-numbers.md):

* Counts the platform knows exactly are written exactly: ``3936名``, not ``3,936`` and not
  ``3900余``. From 10万 up a count is written in 万 (亿 from 1亿 up), truncated, and then
  — and only then — marked ``余``: ``1023456`` → ``102万余``; ``120000`` → ``12万``. The
  marker says "the platform rounded this"; an exact figure never carries it.
* :func:`cn_approx` rounds a count down to two significant digits on purpose ("3900余名",
  "130多次") and says so with ``余``/``多``; the exact value gives no marker ("1100名").
* Amounts (money, investment) are written in 万/亿 rounded to a number of decimals, as the
  seeds do ("214.6亿元"), with no marker.
* Percentages to one decimal: ``0.4259`` → ``42.6%``.
* Dates: ``11月15日``; with the year ``2026年11月15日``.

:func:`cn_parse` reads any of these back (as a range of values they may stand for), which
the tests use to check a generated briefing against the dashboard.

The words (万, 亿, 余, 多, 年/月/日) are translatable: English source strings, zh_Hans in
the catalogue, so an English page shows "over 3,900" rather than Chinese characters.
"""

from __future__ import annotations

import datetime
import math
import re
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

WAN = 10_000
YI = 100_000_000
# Counts below this are written out in digits; from here on in 万.
EXACT_BELOW = 100_000


def _trim(d: Decimal) -> str:
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _wan(text: str) -> str:
    return pgettext("cnformat", "%(n)s ten-thousand") % {"n": text}


def _yi(text: str) -> str:
    return pgettext("cnformat", "%(n)s hundred-million") % {"n": text}


def _over(text: str, marker: str = "余") -> str:
    if marker == "多":
        return pgettext("cnformat", "more than %(n)s") % {"n": text}
    return pgettext("cnformat", "over %(n)s") % {"n": text}


def cn_count(n: int | None) -> str:
    """An exact count: digits below 10万, then whole 万 (or 亿 to one decimal), truncated,
    with ``余`` only when something was cut off. ``None`` → "—"."""
    if n is None:
        return "—"
    n = int(n)
    if n < 0:
        return "-" + cn_count(-n)
    if n < EXACT_BELOW:
        return str(n)
    if n < YI:
        whole, rest = divmod(n, WAN)
        text = _wan(str(whole))
        return _over(text) if rest else text
    scaled = (Decimal(n) / YI).quantize(Decimal("0.1"), rounding=ROUND_DOWN)
    text = _yi(_trim(scaled))
    return _over(text) if scaled * YI != n else text


def cn_approx(n: int, *, marker: str = "余") -> str:
    """A count rounded down to two significant digits on purpose, as offices write it:
    ``3936`` → ``3900余``, ``134`` → ``130多`` (marker "多"), ``1100`` → ``1100``."""
    if n < 100:
        return str(n)
    if n >= EXACT_BELOW:
        whole = n // WAN if n < YI else None
        if whole is not None and whole >= 100:
            digits = 10 ** (int(math.log10(whole)) - 1)
            kept = whole // digits * digits
            text = _wan(str(kept))
            return _over(text, marker) if kept * WAN != n else text
        return cn_count(n)
    digits = 10 ** (int(math.log10(n)) - 1)
    kept = n // digits * digits
    return _over(str(kept), marker) if kept != n else str(kept)


def cn_amount(value: float | int | Decimal | None, places: int = 1) -> str:
    """An amount in 万/亿, rounded to ``places`` decimals (no marker): 2146000000 → 21.5亿."""
    if value is None:
        return "—"
    d = Decimal(str(value))
    q = Decimal(1).scaleb(-places)
    if abs(d) >= YI:
        return _yi(_trim((d / YI).quantize(q, rounding=ROUND_HALF_UP)))
    if abs(d) >= WAN:
        return _wan(_trim((d / WAN).quantize(q, rounding=ROUND_HALF_UP)))
    return _trim(d.quantize(q, rounding=ROUND_HALF_UP))


def cn_percent(rate: float | None) -> str:
    """A rate (0.426 for 42.6%) to one decimal, rounded half up: ``42.6%``."""
    if rate is None:
        return "—"
    d = (Decimal(str(rate)) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{d}%"


def cn_date(day: datetime.date, *, year: bool = False) -> str:
    """``11月15日``; with ``year=True`` ``2026年11月15日``."""
    if year:
        return _("%(y)s-%(m)s-%(d)s (full date)") % {"y": day.year, "m": day.month, "d": day.day}
    return _("%(m)s/%(d)s (month and day)") % {"m": day.month, "d": day.day}


def cn_date_range(start: datetime.date, end: datetime.date) -> str:
    """``11月9日至11月15日`` (the year is left out, as in the seeds)."""
    return _("%(start)s to %(end)s") % {"start": cn_date(start), "end": cn_date(end)}


_NUMBER = re.compile(r"(\d+(?:\.\d+)?)(万|亿)?(余|多)?(%)?")


def cn_parse(text: str) -> list[tuple[float, float]]:
    """Every number written in ``text`` as the range ``[low, high)`` of values it may stand
    for: exact numbers give ``(v, v)``; ``102万余`` gives ``(1020000, 1030000)``;
    percentages come back as rates (``42.6%`` → ``(0.4255, 0.4265)``)."""
    out: list[tuple[float, float]] = []
    for m in _NUMBER.finditer(text):
        number, unit, marker, percent = m.groups()
        value = Decimal(number)
        scale = Decimal(WAN if unit == "万" else YI if unit == "亿" else 1)
        if percent:
            v = float(value / 100)
            out.append((v - 0.0005, v + 0.0005))
            continue
        low = value * scale
        if marker:
            places = len(number.split(".")[1]) if "." in number else 0
            if unit:
                step = scale * Decimal(1).scaleb(-places)
            else:  # 3900余: the last non-zero digit's place
                stripped = number.rstrip("0")
                step = Decimal(10) ** (len(number) - len(stripped))
            out.append((float(low), float(low + step)))
        else:
            out.append((float(low), float(low)))
    return out
