"""The main menu: each line of work adds its entry in ``AppConfig.ready``::

    register_nav("study", _("Study"), "study:index", order=30)

An entry may also name a ``visible`` predicate ``(user) -> bool`` (e.g. members only).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class NavItem:
    key: str
    label: Promise | str
    url_name: str
    order: int = 50
    visible: Callable[[Any], bool] | None = None


_ITEMS: dict[str, NavItem] = {}


def register_nav(
    key: str, label: Promise | str, url_name: str, *, order: int = 50, visible: Callable[[Any], bool] | None = None
) -> None:
    _ITEMS[key] = NavItem(key, label, url_name, order, visible)


def nav_items(user: Any) -> list[NavItem]:
    return [i for i in sorted(_ITEMS.values(), key=lambda i: (i.order, i.key)) if i.visible is None or i.visible(user)]
