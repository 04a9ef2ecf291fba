from django.urls import reverse

from lixing.deeds.models import Category


def test_the_district_office_adds_finer_categories_with_their_resolution_time(district):
    admin = district.client(district.district_admin)
    resp = admin.post(reverse("deeds:categories"), {"name": "物业管理", "group": "public", "expected_days": 12,
                                                    "is_active": "on"})  # fmt: skip
    assert resp.status_code == 302
    cat = Category.objects.get(name="物业管理")
    assert cat.expected_days == 12 and cat.group == "public"
    assert "物业管理" in admin.get(reverse("deeds:report")).content.decode()
    assert district.client(district.unit_admin).get(reverse("deeds:categories")).status_code == 403
    assert district.client(district.member).post(reverse("deeds:categories"), {"name": "x", "group": "public",
                                                                              "expected_days": 3}).status_code == 403  # fmt: skip
