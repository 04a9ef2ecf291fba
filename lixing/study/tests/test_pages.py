"""The study pages: scoped, with query counts that do not grow with the data."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lixing.orgs.access import SYSTEM
from lixing.study import services
from lixing.study.models import SessionFile, StudySession

from .conftest import make_session

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64


def _sessions(district, n):
    out = []
    for i in range(n):
        s = make_session(district.branch_a1, "party_day", "special_lecture", topic=f"第{i}次",
                         date=datetime.date(2021, 4, 1) + datetime.timedelta(days=i),
                         speaker_member=district.a1_members[0])  # fmt: skip
        services.attendance_tick(actor=SYSTEM, session=s, members=district.a1_members[: 1 + i % 4])
        out.append(s)
    return out


def _count_queries(django_assert_num_queries, client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["index", "session", "me"])
def test_list_pages_use_a_constant_number_of_queries(district, kinds, django_assert_num_queries, name):
    c = district.client(district.secretary)
    sessions = _sessions(district, 2)

    def url():
        if name == "session":
            return reverse("study:session", args=[sessions[0].pk])
        return reverse(f"study:{name}") + ("?period=2021" if name == "index" else "")

    c.get(url())  # warm caches
    small = _count_queries(django_assert_num_queries, c, url())
    _sessions(district, 6)
    services.attendance_tick(actor=SYSTEM, session=sessions[0], members=district.a1_members)
    with django_assert_num_queries(small):
        assert c.get(url()).status_code == 200


def test_the_secretary_records_a_session_through_the_form(district, kinds):
    c = district.client(district.secretary)
    assert c.get(reverse("study:session_new") + f"?org={district.branch_a1.pk}").status_code == 200
    resp = c.post(reverse("study:session_new") + f"?org={district.branch_a1.pk}", {
        "kinds": [kinds["party_day"].pk, kinds["special_lecture"].pk], "date": "2021-04-20",
        "topic": "重温入党誓词", "place": "党员活动室", "speaker_member": district.a1_members[0].pk,
        "expect_members": "on",
    })  # fmt: skip
    s = StudySession.objects.get()
    assert resp.status_code == 302 and resp["Location"] == reverse("study:session", args=[s.pk])
    assert s.expected_count == 5 and {k.code for k in s.kinds.all()} == {"party_day", "special_lecture"}


def test_a_session_form_without_a_place_says_what_is_missing(district, kinds):
    c = district.client(district.secretary)
    resp = c.post(reverse("study:session_new") + f"?org={district.branch_a1.pk}", {
        "kinds": [kinds["party_day"].pk], "date": "2021-04-20", "topic": "x"})  # fmt: skip
    assert resp.status_code == 200 and "请填写活动地点" in resp.text


def test_other_branches_see_nothing_of_a_session(district, kinds):
    s = make_session(district.branch_a1)
    other = district.client(district.other_member)
    assert other.get(reverse("study:session", args=[s.pk])).status_code == 404
    assert other.get(reverse("study:session_qr", args=[s.pk])).status_code == 404
    assert other.get(reverse("study:index") + f"?org={district.branch_a1.pk}").status_code == 404
    assert s.topic not in other.get(reverse("study:index")).text
    # A plain member of the branch sees the session but may not show the QR code or tick.
    member = district.client(district.member)
    assert member.get(reverse("study:session", args=[s.pk])).status_code == 200
    assert member.get(reverse("study:session_qr", args=[s.pk])).status_code == 403
    assert (
        member.post(reverse("study:session_tick", args=[s.pk]), {"members": [district.a1_members[2].pk]}).status_code
        == 403
    )


def test_the_qr_page_shows_an_svg_code_and_the_secretary_ticks_names(district, kinds):
    s = make_session(district.branch_a1)
    c = district.client(district.secretary)
    page = c.get(reverse("study:session_qr", args=[s.pk]))
    assert page.status_code == 200 and "<svg" in page.text and "signin/?code=" in page.text
    assert 'hx-trigger="every' in page.text
    c.post(reverse("study:session_tick", args=[s.pk]), {"members": [m.pk for m in district.a1_members[:2]]})
    s.refresh_from_db()
    assert s.attended_count == 2
    assert '<strong class="n-attended">2</strong>' in c.get(reverse("study:session_count", args=[s.pk])).text


def test_photos_and_materials_respect_type_and_size_limits(district, kinds, settings):
    s = make_session(district.branch_a1)
    c = district.client(district.secretary)
    c.post(reverse("study:session_upload", args=[s.pk]), {"kind": "photo", "file": SimpleUploadedFile("a.png", PNG)})
    c.post(reverse("study:session_upload", args=[s.pk]), {"kind": "photo", "file": SimpleUploadedFile("a.exe", PNG)})
    c.post(reverse("study:session_upload", args=[s.pk]),
           {"kind": "photo", "file": SimpleUploadedFile("fake.jpg", b"not an image at all")})  # fmt: skip
    big = SimpleUploadedFile("big.pdf", b"0" * (21 * 1024 * 1024))
    resp = c.post(reverse("study:session_upload", args=[s.pk]), {"kind": "material", "file": big}, follow=True)
    assert "20 MB" in resp.text
    assert list(SessionFile.objects.values_list("name", flat=True)) == ["a.png"]
