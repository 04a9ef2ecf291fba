"""The preset media levels and honour kinds (seeded by migration 0002, configurable later).

Codes are stable identifiers: counters and figures are keyed by them. Names are data.
"""

from __future__ import annotations

# (code, name, central_or_provincial, order)
DEFAULT_LEVELS: list[tuple[str, str, bool, int]] = [
    ("central", "中央", True, 10),
    ("provincial", "省级", True, 20),
    ("municipal", "市级", False, 30),
    ("district", "区级", False, 40),
    ("xuexi", "学习强国", False, 50),
    ("own_media", "本单位新媒体", False, 60),
]
XUEXI = "xuexi"

# (code, name, target, order): the national 两优一先.
DEFAULT_HONOUR_KINDS: list[tuple[str, str, str, int]] = [
    ("advanced_org", "先进基层党组织", "org", 10),
    ("excellent_member", "优秀共产党员", "member", 20),
    ("excellent_worker", "优秀党务工作者", "member", 30),
]


def ensure_defaults() -> None:
    """Create any missing preset (what migration 0002 seeds): for tests after a flush."""
    from .models import HonourKind, MediaLevel

    for code, name, high, order in DEFAULT_LEVELS:
        MediaLevel.objects.get_or_create(code=code, defaults={"name": name, "central_or_provincial": high, "order": order})
    for code, name, target, order in DEFAULT_HONOUR_KINDS:
        HonourKind.objects.get_or_create(code=code, defaults={"name": name, "target": target, "order": order})
