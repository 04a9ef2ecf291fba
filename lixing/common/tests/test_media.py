"""Uploaded files follow the access of the record they belong to."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lixing.orgs.access import SYSTEM
from lixing.study.models import SessionKind
from lixing.study.services import session_attach, session_create

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def session_file(district):  # type: ignore[no-untyped-def]
    kind = SessionKind.objects.order_by("pk")[0]
    session = session_create(actor=SYSTEM, unit=district.branch_a1, kinds=[kind], date=datetime.date(2026, 11, 20),
                             topic="主题党日", place="党员活动室")  # fmt: skip
    return session_attach(actor=SYSTEM, session=session, kind="photo",
                          upload=SimpleUploadedFile("合影.png", PNG, content_type="image/png"))  # fmt: skip


def _body(response) -> bytes:  # type: ignore[no-untyped-def]
    return b"".join(response.streaming_content)


def test_a_member_of_the_branch_gets_the_file_of_its_session(district, session_file):
    response = district.client(district.member).get(session_file.file.url)
    assert response.status_code == 200
    assert _body(response) == PNG


def test_the_district_office_gets_it_too(district, session_file):
    assert district.client(district.district_admin).get(session_file.file.url).status_code == 200


def test_a_member_of_another_branch_gets_404_on_the_upload_url(district, session_file):
    response = district.client(district.other_member).get(session_file.file.url)
    assert response.status_code == 404
    assert not hasattr(response, "streaming_content")


def test_nobody_signed_out_gets_it(district, session_file):
    assert Client().get(session_file.file.url).status_code == 302


def test_a_file_that_belongs_to_no_record_is_not_served(district, settings):
    (settings.MEDIA_ROOT / "study").mkdir(parents=True, exist_ok=True)
    (settings.MEDIA_ROOT / "study" / "stray.txt").write_text("hello")
    assert district.client(district.district_admin).get("/media/study/stray.txt").status_code == 404
    assert district.client(district.district_admin).get("/media/../config/settings.py").status_code in {400, 404}
