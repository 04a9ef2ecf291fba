"""Briefing templates: editable by the office, validated on save (unknown placeholders refused)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lixing.reports.models import BriefingTemplate


def test_a_template_with_an_unknown_placeholder_is_refused_on_save(district):
    t = BriefingTemplate(org=district.root, name="周报", sentences={"orgs.members": "党员{count}名"})
    with pytest.raises(ValidationError) as exc:
        t.save()
    assert "{count}" in str(exc.value)
    assert not BriefingTemplate.objects.exists()


@pytest.mark.parametrize(
    "fields",
    [{"title_pattern": "{org}{month}简报"}, {"intro": "{oops"}, {"sentences": {"no.such.figure": "{value}"}},
     {"sentences": {"orgs.members": "党员{value!r}名{"}}],
)  # fmt: skip
def test_bad_titles_intros_and_sentences_are_refused(district, fields):
    with pytest.raises(ValidationError):
        BriefingTemplate(org=district.root, name="x", **fields).save()


def test_known_placeholders_are_accepted(district):
    t = BriefingTemplate(
        org=district.root, name="周报", title_pattern="{org}简报（{year}）",
        sentences={"orgs.secretary_coverage": "{denominator}个{org}支部中{numerator}个有书记，{value}{unit}"},
    )  # fmt: skip
    t.save()
    assert t.pk


def test_an_admin_edits_a_template_through_the_page(district):
    c = district.client(district.district_admin)
    url = f"{reverse('reports:template_new')}?org={district.root.pk}"
    assert c.get(url).status_code == 200
    r = c.post(url, {"name": "周报", "title_pattern": "{org}党建简报", "issuer": "办公室", "intro": "",
                     "sentence__orgs.members": "党员{value}名"})  # fmt: skip
    assert r.status_code == 302
    t = BriefingTemplate.objects.get()
    assert t.sentences == {"orgs.members": "党员{value}名"}


def test_the_page_shows_the_error_for_an_unknown_placeholder(district):
    c = district.client(district.district_admin)
    url = f"{reverse('reports:template_new')}?org={district.root.pk}"
    r = c.post(url, {"name": "周报", "title_pattern": "{org}", "sentence__orgs.members": "党员{total}名"})
    assert r.status_code == 200
    assert "{total}" in r.content.decode()
    assert not BriefingTemplate.objects.exists()


def test_a_secretary_may_not_edit_templates_and_another_member_sees_none(district):
    t = BriefingTemplate(org=district.committee_a, name="甲周报")
    t.save()
    assert (
        district.client(district.secretary)
        .get(reverse("reports:template_new"), {"org": district.branch_a1.pk})
        .status_code
        == 403
    )
    assert district.client(district.other_member).get(reverse("reports:template_edit", args=[t.pk])).status_code == 404
