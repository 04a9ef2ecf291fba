"""Judges: conflicts of interest enforced in the service, sheets saved as they go and locked on
submit, the board from submitted sheets only, scoping of entries, and the board's queries."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from lixing.contests import selectors, services

from .conftest import criteria, entries, fill, judge


def test_a_judge_never_scores_an_entry_from_their_own_unit(district, pk):
    j = judge(district, pk, "judge_a", district.committee_a)
    a1, a2, b1 = entries(pk)
    assert [e.pk for e in services.sheet_entries(j)] == [b1.pk]
    with pytest.raises(PermissionDenied):
        services.score_save(actor=j.user, judge=j, entry=a1, criterion=criteria(pk)[0], value=9)
    r = district.client(j.user).post(reverse("contests:score", args=[j.pk]),
                                     {"entry": a2.pk, "criterion": criteria(pk)[0].pk, f"s-{a2.pk}-{criteria(pk)[0].pk}": "9"})  # fmt: skip
    assert 'class="bad"' in r.content.decode()
    assert not j.scores.exists()


def test_a_judge_cannot_change_a_submitted_sheet(district, pk):
    j = judge(district, pk, "judge_b", district.committee_b)
    fill(j, {1: 8, 2: 7, 3: 0})
    assert services.sheet_submit(actor=j.user, judge=j) is True
    assert services.sheet_submit(actor=j.user, judge=j) is False
    with pytest.raises(ValidationError):
        services.score_save(actor=j.user, judge=j, entry=entries(pk)[0], criterion=criteria(pk)[0], value=1)
    r = district.client(j.user).put(f"/api/v1/contests/sheets/{j.pk}/scores", {
        "entry_id": entries(pk)[0].pk, "criterion_id": criteria(pk)[0].pk, "value": "1"}, content_type="application/json")  # fmt: skip
    assert r.status_code == 400
    assert {float(v) for v in j.scores.filter(entry=entries(pk)[0]).values_list("value", flat=True)} == {8.0}


def test_a_sheet_with_missing_scores_cannot_be_submitted(district, pk):
    j = judge(district, pk, "judge_b", district.committee_b)
    services.score_save(actor=j.user, judge=j, entry=entries(pk)[0], criterion=criteria(pk)[0], value=8)
    with pytest.raises(ValidationError):
        services.sheet_submit(actor=j.user, judge=j)


def test_nobody_else_may_write_on_a_judges_sheet(district, pk):
    j = judge(district, pk, "judge_b", district.committee_b)
    with pytest.raises(PermissionDenied):
        services.score_save(actor=district.district_admin, judge=j, entry=entries(pk)[0], criterion=criteria(pk)[0],
                            value=8)  # fmt: skip
    assert district.client(district.district_admin).get(reverse("contests:sheet", args=[j.pk])).status_code == 404


def test_out_of_range_scores_are_refused(district, pk):
    j = judge(district, pk, "judge_b", district.committee_b)
    for bad in (-1, 10.5, "8.123", "x"):
        with pytest.raises(ValidationError):
            services.score_save(actor=j.user, judge=j, entry=entries(pk)[0], criterion=criteria(pk)[0], value=bad)


def test_the_board_counts_only_submitted_sheets_and_follows_the_rule(district, pk):
    a1, a2, b1 = entries(pk)
    jb = judge(district, pk, "judge_b", district.committee_b)  # scores a1 and a2
    ja = judge(district, pk, "judge_a", district.committee_a)  # scores b1
    jr = judge(district, pk, "judge_r", district.root)  # own unit is the root: scores nothing
    late = judge(district, pk, "judge_late", district.committee_b)
    fill(jb, {1: 8, 2: 6})
    fill(ja, {3: 9})
    fill(late, {1: 2, 2: 2})  # never submitted: must not count
    services.sheet_submit(actor=jb.user, judge=jb)
    services.sheet_submit(actor=ja.user, judge=ja)
    assert services.sheet_entries(jr) == []
    b = selectors.board(contest=pk)
    rows = {r.entry_id: r for r in b.rows}
    assert (b.judges_total, b.judges_submitted) == (4, 2)
    assert rows[a1.pk].judges == pytest.approx(80.0) and rows[a2.pk].judges == pytest.approx(60.0)
    assert rows[b1.pk].judges == pytest.approx(90.0)
    # No votes yet: the audience (20%) gives 0 to everyone.
    assert rows[b1.pk].total == pytest.approx(72.0) and rows[b1.pk].rank == 1
    services.vote_cast(voter="u1", contest=pk, entry=a1)
    b = selectors.board(contest=pk)
    rows = {r.entry_id: r for r in b.rows}
    assert rows[a1.pk].votes == 1 and rows[a1.pk].total == pytest.approx(80 * 0.8 + 100 * 0.2)
    assert [r.rank for r in b.rows] == [1, 2, 3] and b.rows[0].entry_id == a1.pk


def test_a_unit_sees_and_edits_only_its_subtrees_entries(district, pk):
    b1 = entries(pk)[2]
    c = district.client(district.unit_admin)
    titles = [e["title"] for e in c.get(f"/api/v1/contests/contests/{pk.pk}/entries").json()]
    assert titles == ["甲一支部书记述职", "甲二支部书记述职"]
    r = c.post(f"/api/v1/contests/contests/{pk.pk}/entries",
               {"kind": "member", "member_id": district.b1_members[1].pk, "title": "乙"}, content_type="application/json")  # fmt: skip
    assert r.status_code == 404
    r = c.post(f"/api/v1/contests/contests/{pk.pk}/entries",
               {"kind": "member", "member_id": district.a1_members[3].pk, "title": "甲"}, content_type="application/json")  # fmt: skip
    assert r.status_code == 201
    assert district.client(district.other_member).get(f"/api/v1/contests/contests/{pk.pk}/entries").json() == [
        {"id": b1.pk, "kind": "secretary", "title": "乙一支部书记述职", "member_id": b1.member_id,
         "org_id": district.branch_b1.pk, "order": 3}]  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.entry_remove(actor=district.unit_admin, entry=b1)


def test_the_api_refuses_bools_and_strings_as_ids(district, pk):
    c = district.client(district.district_admin)
    for bad in (True, str(district.a1_members[3].pk)):
        r = c.post(f"/api/v1/contests/contests/{pk.pk}/entries", {"kind": "member", "member_id": bad, "title": "x"},
                   content_type="application/json")  # fmt: skip
        assert r.status_code == 422


def test_the_board_keeps_a_fixed_number_of_queries(district, pk, django_assert_max_num_queries):
    c = district.client(district.district_admin)
    url = reverse("contests:board", args=[pk.pk])
    first = judge(district, pk, "j0", district.committee_b)
    fill(first, {1: 7, 2: 8})
    services.sheet_submit(actor=first.user, judge=first)
    services.vote_cast(voter="u99", contest=pk, entry=entries(pk)[0])
    c.get(url)
    with django_assert_max_num_queries(12) as ctx:
        c.get(url, HTTP_HX_REQUEST="true")
    n = len(ctx.captured_queries)
    for name, unit in [("j1", district.committee_b), ("j2", district.committee_a), ("j3", district.root)]:
        j = judge(district, pk, name, unit)
        fill(j, {1: 7, 2: 8, 3: 9})
        services.sheet_submit(actor=j.user, judge=j)
    for i in range(10):
        services.vote_cast(voter=f"u{i}", contest=pk, entry=entries(pk)[i % 3])
    with django_assert_max_num_queries(n):
        c.get(url, HTTP_HX_REQUEST="true")


def test_the_contest_list_keeps_a_fixed_number_of_queries(district, pk, django_assert_max_num_queries):
    c = district.client(district.district_admin)
    c.get(reverse("contests:index"))
    with django_assert_max_num_queries(20) as ctx:
        c.get(reverse("contests:index"))
    n = len(ctx.captured_queries)
    for i in range(5):
        services.contest_create(actor=district.district_admin, unit=district.root, kind="chorus", title=f"合唱{i}",
                                held_on=pk.held_on, criteria=[("演唱", 1, 10)])  # fmt: skip
    with django_assert_max_num_queries(n):
        c.get(reverse("contests:index"))
