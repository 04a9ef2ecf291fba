"""Editing an item through the API (scoped, re-checked for duplicates) and the query counts of
the honours and model-example lists."""

from __future__ import annotations

import datetime

from django.urls import reverse

from lixing.orgs.access import SYSTEM
from lixing.publicity import services
from lixing.publicity.models import Article, HonourKind

from .conftest import make_article


def test_a_unit_edits_its_own_items_and_not_another_subtrees(district, levels):
    mine = make_article(district.branch_a1, title="原标题")
    theirs = make_article(district.branch_b1, title="乙的")
    c = district.client(district.unit_admin)
    r = c.patch(f"/api/v1/publicity/articles/{mine.pk}", {"title": "新标题", "level": "xuexi"},
                content_type="application/json")  # fmt: skip
    assert r.status_code == 200 and r.json()["title"] == "新标题" and r.json()["level"] == "xuexi"
    r = c.patch(f"/api/v1/publicity/articles/{theirs.pk}", {"title": "改别人的"}, content_type="application/json")
    assert r.status_code == 404
    assert Article.objects.get(pk=theirs.pk).title == "乙的"
    r = district.client(district.member).patch(f"/api/v1/publicity/articles/{mine.pk}", {"title": "x"},
                                               content_type="application/json")  # fmt: skip
    assert r.status_code == 403


def test_retitling_an_item_into_an_existing_story_flags_it(district, levels):
    make_article(district.branch_a1, title="同一个故事")
    other = make_article(district.branch_a1, title="另一个")
    c = district.client(district.district_admin)
    r = c.patch(f"/api/v1/publicity/articles/{other.pk}", {"title": "同一个 故事"}, content_type="application/json")
    assert r.json()["counted"] is False and r.json()["duplicate_of_id"] is not None


def _honour(district, n):
    services.honour_create(actor=SYSTEM, unit=district.root, kind=HonourKind.objects.get(code="excellent_member"),
                           level="district", body=f"工委{n}", year=2021, awarded_on=datetime.date(2021, 7, 1),
                           members=[(district.a1_members[n % 5], True), (district.b1_members[n % 3], False)])  # fmt: skip


def test_the_honours_and_examples_lists_keep_a_fixed_number_of_queries(district, levels, django_assert_max_num_queries):
    _honour(district, 1)
    services.example_create(actor=SYSTEM, unit=district.branch_a1, subject="team", team_name="红色跑腿", title="t",
                            story="s", recognised_on=datetime.date(2021, 6, 1))  # fmt: skip
    c = district.client(district.district_admin)
    pages = [reverse("publicity:honours"), reverse("publicity:examples"), reverse("publicity:public_honours")]
    counts = []
    for url in pages:
        c.get(url)
        with django_assert_max_num_queries(15) as ctx:
            c.get(url)
        counts.append(len(ctx.captured_queries))
    for n in range(2, 8):
        _honour(district, n)
        services.example_create(actor=SYSTEM, unit=district.branch_b1, subject="org", title=f"t{n}", story="s",
                                recognised_on=datetime.date(2021, 6, n))  # fmt: skip
    for url, n in zip(pages, counts, strict=True):
        with django_assert_max_num_queries(n):
            c.get(url)
