"""Honours: figures in the seeds' words, the member's and organisation's pages, the public page
(no account; members named only with consent), and model examples in the briefing."""

from __future__ import annotations

import datetime

from django.urls import reverse

from lixing.figures.periods import Period
from lixing.figures.registry import get
from lixing.figures.selectors import figure_values
from lixing.orgs.access import SYSTEM
from lixing.publicity import services
from lixing.publicity.models import HonourKind

DAY = datetime.date(2021, 7, 1)


def _honour(district, code, **kw):
    return services.honour_create(actor=SYSTEM, unit=district.root, kind=HonourKind.objects.get(code=code),
                                  level="district", body="中共测试区工委", year=2021, awarded_on=DAY, **kw)  # fmt: skip


def _value(actor, org, key):
    return figure_values(actor=actor, orgs=[org], period=Period.parse("2021"), figures=[get(key)])[org.pk][key].value


def test_organisations_and_members_commended_are_counted_by_kind(district, levels):
    _honour(district, "advanced_org", orgs=[district.branch_a1, district.branch_b1])
    _honour(district, "excellent_member", members=[(district.a1_members[2], True), (district.b1_members[1], False)])
    admin = district.district_admin
    assert _value(admin, district.root, "publicity.honoured.advanced_org") == 2
    assert _value(admin, district.root, "publicity.honoured.excellent_member") == 2
    assert _value(district.unit_admin, district.committee_a, "publicity.honoured.excellent_member") == 1


def test_a_member_honour_cannot_name_an_organisation_and_recipients_stay_in_the_subtree(district, levels):
    import pytest
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        _honour(district, "excellent_member", orgs=[district.branch_a1])
    with pytest.raises(ValidationError):
        services.honour_create(actor=district.unit_admin, unit=district.committee_a,
                               kind=HonourKind.objects.get(code="advanced_org"), level="unit", body="甲党委",
                               year=2021, orgs=[district.branch_b1])  # fmt: skip


def test_the_member_and_organisation_pages_list_their_honours(district, levels):
    _honour(district, "excellent_member", members=[(district.a1_members[2], False)])
    _honour(district, "advanced_org", orgs=[district.branch_a1])
    c = district.client(district.unit_admin)
    page = c.get(reverse("orgs:member", args=[district.a1_members[2].pk])).content.decode()
    assert 'id="honours"' in page and "优秀共产党员" in page
    page = c.get(reverse("orgs:detail", args=[district.branch_a1.pk])).content.decode()
    assert 'id="honours"' in page and "先进基层党组织" in page
    assert 'id="honours"' not in c.get(reverse("orgs:detail", args=[district.branch_a2.pk])).content.decode()


def test_the_public_page_shows_only_what_is_published_and_names_only_consenting_members(client, district, levels):
    consenting, private = district.a1_members[2], district.a1_members[3]
    _honour(district, "excellent_member", members=[(consenting, True), (private, False)], published=True)
    _honour(district, "advanced_org", orgs=[district.branch_b1])  # not published
    page = client.get(reverse("publicity:public_honours")).content.decode()
    assert consenting.name in page and private.name not in page and "乙一支部" not in page
    data = client.get("/api/v1/publicity/public/honours").json()
    assert len(data) == 1 and [r["name"] for r in data[0]["recipients"]] == [consenting.name]
    assert data[0]["unnamed"] == 1 and "member_id" not in str(data)


def test_model_examples_feed_the_briefing(district, levels):
    from lixing.reports.briefing import briefing_content

    services.example_create(actor=district.secretary, unit=district.branch_a1, subject="member",
                            member=district.a1_members[1], title="扎根海岛的老支书", story="三十年如一日。",
                            recognised_on=datetime.date(2021, 6, 1))  # fmt: skip
    c = briefing_content(actor=district.district_admin, org=district.root, period=Period.parse("2021"),
                         as_of=datetime.date(2021, 12, 31), issue_no=1)  # fmt: skip
    section = next(s for s in c.sections if s.group == "publicity")
    assert any("扎根海岛的老支书" in e for e in section.examples)
    assert any("典型" in s or "model" in s for s in section.sentences)
