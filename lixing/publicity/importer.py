"""The publicity spreadsheet (kind "publicity"): one row per article, broadcast, post or video.

Through the generic flow (upload → check → preview → confirm → apply, all or nothing). A row
with the same outlet and title as an earlier row or an existing item is not an error: it is
recorded and flagged as a possible duplicate, as on the form.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lixing.imports.registry import Importer, Outcome, Progress, RowError, Rows
from lixing.imports.sheets import Column, parse_date
from lixing.orgs.access import Cap, can
from lixing.orgs.models import Organization

from . import services
from .models import ArticleKind, MediaLevel

KIND_WORDS = {"文章": ArticleKind.ARTICLE, "报道": ArticleKind.ARTICLE, "广播": ArticleKind.BROADCAST,
              "电视": ArticleKind.BROADCAST, "新媒体": ArticleKind.POST, "推文": ArticleKind.POST,
              "视频": ArticleKind.VIDEO}  # fmt: skip

COLUMNS = [
    Column("标题", "title", required=True, width=40),
    Column("媒体名称", "outlet", required=True, hint="如 人民日报、学习强国宁波学习平台", width=20),
    Column("媒体级别", "level", required=True, hint="中央/省级/市级/区级/学习强国/本单位新媒体", width=14),
    Column("类型", "kind", hint="文章/广播/新媒体/视频，空为文章", width=10),
    Column("发布日期", "published_on", required=True, hint="2021-04-01", width=12),
    Column("链接", "link", required=True, width=40),
    Column("报送单位", "unit", hint="空为导入所选单位；填写下级党组织全称", width=20),
    Column("系列", "series", hint="系列视频的系列名", width=16),
]


def _text(values: dict[str, Any], name: str) -> tuple[str, bool]:
    """The cell as text, and whether it was text at all (a number where text is expected is an
    error, never a silent conversion)."""
    value = values.get(name)
    if value in (None, ""):
        return "", True
    if not isinstance(value, str):
        return "", False
    return value.strip(), True


class ArticleImporter(Importer):
    kind = "publicity"
    label = gettext_lazy("Publicity ledger")
    title = "宣传报道导入模板"
    columns = COLUMNS

    def check_access(self, *, actor: Any, org: Organization, options: dict[str, Any]) -> None:
        if not can(actor, org, Cap.RECORDS):
            raise PermissionDenied(_("You do not have permission to do this here."))

    def _walk(self, actor: Any, org: Organization, rows: Rows, progress: Progress) -> tuple[Outcome, list[dict[str, Any]]]:
        levels = {lv.name: lv for lv in MediaLevel.objects.filter(is_active=True)}
        units = {o.name: o for o in Organization.objects.filter(path__startswith=org.path, dissolved_at__isnull=True)}
        outcome, good = Outcome(), []
        for n, (row, values) in enumerate(rows, start=1):
            progress(n)
            errors: list[tuple[str, str]] = []
            fields: dict[str, Any] = {}
            for name in ("title", "outlet", "link", "series", "unit", "level", "kind"):
                text, ok = _text(values, name)
                if not ok:
                    errors.append((name, _("Write text here, not a number.")))
                fields[name] = text
            if not fields["title"]:
                errors.append(("title", _("The title is missing.")))
            if not fields["outlet"]:
                errors.append(("outlet", _("The outlet is missing.")))
            level = levels.get(fields["level"])
            if level is None:
                errors.append(("level", _("Write one of: %(levels)s.") % {"levels": "、".join(levels)}))
            kind = KIND_WORDS.get(fields["kind"] or "文章")
            if kind is None:
                errors.append(("kind", _("Write 文章, 广播, 新媒体 or 视频.")))
            try:
                day = parse_date(values.get("published_on"))
                if day is None:
                    errors.append(("published_on", _("The date is missing.")))
                elif day > datetime.date.today():
                    errors.append(("published_on", _("The date is in the future.")))
            except ValueError as exc:
                day = None
                errors.append(("published_on", str(exc)))
            if not fields["link"].startswith(("http://", "https://")):
                errors.append(("link", _("Give the article's web address (http:// or https://).")))
            unit = org
            if fields["unit"]:
                unit = units.get(fields["unit"])  # type: ignore[assignment]
                if unit is None:
                    errors.append(("unit", _("No organisation of this name under %(org)s.") % {"org": org.name}))
                elif not can(actor, unit, Cap.RECORDS):
                    errors.append(("unit", _("You do not have permission to do this here.")))
            for name, message in errors:
                outcome.errors.append(RowError(row, self.header_of(name), message))
            if errors:
                continue
            outcome.create += 1
            good.append({"row": row, "unit": unit, "title": fields["title"], "outlet": fields["outlet"], "level": level,
                         "kind": kind, "published_on": day, "link": fields["link"], "series": fields["series"]})  # fmt: skip
        return outcome, good

    def check(self, *, actor: Any, org: Organization, rows: Rows, options: dict[str, Any],
              progress: Progress) -> Outcome:  # fmt: skip
        return self._walk(actor, org, rows, progress)[0]

    def apply(self, *, actor: Any, org: Organization, rows: Rows, options: dict[str, Any],
              progress: Progress) -> Outcome:  # fmt: skip
        outcome, good = self._walk(actor, org, rows, progress)
        if outcome.errors:
            return outcome
        for item in good:
            row = item.pop("row")
            try:
                services.article_create(actor=actor, **item)
            except ValidationError as exc:
                outcome.errors.append(RowError(row, "", "; ".join(exc.messages)))
                return outcome
        return outcome

    def examples(self) -> list[list[Any]]:
        return [
            ["大榭开发区“书记加油PK”赛出党建新气象", "宁波日报", "市级", "文章", "2021-05-12",
             "https://example.org/nb/1", "", ""],
            ["海湾社区“党建+直播”让党史学习走进千家万户", "学习强国宁波学习平台", "学习强国", "文章", "2021-06-03",
             "https://example.org/xx/2", "", ""],
            ["百年党史微视频·第一集", "大榭发布", "本单位新媒体", "视频", "2021-04-01",
             "https://example.org/v/1", "", "百年党史微视频"],
        ]  # fmt: skip
