"""Organisations and members over JSON: the same selectors and services as the pages."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import StrictBool, StrictInt, ValidationInfo, field_validator

from lixing.common.pagination import BoundedPagination

from . import selectors, services
from .access import Cap, access_member, access_org
from .models import Member, Organization
from .validators import mask_id_number, mask_phone, normalize_id_number, normalize_phone, validate_id_number

router = Router(tags=["orgs"])


class OrgOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    parent_id: int | None
    depth: int
    secretary_id: int | None
    members: int = 0
    unit_name: str = ""
    unit_type: str = ""


class OrgCreateIn(Schema):
    parent_id: StrictInt
    name: str = Field(min_length=1, max_length=200)
    kind: str
    short_name: str = ""


class OrgPatchIn(Schema):
    name: str | None = None
    short_name: str | None = None
    contact_name: str | None = None
    unit_name: str | None = None
    unit_type: str | None = None


class MoveIn(Schema):
    new_parent_id: StrictInt


class MemberOut(Schema):
    id: int
    name: str
    gender: str
    id_number: str
    phone: str
    status: str
    org_id: int
    # Left out (null): beside the masked ID number it would unmask it (it is its middle).
    birth_date: datetime.date | None = None
    joined_at: datetime.date
    confirmed_at: datetime.date | None
    category: str
    work_unit: str
    position: str

    # Masked always: the API shows personal data in full only through /reveal (logged).
    @staticmethod
    def resolve_id_number(obj: Member) -> str:
        return mask_id_number(obj.id_number)

    @staticmethod
    def resolve_phone(obj: Member) -> str:
        return mask_phone(obj.phone)

    @staticmethod
    def resolve_birth_date(obj: Member) -> None:
        return None


def _org_out(org: Organization, members: int = 0) -> OrgOut:
    return OrgOut(
        id=org.pk, name=org.name, short_name=org.short_name, kind=org.kind, parent_id=org.parent_id,
        depth=org.depth, secretary_id=org.secretary_id, members=members, unit_name=org.unit_name,
        unit_type=org.unit_type,
    )  # fmt: skip


@router.get("/{org_id}", response=OrgOut)
def get_org(request: HttpRequest, org_id: int) -> OrgOut:
    org = access_org(request.user, org_id)
    node = selectors.org_tree(actor=request.user, root=org, max_depth=0)
    return _org_out(org, node.members)


@router.get("/{org_id}/children", response=list[OrgOut])
def children(request: HttpRequest, org_id: int) -> list[OrgOut]:
    org = access_org(request.user, org_id)
    node = selectors.org_tree(actor=request.user, root=org, max_depth=1)
    return [_org_out(c.org, c.members) for c in node.children]


@router.post("/", response={201: OrgOut})
def create_org(request: HttpRequest, payload: OrgCreateIn) -> Status[OrgOut]:
    parent = access_org(request.user, payload.parent_id, Cap.STRUCTURE)
    org = services.org_create(
        actor=request.user, parent=parent, name=payload.name, kind=payload.kind, short_name=payload.short_name
    )
    return Status(201, _org_out(org))


@router.patch("/{org_id}", response=OrgOut)
def update_org(request: HttpRequest, org_id: int, payload: OrgPatchIn) -> OrgOut:
    org = access_org(request.user, org_id, Cap.STRUCTURE)
    changes = payload.dict(exclude_none=True)
    org = services.org_update(actor=request.user, org=org, **changes)
    return _org_out(org)


@router.post("/{org_id}/move", response=OrgOut)
def move_org(request: HttpRequest, org_id: int, payload: MoveIn) -> OrgOut:
    org = access_org(request.user, org_id, Cap.STRUCTURE)
    new_parent = access_org(request.user, payload.new_parent_id, Cap.STRUCTURE)
    return _org_out(services.org_move(actor=request.user, org=org, new_parent=new_parent))


@router.get("/{org_id}/members", response=list[MemberOut])
@paginate(BoundedPagination)
def members(request: HttpRequest, org_id: int, q: str = "") -> QuerySet[Member]:
    org = access_org(request.user, org_id)
    return selectors.member_list(actor=request.user, org=org, query=q)


@router.get("/members/{member_id}", response=MemberOut)
def member(request: HttpRequest, member_id: int) -> Member:
    return access_member(request.user, member_id)


class MemberIn(Schema):
    """A roster entry with the fields of the national form (the same rules as the pages:
    the ID number must be valid and agree with the date of birth and gender)."""

    name: str = Field(min_length=1, max_length=50)
    gender: str
    id_number: str
    ethnicity: str = "汉族"
    birth_date: datetime.date | None = None
    education: str = ""
    category: str = "in_service"
    joined_at: datetime.date
    confirmed_at: datetime.date | None = None
    job_post: str = ""
    phone: str = ""
    address: str = ""
    standing: str = "normal"
    is_lost_contact: StrictBool = False
    is_mobile: StrictBool = False
    work_unit: str = ""
    position: str = ""

    # The one normaliser of identifiers, as forms and imports use it.
    @field_validator("id_number", "phone")
    @classmethod
    def _identifier(cls, value: str, info: ValidationInfo) -> str:
        return _normalised(value, info.field_name)


class MemberPatchIn(Schema):
    name: str | None = None
    gender: str | None = None
    id_number: str | None = None
    ethnicity: str | None = None
    birth_date: datetime.date | None = None
    education: str | None = None
    category: str | None = None
    joined_at: datetime.date | None = None
    confirmed_at: datetime.date | None = None
    job_post: str | None = None
    phone: str | None = None
    address: str | None = None
    standing: str | None = None
    is_lost_contact: StrictBool | None = None
    is_mobile: StrictBool | None = None
    work_unit: str | None = None
    position: str | None = None

    @field_validator("id_number", "phone")
    @classmethod
    def _identifier(cls, value: str | None, info: ValidationInfo) -> str | None:
        return None if value is None else _normalised(value, info.field_name)


def _normalised(value: str, field: str | None) -> str:
    if field == "phone":
        return normalize_phone(value) if value else value
    return normalize_id_number(value)


@router.post("/{org_id}/members", response={201: MemberOut})
def create_member(request: HttpRequest, org_id: int, payload: MemberIn) -> Status[Member]:
    """Add a member to the organisation (MEMBERS right). The date of birth may be left out:
    it is then taken from the ID number."""
    org = access_org(request.user, org_id, Cap.MEMBERS)
    data = payload.dict()
    if data["birth_date"] is None:
        data["birth_date"] = _birth_from_id(data["id_number"])
    return Status(201, services.member_create(actor=request.user, org=org, **data))


@router.patch("/members/{member_id}", response=MemberOut)
def update_member(request: HttpRequest, member_id: int, payload: MemberPatchIn) -> Member:
    """Change some fields of a member (MEMBERS right); the audit row names only those."""
    m = access_member(request.user, member_id, Cap.MEMBERS)
    return services.member_update(actor=request.user, member=m, **payload.dict(exclude_unset=True))


def _birth_from_id(number: str) -> datetime.date | None:
    try:
        return validate_id_number(number)[0]
    except ValidationError:
        return None  # Member.clean reports the bad number


class RevealOut(Schema):
    id_number: str
    phone: str


@router.post("/members/{member_id}/reveal", response=RevealOut)
def reveal(request: HttpRequest, member_id: int) -> dict[str, str]:
    """The member's ID number and phone in full (PII right required; written to the access log)."""
    m = access_member(request.user, member_id)
    return services.member_reveal(actor=request.user, member=m, context="api")
