"""``{% panels "member" member %}``: the panels lines of work registered for a page."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from lixing.common.panels import render_panels

register = template.Library()


@register.simple_tag(takes_context=True)
def panels(context: Any, page: str, obj: Any) -> SafeString:
    # Each panel renders its own template (autoescaped); the joined result is safe HTML.
    return mark_safe("".join(render_panels(page, context["request"], obj)))
