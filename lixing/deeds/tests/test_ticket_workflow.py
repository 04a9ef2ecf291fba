import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from lixing.deeds import services
from lixing.deeds.models import EventKind, TicketState
from lixing.orgs.access import SYSTEM

from .helpers import assert_counters_equal_rebuild, public_ticket


def test_the_office_assigns_the_unit_resolves_and_the_submitter_confirms_by_code(district):
    t = public_ticket(district.root)
    admin = district.client(district.district_admin)
    lead = district.a1_members[0]
    resp = admin.post(reverse("deeds:ticket_assign", args=[t.pk]), {"unit": district.branch_a1.pk, "lead": lead.pk})
    assert resp.status_code == 302
    t.refresh_from_db()
    assert t.state == TicketState.ASSIGNED and t.unit == district.branch_a1 and t.lead == lead
    secretary = district.client(district.secretary)
    secretary.post(reverse("deeds:ticket_start", args=[t.pk]))
    secretary.post(reverse("deeds:ticket_answer", args=[t.pk]), {"outcome": "resolved", "reply": "已更换灯泡"})
    t.refresh_from_db()
    assert t.state == TicketState.RESOLVED and t.resolve_days is not None
    Client().post(reverse("deeds:track_confirm", args=[t.code]), {"satisfied": "yes"})
    t.refresh_from_db()
    assert t.state == TicketState.CONFIRMED and t.satisfied is True
    kinds = list(t.events.values_list("kind", flat=True))
    assert kinds == ["received", "assigned", "started", "answered", "confirmed"]
    assert_counters_equal_rebuild([district.root.pk, district.branch_a1.pk])


def test_a_rejected_resolution_reopens_the_ticket_and_the_timeline_shows_it(district):
    t = public_ticket(district.root)
    t = services.ticket_assign(actor=SYSTEM, ticket=t, unit=district.branch_a1)
    t = services.ticket_answer(actor=SYSTEM, ticket=t, outcome="resolved", reply="已处理")
    Client().post(reverse("deeds:track_confirm", args=[t.code]), {"satisfied": "no", "note": "还是不亮"})
    t.refresh_from_db()
    assert t.state == TicketState.IN_PROGRESS and t.outcome == "" and t.reopen_count == 1 and t.satisfied is False
    page = Client().get(reverse("deeds:track_code", args=[t.code])).content.decode()
    assert str(EventKind.REOPENED.label) in page or "重新办理" in page
    assert t.events.filter(kind=EventKind.REOPENED).exists()
    staff_page = district.client(district.secretary).get(reverse("deeds:ticket", args=[t.pk])).content.decode()
    assert 'data-kind="reopened"' in staff_page and "还是不亮" in staff_page
    assert_counters_equal_rebuild([district.root.pk, district.branch_a1.pk])


def test_cannot_be_resolved_needs_a_reason(district):
    t = services.ticket_assign(actor=SYSTEM, ticket=public_ticket(district.root), unit=district.branch_a1)
    with pytest.raises(ValidationError):
        services.ticket_answer(actor=SYSTEM, ticket=t, outcome="cannot", reason="  ")
    resp = district.client(district.secretary).post(reverse("deeds:ticket_answer", args=[t.pk]), {"outcome": "cannot"})
    assert resp.status_code == 302
    t.refresh_from_db()
    assert t.state == TicketState.ASSIGNED
    t = services.ticket_answer(actor=SYSTEM, ticket=t, outcome="cannot", reason="属于市级权限，已转报")
    assert t.state == TicketState.CANNOT


def test_a_unit_sees_only_tickets_assigned_in_its_subtree(district):
    in_a = services.ticket_assign(
        actor=SYSTEM, ticket=public_ticket(district.root, title="甲的事"), unit=district.branch_a1
    )
    in_b = services.ticket_assign(
        actor=SYSTEM, ticket=public_ticket(district.root, title="乙的事"), unit=district.branch_b1
    )
    unassigned = public_ticket(district.root, title="未分派")
    unit = district.client(district.unit_admin)
    html = unit.get(reverse("deeds:tickets") + f"?org={district.committee_a.pk}").content.decode()
    assert "甲的事" in html and "乙的事" not in html and "未分派" not in html
    assert unit.get(reverse("deeds:ticket", args=[in_b.pk])).status_code == 404
    assert unit.get(reverse("deeds:ticket", args=[unassigned.pk])).status_code == 404
    assert unit.get(reverse("deeds:ticket", args=[in_a.pk])).status_code == 200
    other = district.client(district.other_member)
    assert other.get(reverse("deeds:ticket", args=[in_a.pk])).status_code == 404
    api = unit.get(f"/api/v1/deeds/tickets?org_id={district.committee_a.pk}").json()
    assert [r["title"] for r in api["items"]] == ["甲的事"]
    assert unit.get(f"/api/v1/deeds/tickets?org_id={district.root.pk}").status_code == 404
    admin_html = district.client(district.district_admin).get(reverse("deeds:tickets")).content.decode()
    assert all(x in admin_html for x in ("甲的事", "乙的事", "未分派"))


def test_only_the_office_assigns_and_only_the_unit_answers(district):
    t = public_ticket(district.root)
    with pytest.raises(PermissionDenied):
        services.ticket_assign(actor=district.unit_admin, ticket=t, unit=district.branch_a1)
    t = services.ticket_assign(actor=district.district_admin, ticket=t, unit=district.branch_a1)
    other_secretary_actor = district.other_member
    with pytest.raises(PermissionDenied):
        services.ticket_answer(actor=other_secretary_actor, ticket=t, outcome="resolved")
    with pytest.raises(ValidationError):
        services.ticket_assign(actor=district.district_admin, ticket=t, unit=district.branch_a1,
                               lead=district.b1_members[0])  # fmt: skip


def test_staff_record_hotline_problems_and_see_the_phone_masked(district):
    admin = district.client(district.district_admin)
    from .helpers import category

    resp = admin.post(reverse("deeds:ticket_new") + f"?org={district.root.pk}", {
        "source": "hotline", "kind": "problem", "category": category().pk, "title": "垃圾清运不及时",
        "description": "每天下午才清运", "submitter_type": "resident", "submitter_name": "周女士",
        "submitter_phone": "13600001234", "received_on": "2021-05-06",
    })  # fmt: skip
    assert resp.status_code == 302
    page = admin.get(resp["Location"]).content.decode()
    assert "136****1234" in page and "13600001234" not in page
    assert district.client(district.member).get(reverse("deeds:ticket_new")).status_code == 403


def test_the_first_assignment_finds_unit_and_lead_by_name_among_many(district, monkeypatch):
    from lixing.orgs import forms as org_forms

    monkeypatch.setattr(org_forms, "PICKER_SELECT_MAX", 0)  # a province office: thousands of each
    t = public_ticket(district.root)
    admin = district.client(district.district_admin)
    page = admin.get(reverse("deeds:ticket", args=[t.pk])).content.decode()
    assert page.count('name="q"') == 2  # a search box for the unit and one for the lead
    lead = district.a1_members[1]
    units = admin.get(reverse("deeds:pick_assign", args=[t.pk, "unit"]), {"q": "甲一"}).content.decode()
    leads = admin.get(reverse("deeds:pick_assign", args=[t.pk, "lead"]), {"q": lead.name}).content.decode()
    assert f'value="{district.branch_a1.pk}"' in units and f'value="{lead.pk}"' in leads and "甲一支部" in leads
    admin.post(reverse("deeds:ticket_assign", args=[t.pk]), {"unit": district.branch_a1.pk, "lead": lead.pk})
    t.refresh_from_db()
    assert (t.unit, t.lead) == (district.branch_a1, lead)
    # Only the office may search its people.
    assert district.client(district.other_member).get(
        reverse("deeds:pick_assign", args=[t.pk, "lead"]), {"q": lead.name}
    ).status_code in (403, 404)
