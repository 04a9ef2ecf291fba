"""One normaliser for identifiers: forms, the API and imports store the same value for the
same number however it was typed, and digits of other scripts are refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lixing.common.identifiers import is_ascii_digits, normalize_identifier
from lixing.common.testing import unique_id_number
from lixing.orgs.models import Member
from lixing.orgs.tests.test_api import Api
from lixing.orgs.validators import normalize_phone, validate_id_number, validate_phone

FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("１１０１０５１９９００３０７１２３ｘ", "11010519900307123X"),
        (" 110105 1990 0307 123x ", "11010519900307123X"),
        ("110105\u300019900307123X", "11010519900307123X"),  # an ideographic space
        ("\ufeff110105\u200b19900307123X", "11010519900307123X"),  # pasted with invisible characters
        ("(0574) 8765 4321", "057487654321"),
        ("（０５７４）８７６５-４３２１", "05748765-4321"),
    ],
)
def test_identifiers_typed_any_way_are_stored_one_way(typed: str, stored: str) -> None:
    assert normalize_identifier(typed) == stored


def test_a_phone_loses_the_country_code_and_full_width_digits() -> None:
    assert normalize_phone("+86 １３８ ０００１ １１１１") == "13800011111"
    assert validate_phone("１３８００01１１１１") == "13800011111"


def test_digits_of_other_scripts_are_refused_not_converted() -> None:
    number, _birth, _gender = unique_id_number(42)
    with pytest.raises(ValidationError) as caught:
        validate_id_number(number.translate(ARABIC_INDIC))
    assert caught.value.code == "id_chars"
    with pytest.raises(ValidationError):
        validate_phone("13800011111".translate(ARABIC_INDIC))
    assert not is_ascii_digits("١٢٣") and is_ascii_digits("123") and not is_ascii_digits("")


def test_a_full_width_id_number_is_valid_and_yields_its_birth_date() -> None:
    number, birth, gender = unique_id_number(43)
    assert validate_id_number(number.translate(FULL_WIDTH)) == (birth, gender)


@pytest.mark.django_db
def test_the_member_form_stores_a_full_width_number_normalised_and_refuses_the_same_person_twice(
    district: Any,
) -> None:
    number, _birth, gender = unique_id_number(900_101)
    c = district.client(district.secretary)
    url = reverse("orgs:member_create", args=[district.branch_a1.pk])
    data = {"name": "全角", "gender": gender, "id_number": number.translate(FULL_WIDTH)[:6] + " " +
            number.translate(FULL_WIDTH)[6:], "ethnicity": "汉族", "category": "in_service",
            "joined_at": "2012-07-01", "confirmed_at": "2013-07-01", "standing": "normal"}  # fmt: skip
    r = c.post(url, data)
    assert r.status_code == 302, r.content.decode()[:2000]
    assert Member.objects.get(name="全角").id_number == number
    again = c.post(url, {**data, "name": "半角", "id_number": number})
    assert again.status_code == 200 and not Member.objects.filter(name="半角").exists()


@pytest.mark.django_db
def test_the_api_stores_a_full_width_number_normalised(district: Any) -> None:
    number, _birth, gender = unique_id_number(900_102)
    body = {"name": "接口全角", "gender": gender, "id_number": number.translate(FULL_WIDTH).lower(),
            "joined_at": "2012-07-01", "confirmed_at": "2013-07-01", "phone": "１３８ ０００１ ２２２２"}  # fmt: skip
    r = Api(district.secretary).send("post", f"/{district.branch_a1.pk}/members", body)
    assert r.status_code == 201, r.content
    m = Member.objects.get(name="接口全角")
    assert (m.id_number, m.phone) == (number, "13800012222")


@pytest.mark.django_db
def test_a_tracking_code_typed_full_width_finds_the_ticket(district: Any) -> None:
    from django.test import Client

    from lixing.deeds.tests.helpers import public_ticket

    t = public_ticket(district.root)
    typed = t.code.lower().translate(str.maketrans("abcdefghijklmnopqrstuvwxyz0123456789",
                                                   "ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ０１２３４５６７８９"))  # fmt: skip
    r = Client().get(reverse("deeds:track"), {"code": typed}, follow=True)
    assert r.status_code == 200 and t.code in r.content.decode()
