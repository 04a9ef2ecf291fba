"""The office's key-project list (kind ``project_list``): one row per project, as the lists
are kept — 项目名称 · 责任单位 · 牵头领导 · 项目类别 · 总投资（万元） · 年度计划投资（万元） · 计划开工 ·
计划竣工. The list's year is an option (``year``); a project of the same name on that year's
list is updated. Units are found by full or short name inside the office's subtree. Any bad
row makes the generic flow roll back the whole file."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lixing.imports.registry import Importer, Outcome, Progress, RowError, Rows
from lixing.imports.sheets import Column, parse_date
from lixing.orgs.access import Cap, can
from lixing.orgs.models import Organization

from . import services
from .models import Project, ProjectCategory

CATEGORY_WORDS = {
    "产业项目": ProjectCategory.INDUSTRY, "产业": ProjectCategory.INDUSTRY, "工业": ProjectCategory.INDUSTRY,
    "基础设施": ProjectCategory.INFRASTRUCTURE, "基础设施项目": ProjectCategory.INFRASTRUCTURE,
    "社会民生": ProjectCategory.SOCIAL, "民生": ProjectCategory.SOCIAL, "民生项目": ProjectCategory.SOCIAL,
    "城市更新": ProjectCategory.URBAN, "其他": ProjectCategory.OTHER,
}  # fmt: skip


class ProjectListImporter(Importer):
    kind = "project_list"
    label = gettext_lazy("Key project list")
    title = "重点项目清单"
    columns = [
        Column("项目名称", "name", required=True, hint="项目全称", width=36),
        Column("责任单位", "unit", required=True, hint="组织全称或简称", width=20),
        Column("牵头领导", "lead", hint="姓名", width=10),
        Column("项目类别", "category", hint="产业项目/基础设施/社会民生/城市更新/其他", width=14),
        Column("总投资（万元）", "total", required=True, hint="数字", width=14),
        Column("年度计划投资（万元）", "plan", required=True, hint="数字", width=16),
        Column("计划开工", "start", hint="2026-03-01", width=12),
        Column("计划竣工", "end", hint="2027-12-31", width=12),
    ]

    def examples(self) -> list[list[Any]]:
        return [
            ["大榭石化五期项目", "开发建设局党委", "张三", "产业项目", 2_000_000, 400_000, "2026-03-01", "2028-12-31"]
        ]

    def _year(self, options: dict[str, Any]) -> int:
        try:
            year = int(options.get("year") or 0)
        except (TypeError, ValueError):
            year = 0
        if not 2000 <= year <= 2100:
            raise PermissionDenied(_("Say which year's list this is."))
        return year

    def check_access(self, *, actor: Any, org: Organization, options: dict[str, Any]) -> None:
        self._year(options)
        if not can(actor, org, Cap.STRUCTURE):
            raise PermissionDenied(_("You do not have permission to do this here."))

    def _amount(self, raw: Any) -> Decimal:
        if isinstance(raw, bool) or raw in (None, ""):
            raise ValueError
        try:
            value = Decimal(str(raw).replace(",", "").strip())
        except InvalidOperation:
            raise ValueError from None
        if not value.is_finite() or value < 0:
            raise ValueError
        return value.quantize(Decimal("0.01"))

    def _rows(self, *, actor: Any, org: Organization, rows: Rows, options: dict[str, Any], write: bool) -> Outcome:
        year = self._year(options)
        units: dict[str, Organization] = {}
        for o in Organization.objects.filter(path__startswith=org.path, dissolved_at__isnull=True).order_by("depth"):
            units.setdefault(o.name, o)
            if o.short_name:
                units.setdefault(o.short_name, o)
        existing = set(Project.objects.filter(office=org, year=year).values_list("name", flat=True))
        seen: set[str] = set()
        out = Outcome()
        for n, row in rows:
            errors_before = len(out.errors)
            name = row.get("name")
            if not isinstance(name, str) or not name.strip():
                out.errors.append(RowError(n, self.header_of("name"), _("Give the project's name.")))
            elif name.strip() in seen:
                out.errors.append(RowError(n, self.header_of("name"), _("This project appears twice in the file.")))
            unit = units.get(str(row.get("unit") or "").strip())
            if unit is None:
                out.errors.append(RowError(n, self.header_of("unit"), _("No organisation named %(name)s here.") % {
                    "name": row.get("unit") or ""}))  # fmt: skip
            amounts: dict[str, Decimal] = {}
            for field in ("total", "plan"):
                try:
                    amounts[field] = self._amount(row.get(field))
                except ValueError:
                    out.errors.append(RowError(n, self.header_of(field), _("Enter an amount in 10k yuan.")))
            category = ProjectCategory.INDUSTRY
            if row.get("category"):
                found = CATEGORY_WORDS.get(str(row["category"]).strip())
                if found is None:
                    out.errors.append(RowError(n, self.header_of("category"), _("Unknown project category.")))
                else:
                    category = found
            dates = {}
            for field in ("start", "end"):
                try:
                    dates[field] = parse_date(row.get(field))
                except (ValueError, ValidationError):
                    out.errors.append(RowError(n, self.header_of(field), _("Enter a date like 2026-03-01.")))
            if len(out.errors) > errors_before:
                continue
            assert isinstance(name, str) and unit is not None
            if amounts["plan"] > amounts["total"]:
                out.errors.append(
                    RowError(n, self.header_of("plan"), _("This year's plan cannot exceed the total investment."))
                )
                continue
            seen.add(name.strip())
            if write:
                try:
                    services.project_save(
                        actor=actor, office=org, year=year, name=name, owner_unit=unit, lead_cadre=str(row.get("lead") or ""),
                        category=category, total_investment=amounts["total"], annual_plan=amounts["plan"],
                        planned_start=dates.get("start"), planned_end=dates.get("end"),
                    )  # fmt: skip
                except ValidationError as exc:
                    out.errors.append(RowError(n, self.header_of("name"), "；".join(exc.messages)))
                    continue
            if name.strip() in existing:
                out.update += 1
            else:
                out.create += 1
        return out

    def check(
        self, *, actor: Any, org: Organization, rows: Rows, options: dict[str, Any], progress: Progress
    ) -> Outcome:
        return self._rows(actor=actor, org=org, rows=rows, options=options, write=False)

    def apply(
        self, *, actor: Any, org: Organization, rows: Rows, options: dict[str, Any], progress: Progress
    ) -> Outcome:
        return self._rows(actor=actor, org=org, rows=rows, options=options, write=True)
