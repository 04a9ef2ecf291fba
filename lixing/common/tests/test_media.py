from __future__ import annotations

from django.test import Client


def test_uploaded_files_are_served_to_signed_in_users_only(district, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "a.txt").write_text("hello")
    assert Client().get("/media/photos/a.txt").status_code == 302
    response = district.client(district.member).get("/media/photos/a.txt")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"hello"
    assert district.client(district.member).get("/media/../settings.py").status_code in {400, 404}
