"""Periods a figure can be asked for: calendar buckets that the roll-ups keep.

``all`` · ``2021`` · ``2021Q2`` · ``2021-04`` · ``2021W15`` (ISO week).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})W(\d{2})$")


@dataclass(frozen=True)
class Period:
    bucket: str
    kind: str  # all / year / quarter / month / week
    start: datetime.date | None
    end: datetime.date | None  # inclusive

    @classmethod
    def parse(cls, raw: str | None) -> Period:
        """Parse a bucket string; raises ValueError with a readable message."""
        text = (raw or "all").strip()
        if text == "all":
            return cls("all", "all", None, None)
        if m := _YEAR.match(text):
            y = int(m[1])
            return cls(text, "year", datetime.date(y, 1, 1), datetime.date(y, 12, 31))
        if m := _QUARTER.match(text):
            y, q = int(m[1]), int(m[2])
            start = datetime.date(y, 3 * q - 2, 1)
            end = (datetime.date(y + 1, 1, 1) if q == 4 else datetime.date(y, 3 * q + 1, 1)) - datetime.timedelta(1)
            return cls(text, "quarter", start, end)
        if m := _MONTH.match(text):
            y, mo = int(m[1]), int(m[2])
            if not 1 <= mo <= 12:
                raise ValueError(_("Unknown period: %(p)s") % {"p": text})
            start = datetime.date(y, mo, 1)
            end = (datetime.date(y + 1, 1, 1) if mo == 12 else datetime.date(y, mo + 1, 1)) - datetime.timedelta(1)
            return cls(text, "month", start, end)
        if m := _WEEK.match(text):
            y, w = int(m[1]), int(m[2])
            try:
                start = datetime.date.fromisocalendar(y, w, 1)
            except ValueError:
                raise ValueError(_("Unknown period: %(p)s") % {"p": text}) from None
            return cls(text, "week", start, start + datetime.timedelta(6))
        raise ValueError(_("Unknown period: %(p)s (use all, 2021, 2021Q2, 2021-04 or 2021W15)") % {"p": text})

    @classmethod
    def containing(cls, day: datetime.date, kind: str) -> Period:
        iso_year, iso_week, _wd = day.isocalendar()
        bucket = {
            "all": "all",
            "year": f"{day.year}",
            "quarter": f"{day.year}Q{(day.month - 1) // 3 + 1}",
            "month": f"{day.year}-{day.month:02d}",
            "week": f"{iso_year}W{iso_week:02d}",
        }[kind]
        return cls.parse(bucket)

    def contains(self, day: datetime.date) -> bool:
        return self.start is None or self.end is None or self.start <= day <= self.end

    def label(self) -> str:
        if self.kind == "all":
            return _("All time")
        if self.kind == "year":
            return _("%(y)s") % {"y": self.bucket}
        if self.kind == "quarter":
            return _("Q%(q)s %(y)s") % {"q": self.bucket[-1], "y": self.bucket[:4]}
        if self.kind == "month":
            return _("%(y)s-%(m)s") % {"y": self.bucket[:4], "m": self.bucket[5:]}
        return _("Week %(w)s of %(y)s") % {"w": self.bucket[5:], "y": self.bucket[:4]}

    def steps(self, today: datetime.date | None = None) -> list[Period]:
        """The sub-periods a trend is drawn over: a year or quarter by month, a month by
        week, all time by the last 12 months (to ``today``)."""
        if self.kind in {"year", "quarter"} and self.start and self.end:
            out, d = [], self.start
            while d <= self.end:
                out.append(Period.containing(d, "month"))
                d = (d.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
            return out
        if self.kind == "month" and self.start and self.end:
            out, d = [], self.start
            while d <= self.end:
                p = Period.containing(d, "week")
                if p not in out:
                    out.append(p)
                d += datetime.timedelta(days=7)
            last = Period.containing(self.end, "week")
            if last not in out:
                out.append(last)
            return out
        if self.kind == "week" and self.start:
            return [self]
        anchor = today or datetime.date.today()
        months: list[Period] = []
        y, m = anchor.year, anchor.month
        for _i in range(12):
            months.append(Period.parse(f"{y}-{m:02d}"))
            y, m = (y - 1, 12) if m == 1 else (y, m - 1)
        return list(reversed(months))
