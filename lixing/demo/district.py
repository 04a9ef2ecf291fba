"""The demo district, shaped like the Daxie report (seeds/daxie-development-zone-2021.txt):
one working committee, 9 party committees, 11 general branches, 211 branches (a few with
party cells) and 3,936 members.

Organisations are written through :mod:`lixing.orgs.services` (so they are audited and
their counters kept like any other). Members are validated with ``full_clean`` and written
in bulk; the roll-ups are then rebuilt from the records in one pass.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction

from lixing.accounts.models import Role, RoleAssignment, User
from lixing.orgs.access import SYSTEM
from lixing.orgs.models import CadreLevel, Member, Organization, OrgKind, UnitType
from lixing.orgs.rollups import rollup_rebuild
from lixing.orgs.services import org_create, org_set_secretary, status_for

from .people import COMMUNITY, ENTERPRISE, OFFICE, POLICE, SCHOOL, PersonFactory, Profile

DEMO_PASSWORD = "Lixing2026"  # noqa: S105 - the published demo password
TARGET_MEMBERS = 3936
DEMO_BRANCH = "大榭街道海湾社区第一党支部"  # where the secretary and member demo accounts sit
ZONE = "宁波大榭开发区"


@dataclass
class BranchPlan:
    name: str  # full name as on the seal
    short: str
    unit: str
    profile: Profile
    weight: float = 1.0
    cells: int = 0


@dataclass
class GroupPlan:
    """A party committee or a general branch, with the branches under it."""

    name: str
    short: str
    kind: str
    unit: str
    branches: list[BranchPlan] = field(default_factory=list)
    generals: list[GroupPlan] = field(default_factory=list)
    profile: Profile = OFFICE


def _branch(unit: str, short_unit: str | None = None, *, profile: Profile, weight: float = 1.0) -> BranchPlan:
    short_unit = short_unit or unit
    return BranchPlan(f"中共{unit}支部委员会", f"{short_unit}党支部", unit, profile, weight)


def _numbered(prefix: str, n: int, unit: str, *, profile: Profile, weight: float = 1.0) -> list[BranchPlan]:
    numerals = "一二三四五六七八九十"
    out = []
    for i in range(n):
        num = (
            numerals[i]
            if i < 10
            else f"十{numerals[i - 10]}"
            if i < 19
            else f"{numerals[i // 10 - 1]}十{numerals[i % 10 - 1] if i % 10 else ''}"
        )
        out.append(BranchPlan(f"中共{prefix}第{num}支部委员会", f"{prefix}第{num}党支部", unit, profile, weight))
    return out


COMPANY_WORDS = ["艾斐堡", "恒信", "海天", "盛达", "华港", "中瑞", "金联", "嘉和", "远东", "万顺", "东方", "科宇",
                 "汇丰源", "荣泰", "中天", "甬港", "凯越", "博源", "泰和", "兴業", "明洲", "港通", "正泰", "新海"]  # fmt: skip
COMPANY_TRADES = ["智能安防", "化工", "物流", "港务", "新材料", "能源", "船舶服务", "仓储", "机械制造", "电子科技",
                  "建设工程", "国际贸易", "环保科技", "石化设备", "报关代理", "供应链管理"]  # fmt: skip


def plan_district(rng: random.Random) -> GroupPlan:
    """The district's structure, with real-sounding units of Daxie."""
    companies: list[str] = []
    while len(companies) < 54:
        name = f"宁波{rng.choice(COMPANY_WORDS)}{rng.choice(COMPANY_TRADES)}有限公司"
        if name not in companies:
            companies.append(name)
    companies[0] = "宁波艾斐堡智能安防有限公司"

    organs = ["党政办公室", "组织人事部", "宣传统战部", "纪工委（监察工委）", "经济发展局", "财政局", "建设局",
              "规划分局", "社会发展保障局", "应急管理局", "综合行政执法局", "市场监督管理局", "招商局",
              "行政审批服务局", "自然资源和规划分局", "生态环境分局", "人大工委", "政协联络组", "总工会", "团工委",
              "妇联", "档案馆", "投资促进中心", "口岸服务中心"]  # fmt: skip
    jiguan = GroupPlan(f"中共{ZONE}机关委员会", "机关党委", OrgKind.COMMITTEE, f"{ZONE}管委会",
                       [_branch(f"{ZONE}{o}", o, profile=OFFICE) for o in organs]
                       + [BranchPlan(f"中共{ZONE}机关离退休干部支部委员会", "机关离退休干部党支部",
                                     f"{ZONE}管委会", COMMUNITY, 2.0)],
                       generals=[GroupPlan(f"中共{ZONE}机关事业单位总支部委员会", "机关事业单位党总支",
                                           OrgKind.GENERAL_BRANCH, f"{ZONE}管委会",
                                           [_branch(f"{ZONE}{u}", u, profile=OFFICE) for u in
                                            ["城市管理服务中心", "公共资源交易中心", "农业农村服务中心",
                                             "文化体育服务中心", "信息中心"]])])  # fmt: skip

    communities = ["海湾社区", "海信社区", "金海丰社区", "榭北社区", "榭南社区", "东港社区", "渡头社区"]
    street_generals = []
    for i, c in enumerate(communities):
        branches = _numbered(f"大榭街道{c}", 4 if i < 3 else 3, f"大榭街道{c}居民委员会", profile=COMMUNITY, weight=2.2)
        branches.append(BranchPlan(f"中共大榭街道{c}退休党员支部委员会", f"{c}退休党员党支部",
                                   f"大榭街道{c}居民委员会", COMMUNITY, 2.0, cells=2 if i < 4 else 0))  # fmt: skip
        street_generals.append(GroupPlan(f"中共大榭街道{c}总支部委员会", f"{c}党总支", OrgKind.GENERAL_BRANCH,
                                         f"大榭街道{c}居民委员会", branches, profile=COMMUNITY))  # fmt: skip
    street = GroupPlan("中共大榭街道工作委员会", "大榭街道党工委", OrgKind.COMMITTEE, "大榭街道办事处",
                       [_branch("大榭街道机关", profile=OFFICE, weight=1.5),
                        _branch("大榭街道居家养老服务中心", profile=COMMUNITY),
                        _branch("大榭街道殡仪服务中心", profile=OFFICE)],
                       generals=street_generals, profile=COMMUNITY)  # fmt: skip

    police = GroupPlan(f"中共宁波市公安局{ZONE}分局委员会", "公安分局党委", OrgKind.COMMITTEE,
                       f"宁波市公安局{ZONE}分局",
                       [_branch(f"宁波市公安局{ZONE}分局{u}", u, profile=POLICE, weight=1.3) for u in
                        ["机关第一", "机关第二", "刑事侦查大队", "治安管理大队", "交通警察大队", "大榭派出所",
                         "榭北派出所", "港区派出所", "巡特警大队", "出入境管理科", "看守所", "法制大队",
                         "网络安全大队", "经济犯罪侦查大队"]])  # fmt: skip

    tax = GroupPlan(f"中共国家税务总局{ZONE}税务局委员会", "税务局党委", OrgKind.COMMITTEE,
                    f"国家税务总局{ZONE}税务局",
                    [_branch(f"国家税务总局{ZONE}税务局{u}", u, profile=OFFICE) for u in
                     ["办公室", "第一税务分局", "第二税务分局", "纳税服务科", "征收管理科", "税政科", "稽查局",
                      "离退休干部"]])  # fmt: skip

    schools = ["大榭中学", "大榭第一小学", "大榭第二小学", "大榭实验幼儿园", "大榭中心幼儿园"]
    social = GroupPlan(f"中共{ZONE}社会事业委员会", "社会事业党委", OrgKind.COMMITTEE, f"{ZONE}社会发展保障局",
                       [_branch(f"宁波市{s}", s, profile=SCHOOL, weight=1.4) for s in schools[1:]]
                       + [_branch("宁波大榭医院", "大榭医院", profile=SCHOOL, weight=1.6),
                          _branch("大榭社区卫生服务中心", profile=SCHOOL),
                          _branch(f"{ZONE}疾病预防控制中心", "疾控中心", profile=SCHOOL)],
                       generals=[GroupPlan("中共宁波市大榭中学总支部委员会", "大榭中学党总支",
                                           OrgKind.GENERAL_BRANCH, "宁波市大榭中学",
                                           _numbered("大榭中学", 4, "宁波市大榭中学", profile=SCHOOL),
                                           profile=SCHOOL)])  # fmt: skip

    two_new_general = GroupPlan("中共大榭榭西党群服务中心总支部委员会", "榭西党群服务中心党总支",
                                OrgKind.GENERAL_BRANCH, "榭西党群服务中心",
                                [_branch(c, c.removeprefix("宁波"), profile=ENTERPRISE, weight=0.6)
                                 for c in companies[:22]], profile=ENTERPRISE)  # fmt: skip
    two_new = GroupPlan(f"中共{ZONE}非公有制经济组织和社会组织委员会", "两新党委", OrgKind.COMMITTEE,
                        f"{ZONE}两新组织党建服务中心",
                        [_branch(c, c.removeprefix("宁波"), profile=ENTERPRISE, weight=0.6) for c in companies[22:]]
                        + [_branch(f"{ZONE}{u}", u, profile=ENTERPRISE, weight=0.5) for u in
                           ["律师事务所联合", "物业服务企业联合", "商会", "个体私营企业协会"]],
                        generals=[two_new_general], profile=ENTERPRISE)  # fmt: skip

    petro_units = [f"生产运行{n}部" for n in "一二三四五六七"] + ["机动设备部", "安全环保部", "质量管理部",
                                                                "计划经营部", "储运部", "机关"]  # fmt: skip
    petro = GroupPlan("中共中海石油宁波大榭石化有限公司委员会", "大榭石化党委", OrgKind.COMMITTEE,
                      "中海石油宁波大榭石化有限公司",
                      [_branch(f"中海石油宁波大榭石化有限公司{u}", f"大榭石化{u}", profile=ENTERPRISE, weight=1.6)
                       for u in petro_units],
                      generals=[GroupPlan("中共大榭石化五期项目总支部委员会", "石化五期项目党总支",
                                          OrgKind.GENERAL_BRANCH, "中海石油宁波大榭石化有限公司",
                                          _numbered("石化五期项目", 3, "中海石油宁波大榭石化有限公司",
                                                    profile=ENTERPRISE, weight=1.2), profile=ENTERPRISE)])  # fmt: skip

    holding_subs = ["大榭开发建设有限公司", "大榭城市建设投资有限公司", "大榭物业管理有限公司",
                    "大榭公共交通有限公司", "大榭水务有限公司", "大榭热电有限公司", "大榭旅游发展有限公司",
                    "大榭港口服务有限公司"]  # fmt: skip
    holding = GroupPlan("中共宁波大榭开发控股集团有限公司委员会", "开发控股集团党委", OrgKind.COMMITTEE,
                        "宁波大榭开发控股集团有限公司",
                        [_branch(f"宁波{s}", s, profile=ENTERPRISE) for s in holding_subs[2:]]
                        + [_branch("宁波大榭开发控股集团有限公司机关", "开发控股集团机关", profile=OFFICE)]
                        + [b for s in holding_subs[:2] for b in _numbered(s, 3, f"宁波{s}", profile=ENTERPRISE)],
                        profile=ENTERPRISE)  # fmt: skip

    port_units = [
        "光明码头有限公司",
        "信业码头有限公司",
        "中油燃料油码头有限公司",
        "实华原油码头有限公司",
        "万华化学码头有限公司",
        "东华能源仓储有限公司",
        "华泰盛富聚合材料有限公司",
        "大榭港口集团",
    ]
    port_branches: list[BranchPlan] = []
    for u in port_units:
        port_branches += _numbered(f"宁波大榭{u}", 2, f"宁波大榭{u}", profile=ENTERPRISE, weight=1.1)
    port = GroupPlan("中共宁波大榭港口企业联合委员会", "港口企业党委", OrgKind.COMMITTEE, "宁波大榭港口企业联合会",
                     port_branches + _numbered("招商国际码头", 5, "宁波大榭招商国际码头有限公司", profile=ENTERPRISE),
                     profile=ENTERPRISE)  # fmt: skip

    root = GroupPlan(f"中共{ZONE}工作委员会", "大榭开发区党工委", OrgKind.WORKING_COMMITTEE, f"{ZONE}管委会",
                     generals=[jiguan, street, police, tax, social, two_new, petro, holding, port])  # fmt: skip
    _fit_branch_count(root, 211, rng)
    return root


def _walk(plan: GroupPlan) -> Iterator[GroupPlan]:
    yield plan
    for g in plan.generals:
        yield from _walk(g)


def _fit_branch_count(root: GroupPlan, target: int, rng: random.Random) -> None:
    """Trim or pad the enterprise branches so the district has exactly ``target`` branches."""
    groups = list(_walk(root))
    count = sum(len(g.branches) for g in groups)
    two_new = next(g for g in groups if g.short == "两新党委")
    extra = 0
    while count < target:
        extra += 1
        word = COMPANY_WORDS[extra % len(COMPANY_WORDS)] + "实业" + "甲乙丙丁戊己庚辛壬癸"[extra % 10]
        two_new.branches.append(_branch(f"宁波{word}有限公司", f"{word}有限公司", profile=ENTERPRISE, weight=0.5))
        count += 1
    while count > target:
        two_new.branches.pop()
        count -= 1


@dataclass
class Built:
    root: Organization
    committees: list[Organization]
    branches: list[Organization]
    members: list[Member]
    users: dict[str, User]


# The unit type from the unit's name, for the demo's own names (real data says it outright).
UNIT_TYPE_WORDS = [("居民委员会", UnitType.COMMUNITY), ("村民委员会", UnitType.VILLAGE), ("有限公司", UnitType.ENTERPRISE),
                   ("学", UnitType.INSTITUTION), ("幼儿园", UnitType.INSTITUTION), ("医院", UnitType.INSTITUTION),
                   ("中心", UnitType.INSTITUTION), ("协会", UnitType.SOCIAL)]  # fmt: skip


def _unit_type(unit: str) -> str:
    return next((t for word, t in UNIT_TYPE_WORDS if word in unit), UnitType.ORGAN if unit else "")


def _create(parent: Organization | None, plan: GroupPlan | BranchPlan, kind: str, phone: str) -> Organization:
    return org_create(actor=SYSTEM, parent=parent, name=plan.name, kind=kind,
                      short_name=plan.short if len(plan.short) <= 60 else "",
                      unit_name=plan.unit, unit_type=_unit_type(plan.unit), contact_phone=phone)  # fmt: skip


@transaction.atomic
def build_district(*, rng: random.Random, today: datetime.date, say: Any = print) -> Built:
    plan = plan_district(rng)
    people = PersonFactory(rng, today)
    root = _create(None, plan, OrgKind.WORKING_COMMITTEE, "0574-86768000")
    branch_plans: list[tuple[Organization, BranchPlan]] = []
    committees: list[Organization] = []

    def grow(parent: Organization, group: GroupPlan) -> None:
        for g in group.generals:
            org = _create(parent, g, g.kind, f"0574-8676{rng.randint(1000, 9999)}")
            if g.kind == OrgKind.COMMITTEE:
                committees.append(org)
            grow(org, g)
        for b in group.branches:
            org = _create(parent, b, OrgKind.BRANCH, f"0574-8676{rng.randint(1000, 9999)}")
            branch_plans.append((org, b))

    grow(root, plan)
    say(f"  organisations: 1 working committee, {len(committees)} committees, "
        f"{Organization.objects.filter(kind=OrgKind.GENERAL_BRANCH).count()} general branches, "
        f"{len(branch_plans)} branches")  # fmt: skip

    # Members: sizes proportional to each branch's weight, at least 5 (a branch needs 3 full members).
    weights = [b.weight * rng.uniform(0.6, 1.4) for _, b in branch_plans]
    scale = (TARGET_MEMBERS - 5 * len(branch_plans)) / sum(weights)
    sizes = [5 + int(w * scale) for w in weights]
    for i in range(TARGET_MEMBERS - sum(sizes)):
        sizes[i % len(sizes)] += 1
    members: list[Member] = []
    by_branch: dict[int, list[Member]] = {}
    for (org, b), size in zip(branch_plans, sizes, strict=True):
        rows = [people.person(b.profile, unit=b.unit, probationary=False if i < 3 else None) for i in range(size)]
        batch = []
        for row in rows:
            m = Member(org=org, status=status_for(row["confirmed_at"]), **row)
            m.full_clean(exclude=["org", "user"], validate_unique=False)
            batch.append(m)
        by_branch[org.pk] = batch
        members += batch
    _mark_special(members, rng)
    Member.objects.bulk_create(members, batch_size=1000)
    if any(m.pk is None for m in members):  # backends that do not return ids from a bulk insert
        ids = dict(Member.objects.values_list("id_number", "id"))
        for m in members:
            m.pk = ids[m.id_number]
    say(f"  members: {len(members)}")

    # Secretaries: the oldest full member in office, except in three branches (a gap to show).
    demo_branch = next(i for i, (_, b) in enumerate(branch_plans) if b.short == DEMO_BRANCH)
    without = set(rng.sample([i for i in range(len(branch_plans)) if i != demo_branch], 3))
    for i, (org, b) in enumerate(branch_plans):
        if i in without:
            continue
        candidates = [m for m in by_branch[org.pk] if m.confirmed_at and m.category != "retired"] or by_branch[org.pk]
        secretary = max(candidates[:8], key=lambda m: (today - m.joined_at).days)
        secretary.position = "党支部书记"
        secretary.save(update_fields=["position"])
        org_set_secretary(actor=SYSTEM, org=org, member=secretary)
        if b.cells:
            for c in range(b.cells):
                _create(org, BranchPlan(f"{b.name}第{c + 1}党小组", f"{b.short}第{c + 1}党小组", b.unit, b.profile),
                        OrgKind.CELL, "")  # fmt: skip
    for committee in committees:
        head = Member.objects.filter(org__path__startswith=committee.path, cadre_level=CadreLevel.DIVISION).first()
        if head is not None:
            org_set_secretary(actor=SYSTEM, org=committee, member=head)
    rollup_rebuild()
    branches = [org for org, _ in branch_plans]
    users = make_users(root=root, committees=committees, branches=branches, by_branch=by_branch, rng=rng)
    return Built(root, committees, branches, members, users)


def _mark_special(members: list[Member], rng: random.Random) -> None:
    """A few lost-contact members, and enough division-level cadres for 处级干部讲党课."""
    for m in rng.sample(members, 7):
        if m.confirmed_at:
            m.is_lost_contact = True
            m.is_mobile = False
    division = [m for m in members if m.cadre_level == CadreLevel.DIVISION]
    section_office = [m for m in members if m.cadre_level == CadreLevel.SECTION and m.birth_date.year < 1986]
    for m in rng.sample(section_office, max(0, min(len(section_office), 30 - len(division)))):
        m.cadre_level = CadreLevel.DIVISION
        m.position = rng.choice(["局长", "副局长", "主任", "副主任", "党委书记", "党委副书记"])


def make_users(
    *, root: Organization, committees: list[Organization], branches: list[Organization],
    by_branch: dict[int, list[Member]], rng: random.Random,
) -> dict[str, User]:  # fmt: skip
    """One user per role with the known demo password, plus member accounts for phone views."""
    hashed = make_password(DEMO_PASSWORD)  # hashed once: every demo account shares it
    street = next(c for c in committees if c.short_name == "大榭街道党工委")
    sec_branch = next(b for b in branches if b.short_name == DEMO_BRANCH)
    sec_member = Member.objects.get(pk=sec_branch.secretary_id or 0)
    plain = [m for m in by_branch[sec_branch.pk] if m.pk != sec_member.pk and not m.is_lost_contact]
    users: dict[str, User] = {}
    linked: set[int] = set()

    def user(username: str, role: str, org: Organization, display: str, member: Member | None = None) -> User:
        u = User.objects.create(username=username, password=hashed, display_name=display)
        RoleAssignment.objects.create(user=u, role=role, org=org)
        if member is not None:
            linked.add(member.pk)
            member.user = u
            member.save(update_fields=["user"])
        users[username] = u
        return u

    user("admin", Role.DISTRICT_ADMIN, root, "组织部管理员")
    user("unitadmin", Role.UNIT_ADMIN, street, "街道党工委管理员")
    user("secretary", Role.SECRETARY, sec_branch, sec_member.name, sec_member)
    user("member", Role.MEMBER, sec_branch, plain[0].name, plain[0])
    user("auditor", Role.AUDITOR, root, "审计员")
    # Member accounts: the rest of the demo branch, then one or two from other branches.
    pool = plain[1:] + [m for b in rng.sample(branches, 30) for m in by_branch[b.pk][3:5] if b.pk != sec_branch.pk]
    secretary_ids = {b.secretary_id for b in branches}
    pool = [m for m in pool if m.pk not in secretary_ids]
    for i, m in enumerate(pool[:40], start=1):
        user(f"member{i:02d}", Role.MEMBER, Organization.objects.get(pk=m.org_id), m.name, m)
    # Secretaries of a handful of other branches, so sessions can be recorded from their phones.
    others = [b for b in branches if b.secretary_id and b.secretary_id not in linked]
    for i, b in enumerate(others[:10], start=1):
        sec = Member.objects.get(pk=b.secretary_id or 0)
        user(f"secretary{i:02d}", Role.SECRETARY, b, sec.name, sec)
    return users
