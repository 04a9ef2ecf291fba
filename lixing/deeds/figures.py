"""The figures of practical deeds, registered with the figure registry (drillable, scoped)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lixing.figures.periods import Period
from lixing.figures.registry import (
    Figure,
    FigureValue,
    Group,
    Reading,
    count_figure,
    rate_figure,
    register,
    register_stock_counters,
)
from lixing.figures.selectors import subtree_q
from lixing.orgs.models import Organization
from lixing.orgs.rollups import register_dated_stock

from . import counters as c
from .models import (
    CommunityRegistration,
    MicroProject,
    Milestone,
    RegistrationKind,
    ServiceActivity,
    ServiceTeam,
    Ticket,
    Visit,
    VisitTarget,
    VolunteerRecord,
    Wish,
    WishState,
)


def _in(period: Period, field: str) -> Q:
    return Q(**{f"{field}__range": (period.start, period.end)}) if period.start and period.end else Q()


def _tickets(actor: Any, org: Organization, period: Period) -> QuerySet[Ticket]:
    scoped = subtree_q(actor, org, "unit__path") | (Q(unit__isnull=True) & subtree_q(actor, org, "office__path"))
    return (
        Ticket.objects.filter(scoped, _in(period, "received_on"))
        .select_related("category", "unit", "office")
        .order_by("-received_on", "-id")
    )


def _tickets_where(**filters: Any) -> Any:
    def records(actor: Any, org: Organization, period: Period) -> QuerySet[Ticket]:
        return _tickets(actor, org, period).filter(**filters)

    return records


TICKET_COLUMNS = [
    (_("tracking code"), lambda t: t.code),
    (pgettext_lazy("ticket", "summary"), lambda t: t.title),
    (_("category"), lambda t: t.category.name),
    (_("source"), lambda t: t.get_source_display()),
    (_("responsible unit"), lambda t: t.unit.display_name if t.unit else "—"),
    (_("state"), lambda t: t.get_state_display()),
    (_("received on"), lambda t: t.received_on),
]


def _ticket_url(t: Ticket) -> str:
    return reverse("deeds:ticket", args=[t.pk])


def _median(actor: Any, org: Organization, period: Period) -> FigureValue:
    from .selectors import ticket_figures

    figures = ticket_figures(org=org, period=period)
    return FigureValue(figures.median_days, numerator=figures.solved, denominator=figures.solved)


def _visits(target: str | None = None) -> Any:
    def records(actor: Any, org: Organization, period: Period) -> QuerySet[Visit]:
        qs = Visit.objects.filter(subtree_q(actor, org), _in(period, "visited_on")).select_related("org")
        return (qs.filter(target_type=target) if target else qs).order_by("-visited_on", "-id")

    return records


VISIT_COLUMNS = [
    (_("date"), lambda v: v.visited_on),
    (_("visited"), lambda v: v.target_name),
    (_("topic"), lambda v: v.topic),
    (_("recorded by"), lambda v: v.org.display_name),
]


def _projects(field: str, **filters: Any) -> Any:
    def records(actor: Any, org: Organization, period: Period) -> QuerySet[MicroProject]:
        return (
            MicroProject.objects.filter(subtree_q(actor, org), _in(period, field), **filters)
            .select_related("org")
            .order_by("-proposed_on", "-id")
        )

    return records


def _milestones(actor: Any, org: Organization, period: Period) -> QuerySet[Milestone]:
    return (
        Milestone.objects.filter(subtree_q(actor, org, "project__org__path"), _in(period, "reached_on"))
        .select_related("project__org")
        .order_by("-reached_on", "-id")
    )


PROJECT_COLUMNS = [
    (_("project"), lambda p: p.title),
    (_("community"), lambda p: p.org.display_name),
    (_("phase"), lambda p: p.get_phase_display()),
    (_("budget (yuan)"), lambda p: p.budget or "—"),
    (_("spent (yuan)"), lambda p: p.spent),
    (_("progress (%)"), lambda p: p.progress),
]
MILESTONE_COLUMNS = [
    (_("project"), lambda m: m.project.title),
    (_("milestone"), lambda m: m.title),
    (_("date"), lambda m: m.reached_on),
    (_("spent (yuan)"), lambda m: m.spent),
]


def _wishes(field: str, **filters: Any) -> Any:
    def records(actor: Any, org: Organization, period: Period) -> QuerySet[Wish]:
        return (
            Wish.objects.filter(subtree_q(actor, org), _in(period, field), **filters)
            .select_related("org", "claimed_by")
            .order_by("-posted_on", "-id")
        )

    return records


WISH_COLUMNS = [
    (_("wish"), lambda w: w.title),
    (pgettext_lazy("wish", "for"), lambda w: w.initials),
    (_("community"), lambda w: w.org.display_name),
    (_("state"), lambda w: w.get_state_display()),
    (_("claimed by"), lambda w: w.claimed_by.name if w.claimed_by else "—"),
]


def _registrations(kind: str) -> Any:
    """Registrations as at the period's end: members' at the communities of the subtree;
    units' made by the units of the subtree (a unit registered with several communities is
    one unit in the figure, one row per community here)."""
    field = "unit__path" if kind == RegistrationKind.UNIT else "community__path"

    def records(actor: Any, org: Organization, period: Period) -> QuerySet[CommunityRegistration]:
        qs = CommunityRegistration.objects.filter(subtree_q(actor, org, field), kind=kind)
        if period.end is not None:
            qs = qs.filter(registered_on__lte=period.end)
        return qs.select_related("community", "unit", "member").order_by("-registered_on", "-id")

    return records


REGISTRATION_COLUMNS = [
    (_("community"), lambda r: r.community.display_name),
    (_("registered"), lambda r: r.unit.display_name if r.unit else r.member.name),
    (_("registered on"), lambda r: r.registered_on),
]


def _activities(actor: Any, org: Organization, period: Period) -> QuerySet[ServiceActivity]:
    return (
        ServiceActivity.objects.filter(subtree_q(actor, org, "community__path"), _in(period, "held_on"))
        .select_related("community")
        .order_by("-held_on", "-id")
    )


ACTIVITY_COLUMNS = [
    (_("activity"), lambda a: a.title),
    (_("community"), lambda a: a.community.display_name),
    (_("date"), lambda a: a.held_on),
]


def _volunteering(actor: Any, org: Organization, period: Period) -> QuerySet[VolunteerRecord]:
    return (
        VolunteerRecord.objects.filter(
            subtree_q(actor, org, "member__org__path"), _in(period, "activity__held_on"), confirmed_at__isnull=False
        )
        .select_related("member__org", "activity__community")
        .order_by("-activity__held_on", "-id")
    )


VOLUNTEER_COLUMNS = [
    (_("member"), lambda r: r.member.name),
    (_("activity"), lambda r: r.activity.title),
    (_("date"), lambda r: r.activity.held_on),
    (_("hours"), lambda r: r.hours),
    (_("people served"), lambda r: r.people_served),
]


def _teams(kind: str) -> Any:
    def records(actor: Any, org: Organization, period: Period) -> QuerySet[ServiceTeam]:
        qs = ServiceTeam.objects.filter(subtree_q(actor, org), kind=kind)
        if period.end is not None:
            qs = qs.filter(created_at__date__lte=period.end)
        return qs.select_related("org").order_by("name")

    return records


TEAM_COLUMNS = [(_("name"), lambda t: t.name), (_("organisation"), lambda t: t.org.display_name)]


def _hours(r: Reading) -> FigureValue:
    return FigureValue(r.total(c.V_HOURS10) / 10)


def register_deeds_figures() -> None:
    register_stock_counters(*c.STOCKS)
    register_dated_stock(*c.STOCKS)  # read as at the period's end
    g = Group.DEEDS
    t = c.ticket_key
    tk: dict[str, Any] = {"columns": TICKET_COLUMNS, "record_url": _ticket_url}
    # Visits
    register(count_figure("deeds.visits", _("Research visits"), g, counter=c.VISITS, unit=_("visits"),
                          records=_visits(), columns=VISIT_COLUMNS, sentence=_("made {value} research visits"),
                          order=10))  # fmt: skip
    visit_labels = {
        VisitTarget.ENTERPRISE: _("Enterprise visits"),
        VisitTarget.COMMUNITY: _("Community visits"),
        VisitTarget.VILLAGE: _("Village visits"),
    }
    for order, (target, label) in enumerate(visit_labels.items(), start=11):
        register(count_figure(f"deeds.visits.{target}", label, g,
                              counter=f"{c.VISITS}.{target}", unit=_("visits"), records=_visits(target),
                              columns=VISIT_COLUMNS, order=order))  # fmt: skip
    # Tickets
    register(count_figure("deeds.tickets", _("Problems collected"), g, counter=t("collected"), unit=_("problems"),
                          records=_tickets, sentence=_("collected {value} problems and suggestions"), order=20,
                          **tk))  # fmt: skip
    register(count_figure("deeds.tickets.solved", _("Problems solved"), g, counter=t("solved"), unit=_("problems"),
                          records=_tickets_where(outcome="resolved"), sentence=_("solved {value} problems"),
                          order=21, **tk))  # fmt: skip
    register(rate_figure("deeds.tickets.resolution_rate", _("Resolution rate"), g, numerator=t("solved"),
                         denominator=t("collected"), records=_tickets_where(outcome="resolved"),
                         description=_("Problems solved ÷ problems collected (by date received)."),
                         sentence=_("{numerator} of {denominator} problems solved ({value})"), order=22,
                         **tk))  # fmt: skip
    register(Figure(key="deeds.tickets.median_days", label=_("Median days to resolve"), group=g, compute=_median,
                    unit=_("days"), records=_tickets_where(outcome="resolved"),
                    description=_("Half of the solved problems took at most this many days (from a histogram)."),
                    sentence=_("a solved problem took {value} days (median)"), order=23, **tk))  # fmt: skip
    register(rate_figure("deeds.tickets.satisfaction", _("Submitters satisfied"), g, numerator=t("satisfied"),
                         denominator=t("rated"), records=_tickets_where(satisfied=True),
                         sentence=_("{numerator} of {denominator} submitters satisfied ({value})"), order=24,
                         **tk))  # fmt: skip
    register(count_figure("deeds.tickets.late", _("Late problems"), g, counter=t("late"), unit=_("problems"),
                          records=_tickets_where(late_at__isnull=False), sentence=_("{value} problems went late"),
                          order=25, **tk))  # fmt: skip
    # Projects
    register(count_figure("deeds.projects.proposed", _("Micro-projects proposed"), g, counter=c.P_PROPOSED,
                          unit=_("projects"), records=_projects("proposed_on"), columns=PROJECT_COLUMNS,
                          sentence=_("{value} micro livelihood projects proposed"), order=30))  # fmt: skip
    register(count_figure("deeds.projects.selected", _("Micro-projects selected"), g, counter=c.P_SELECTED,
                          unit=_("projects"), records=_projects("selected_on", selected_on__isnull=False),
                          columns=PROJECT_COLUMNS, sentence=_("{value} selected"), order=31))  # fmt: skip
    register(count_figure("deeds.projects.completed", _("Micro-projects completed"), g, counter=c.P_COMPLETED,
                          unit=_("projects"), records=_projects("accepted_on", accepted_on__isnull=False),
                          columns=PROJECT_COLUMNS, sentence=_("{value} completed"), order=32))  # fmt: skip
    register(count_figure("deeds.projects.budget", _("Micro-project budget (yuan)"), g, counter=c.P_BUDGET,
                          unit=_("yuan"), records=_projects("selected_on", selected_on__isnull=False),
                          columns=PROJECT_COLUMNS, sentence=_("a budget of {value} yuan"), order=33,
                          comparable=False))  # fmt: skip
    register(count_figure("deeds.projects.spent", _("Micro-project spending (yuan)"), g, counter=c.P_SPENT,
                          unit=_("yuan"), records=_milestones, columns=MILESTONE_COLUMNS,
                          sentence=_("{value} yuan spent"), order=34, comparable=False))  # fmt: skip
    # Wishes
    register(count_figure("deeds.wishes.posted", _("Micro-wishes posted"), g, counter=c.W_POSTED, unit=_("wishes"),
                          records=_wishes("posted_on"), columns=WISH_COLUMNS,
                          sentence=_("{value} micro-wishes posted"), order=40))  # fmt: skip
    register(count_figure("deeds.wishes.claimed", _("Micro-wishes claimed"), g, counter=c.W_CLAIMED,
                          unit=_("wishes"), records=_wishes("claimed_on", claimed_on__isnull=False),
                          columns=WISH_COLUMNS, sentence=_("{value} claimed"), order=41))  # fmt: skip
    register(count_figure("deeds.wishes.fulfilled", _("Micro-wishes fulfilled"), g, counter=c.W_FULFILLED,
                          unit=_("wishes"), records=_wishes("fulfilled_on", state=WishState.CONFIRMED),
                          columns=WISH_COLUMNS, sentence=_("{value} micro-wishes lit up"), order=42))  # fmt: skip
    # Registration and volunteering
    register(count_figure("deeds.registered.units", _("Units registered with communities"), g, counter=c.R_UNITS,
                          unit=_("units"), records=_registrations(RegistrationKind.UNIT),
                          columns=REGISTRATION_COLUMNS, stock=True, sentence=_("{value} units registered"),
                          description=_("Distinct units of the subtree registered with a community by the end "
                                        "of the period: a unit registered with several communities counts once."),
                          order=50))  # fmt: skip
    register(count_figure("deeds.registered.members", _("Members registered with communities"), g,
                          counter=c.R_MEMBERS, unit=_("people"), records=_registrations(RegistrationKind.MEMBER),
                          columns=REGISTRATION_COLUMNS, stock=True,
                          sentence=_("{value} in-service members registered where they live"),
                          order=51))  # fmt: skip
    register(count_figure("deeds.activities", _("Service activities"), g, counter=c.ACTIVITIES,
                          unit=_("activities"), records=_activities, columns=ACTIVITY_COLUMNS,
                          sentence=_("{value} service activities"), order=52))  # fmt: skip
    register(Figure(key="deeds.volunteer.hours", label=_("Volunteer hours"), group=g, counters=(c.V_HOURS10,),
                    from_counters=_hours, unit=_("hours"), records=_volunteering, columns=VOLUNTEER_COLUMNS,
                    sentence=_("{value} volunteer hours"), order=53, comparable=False))  # fmt: skip
    register(count_figure("deeds.volunteer.served", _("People served"), g, counter=c.V_SERVED, unit=_("people"),
                          records=_volunteering, columns=VOLUNTEER_COLUMNS, sentence=_("served {value} people"),
                          order=54, comparable=False))  # fmt: skip
    register(count_figure("deeds.teams.station", _("Volunteer stations"), g, counter=c.TEAM_KEYS["station"],
                          unit=_("stations"), records=_teams("station"), columns=TEAM_COLUMNS, stock=True,
                          sentence=_("{value} volunteer stations"), order=55))  # fmt: skip
    register(count_figure("deeds.teams.action_group", _("Party member action groups"), g,
                          counter=c.TEAM_KEYS["action_group"], unit=pgettext_lazy("unit", "groups"), records=_teams("action_group"),
                          columns=TEAM_COLUMNS, stock=True, sentence=_("{value} party member action groups"),
                          order=56))  # fmt: skip
