"""The demo registry: each line of work adds its part of the demo district.

An app registers a builder in its ``AppConfig.ready``::

    from lixing.common.demo import register_demo
    register_demo("study", build_demo_study, order=40)

``python manage.py demo`` builds the organisation tree and roster first (order 0–20), then
calls every other builder in order with a :class:`DemoContext`. Builders must be
deterministic for a given seed and must write through the apps' services or bulk paths
that keep roll-ups true (or call ``figures.services.rollup_rebuild`` at the end).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class DemoContext:
    preset: str  # "district" or "province"
    rng: random.Random
    root_id: int
    today: Any  # datetime.date the demo treats as "now"
    stdout: Any = None
    extra: dict[str, Any] = field(default_factory=dict)

    def say(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(message)


DemoBuilder = Callable[[DemoContext], None]
_BUILDERS: list[tuple[int, str, DemoBuilder]] = []


def register_demo(name: str, builder: DemoBuilder, *, order: int = 50) -> None:
    if any(existing == name for _, existing, _ in _BUILDERS):
        return
    _BUILDERS.append((order, name, builder))


def demo_builders() -> list[tuple[str, DemoBuilder]]:
    return [(name, builder) for _, name, builder in sorted(_BUILDERS, key=lambda b: (b[0], b[1]))]
