"""Realistic people for the demo: names, ages, join dates, ID numbers, phones.

Everything here is data, not interface: the names and places are Chinese because the
people are. Generation is deterministic for a given ``random.Random``.
"""

from __future__ import annotations

import datetime
import itertools
import random
from dataclasses import dataclass
from typing import Any

from lixing.common.testing import make_id_number, unique_id_number
from lixing.orgs.models import CadreLevel, Education, PersonCategory

# Surnames with rough frequencies for eastern Zhejiang (Ningbo), most common first.
SURNAMES: list[tuple[str, int]] = [
    ("王", 80), ("陈", 95), ("张", 60), ("李", 55), ("林", 40), ("徐", 42), ("周", 40), ("胡", 35),
    ("吴", 38), ("杨", 30), ("朱", 30), ("刘", 30), ("黄", 28), ("金", 26), ("叶", 24), ("郑", 24),
    ("孙", 20), ("方", 18), ("何", 16), ("应", 15), ("沈", 16), ("俞", 14), ("邵", 12), ("姚", 12),
    ("钱", 10), ("戴", 10), ("蒋", 10), ("邱", 8), ("傅", 10), ("余", 10), ("潘", 10), ("汪", 9),
    ("董", 9), ("袁", 8), ("顾", 9), ("许", 9), ("毛", 8), ("马", 8), ("竺", 5), ("史", 6),
    ("贺", 6), ("虞", 5), ("夏", 6), ("翁", 6), ("冯", 7), ("赵", 8), ("范", 6), ("柴", 4),
    ("曹", 6), ("童", 5), ("任", 5), ("丁", 6), ("宋", 6), ("谢", 7), ("韩", 6), ("鲍", 4),
    ("屠", 3), ("乐", 4), ("忻", 3), ("励", 3), ("沃", 3), ("胡", 4), ("罗", 6), ("高", 7),
    ("梁", 5), ("郭", 6), ("魏", 4), ("邬", 4), ("舒", 3), ("江", 5), ("杜", 4), ("蔡", 6),
    ("洪", 4), ("龚", 4), ("严", 4), ("陆", 6), ("石", 4), ("程", 5), ("卢", 5), ("包", 4),
]  # fmt: skip

MALE_CHARS = "伟强军勇杰涛斌明华建国平东波辉刚磊峰超浩鹏飞宇军海洋振宁志坚立新庆祥荣达德春林松文斌俊晓锋"
FEMALE_CHARS = "芳娟敏静丽燕艳霞萍红玲婷雪慧琴佳颖洁瑜倩莉蓉婕琳丹晶怡月菊凤英兰秀美亚萍飞"
NEUTRAL_CHARS = "晓文建海明永春利雅一子嘉思欣宏伟佳小亚国志"
# Names of people born before 1960 often carry the era's words.
OLD_MALE = "国庆建华德福根富生财荣宝章顺昌兴发"
OLD_FEMALE = "秀英桂芳凤兰玉珍彩娣素珠雅琴金娥"

ETHNICITIES = [("汉族", 970), ("回族", 6), ("满族", 5), ("畲族", 6), ("土家族", 5), ("苗族", 4), ("壮族", 4)]

# Real administrative codes: Ningbo's districts and counties first, then places people move from.
BIRTH_REGIONS = [
    ("330206", 40), ("330203", 10), ("330211", 8), ("330212", 10), ("330205", 6), ("330281", 6), ("330282", 6),
    ("330226", 4), ("330225", 4), ("330921", 3), ("330102", 2), ("330302", 2), ("341221", 2), ("362321", 1),
    ("511321", 1), ("430621", 1), ("410526", 1),
]  # fmt: skip

MOBILE_PREFIXES = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153",
                   "155", "157", "158", "159", "177", "180", "181", "182", "183", "186", "187", "188", "189", "199"]  # fmt: skip

ROADS = ["海光路", "滨海南路", "榭北路", "海景路", "大榭路", "环岛北路", "信州路", "海城路", "白象路", "榭西路"]


def weighted(pairs: list[tuple[str, int]]) -> tuple[list[str], list[int]]:
    return [p[0] for p in pairs], list(itertools.accumulate(p[1] for p in pairs))


_SURNAME_POOL = weighted(SURNAMES)
_ETHNIC_POOL = weighted(ETHNICITIES)
_REGION_POOL = weighted(BIRTH_REGIONS)


def person_name(rng: random.Random, *, female: bool, birth_year: int) -> str:
    surname = rng.choices(_SURNAME_POOL[0], cum_weights=_SURNAME_POOL[1])[0]
    if birth_year < 1960:
        pool = (OLD_FEMALE + FEMALE_CHARS) if female else (OLD_MALE + MALE_CHARS)
    else:
        pool = (FEMALE_CHARS if female else MALE_CHARS) + NEUTRAL_CHARS
    if rng.random() < (0.15 if birth_year < 1985 else 0.35):
        return surname + rng.choice(pool)  # single-character given name
    return surname + rng.choice(pool) + rng.choice(pool)


def mobile(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


@dataclass(frozen=True)
class Profile:
    """What kind of people a branch holds."""

    min_age: int
    max_age: int
    retired_share: float  # share of people past retirement age who are "retired"
    education: list[tuple[str, int]]
    farmer_share: float = 0.0
    job_posts: tuple[str, ...] = ("职员",)
    cadre_share: float = 0.0  # of in-service people: section level; a tenth of these division level


OFFICE = Profile(24, 60, 1.0, [(Education.POSTGRADUATE, 25), (Education.UNIVERSITY, 65), (Education.COLLEGE, 10)],
                 job_posts=("科员", "副主任科员", "办事员", "科长", "副科长", "主任"), cadre_share=0.35)  # fmt: skip
ENTERPRISE = Profile(22, 60, 1.0, [(Education.POSTGRADUATE, 8), (Education.UNIVERSITY, 45), (Education.COLLEGE, 30),
                                   (Education.SECONDARY, 17)],
                     job_posts=("工程师", "技术员", "操作工", "班组长", "车间主任", "安全员", "销售经理", "财务"))  # fmt: skip
SCHOOL = Profile(23, 60, 1.0, [(Education.POSTGRADUATE, 20), (Education.UNIVERSITY, 75), (Education.COLLEGE, 5)],
                 job_posts=("教师", "班主任", "教研组长", "医生", "护士", "主治医师", "护士长"), cadre_share=0.05)  # fmt: skip
COMMUNITY = Profile(28, 92, 1.0, [(Education.UNIVERSITY, 18), (Education.COLLEGE, 20), (Education.SECONDARY, 42),
                                  (Education.PRIMARY, 20)],
                    farmer_share=0.12, job_posts=("社区工作者", "网格员", "个体经营者", "居民"))  # fmt: skip
POLICE = Profile(23, 58, 1.0, [(Education.POSTGRADUATE, 10), (Education.UNIVERSITY, 80), (Education.COLLEGE, 10)],
                 job_posts=("民警", "辅警", "警长", "所长", "副所长", "教导员"), cadre_share=0.3)  # fmt: skip
PROFILES = {"office": OFFICE, "enterprise": ENTERPRISE, "school": SCHOOL, "community": COMMUNITY, "police": POLICE}


def _years_before(day: datetime.date, years: int, extra_days: int = 0) -> datetime.date:
    try:
        d = day.replace(year=day.year - years)
    except ValueError:  # 29 February
        d = day.replace(year=day.year - years, day=28)
    return d - datetime.timedelta(days=extra_days)


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


class PersonFactory:
    """Makes member field dicts; ID numbers are unique across one factory."""

    def __init__(self, rng: random.Random, today: datetime.date) -> None:
        self.rng = rng
        self.today = today
        self.seen_ids: set[str] = set()
        self.seq = itertools.count(1)

    def _id_number(self, birth: datetime.date, female: bool) -> str:
        rng = self.rng
        for _ in range(50):
            region = rng.choices(_REGION_POOL[0], cum_weights=_REGION_POOL[1])[0]
            number = make_id_number(birth, rng.randrange(500), female=female, region=region)
            if number not in self.seen_ids:
                self.seen_ids.add(number)
                return number
        raise RuntimeError("could not find a free ID number")  # pragma: no cover - 500 sequences per day

    def join_dates(self, birth: datetime.date, *, probationary: bool) -> tuple[datetime.date, datetime.date | None]:
        """Joined at 18 or later; probationary members joined within the last year."""
        rng, today = self.rng, self.today
        eighteen = _add_years(birth, 18)
        if probationary:
            earliest = max(eighteen, today - datetime.timedelta(days=360))
            span = max((today - earliest).days, 1)
            return earliest + datetime.timedelta(days=rng.randrange(span)), None
        latest = today - datetime.timedelta(days=400)  # confirmed at least a month ago
        span = (latest - eighteen).days  # most join in their twenties, some later
        if span <= 0:
            joined = eighteen
        else:
            joined = eighteen + datetime.timedelta(days=int(rng.triangular(0, min(span, 30 * 365), min(span, 1800))))
        confirmed = _add_years(joined, 1) + datetime.timedelta(days=rng.randrange(20))
        return joined, max(joined, min(confirmed, today - datetime.timedelta(days=30)))

    def person(self, profile: Profile, *, unit: str = "", probationary: bool | None = None) -> dict[str, Any]:
        rng, today = self.rng, self.today
        female = rng.random() < 0.38
        if probationary is None:
            probationary = rng.random() < 0.065
        if probationary:
            age = rng.randint(max(profile.min_age, 19), min(profile.max_age, 40))
        elif profile is COMMUNITY:
            age = int(rng.triangular(profile.min_age, profile.max_age, 68))
        else:
            age = int(rng.triangular(profile.min_age, profile.max_age, 38))
        birth = _years_before(today, age, rng.randrange(365))
        joined, confirmed = self.join_dates(birth, probationary=probationary)
        retirement_age = 55 if female else 60
        education = rng.choices(*weighted(profile.education))[0]
        if age >= 65 and education in {Education.POSTGRADUATE, Education.UNIVERSITY} and rng.random() < 0.6:
            education = Education.SECONDARY
        cadre = CadreLevel.NONE
        if age >= retirement_age and rng.random() < profile.retired_share:
            category = PersonCategory.RETIRED
            job_post = ""
        elif rng.random() < profile.farmer_share:
            category = PersonCategory.FARMER
            job_post = ""
        else:
            category = PersonCategory.IN_SERVICE if profile is not ENTERPRISE else (
                PersonCategory.WORKER if rng.random() < 0.35 else PersonCategory.IN_SERVICE)  # fmt: skip
            job_post = rng.choice(profile.job_posts)
            if profile.cadre_share and age >= 30 and rng.random() < profile.cadre_share:
                cadre = CadreLevel.DIVISION if (age >= 40 and rng.random() < 0.12) else CadreLevel.SECTION
        n = next(self.seq)
        return {
            "name": person_name(rng, female=female, birth_year=birth.year),
            "gender": "F" if female else "M",
            "id_number": self._id_number(birth, female),
            "ethnicity": rng.choices(_ETHNIC_POOL[0], cum_weights=_ETHNIC_POOL[1])[0],
            "birth_date": birth,
            "education": education,
            "category": category,
            "joined_at": joined,
            "confirmed_at": confirmed,
            "job_post": job_post,
            "phone": mobile(rng) if rng.random() < 0.97 else "",
            "address": f"宁波市北仑区大榭街道{rng.choice(ROADS)}{rng.randint(1, 300)}号{n % 6 + 1}幢",
            "work_unit": unit if category not in {PersonCategory.RETIRED, PersonCategory.FARMER} else "",
            "position": "",
            "cadre_level": cadre,
            "is_mobile": category != PersonCategory.RETIRED and rng.random() < 0.015,
            "is_lost_contact": False,
        }


class FastPeople:
    """Province-scale generation: precomputed pools, no per-person uniqueness bookkeeping
    (ID numbers come from :func:`unique_id_number`, distinct by construction)."""

    def __init__(self, rng: random.Random, today: datetime.date) -> None:
        self.rng = rng
        self.today = today
        self.surnames = rng.choices(_SURNAME_POOL[0], cum_weights=_SURNAME_POOL[1], k=4096)
        male = MALE_CHARS + NEUTRAL_CHARS
        female = FEMALE_CHARS + NEUTRAL_CHARS
        self.male_given = [a + b for a in male for b in male] + list(male) * 8
        self.female_given = [a + b for a in female for b in female] + list(female) * 8
        self.phones = [mobile(rng) for _ in range(65536)]
        self.educations = rng.choices(*weighted(COMMUNITY.education), k=4096)
        self.ethnicities = rng.choices(_ETHNIC_POOL[0], cum_weights=_ETHNIC_POOL[1], k=4096)
        self.posts = list(ENTERPRISE.job_posts + OFFICE.job_posts)

    def row(self, n: int) -> dict[str, Any]:
        rng, today = self.rng, self.today
        number, birth, gender = unique_id_number(n)
        female = gender == "F"
        r = rng.random()
        probationary = r < 0.05
        if probationary:
            joined = today - datetime.timedelta(days=int(r * 7000))  # within the last 350 days
            confirmed = None
        else:
            joined = birth + datetime.timedelta(days=6600 + int(r * 4000))
            joined = min(joined, today - datetime.timedelta(days=400))
            confirmed = joined + datetime.timedelta(days=366)
        age = today.year - birth.year
        retired = age >= (55 if female else 60)
        given = self.female_given if female else self.male_given
        return {
            "name": self.surnames[n & 4095] + given[(n * 7919) % len(given)],
            "gender": gender,
            "id_number": number,
            "ethnicity": self.ethnicities[(n * 31) & 4095],
            "birth_date": birth,
            "education": self.educations[(n * 17) & 4095],
            "category": PersonCategory.RETIRED if retired else PersonCategory.IN_SERVICE,
            "joined_at": joined,
            "confirmed_at": confirmed,
            "job_post": "" if retired else self.posts[n % len(self.posts)],
            "phone": self.phones[(n * 13) & 65535],
            "is_mobile": n % 97 == 0,
            "is_lost_contact": n % 1009 == 0,
            "cadre_level": CadreLevel.SECTION if n % 53 == 0 else CadreLevel.NONE,
        }
