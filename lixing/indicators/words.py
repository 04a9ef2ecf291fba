"""How indicator values are said in a briefing, in the seeds' words:
"1-4月，大榭完成规上工业产值214.6亿元，同比增长18.5%". Pure functions."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from .derived import growth_words


def amount_words(value: Decimal | None, unit: str) -> str:
    """A value with its unit, one decimal: 214.6亿元; 万元 from 1万万 up become 亿元."""
    if value is None:
        return "—"
    if unit.startswith("万") and abs(value) >= 10_000:
        value, unit = value / 10_000, "亿" + unit[1:]
    text = format(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), "f")
    if text.endswith(".0"):
        text = text[:-2]
    return f"{text}{unit}"


def headline(*, when: str, org: str, name: str, value: Decimal | None, unit: str, yoy: Decimal | None) -> str | None:
    """The sentence for one indicator, or None when there is no value to say."""
    if value is None:
        return None
    amount = amount_words(value, unit)
    if yoy is None:
        return _("%(when)s, %(org)s reached %(name)s of %(amount)s") % {
            "when": when, "org": org, "name": name, "amount": amount}  # fmt: skip
    return _("%(when)s, %(org)s reached %(name)s of %(amount)s, %(growth)s") % {
        "when": when, "org": org, "name": name, "amount": amount, "growth": growth_words(yoy)}  # fmt: skip
