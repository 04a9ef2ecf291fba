"""The organisation's own figures: members, organisations by kind, secretary coverage."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lixing.orgs.models import Member, MemberStatus, Organization, OrgKind
from lixing.orgs.services import MEMBERS, PROBATIONARY, WITH_SECRETARY, kind_key
from lixing.orgs.validators import mask_phone

from .periods import Period
from .registry import Group, count_figure, rate_figure, register, register_stock_counters
from .selectors import subtree_q


def _members(actor: Any, org: Organization, period: Period) -> QuerySet[Member]:
    return Member.objects.filter(subtree_q(actor, org)).select_related("org").order_by("org__path", "name")


def _probationary(actor: Any, org: Organization, period: Period) -> QuerySet[Member]:
    return _members(actor, org, period).filter(status=MemberStatus.PROBATIONARY)


def _orgs_of(kind: str) -> Any:
    def records(actor: Any, org: Organization, period: Period) -> QuerySet[Organization]:
        return (
            Organization.objects.filter(subtree_q(actor, org, "path"), kind=kind, dissolved_at__isnull=True)
            .select_related("secretary")
            .order_by("path")
        )

    return records


def _branches_without_secretary(actor: Any, org: Organization, period: Period) -> QuerySet[Organization]:
    return _orgs_of(OrgKind.BRANCH)(actor, org, period).filter(secretary__isnull=True)


MEMBER_COLUMNS = [
    (pgettext_lazy("person", "name"), lambda m: m.name),
    (_("organisation"), lambda m: m.org.display_name),
    (pgettext_lazy("member status", "status"), lambda m: m.get_status_display()),
    (_("phone"), lambda m: mask_phone(m.phone)),
]
ORG_COLUMNS = [
    (_("organisation"), lambda o: o.name),
    (_("secretary"), lambda o: o.secretary.name if o.secretary else "—"),
]


def _member_url(m: Member) -> str:
    return reverse("orgs:member", args=[m.pk])


def _org_url(o: Organization) -> str:
    return reverse("orgs:detail", args=[o.pk])


def register_org_figures() -> None:
    register_stock_counters(MEMBERS, PROBATIONARY, WITH_SECRETARY, *(kind_key(k) for k in OrgKind.values))
    common: dict[str, Any] = {"stock": True}
    register(count_figure("orgs.members", _("Party members"), Group.ORGANISATION, counter=MEMBERS,
                          unit=_("people"), records=_members, columns=MEMBER_COLUMNS, record_url=_member_url,
                          sentence=_("{value} party members"), order=10, **common))  # fmt: skip
    register(count_figure("orgs.probationary", _("Probationary members"), Group.ORGANISATION, counter=PROBATIONARY,
                          unit=_("people"), records=_probationary, columns=MEMBER_COLUMNS, record_url=_member_url,
                          sentence=_("{value} probationary members"), order=15, **common))  # fmt: skip
    labels = {
        OrgKind.COMMITTEE: (_("Party committees"), _("{value} party committees"), 20),
        OrgKind.LEADING_GROUP: (_("Leading party groups"), _("{value} leading party groups"), 25),
        OrgKind.GENERAL_BRANCH: (_("General branches"), _("{value} general branches"), 30),
        OrgKind.BRANCH: (_("Branches"), _("{value} branches"), 40),
        OrgKind.CELL: (_("Party cells"), _("{value} party cells"), 50),
    }
    for kind, (label, sentence, order) in labels.items():
        register(count_figure(f"orgs.{kind}", label, Group.ORGANISATION, counter=kind_key(kind),
                              unit=pgettext_lazy("unit", "organisations"), records=_orgs_of(kind), columns=ORG_COLUMNS,
                              record_url=_org_url, sentence=sentence, order=order, **common))  # fmt: skip
    register(rate_figure("orgs.secretary_coverage", _("Branches with a secretary"), Group.ORGANISATION,
                         numerator=WITH_SECRETARY, denominator=kind_key(OrgKind.BRANCH),
                         records=_branches_without_secretary, columns=ORG_COLUMNS, record_url=_org_url,
                         description=_("Share of branches that have a secretary; the records are those without."),
                         sentence=_("{numerator} of {denominator} branches have a secretary ({value})"),
                         order=60, **common))  # fmt: skip
