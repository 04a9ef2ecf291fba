"""Words for values that are stored as codes: shown to people in their language."""

from __future__ import annotations

from django import template
from django.utils.translation import pgettext

register = template.Library()


@register.filter
def actor_label(name: str) -> str:
    """An audit/timeline actor as a person reads it: the stored markers ``system`` and
    ``anonymous`` (no account: a resident on a public form) become words."""
    if name == "system":
        return pgettext("actor", "System")
    if name == "anonymous":
        return pgettext("actor", "Resident (no account)")
    return name
