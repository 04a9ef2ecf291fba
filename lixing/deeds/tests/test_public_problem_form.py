import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from lixing.deeds.models import Ticket, TicketPhoto

from .helpers import category, public_ticket

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def _form(**extra):
    data = {
        "submitter_type": "resident", "category": category().pk, "title": "楼道堆物", "description": "三单元楼道堆满杂物，存在消防隐患",
        "location": "海湾社区3幢", "submitter_name": "李阿姨", "submitter_phone": "13912345678",
    }  # fmt: skip
    data.update(extra)
    return data


def test_a_resident_files_a_problem_without_an_account_and_gets_a_tracking_code(district):
    c = Client()
    resp = c.post(reverse("deeds:report"), _form(photos=[SimpleUploadedFile("a.png", PNG, "image/png")]))
    ticket = Ticket.objects.get()
    assert resp.status_code == 302 and str(resp["Location"]).endswith(f"/track/{ticket.code}/")
    assert len(ticket.code) == 10 and ticket.office == district.root and ticket.source == "public"
    assert TicketPhoto.objects.filter(ticket=ticket).count() == 1
    page = c.get(resp["Location"])
    assert page.status_code == 200 and ticket.code in page.content.decode()


def test_an_oversized_photo_is_refused_with_a_clear_message_and_the_text_is_kept(district):
    big = SimpleUploadedFile("big.jpg", b"\xff\xd8\xff" + b"0" * (6 * 1024 * 1024), "image/jpeg")
    resp = Client().post(reverse("deeds:report"), _form(photos=[big]))
    html = resp.content.decode()
    assert resp.status_code == 400
    assert "big.jpg" in html and "MB" in html
    assert "三单元楼道堆满杂物，存在消防隐患" in html and "楼道堆物" in html and "13912345678" in html
    assert not Ticket.objects.exists()


def test_a_file_that_is_not_an_image_is_refused_and_the_text_is_kept(district):
    fake = SimpleUploadedFile("photo.png", b"MZ this is an executable", "image/png")
    doc = SimpleUploadedFile("notes.pdf", b"%PDF-1.4", "application/pdf")
    for upload in (fake, doc):
        resp = Client().post(reverse("deeds:report"), _form(photos=[upload]))
        html = resp.content.decode()
        assert resp.status_code == 400
        assert str(upload.name) in html
        assert "楼道堆物" in html
    assert not Ticket.objects.exists()


def test_the_public_form_is_rate_limited_per_address(district, settings):
    settings.LIXING_PUBLIC_SUBMIT_LIMIT = 2
    c = Client(REMOTE_ADDR="10.0.0.9")
    assert c.post(reverse("deeds:report"), _form()).status_code == 302
    assert c.post(reverse("deeds:report"), _form()).status_code == 302
    third = c.post(reverse("deeds:report"), _form())
    assert third.status_code == 429 and "楼道堆物" in third.content.decode()
    assert Client(REMOTE_ADDR="10.0.0.10").post(reverse("deeds:report"), _form()).status_code == 302
    assert Ticket.objects.count() == 3


def test_the_tracking_page_shows_state_and_timeline_but_nothing_personal(district):
    t = public_ticket(district.root, location="幸福路8号")
    html = Client().get(reverse("deeds:track_code", args=[t.code])).content.decode()
    assert t.code in html and t.get_state_display() in html
    for personal in ("王大妈", "13812345678", "138****5678", "小区门口路灯坏了一周", "幸福路8号"):
        assert personal not in html


def test_a_submitter_reads_only_their_own_ticket_by_its_code(district):
    mine = public_ticket(district.root)
    other = public_ticket(district.root, submitter_name="赵先生", submitter_phone="13700001111", title="噪音扰民")
    html = Client().get(reverse("deeds:track_code", args=[mine.code])).content.decode()
    assert other.code not in html and "噪音扰民" not in html and "赵先生" not in html
    assert Client().get(reverse("deeds:track_code", args=["ABCDEFGHJK"])).status_code == 404
    assert Client().get(reverse("deeds:track_code", args=[str(other.pk)])).status_code == 404


def test_the_public_form_works_without_login_and_offers_categories(district):
    resp = Client().get(reverse("deeds:report"))
    assert resp.status_code == 200 and "群众诉求" in resp.content.decode()
    assert 'name="viewport"' in resp.content.decode()


def test_public_api_submission_and_tracking_need_no_account_and_reveal_nothing_personal(district):
    c = Client()
    resp = c.post("/api/v1/deeds/public/tickets", {
        "category_id": category().pk, "title": "停车难", "description": "晚上没有车位", "submitter_phone": "13812340000",
        "submitter_name": "陈先生",
    }, content_type="application/json")  # fmt: skip
    assert resp.status_code == 201, resp.content
    code = resp.json()["code"]
    tracked = c.get(f"/api/v1/deeds/public/tickets/{code}")
    body = tracked.content.decode()
    assert tracked.status_code == 200 and tracked.json()["state"] == "new"
    assert "陈先生" not in body and "13812340000" not in body and "晚上没有车位" not in body
    assert c.get("/api/v1/deeds/public/tickets/ZZZZZZZZZZ").status_code == 404
    assert c.get("/api/v1/deeds/tickets").status_code == 401


def test_the_lookup_form_tolerates_typing_mistakes_in_the_code(district):
    t = public_ticket(district.root)
    messy = f" {t.code[:5].lower()}-{t.code[5:]} "
    resp = Client().get(reverse("deeds:track"), {"code": messy}, follow=True)
    assert resp.status_code == 200 and t.code in resp.content.decode()
    assert Client().get(reverse("deeds:track"), {"code": "ab/../c"}, follow=True).status_code == 404
