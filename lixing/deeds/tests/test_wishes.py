import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from lixing.deeds import services
from lixing.deeds.models import Wish, WishState, public_initials
from lixing.orgs.access import SYSTEM

from .helpers import assert_counters_equal_rebuild


def test_a_wish_is_posted_claimed_fulfilled_and_confirmed(district):
    w = services.wish_post(actor=district.unit_admin, org=district.committee_a, beneficiary_name="张秀英",
                           title="一台助听器", posted_on=datetime.date(2021, 5, 28))  # fmt: skip
    member = district.client(district.member)
    member.post(reverse("deeds:wish_action", args=[w.pk, "claim"]))
    w.refresh_from_db()
    assert w.state == WishState.CLAIMED and w.claimed_by == district.a1_members[1]
    assert district.client(district.other_member).post(reverse("deeds:wish_action", args=[w.pk, "fulfil"]),
                                                       {"note": "x"}).status_code in (302, 403, 404)  # fmt: skip
    w.refresh_from_db()
    assert w.state == WishState.CLAIMED
    from django.core.files.uploadedfile import SimpleUploadedFile

    photo = SimpleUploadedFile("p.png", b"\x89PNG\r\n\x1a\n" + b"0" * 10, "image/png")
    member.post(reverse("deeds:wish_action", args=[w.pk, "fulfil"]), {"note": "送上门并教会使用", "photo": photo})
    w.refresh_from_db()
    assert w.state == WishState.FULFILLED and w.photo
    district.client(district.unit_admin).post(reverse("deeds:wish_action", args=[w.pk, "confirm"]))
    w.refresh_from_db()
    assert w.state == WishState.CONFIRMED
    assert_counters_equal_rebuild([district.root.pk, district.committee_a.pk])


def test_the_public_wall_shows_only_initials(district):
    services.wish_post(actor=SYSTEM, org=district.committee_a, beneficiary_name="张秀英", title="冬天的棉被")
    html = Client().get(reverse("deeds:public_wishes")).content.decode()
    assert "冬天的棉被" in html and "张**" in html and "张秀英" not in html
    assert "张秀英" not in Client().get("/api/v1/deeds/public/wishes").content.decode()
    assert public_initials("Li Ming") == "L. M." and public_initials("王五") == "王*"


def test_only_a_member_claims_and_only_the_community_confirms(district):
    w = services.wish_post(actor=SYSTEM, org=district.committee_a, beneficiary_name="李四", title="轮椅")
    with pytest.raises(PermissionDenied):
        services.wish_claim(actor=district.district_admin, wish=w)
    w = services.wish_claim(actor=district.other_member, wish=w)
    w = services.wish_fulfil(actor=district.other_member, wish=w, note="已送达")
    with pytest.raises(PermissionDenied):
        services.wish_confirm(actor=district.other_member, wish=w)
    assert Wish.objects.get().state == WishState.FULFILLED
