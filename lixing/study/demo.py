"""The demo district's season of study: what the seeds count, recorded as sessions.

Central-group study and seminars in every committee; themed party days, collective study and
branch secretaries' lectures in most branches (some branches lag, so coverage is not 100%);
lectures by division-level cadres; outreach talks; workshop lectures; a live-streamed class
with over a thousand viewers; four required readings delivered at more than 100%; members'
check-ins. Sessions go through the service; attendance and check-ins are bulk-inserted and
the counters rebuilt once at the end (:func:`lixing.orgs.rollups.rollup_rebuild`).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.db import transaction
from django.db.models import F

from lixing.common.demo import DemoContext
from lixing.orgs.access import SYSTEM
from lixing.orgs.models import CadreLevel, Member, Organization, OrgKind
from lixing.orgs.rollups import rollup_rebuild
from lixing.orgs.services import member_update

from . import services
from .models import (
    Attendance,
    AttendanceMethod,
    CheckIn,
    ExpectedAttendee,
    PointEntry,
    RequiredReading,
    SessionKind,
    SpeakerRole,
    StudySession,
)

PARTY_DAY_TOPICS = [
    "重温入党誓词",
    "重走红色之旅",
    "学党史、颂党恩、跟党走",
    "重温党史路，走好新征程",
    "“四个一”主题党日",
]
STUDY_TOPICS = ["《中国共产党简史》第%d章", "习近平总书记在党史学习教育动员大会上的重要讲话", "《论中国共产党历史》选读",
                "党的十九届五中全会精神", "“周二夜学”：党史故事100讲"]  # fmt: skip
LECTURE_TOPICS = ["从百年党史中汲取前进力量", "学史明理、学史增信、学史崇德、学史力行", "伟大建党精神的时代内涵",
                  "支部书记上党课：党史中的初心使命"]  # fmt: skip
OUTREACH_TOPICS = ["追寻党史印记·感悟真理力量", "8090新时代理论宣讲", "老党员讲党史", "“小喇叭讲党史”空中课堂"]
# One set (套) of the four required books, as the seeds count it: "指定书目7000多套，实现四本
# 必读书目征订覆盖率超100%". Coverage of a set is sets delivered ÷ members.
READINGS = [
    ("四本必读书目（套）：《论中国共产党历史》《毛泽东邓小平江泽民胡锦涛关于中国共产党历史论述摘编》"
     "《习近平新时代中国特色社会主义思想学习问答》《中国共产党简史》", "中央文献出版社、人民出版社等"),
]  # fmt: skip
ABSENCE_REASONS = ["出差", "病假", "值班", "外出培训", "家中有事"]


def build_demo_study(ctx: DemoContext) -> None:
    if ctx.preset != "district":
        ctx.say("study: the province preset is exercised by bench/study.py; no demo sessions built")
        return
    root = Organization.objects.get(pk=ctx.root_id)
    with transaction.atomic():
        _build(ctx, root)
        rollup_rebuild()
    ctx.say(f"study: {StudySession.objects.filter(unit__path__startswith=root.path).count()} sessions")


def _build(ctx: DemoContext, root: Organization) -> None:
    rng = ctx.rng
    today: datetime.date = ctx.today if isinstance(ctx.today, datetime.date) else datetime.date.today()
    start = today - datetime.timedelta(days=120)

    def day() -> datetime.date:
        return start + datetime.timedelta(days=rng.randrange(0, 120))

    kinds = {k.code: k for k in SessionKind.objects.all()}
    orgs = list(Organization.objects.filter(path__startswith=root.path, dissolved_at__isnull=True).order_by("path"))
    branches = [o for o in orgs if o.kind == OrgKind.BRANCH]
    committees = [o for o in orgs if o.kind in {OrgKind.COMMITTEE, OrgKind.LEADING_GROUP, OrgKind.WORKING_COMMITTEE}]
    members_by_org: dict[int, list[Member]] = defaultdict(list)
    for m in Member.objects.filter(org__path__startswith=root.path).select_related("org"):
        members_by_org[m.org_id].append(m)
    if not branches:
        return
    cadres = _division_cadres(ctx, root, committees, members_by_org)
    lagging = set(rng.sample([b.pk for b in branches], max(1, len(branches) // 7)))
    sessions: list[StudySession] = []

    def make(unit: Organization, codes: list[str], topic: str, **kw: Any) -> StudySession:
        s = services.session_create(actor=SYSTEM, unit=unit, kinds=[kinds[c] for c in codes], date=kw.pop("date", day()),
                                    topic=topic, place=kw.pop("place", f"{unit.display_name}党员活动室"), **kw)  # fmt: skip
        sessions.append(s)
        return s

    for c in committees:
        for i in range(5):
            make(c, ["central_group"], f"理论学习中心组党史学习教育集体学习（第{i + 1}次）", place="会议室")
        make(c, ["central_group", "seminar"], "专题研讨：学习习近平科学思维方法", place="会议室")
    for b in branches:
        subtree = [m for o in orgs if o.path.startswith(b.path) for m in members_by_org.get(o.pk, [])]
        secretary = b.secretary or (subtree[0] if subtree else None)
        if b.pk in lagging:
            if rng.random() < 0.5:
                make(b, ["collective_study"], STUDY_TOPICS[1])
            continue
        for _i in range(rng.randint(2, 4)):
            make(b, ["party_day"], rng.choice(PARTY_DAY_TOPICS))
        for i in range(rng.randint(1, 3)):
            make(b, ["collective_study"], STUDY_TOPICS[0] % (i + 1) if i == 0 else rng.choice(STUDY_TOPICS[1:]))
        if secretary is not None:
            codes = ["special_lecture", "party_day"] if rng.random() < 0.3 else ["special_lecture"]
            make(b, codes, rng.choice(LECTURE_TOPICS), speaker_member=secretary,
                 speaker_role=SpeakerRole.BRANCH_SECRETARY)  # fmt: skip
        if rng.random() < 0.15:
            make(b, ["workshop_lecture"], "车间党课：把党史课堂搬进生产一线", place="装配车间", speaker_member=secretary,
                 speaker_role=SpeakerRole.BRANCH_SECRETARY if secretary else "")  # fmt: skip
        if rng.random() < 0.1:
            make(b, ["reading_club"], "青年读书会：围读红色家书")
        if rng.random() < 0.08:
            make(b, ["onsite_teaching"], "现场教学：红色教育基地", place="红色教育基地")
    for _i in range(max(len(branches) // 4, 3)):
        if not cadres:
            break
        speaker = rng.choice(cadres)
        make(rng.choice(branches), ["special_lecture"], rng.choice(LECTURE_TOPICS), speaker_member=speaker,
             speaker_role=SpeakerRole.LEADER)  # fmt: skip
    for _i in range(max(len(branches) // 2, 5)):
        make(rng.choice(branches + committees), ["outreach_talk"], rng.choice(OUTREACH_TOPICS),
             speaker_name=f"党史宣讲团成员{rng.randint(1, 16)}号", speaker_role=SpeakerRole.OUTREACH,
             open_to_all=True, expected_members=[])  # fmt: skip
    live_unit = branches[0]
    make(live_unit, ["live_class", "workshop_lecture"], "党史学习教育直播课：车间党课", place="",
         online_link="https://live.example.cn/dangke", online_viewers=rng.randint(1000, 1500), open_to_all=True,
         speaker_member=live_unit.secretary, expected_members=[])  # fmt: skip
    make(root, ["live_class"], "“百年奋进，党的故事说给你听”党史学习直播间", place="",
         online_link="https://live.example.cn/dangshi", online_viewers=rng.randint(1000, 1300), open_to_all=True,
         expected_members=[])  # fmt: skip
    _attendance(ctx, sessions, lagging)
    tops = [o for o in orgs if o.parent_id == root.pk] or [root]
    _readings(ctx, root, tops, orgs, members_by_org)
    _checkins(ctx, members_by_org, today)


def _division_cadres(ctx: DemoContext, root: Organization, committees: list[Organization],
                     members_by_org: dict[int, list[Member]]) -> list[Member]:  # fmt: skip
    """Division-level cadres of the roster; if the roster names none, the first member of each
    committee's first branch is made one (through the roster service, audited)."""
    cadres = list(Member.objects.filter(org__path__startswith=root.path, cadre_level=CadreLevel.DIVISION))
    if len(cadres) >= 5:
        return cadres
    for c in committees:
        child = next((o for o in Organization.objects.filter(parent=c, kind=OrgKind.BRANCH).order_by("path")), None)
        candidates = members_by_org.get(child.pk, []) if child else members_by_org.get(c.pk, [])
        if candidates:
            cadres.append(member_update(actor=SYSTEM, member=candidates[-1], cadre_level=CadreLevel.DIVISION))
    return cadres


def _attendance(ctx: DemoContext, sessions: list[StudySession], lagging: set[int]) -> None:
    rng = ctx.rng
    rows: list[Attendance] = []
    absences: list[ExpectedAttendee] = []
    expected = defaultdict(list)
    for e in ExpectedAttendee.objects.filter(session__in=[s.pk for s in sessions]).select_related("member"):
        expected[e.session_id].append(e)
    for s in sessions:
        rate = 0.6 if s.unit_id in lagging else rng.uniform(0.78, 0.97)
        for e in expected[s.pk]:
            if rng.random() < rate:
                method = AttendanceMethod.QR if rng.random() < 0.7 else AttendanceMethod.TICKED
                rows.append(Attendance(session_id=s.pk, member_id=e.member_id, member_org_id=e.member.org_id,
                                       method=method))  # fmt: skip
            elif rng.random() < 0.8:
                e.absence_reason = rng.choice(ABSENCE_REASONS)
                if rng.random() < 0.6:
                    e.made_up_at = s.date + datetime.timedelta(days=rng.randint(1, 10))
                    e.made_up_note = "自学会议材料并交流心得"
                absences.append(e)
    Attendance.objects.bulk_create(rows, batch_size=2000)
    ExpectedAttendee.objects.bulk_update(absences, ["absence_reason", "made_up_at", "made_up_note"], batch_size=2000)
    counts: dict[int, int] = defaultdict(int)
    for a in rows:
        counts[a.session_id] += 1
    for session_id, n in counts.items():
        StudySession.objects.filter(pk=session_id).update(attended_count=F("attended_count") + n)


def _readings(ctx: DemoContext, root: Organization, units: list[Organization], orgs: list[Organization],
              members_by_org: dict[int, list[Member]]) -> None:  # fmt: skip
    rng = ctx.rng
    for i, (title, publisher) in enumerate(READINGS):
        reading = RequiredReading.objects.create(owner=root, title=title, publisher=publisher, order=i + 1)
        for unit in units:
            n = sum(len(members_by_org.get(o.pk, [])) for o in orgs if o.path.startswith(unit.path))
            if not n:
                continue
            ordered = int(n * rng.uniform(1.05, 1.25)) + 5
            services.distribution_set(actor=SYSTEM, reading=reading, unit=unit, ordered=ordered,
                                      delivered=ordered - rng.randint(0, 3))  # fmt: skip


def _checkins(ctx: DemoContext, members_by_org: dict[int, list[Member]], today: datetime.date) -> None:
    rng = ctx.rng
    materials = ["《中国共产党简史》", "“学习强国”党史专栏", "《党史故事100讲》", "《习近平在浙江》采访实录"]
    checkins: list[CheckIn] = []
    points: list[PointEntry] = []
    for members in members_by_org.values():
        for m in members:
            if rng.random() < 0.4:
                continue
            for d in rng.sample(range(1, 60), rng.randint(1, 12)):
                day = today - datetime.timedelta(days=d)
                checkins.append(CheckIn(member_id=m.pk, org_id=m.org_id, day=day, material=rng.choice(materials)))
                points.append(PointEntry(member_id=m.pk, day=day, action="checkin", points=1))
    CheckIn.objects.bulk_create(checkins, batch_size=5000)
    PointEntry.objects.bulk_create(points, batch_size=5000)
