"""The study figures: sessions by kind, branch coverage per kind (with the branches not yet
covered), members who attended at least N sessions (with those who did not), lectures by
speaker level, online viewers, required readings coverage, check-ins (never comparable).

Every figure reads roll-up counters (one row per figure whatever the subtree's size); the
drill-downs list the records, scoped to the actor and the subtree.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lixing.figures.periods import Period
from lixing.figures.registry import (
    Figure,
    FigureValue,
    Group,
    Provided,
    count_figure,
    min_sample,
    rate_figure,
    register,
    register_provider,
    register_stock_counters,
)
from lixing.figures.selectors import subtree_q
from lixing.orgs.models import CadreLevel, Member, Organization
from lixing.orgs.rollups import ALL, read_totals
from lixing.orgs.services import MEMBERS
from lixing.orgs.services import kind_key as org_kind_key

from .counters import (
    CHECKINS,
    KINDS_PROVIDER,
    LECTURES,
    LECTURES_BY_SECRETARY,
    ONLINE_SESSIONS,
    ONLINE_VIEWERS,
    READINGS_DELIVERED,
    READINGS_ORDERED,
    SESSIONS,
    attended_key,
    branch_kind_key,
    held_key,
    kind_key,
    min_sessions,
)
from .defaults import COMMITTEE_KINDS, DEFAULT_KINDS
from .models import (
    HOLDER_ORG_KINDS,
    AttendanceTally,
    KindHolder,
    ReadingDistribution,
    SessionKind,
    SpeakerRole,
    StudySession,
)


def _in_period(qs: QuerySet[Any], period: Period, field: str = "date") -> QuerySet[Any]:
    if period.start is None:
        return qs
    return qs.filter(**{f"{field}__gte": period.start, f"{field}__lte": period.end})


def _sessions(actor: Any, org: Organization, period: Period) -> QuerySet[StudySession]:
    qs = StudySession.objects.filter(subtree_q(actor, org, "unit__path")).select_related("unit", "speaker_member")
    return _in_period(qs, period).prefetch_related("kinds").order_by("-date", "-id")


def _sessions_of(code: str) -> Any:
    def records(actor: Any, org: Organization, period: Period) -> QuerySet[StudySession]:
        return _sessions(actor, org, period).filter(kinds__code=code)

    return records


def _lectures(actor: Any, org: Organization, period: Period) -> QuerySet[StudySession]:
    return _sessions(actor, org, period).filter(pk__in=StudySession.objects.filter(kinds__is_lecture=True).values("pk"))


def _lectures_at(level: str) -> Any:
    def records(actor: Any, org: Organization, period: Period) -> QuerySet[StudySession]:
        return _lectures(actor, org, period).filter(speaker_cadre_level=level)

    return records


def _lectures_by_secretaries(actor: Any, org: Organization, period: Period) -> QuerySet[StudySession]:
    return _lectures(actor, org, period).filter(speaker_role=SpeakerRole.BRANCH_SECRETARY)


def _online(actor: Any, org: Organization, period: Period) -> QuerySet[StudySession]:
    return _sessions(actor, org, period).exclude(online_viewers=0, online_link="")


def branches_without(code: str, held_by: str = KindHolder.BRANCH) -> Any:
    """Holders of the kind (branches, or committees and leading groups) in the subtree that
    have not held a session of kind ``code`` in the period: exactly the complement of the
    numerator of ``study.held.<code>``."""
    org_kinds = HOLDER_ORG_KINDS[held_by]

    def records(actor: Any, org: Organization, period: Period) -> QuerySet[Organization]:
        held = _in_period(StudySession.objects.filter(unit=OuterRef("pk"), kinds__code=code), period)
        return (
            Organization.objects.filter(subtree_q(actor, org, "path"), kind__in=org_kinds, dissolved_at__isnull=True)
            .exclude(Exists(held))
            .select_related("secretary")
            .order_by("path")
        )

    return records


def members_below_n(actor: Any, org: Organization, period: Period) -> QuerySet[Member]:
    """Members of the subtree who attended fewer than N sessions in the period."""
    reached = AttendanceTally.objects.filter(member=OuterRef("pk"), bucket=period.bucket, sessions__gte=min_sessions())
    return (
        Member.objects.filter(subtree_q(actor, org))
        .exclude(Exists(reached))
        .select_related("org")
        .order_by("org__path", "name", "id")
    )


def _attended_n(actor: Any, org: Organization, period: Period) -> FigureValue:
    """Share of members who attended at least N sessions in the period: one row read."""
    key = attended_key(period.kind)
    totals = read_totals([org.pk], [key, MEMBERS], sorted({period.bucket, ALL}))
    num, den = totals.get((org.pk, key, period.bucket), 0), totals.get((org.pk, MEMBERS, ALL), 0)
    return FigureValue(num / den if den and den >= min_sample() else None, num, den, is_rate=True)


def _distributions(actor: Any, org: Organization, period: Period) -> QuerySet[ReadingDistribution]:
    return (
        ReadingDistribution.objects.filter(subtree_q(actor, org, "unit__path"))
        .select_related("unit", "reading")
        .order_by("unit__path", "reading__order", "reading_id")
    )


def _session_url(s: StudySession) -> str:
    return reverse("study:session", args=[s.pk])


def _org_url(o: Organization) -> str:
    return reverse("orgs:detail", args=[o.pk])


def _member_url(m: Member) -> str:
    return reverse("orgs:member", args=[m.pk])


SESSION_COLUMNS = [
    (_("topic"), lambda s: s.topic),
    (_("date"), lambda s: s.date.isoformat()),
    (_("organising unit"), lambda s: s.unit.display_name),
    (_("kinds"), lambda s: "、".join(k.name for k in s.kinds.all())),
    (_("speaker"), lambda s: s.speaker_display or "—"),
    (_("attended / expected"), lambda s: f"{s.attended_count} / {s.expected_count}"),
]
ONLINE_COLUMNS = [*SESSION_COLUMNS[:4], (_("online viewers"), lambda s: s.online_viewers)]
BRANCH_COLUMNS = [
    (_("organisation"), lambda o: o.name),
    (_("secretary"), lambda o: o.secretary.name if o.secretary else "—"),
]
MEMBER_COLUMNS = [(pgettext_lazy("person", "name"), lambda m: m.name), (_("organisation"), lambda m: m.org.display_name)]
DISTRIBUTION_COLUMNS = [
    (_("unit"), lambda d: d.unit.display_name),
    (_("reading"), lambda d: d.reading.title),
    (_("sets ordered"), lambda d: d.ordered),
    (_("sets delivered"), lambda d: d.delivered),
]

# Labels of the default kinds in the interface language (the kind's name is data).
KIND_LABELS: dict[str, Any] = {
    "central_group": _("Central-group study"),
    "collective_study": _("Collective study"),
    "special_lecture": _("Special party lectures"),
    "party_day": _("Themed party days"),
    "outreach_talk": _("Outreach talks"),
    "onsite_teaching": _("On-site teaching"),
    "reading_club": _("Reading clubs"),
    "live_class": _("Live-streamed classes"),
    "workshop_lecture": _("Workshop lectures"),
    "seminar": _("Seminars"),
}

# Briefing wording per kind: the count sentence and the branch-coverage sentence.
KIND_SENTENCES: dict[str, tuple[Any, Any]] = {
    "central_group": (_("central-group study {value} times"), _("{numerator} of {denominator} party committees and leading groups held central-group study ({value})")),
    "collective_study": (_("collective study {value} times"), _("{numerator} of {denominator} branches held collective study ({value})")),
    "special_lecture": (_("special party lectures {value} times"), _("{numerator} of {denominator} branches held a special party lecture ({value})")),
    "party_day": (_("more than {value} themed party days"), _("{numerator} of {denominator} branches held a themed party day ({value})")),
    "outreach_talk": (_("{value} outreach talks"), _("{numerator} of {denominator} branches held an outreach talk ({value})")),
    "onsite_teaching": (_("on-site teaching {value} times"), _("{numerator} of {denominator} branches held on-site teaching ({value})")),
    "reading_club": (_("{value} reading clubs"), _("{numerator} of {denominator} branches held a reading club ({value})")),
    "live_class": (_("{value} live-streamed classes"), _("{numerator} of {denominator} branches held a live-streamed class ({value})")),
    "workshop_lecture": (_("{value} workshop lectures"), _("{numerator} of {denominator} branches held a workshop lecture ({value})")),
    "seminar": (_("seminars {value} times"), _("{numerator} of {denominator} branches held a seminar ({value})")),
}  # fmt: skip


DEFAULT_NAMES = {code: name for code, name, _is_lecture, _order in DEFAULT_KINDS}


def kind_figures(code: str, name: str, order: int, held_by: str = KindHolder.BRANCH) -> list[Figure]:
    """The count and coverage figures of one kind of session. Coverage is counted over the
    organisations that hold the kind: branches, or for central-group study the party
    committees and leading groups (never branches, where it would always be 0)."""
    renamed = code in DEFAULT_NAMES and name != DEFAULT_NAMES[code]
    count_sentence, held_sentence = KIND_SENTENCES.get(code, (None, None)) if not renamed else (None, None)
    if count_sentence is None:
        count_sentence = format_lazy("{}{}", name, _(" {value} times"))
        held_sentence = (_("{numerator} of {denominator} party committees and leading groups ({value})")
                         if held_by == KindHolder.COMMITTEE else _("{numerator} of {denominator} branches ({value})"))  # fmt: skip
    label = KIND_LABELS.get(code, name) if not renamed else name
    branch_kind_key(code)  # declares the distinct count
    if held_by == KindHolder.COMMITTEE:
        held_label = format_lazy("{}: {}", _("Party committees and leading groups that held"), label)
        description = _(
            "Share of party committees and leading party groups that held at least one session of "
            "this kind in the period; the records are those that have not yet."
        )
    else:
        held_label = format_lazy("{}: {}", _("Branches that held"), label)
        description = _(
            "Share of branches that held at least one session of this kind in the period; "
            "the records are the branches that have not yet."
        )
    return [
        count_figure(f"study.kind.{code}", label, Group.STUDY, counter=kind_key(code), unit=pgettext_lazy("unit", "sessions"),
                     records=_sessions_of(code), columns=SESSION_COLUMNS, record_url=_session_url,
                     sentence=count_sentence, order=100 + order),
        rate_figure(f"study.held.{code}", held_label, Group.STUDY, numerator=held_key(code),
                    denominator=[org_kind_key(k) for k in HOLDER_ORG_KINDS[held_by]],
                    records=branches_without(code, held_by), columns=BRANCH_COLUMNS, record_url=_org_url,
                    description=description, sentence=held_sentence, order=300 + order,
                    extra={"kind": code, "coverage": True, "held_by": held_by}),
    ]  # fmt: skip


def register_study_figures() -> None:
    register_stock_counters(READINGS_ORDERED, READINGS_DELIVERED)
    reg = register
    reg(count_figure("study.sessions", _("Study sessions"), Group.STUDY, counter=SESSIONS, unit=pgettext_lazy("unit", "sessions"),
                     records=_sessions, columns=SESSION_COLUMNS, record_url=_session_url,
                     sentence=_("{value} study sessions"), order=10))  # fmt: skip
    reg(Figure(key="study.attended_n", label=_("Members who took part in study sessions"), group=Group.STUDY,
               compute=_attended_n, records=members_below_n, columns=MEMBER_COLUMNS, record_url=_member_url,
               description=_("Share of members who attended at least N sessions in the period (N is the setting "
                             "LIXING_STUDY_MIN_SESSIONS, 1 unless set); the records are the members who have not yet."),
               sentence=_("{numerator} of {denominator} members took part in study sessions ({value})"),
               order=20))  # fmt: skip
    reg(count_figure("study.lectures", _("Party lectures"), Group.STUDY, counter=LECTURES, unit=_("lectures"),
                     records=_lectures, columns=SESSION_COLUMNS, record_url=_session_url,
                     sentence=_("{value} party lectures"), order=30))  # fmt: skip
    reg(count_figure("study.lectures.division", _("Lectures by division-level cadres"), Group.STUDY,
                     counter=f"{LECTURES}.level.{CadreLevel.DIVISION}", unit=_("lectures"),
                     records=_lectures_at(CadreLevel.DIVISION), columns=SESSION_COLUMNS, record_url=_session_url,
                     sentence=_("division-level cadres gave party lectures {value} times"), order=31))  # fmt: skip
    reg(count_figure("study.lectures.bureau", _("Lectures by bureau-level cadres"), Group.STUDY,
                     counter=f"{LECTURES}.level.{CadreLevel.BUREAU}", unit=_("lectures"),
                     records=_lectures_at(CadreLevel.BUREAU), columns=SESSION_COLUMNS, record_url=_session_url,
                     sentence=_("bureau-level cadres gave party lectures {value} times"), order=32))  # fmt: skip
    reg(count_figure("study.lectures.branch_secretary", _("Lectures by branch secretaries"), Group.STUDY,
                     counter=LECTURES_BY_SECRETARY, unit=_("lectures"), records=_lectures_by_secretaries,
                     columns=SESSION_COLUMNS, record_url=_session_url,
                     sentence=_("branch secretaries gave party lectures {value} times"), order=33))  # fmt: skip
    reg(count_figure("study.online_sessions", _("Online sessions"), Group.STUDY, counter=ONLINE_SESSIONS,
                     unit=pgettext_lazy("unit", "sessions"), records=_online, columns=ONLINE_COLUMNS, record_url=_session_url,
                     sentence=_("{value} online sessions"), order=40))  # fmt: skip
    reg(count_figure("study.online_viewers", _("Online viewers"), Group.STUDY, counter=ONLINE_VIEWERS,
                     unit=_("person-times"), records=_online, columns=ONLINE_COLUMNS, record_url=_session_url,
                     sentence=_("{value} person-times watched online"), order=41))  # fmt: skip
    reg(count_figure("study.readings.delivered", _("Required reading sets delivered"), Group.STUDY,
                     counter=READINGS_DELIVERED, unit=_("sets"), stock=True, records=_distributions,
                     columns=DISTRIBUTION_COLUMNS, sentence=_("{value} sets of required readings"),
                     order=50))  # fmt: skip
    reg(rate_figure("study.readings.coverage", _("Required readings coverage"), Group.STUDY,
                    numerator=READINGS_DELIVERED, denominator=MEMBERS, stock=True, records=_distributions,
                    columns=DISTRIBUTION_COLUMNS,
                    description=_("Sets delivered ÷ members in the subtree, as offices report it: may exceed 100%. "
                                  "All required readings together; the readings page gives each one."),
                    sentence=_("required readings coverage {value}"), order=51))  # fmt: skip
    # Personal study: a unit total only, never comparable, no drill-down to people.
    reg(count_figure("study.checkins", _("Study check-ins"), Group.STUDY, counter=CHECKINS, unit=_("check-ins"),
                     comparable=False, sentence=_("members checked in their study {value} times"),
                     description=_("A unit total only: national rules forbid ranking people by check-ins or points."),
                     order=60))  # fmt: skip
    for code, name, _is_lecture, order in DEFAULT_KINDS:
        held_by = KindHolder.COMMITTEE if code in COMMITTEE_KINDS else KindHolder.BRANCH
        for figure in kind_figures(code, name, order, held_by):
            reg(figure)
    register_provider(KINDS_PROVIDER, kind_figures_from_data)


def kind_figures_from_data() -> Provided:
    """The kinds as they are in the database, in every process (see ``registry.refresh``):
    figures for kinds added or changed since start-up; retired and removed kinds hidden. The
    default kinds as seeded are registered at start-up and provide nothing here."""
    seeded = {code: (name, order, KindHolder.COMMITTEE if code in COMMITTEE_KINDS else KindHolder.BRANCH)
              for code, name, _is_lecture, order in DEFAULT_KINDS}  # fmt: skip
    figures: list[Figure] = []
    hidden: set[str] = set()
    present: set[str] = set()
    for kind in SessionKind.objects.order_by("order", "id"):
        present.add(kind.code)
        if seeded.get(kind.code) != (kind.name, kind.order, kind.held_by):
            figures += kind_figures(kind.code, kind.name, kind.order, kind.held_by)
        if not kind.is_active:
            hidden |= {f"study.kind.{kind.code}", f"study.held.{kind.code}"}
    for code in set(seeded) - present:
        hidden |= {f"study.kind.{code}", f"study.held.{code}"}
    return Provided(tuple(figures), frozenset(hidden))
