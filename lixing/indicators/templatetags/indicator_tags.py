"""Showing indicator numbers: values to one decimal, rates as percentages, growth in words,
and a derived number's inputs ("2021年1-4月 214.6 · 2020年1-4月 181.1")."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import template

from lixing.common.cnformat import cn_percent

from ..derived import Derived, growth_words

register = template.Library()


@register.filter
def num(value: Decimal | None) -> str:
    if value is None:
        return "—"
    text = format(Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), "f")
    return text[:-2] if text.endswith(".0") else text


@register.filter
def pct(value: Any) -> str:
    return cn_percent(float(value)) if value is not None else "—"


@register.filter
def yoy_words(value: Decimal | None) -> str:
    return growth_words(value)


@register.filter
def mom_words(value: Decimal | None) -> str:
    return growth_words(value, basis="mom")


@register.filter
def inputs(derived: Derived) -> str:
    return " · ".join(f"{label} {num(v)}" for label, v in derived.inputs)
