"""The plan spreadsheet (kind ``campaign_plan``): one row per task, as offices already write it.

Themes and measures are named in their own columns and created on first sight; a task
that already exists under the same measure (same title) is updated. Units are found by
full or short name inside the campaign's subtree. ``check`` writes nothing; ``apply``
writes through the services, and the generic flow rolls back if any row is bad.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lixing.imports.registry import Importer, Outcome, Progress, RowError, Rows
from lixing.imports.sheets import Column, parse_date
from lixing.orgs.access import Cap, can
from lixing.orgs.models import Organization

from . import services
from .models import Campaign, Measure, Task, Theme
from .progress import plan_rollup

SEPARATORS = re.compile(r"[、,，;；/\n]+")


class PlanImporter(Importer):
    kind = "campaign_plan"
    label = gettext_lazy("Campaign plan")
    title = "工作清单"
    columns = [
        Column("专题活动", "theme", required=True, hint="如：学党史专题活动", width=24),
        Column("重点举措", "measure", required=True, hint="如：开展专题学习", width=28),
        Column("具体任务", "task", required=True, hint="任务名称", width=40),
        Column("牵头单位", "lead_unit", required=True, hint="组织全称或简称", width=20),
        Column("责任单位", "units", required=True, hint="多个单位用、分隔", width=30),
        Column("完成时限", "due_on", hint="2021-06-30；空则倒排推算", width=14),
        Column("开始日期", "starts_on", hint="可空", width=14),
        Column("权重", "weight", hint="可空，如 2", width=8),
        Column("完成标准", "done_definition", hint="怎样算完成", width=36),
    ]

    def examples(self) -> list[list[Any]]:
        return [["学党史专题活动", "开展专题学习", "党工委理论学习中心组专题学习", "组织部", "机关党委、街道党工委",
                 "2021-06-30", "2021-03-01", 2, "全年集中学习不少于5次"]]  # fmt: skip

    def _campaign(self, org: Organization, options: dict[str, Any]) -> Campaign:
        try:
            campaign = Campaign.objects.select_related("org").get(pk=int(options.get("campaign") or 0))
        except (Campaign.DoesNotExist, ValueError, TypeError):
            raise PermissionDenied(_("Choose the campaign to import the plan into.")) from None
        if campaign.org_id != org.pk:
            raise PermissionDenied(_("Import the plan from the campaign's own page."))
        return campaign

    def check_access(self, *, actor: Any, org: Organization, options: dict[str, Any]) -> None:
        campaign = self._campaign(org, options)
        if not can(actor, campaign.org, Cap.STRUCTURE):
            raise PermissionDenied(_("You do not have permission to do this here."))

    def _run(self, *, actor: Any, org: Organization, rows: Rows, options: dict[str, Any], progress: Progress,
             write: bool) -> Outcome:  # fmt: skip
        campaign = self._campaign(org, options)
        out = Outcome()
        units: dict[str, Organization | str] = {}
        themes = {t.title: t for t in Theme.objects.filter(campaign=campaign)}
        measures = {
            (m.theme.title, m.title): m for m in Measure.objects.filter(campaign=campaign).select_related("theme")
        }
        tasks = {(t.measure.theme.title, t.measure.title, t.title): t
                 for t in Task.objects.filter(campaign=campaign).select_related("measure__theme")}  # fmt: skip
        seen: dict[tuple[str, str, str], int] = {}
        done = 0
        for row_no, raw in rows:
            done += 1
            progress(done)
            errors: list[RowError] = []

            def err(field: str, message: str, row: int = row_no, errors: list[RowError] = errors) -> None:
                errors.append(RowError(row, self.header_of(field), message))

            texts = {f: str(raw.get(f) or "").strip() for f in ("theme", "measure", "task", "done_definition")}
            for f in ("theme", "measure", "task"):
                if not texts[f]:
                    err(f, _("This column is required."))
            lead = self._unit(campaign, str(raw.get("lead_unit") or ""), units)
            if isinstance(lead, str):
                err("lead_unit", lead)
            resp: list[Organization] = []
            names = [n.strip() for n in SEPARATORS.split(str(raw.get("units") or "")) if n.strip()]
            if not names:
                err("units", _("Name at least one responsible unit."))
            for name in names:
                found = self._unit(campaign, name, units)
                if isinstance(found, str):
                    err("units", found)
                else:
                    resp.append(found)
            dates = {}
            for f in ("due_on", "starts_on"):
                try:
                    dates[f] = parse_date(raw.get(f))
                except ValueError as exc:
                    err(f, str(exc))
                    dates[f] = None
            due = dates["due_on"]
            if due is not None and due > campaign.ends_on:
                err("due_on", _("The due date is after the campaign ends (%(end)s).") % {"end": campaign.ends_on})
            if due is not None and due < campaign.starts_on:
                err(
                    "due_on",
                    _("The due date is before the campaign starts (%(start)s).") % {"start": campaign.starts_on},
                )
            if due and dates["starts_on"] and dates["starts_on"] > due:
                err("starts_on", _("The start date is after the due date."))
            weight = None
            if raw.get("weight") not in (None, ""):
                try:
                    weight = Decimal(str(raw["weight"]))
                    if weight <= 0 or weight >= 10000:
                        raise InvalidOperation
                except InvalidOperation:
                    err("weight", _("The weight must be a positive number, e.g. 2."))
            key = (texts["theme"], texts["measure"], texts["task"])
            if all(key) and key in seen:
                err("task", _("The same task appears twice (also in row %(row)s).") % {"row": seen[key]})
            seen.setdefault(key, row_no)
            if errors:
                out.errors.extend(errors)
                continue
            existing = tasks.get(key)
            if existing is not None:
                out.update += 1
            else:
                out.create += 1
            if not write or out.errors:
                continue
            assert not isinstance(lead, str)
            theme = themes.get(texts["theme"])
            if theme is None:
                theme = themes[texts["theme"]] = services.theme_create(actor=actor, campaign=campaign,
                                                                        title=texts["theme"])  # fmt: skip
            measure = measures.get(key[:2])
            if measure is None:
                measure = measures[key[:2]] = services.measure_create(actor=actor, theme=theme, title=texts["measure"])
            fields: dict[str, Any] = {"due_on": due, "weight": weight, "done_definition": texts["done_definition"],
                      "starts_on": dates["starts_on"]}  # fmt: skip
            if existing is not None:
                services.task_update(actor=actor, task=existing, lead_unit=lead, responsible_units=resp, **fields)
            else:
                tasks[key] = services.task_create(actor=actor, measure=measure, title=texts["task"], lead_unit=lead,
                                                  responsible_units=resp, **fields)  # fmt: skip
        if write and out.ok:
            plan_rollup(campaign)
        return out

    def _unit(self, campaign: Campaign, name: str, cache: dict[str, Organization | str]) -> Organization | str:
        """The organisation named ``name`` inside the campaign's subtree, or an error message."""
        name = name.strip()
        if not name:
            return _("Name the unit.")
        if name not in cache:
            found = list(
                Organization.objects.filter(path__startswith=campaign.org.path, dissolved_at__isnull=True).filter(
                    Q(name=name) | Q(short_name=name)
                )[:2]
            )
            if not found:
                cache[name] = _("No organisation named “%(name)s” in this campaign.") % {"name": name}
            elif len(found) > 1:
                cache[name] = _("More than one organisation is named “%(name)s”; use its full name.") % {"name": name}
            else:
                cache[name] = found[0]
        return cache[name]

    def check(self, *, actor: Any, org: Organization, rows: Rows, options: dict[str, Any],
              progress: Progress) -> Outcome:  # fmt: skip
        return self._run(actor=actor, org=org, rows=rows, options=options, progress=progress, write=False)

    def apply(self, *, actor: Any, org: Organization, rows: Rows, options: dict[str, Any],
              progress: Progress) -> Outcome:  # fmt: skip
        try:
            return self._run(actor=actor, org=org, rows=rows, options=options, progress=progress, write=True)
        except ValidationError as exc:
            return Outcome(errors=[RowError(0, "", " ".join(exc.messages))])
