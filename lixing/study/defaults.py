"""The default session kinds and points rules (seeded by migration 0002).

Codes are stable identifiers: counters and figures are keyed by them. Names are data (the
interface language of the offices), editable in the admin.
"""

from __future__ import annotations

# (code, name, is_lecture, order)
DEFAULT_KINDS: list[tuple[str, str, bool, int]] = [
    ("central_group", "中心组学习", False, 10),
    ("collective_study", "集中学习", False, 20),
    ("special_lecture", "专题党课", True, 30),
    ("party_day", "主题党日", False, 40),
    ("outreach_talk", "宣讲", False, 50),
    ("onsite_teaching", "现场教学", False, 60),
    ("reading_club", "读书班", False, 70),
    ("live_class", "直播课", False, 80),
    ("workshop_lecture", "车间党课", True, 90),
    ("seminar", "专题研讨", False, 100),
]
DEFAULT_KIND_CODES = [code for code, *_ in DEFAULT_KINDS]
# Kinds held by party committees and leading party groups, not by branches (coverage is
# counted over those); every other default kind is held by branches.
COMMITTEE_KINDS = {"central_group"}

# (action, points, daily cap)
DEFAULT_RULES: list[tuple[str, int, int]] = [
    ("checkin", 1, 2),
    ("attendance", 3, 6),
    ("makeup", 2, 2),
]


def ensure_defaults() -> None:
    """Create any missing default kind or rule (what migration 0002 seeds). For tests after a
    database flush, and for a deployment that deleted a default by mistake."""
    from lixing.figures.registry import figures_changed

    from .counters import KINDS_PROVIDER
    from .models import PointRule, SessionKind

    created = False
    for code, name, is_lecture, order in DEFAULT_KINDS:
        held_by = "committee" if code in COMMITTEE_KINDS else "branch"
        created |= SessionKind.objects.get_or_create(
            code=code, defaults={"name": name, "is_lecture": is_lecture, "order": order, "held_by": held_by}
        )[1]
    if created:
        figures_changed(KINDS_PROVIDER)  # every process reloads the kinds' figures
    for action, points, cap in DEFAULT_RULES:
        PointRule.objects.get_or_create(action=action, defaults={"points": points, "daily_cap": cap})
