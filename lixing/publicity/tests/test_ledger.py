"""The publicity ledger: figures by level in the seeds' words, duplicates flagged (not merged,
not counted twice), the office's flags, scoping, and one record for a form sent twice."""

from __future__ import annotations

import datetime

from django.urls import reverse

from lixing.figures.periods import Period
from lixing.figures.registry import get
from lixing.figures.selectors import figure_records, figure_values
from lixing.orgs.rollups import read_totals, rollup_rebuild
from lixing.publicity import services
from lixing.publicity.models import Article

from .conftest import DAY, make_article


def _value(actor, org, key, period="2021"):
    return figure_values(actor=actor, orgs=[org], period=Period.parse(period), figures=[get(key)])[org.pk][key].value


def test_items_are_counted_by_level_with_xuexi_and_central_provincial_apart(district, levels):
    make_article(district.branch_a1, "xuexi", title="一")
    make_article(district.branch_a1, "xuexi", title="二")
    make_article(district.committee_a, "central", title="三", outlet="人民日报")
    make_article(district.branch_b1, "provincial", title="四", outlet="浙江日报")
    make_article(district.branch_b1, "district", title="五", published_on=datetime.date(2020, 12, 31))
    admin, root = district.district_admin, district.root
    assert _value(admin, root, "publicity.articles") == 4
    assert _value(admin, root, "publicity.level.xuexi") == 2
    assert _value(admin, root, "publicity.central_provincial") == 2
    assert _value(admin, root, "publicity.articles", "all") == 5
    assert _value(district.unit_admin, district.committee_a, "publicity.articles") == 3
    titles = {a.title for a in figure_records(actor=admin, org=root, period=Period.parse("2021"),
                                                key="publicity.central_provincial")}  # fmt: skip
    assert titles == {"三", "四"}


def test_the_same_outlet_and_title_is_flagged_not_merged_and_counted_once(district, levels):
    first = make_article(district.branch_a1, title="“书记加油PK”赛出新气象")
    second = make_article(district.branch_b1, title=" “书记加油 PK” 赛出新气象！")
    other_outlet = make_article(district.branch_b1, title="“书记加油PK”赛出新气象", outlet="甬派")
    assert second.duplicate_of_id == first.pk and not second.counted
    assert other_outlet.duplicate_of_id is None
    assert Article.objects.count() == 3
    assert _value(district.district_admin, district.root, "publicity.articles") == 2
    services.article_clear_duplicate(actor=district.district_admin, article=second)
    assert _value(district.district_admin, district.root, "publicity.articles") == 3


def test_a_secretary_cannot_clear_a_duplicate_flag_the_office_can(district, levels):
    make_article(district.branch_a1, title="同题")
    dup = make_article(district.branch_a1, title="同题")
    c = district.client(district.secretary)
    assert c.post(reverse("publicity:article_clear_duplicate", args=[dup.pk])).status_code == 403
    c = district.client(district.unit_admin)
    assert c.post(reverse("publicity:article_clear_duplicate", args=[dup.pk])).status_code == 302
    dup.refresh_from_db()
    assert dup.duplicate_of_id is None and dup.duplicate_cleared


def test_deleting_the_first_of_a_story_makes_the_flagged_copy_count(district, levels):
    first = make_article(district.branch_a1, title="同题")
    make_article(district.branch_a1, title="同题")
    services.article_delete(actor=district.district_admin, article=first)
    assert _value(district.district_admin, district.root, "publicity.articles") == 1
    assert Article.objects.get().duplicate_of_id is None


def test_counters_equal_a_rebuild_after_edits_and_deletes(district, levels):
    a = make_article(district.branch_a1, "xuexi", title="一")
    make_article(district.branch_a1, title="一")
    make_article(district.branch_b1, "central", title="二", kind="video", series="微视频")
    services.article_update(actor=district.district_admin, article=a, level=levels["central"], title="改")
    keys = ["publicity.articles", "publicity.level.xuexi", "publicity.level.central", "publicity.central_provincial",
            "publicity.videos_in_series"]  # fmt: skip
    def totals():
        return {k: v for k, v in read_totals([district.root.pk], keys, ["2021", "all"]).items() if v}

    before = totals()
    rollup_rebuild(sources=["publicity"])
    assert totals() == before
    assert before[(district.root.pk, "publicity.articles", "2021")] == 3  # the copy of "一" now counts


def test_a_unit_sees_and_edits_only_its_subtrees_items(district, levels):
    a = make_article(district.branch_a1, title="甲的")
    b = make_article(district.branch_b1, title="乙的")
    c = district.client(district.unit_admin)
    page = c.get(reverse("publicity:index"), {"org": district.committee_a.pk}).content.decode()
    assert "甲的" in page and "乙的" not in page
    assert c.get(reverse("publicity:article", args=[b.pk])).status_code == 404
    assert c.post(reverse("publicity:article_delete", args=[b.pk])).status_code == 404
    assert c.post(reverse("publicity:article_delete", args=[a.pk])).status_code == 302
    assert district.client(district.other_member).get(reverse("publicity:article", args=[a.pk])).status_code == 404
    assert Article.objects.filter(pk=b.pk).exists() and not Article.objects.filter(pk=a.pk).exists()


def test_a_member_cannot_record_an_item(district, levels):
    c = district.client(district.member)
    r = c.get(reverse("publicity:article_new"), {"org": district.branch_a1.pk})
    assert r.status_code == 403


def test_the_form_sent_twice_makes_one_record_and_warns_of_a_duplicate(district, levels):
    c = district.client(district.secretary)
    url = f"{reverse('publicity:article_new')}?org={district.branch_a1.pk}"
    data = {"title": "海湾社区党建直播", "outlet": "甬派", "level": levels["municipal"].pk, "kind": "article",
            "published_on": DAY.isoformat(), "link": "https://example.org/x", "form_token": "tok-1"}  # fmt: skip
    assert c.post(url, data).status_code == 302
    assert c.post(url, data).status_code == 302
    assert Article.objects.count() == 1
    r = c.post(url, {**data, "form_token": "tok-2"}, follow=True)
    assert Article.objects.count() == 2 and 'id="duplicate"' in r.content.decode()
    assert Article.objects.filter(duplicate_of__isnull=False).count() == 1


def test_the_office_marks_which_items_count_for_a_campaign(district, levels):
    from lixing.campaigns.models import Campaign

    campaign = Campaign.objects.create(org=district.root, title="党史学习教育", starts_on=datetime.date(2021, 3, 1),
                                       ends_on=datetime.date(2021, 12, 31))  # fmt: skip
    a = make_article(district.branch_a1)
    c = district.client(district.district_admin)
    c.post(reverse("publicity:article_campaign", args=[a.pk]), {"campaign": campaign.pk})
    a.refresh_from_db()
    assert a.campaign_id == campaign.pk
    c = district.client(district.secretary)
    assert c.post(reverse("publicity:article_campaign", args=[a.pk]), {"campaign": ""}).status_code == 403


def test_the_ledger_page_keeps_a_fixed_number_of_queries(district, levels, django_assert_max_num_queries):
    for i in range(5):
        make_article(district.branch_a1, title=f"报道{i}")
    c = district.client(district.district_admin)
    c.get(reverse("publicity:index"))
    with django_assert_max_num_queries(12) as ctx:
        c.get(reverse("publicity:index"), {"org": district.root.pk})
    n = len(ctx.captured_queries)
    for i in range(20):
        make_article(district.branch_b1, title=f"更多{i}")
    with django_assert_max_num_queries(n):
        c.get(reverse("publicity:index"), {"org": district.root.pk})
