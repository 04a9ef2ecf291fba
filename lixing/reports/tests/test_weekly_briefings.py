"""The weekly issue: filed for every unit that asked, once per week however often it runs."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from lixing.figures.periods import Period
from lixing.orgs.access import SYSTEM
from lixing.reports.models import Briefing, BriefingSubscription
from lixing.reports.services import briefing_issue, subscription_set

from .conftest import WEEK


def test_running_the_weekly_job_twice_for_a_week_files_one_issue(figures_data):
    d = figures_data
    subscription_set(actor=SYSTEM, org=d.root, active=True)
    subscription_set(actor=SYSTEM, org=d.committee_a, active=True)
    call_command("issue_weekly_briefings", week=WEEK)
    call_command("issue_weekly_briefings", week=WEEK)
    assert sorted(Briefing.objects.values_list("org_id", "week", "issue_no")) == sorted(
        [(d.root.pk, WEEK, 1), (d.committee_a.pk, WEEK, 1)]
    )
    call_command("issue_weekly_briefings", week="2026W47")
    assert Briefing.objects.get(org=d.root, week="2026W47").issue_no == 2


def test_the_database_refuses_a_second_issue_for_the_same_week(figures_data):
    d = figures_data
    briefing_issue(actor=SYSTEM, org=d.root, period=Period.parse(WEEK), week=WEEK)
    with pytest.raises(IntegrityError), transaction.atomic():
        Briefing.objects.create(
            org=d.root, issue_no=99, title="x", period=WEEK, as_of="2026-11-15", week=WEEK, file="x"
        )


def test_stopped_subscriptions_get_nothing(figures_data):
    subscription_set(actor=SYSTEM, org=figures_data.root, active=False)
    call_command("issue_weekly_briefings", week=WEEK)
    assert not Briefing.objects.exists()


def test_the_weekly_job_can_run_as_a_background_task(figures_data):
    subscription_set(actor=SYSTEM, org=figures_data.root, active=True)
    call_command("issue_weekly_briefings", week=WEEK, enqueue=True)  # tasks run at once in tests
    assert Briefing.objects.filter(week=WEEK).count() == 1


def test_a_secretary_asks_for_the_weekly_briefing_and_a_member_may_not(figures_data):
    d = figures_data
    url = reverse("reports:subscribe")
    assert d.client(d.member).post(url, {"org": d.branch_a1.pk, "active": "1"}).status_code == 403
    assert d.client(d.other_member).post(url, {"org": d.branch_a1.pk, "active": "1"}).status_code == 404
    assert d.client(d.secretary).post(url, {"org": d.branch_a1.pk, "active": "1"}).status_code == 302
    assert BriefingSubscription.objects.get().org == d.branch_a1


def test_the_archive_lists_issued_briefings_with_download_links_in_scope_only(figures_data):
    d = figures_data
    a = briefing_issue(actor=SYSTEM, org=d.committee_a, period=Period.parse(WEEK), week=WEEK)
    b = briefing_issue(actor=SYSTEM, org=d.committee_b, period=Period.parse(WEEK), week=WEEK)
    page = d.client(d.unit_admin).get(reverse("reports:briefings"), {"org": d.committee_a.pk}).content.decode()
    assert reverse("reports:briefing_docx", args=[a.pk]) in page
    assert reverse("reports:briefing_docx", args=[b.pk]) not in page
    assert d.client(d.unit_admin).get(reverse("reports:briefing_docx", args=[b.pk])).status_code == 404
    r = d.client(d.unit_admin).get(reverse("reports:briefing_docx", args=[a.pk]))
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_demo_sets_up_a_template_and_a_weekly_subscription_for_the_root(district):
    from lixing.common.demo import DemoContext
    from lixing.reports.demo import build_demo_reports

    build_demo_reports(DemoContext(preset="district", rng=__import__("random").Random(1), root_id=district.root.pk,
                                   today=__import__("datetime").date(2026, 11, 22)))  # fmt: skip
    sub = BriefingSubscription.objects.get()
    assert sub.org == district.root and sub.active and sub.template is not None
    # The last three months are in the archive, and "bulletins issued" counts them.
    from lixing.figures.registry import get
    from lixing.figures.selectors import figure_values

    assert list(Briefing.objects.order_by("issue_no").values_list("issue_no", "period")) == [
        (1, "2026-08"), (2, "2026-09"), (3, "2026-10")]  # fmt: skip
    v = figure_values(actor=district.district_admin, orgs=[district.root], period=Period.parse("2026"),
                      figures=[get("reports.bulletins")])[district.root.pk]["reports.bulletins"]  # fmt: skip
    assert v.value == 3
