"""Page slots: a line of work adds a panel to a page of a lower app without that app importing it.

The organisation and member pages (``orgs``) render ``{% panels "org" org %}`` and
``{% panels "member" member %}``; a line of work registers what goes there in its
``AppConfig.ready``::

    register_panel("member", "publicity.honours", member_honours, order=50)

    def member_honours(request, member) -> str:   # HTML ("" for nothing), scoped to request.user
        ...

A panel must keep to a fixed number of queries and return "" when it has nothing to say.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Panel = Callable[[Any, Any], str]


@dataclass(frozen=True)
class _Slot:
    key: str
    render: Panel
    order: int


_PANELS: dict[str, dict[str, _Slot]] = {}


def register_panel(page: str, key: str, render: Panel, *, order: int = 50) -> None:
    _PANELS.setdefault(page, {})[key] = _Slot(key, render, order)


def render_panels(page: str, request: Any, obj: Any) -> list[str]:
    slots = sorted(_PANELS.get(page, {}).values(), key=lambda s: (s.order, s.key))
    return [html for s in slots if (html := s.render(request, obj))]
