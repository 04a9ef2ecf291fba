import datetime
import re

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from lixing.deeds import services
from lixing.deeds.models import MicroProject, OutboxMessage, ProjectPhase, Vote
from lixing.orgs.access import SYSTEM

from .helpers import assert_counters_equal_rebuild


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def _reviewed(org, open_vote=True):
    p = services.project_propose(actor=SYSTEM, org=org, title="口袋公园", description="把空地改成口袋公园",
                                 proposer_kind="resident", proposer_name="张阿姨", proposer_phone="13911112222",
                                 proposed_on=datetime.date(2021, 3, 1))  # fmt: skip
    return services.project_review(actor=SYSTEM, project=p, feasible=True, feasibility="可行", estimated_cost=50000,
                                   open_vote=open_vote, on=datetime.date(2021, 3, 20))  # fmt: skip


def _code_for(phone):
    message = OutboxMessage.objects.filter(phone=phone).order_by("-id").first()
    assert message is not None
    found = re.search(r"\d{6}", message.text)
    assert found is not None
    return found.group(0)


def test_a_project_goes_through_every_phase_with_budget_and_spending(district):
    p = _reviewed(district.committee_a)
    services.vote_cast(project=p, phone_h=services.phone_hash("13800000001"))
    p.refresh_from_db()
    p = services.project_select(actor=district.unit_admin, project=p, method="both", budget=48000,
                                council_decision="议事会通过", on=datetime.date(2021, 4, 10))  # fmt: skip
    services.milestone_add(actor=district.unit_admin, project=p, title="开工", reached_on=datetime.date(2021, 5, 1),
                           progress=30, spent=10000)  # fmt: skip
    with pytest.raises(ValidationError):
        services.project_accept(actor=district.unit_admin, project=p, note="早了")
    services.milestone_add(actor=district.unit_admin, project=p, title="完工", reached_on=datetime.date(2021, 6, 1),
                           progress=100, spent=36000)  # fmt: skip
    p = services.project_accept(actor=district.unit_admin, project=p, note="验收合格", on=datetime.date(2021, 6, 10))
    assert p.phase == ProjectPhase.ACCEPTED and p.spent == 46000
    admin = district.client(district.district_admin)
    tiles = admin.get(reverse("deeds:index") + "?period=2021").content.decode()
    assert 'data-figure="deeds.projects.budget"' in tiles and "48,000" in tiles and "46,000" in tiles
    assert_counters_equal_rebuild([district.root.pk, district.committee_a.pk])


def test_a_resident_verifies_a_phone_and_votes_once(district, settings, django_capture_on_commit_callbacks):
    settings.DEBUG = True  # the demo outbox page
    p = _reviewed(district.committee_a)
    c = Client()
    with django_capture_on_commit_callbacks(execute=True):
        c.post(reverse("deeds:public_send_code", args=[p.pk]), {"phone": "13955556666"})
    outbox = c.get(reverse("deeds:dev_outbox")).content.decode()
    code = _code_for("13955556666")
    assert code in outbox
    c.post(reverse("deeds:public_verify", args=[p.pk]), {"phone": "13955556666", "code": code})
    c.post(reverse("deeds:public_vote", args=[p.pk]))
    p.refresh_from_db()
    assert p.votes == 1
    # Same phone again, from another browser: refused by the database constraint.
    other = Client()
    with django_capture_on_commit_callbacks(execute=True):
        other.post(reverse("deeds:public_send_code", args=[p.pk]), {"phone": "13955556666"})
    other.post(reverse("deeds:public_verify", args=[p.pk]), {"phone": "13955556666", "code": _code_for("13955556666")})
    resp = other.post(reverse("deeds:public_vote", args=[p.pk]), follow=True)
    assert "已经投过票" in resp.content.decode() or "already voted" in resp.content.decode()
    p.refresh_from_db()
    assert p.votes == 1 and Vote.objects.count() == 1


def test_duplicate_votes_are_refused_by_a_unique_constraint(district):
    p = _reviewed(district.committee_a)
    h = services.phone_hash("13700000000")
    services.vote_cast(project=p, phone_h=h)
    with pytest.raises(ValidationError):
        services.vote_cast(project=p, phone_h=h)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(project=p, phone_hash=h)
    assert MicroProject.objects.get(pk=p.pk).votes == 1


def test_a_wrong_or_reused_code_does_not_verify_and_the_phone_is_not_stored(
    district, django_capture_on_commit_callbacks
):
    p = _reviewed(district.committee_a)
    with django_capture_on_commit_callbacks(execute=True):
        services.phone_code_send(phone="13966667777")
    with pytest.raises(ValidationError):
        services.phone_code_verify(
            phone="13966667777", code="000000" if _code_for("13966667777") != "000000" else "111111"
        )
    code = _code_for("13966667777")
    h = services.phone_code_verify(phone="13966667777", code=code)
    with pytest.raises(ValidationError):
        services.phone_code_verify(phone="13966667777", code=code)
    services.vote_cast(project=p, phone_h=h)
    assert "13966667777" not in str(list(Vote.objects.values_list("phone_hash", flat=True)))


def test_votes_through_the_api_need_no_account(district, django_capture_on_commit_callbacks):
    p = _reviewed(district.committee_a)
    c = Client()
    with django_capture_on_commit_callbacks(execute=True):
        sent = c.post("/api/v1/deeds/public/phone-codes", {"phone": "13812345670"}, content_type="application/json")
    assert sent.status_code == 202
    code = _code_for("13812345670")
    url = f"/api/v1/deeds/public/projects/{p.pk}/votes"
    first = c.post(url, {"phone": "13812345670", "code": code}, content_type="application/json")
    assert first.status_code == 201 and first.json()["votes"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        c.post("/api/v1/deeds/public/phone-codes", {"phone": "13812345670"}, content_type="application/json")
    again = c.post(url, {"phone": "13812345670", "code": _code_for("13812345670")}, content_type="application/json")
    assert again.status_code == 400


def test_the_public_board_lists_projects_by_phase_without_the_proposer(district):
    p = _reviewed(district.committee_a)
    html = Client().get(reverse("deeds:public_projects")).content.decode()
    assert p.title in html and 'id="phase-reviewed"' in html and "张阿姨" not in html and "13911112222" not in html
    detail = Client().get(reverse("deeds:public_project", args=[p.pk])).content.decode()
    assert "张阿姨" not in detail and "13911112222" not in detail
    api = Client().get("/api/v1/deeds/public/projects").content.decode()
    assert "张阿姨" not in api and "13911112222" not in api


def test_a_resident_proposes_a_project_on_the_public_page(district):
    from lixing.orgs.models import OrgKind
    from lixing.orgs.services import org_create

    community = org_create(actor=SYSTEM, parent=district.root, name="海湾社区党委", kind=OrgKind.COMMITTEE,
                           unit_name="海湾社区居民委员会", unit_type="community")  # fmt: skip
    # A health centre with 社区 in its name is no community: the public form does not offer it.
    clinic = org_create(actor=SYSTEM, parent=district.root, name="中共海湾社区卫生服务中心支部委员会",
                        kind=OrgKind.BRANCH, unit_name="海湾社区卫生服务中心", unit_type="institution")  # fmt: skip
    form = Client().get(reverse("deeds:public_propose")).content.decode()
    assert f'value="{community.pk}"' in form and f'value="{clinic.pk}"' not in form
    resp = Client().post(
        reverse("deeds:public_propose"), {"title": "增设休息座椅", "description": "公交站旁", "org": community.pk}
    )
    assert resp.status_code == 302
    assert MicroProject.objects.get().phase == ProjectPhase.PROPOSED


def test_only_the_community_reviews_its_projects(district):
    p = services.project_propose(
        actor=SYSTEM, org=district.committee_a, title="x", description="y", proposer_kind="unit"
    )
    with pytest.raises(Exception):  # noqa: B017 - PermissionDenied
        services.project_review(
            actor=district.other_member, project=p, feasible=True, feasibility="z", estimated_cost=1
        )
    assert district.client(district.other_member).get(reverse("deeds:project", args=[p.pk])).status_code == 404


def test_the_community_picker_searches_when_there_are_many(district, monkeypatch):
    from lixing.orgs import forms as org_forms
    from lixing.orgs.models import OrgKind
    from lixing.orgs.services import org_create

    monkeypatch.setattr(org_forms, "PICKER_SELECT_MAX", 0)  # as in a province: thousands of communities
    haiwan = org_create(actor=SYSTEM, parent=district.root, name="海湾社区党委", kind=OrgKind.COMMITTEE,
                        unit_name="海湾社区居民委员会", unit_type="community")  # fmt: skip
    village = org_create(actor=SYSTEM, parent=district.root, name="渡头村党委", kind=OrgKind.COMMITTEE,
                         unit_name="渡头村村民委员会", unit_type="village")  # fmt: skip
    form = Client().get(reverse("deeds:public_propose")).content.decode()
    assert 'name="q"' in form and f'value="{haiwan.pk}"' not in form  # nothing listed up front
    found = Client().get(reverse("deeds:pick_community"), {"q": "海湾"}).content.decode()
    assert f'value="{haiwan.pk}"' in found and f'value="{village.pk}"' not in found
    assert (
        f'value="{village.pk}"' in Client().get(reverse("deeds:pick_community"), {"q": "村民委员会"}).content.decode()
    )
    resp = Client().post(
        reverse("deeds:public_propose"), {"title": "增设座椅", "description": "公交站旁", "org": village.pk}
    )
    assert resp.status_code == 302 and MicroProject.objects.get().org == village
