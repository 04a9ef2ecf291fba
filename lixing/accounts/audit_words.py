"""The audit log in words: action names, object names, and a field-by-field before/after with
the fields' labels. Rows store codes (``deeds.ticket_assign``, ``deeds.ticket``, JSON pictures);
this module turns them into what an auditor reads. Codes of a new line of work that are not
in :data:`ACTIONS` can be named with :func:`register_action_labels` from its ``AppConfig.ready``;
until then the object's name and "changed" stand in (never the code itself)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from .models import AuditLog

ACTIONS: dict[str, Promise] = {
    "campaign.create": pgettext_lazy("audit action", "Campaign created"), "campaign.update": pgettext_lazy("audit action", "Campaign changed"),
    "campaign.group_create": pgettext_lazy("audit action", "Working group created"), "campaign.group_person_add": pgettext_lazy("audit action", "Person added to a working group"),
    "campaign.theme_create": pgettext_lazy("audit action", "Theme created"), "campaign.measure_create": pgettext_lazy("audit action", "Measure created"),
    "campaign.task_create": pgettext_lazy("audit action", "Task created"), "campaign.task_update": pgettext_lazy("audit action", "Task changed"),
    "campaign.task_delete": pgettext_lazy("audit action", "Task deleted"), "campaign.theme_update": pgettext_lazy("audit action", "Theme changed"),
    "campaign.measure_update": pgettext_lazy("audit action", "Measure changed"), "campaign.schedule_apply": pgettext_lazy("audit action", "Schedule applied"),
    "campaign.report_create": pgettext_lazy("audit action", "Progress reported"), "campaign.assignment_submit": pgettext_lazy("audit action", "Task share submitted"),
    "campaign.assignment_verify": pgettext_lazy("audit action", "Task share verified"), "campaign.assignment_return": pgettext_lazy("audit action", "Task share returned"),
    "campaign.supervision_answer": pgettext_lazy("audit action", "Supervision notice answered"),
    "campaign.supervision_reminder": pgettext_lazy("audit action", "Reminder sent"), "campaign.supervision_notice": pgettext_lazy("audit action", "Supervision notice issued"),
    "campaign.supervision_report": pgettext_lazy("audit action", "Named in the monthly report"),
    "deeds.visit_create": pgettext_lazy("audit action", "Visit recorded"), "deeds.ticket_create": pgettext_lazy("audit action", "Problem recorded"),
    "deeds.ticket_assign": pgettext_lazy("audit action", "Problem assigned"), "deeds.ticket_start": pgettext_lazy("audit action", "Problem taken up"),
    "deeds.ticket_answer": pgettext_lazy("audit action", "Problem answered"), "deeds.ticket_confirm": pgettext_lazy("audit action", "Answer confirmed"),
    "deeds.ticket_note": pgettext_lazy("audit action", "Progress note added"), "deeds.ticket_escalate": pgettext_lazy("audit action", "Problem escalated"),
    "deeds.ticket_remind": pgettext_lazy("audit action", "Reminder sent"), "deeds.category_save": pgettext_lazy("audit action", "Category saved"),
    "deeds.project_propose": pgettext_lazy("audit action", "Micro-project proposed"), "deeds.project_review": pgettext_lazy("audit action", "Micro-project reviewed"),
    "deeds.project_select": pgettext_lazy("audit action", "Micro-project selected"), "deeds.project_accept": pgettext_lazy("audit action", "Micro-project accepted"),
    "deeds.milestone_add": pgettext_lazy("audit action", "Milestone added"), "deeds.wish_post": pgettext_lazy("audit action", "Wish posted"),
    "deeds.wish_claim": pgettext_lazy("audit action", "Wish claimed"), "deeds.wish_fulfil": pgettext_lazy("audit action", "Wish fulfilled"),
    "deeds.wish_confirm": pgettext_lazy("audit action", "Wish confirmed"), "deeds.register_member": pgettext_lazy("audit action", "Member registered with a community"),
    "deeds.register_unit": pgettext_lazy("audit action", "Unit registered with a community"), "deeds.activity_publish": pgettext_lazy("audit action", "Activity published"),
    "deeds.activity_sign_up": pgettext_lazy("audit action", "Signed up for an activity"), "deeds.volunteer_log": pgettext_lazy("audit action", "Volunteer hours logged"),
    "deeds.volunteer_confirm": pgettext_lazy("audit action", "Volunteer hours confirmed"), "deeds.team_create": pgettext_lazy("audit action", "Team created"),
    "deeds.team_add_members": pgettext_lazy("audit action", "Members added to a team"),
    "member.create": pgettext_lazy("audit action", "Member added"), "member.update": pgettext_lazy("audit action", "Member changed"),
    "member.delete": pgettext_lazy("audit action", "Member removed"), "member.transfer": pgettext_lazy("audit action", "Member transferred"),
    "org.create": pgettext_lazy("audit action", "Organisation created"), "org.update": pgettext_lazy("audit action", "Organisation changed"),
    "org.dissolve": pgettext_lazy("audit action", "Organisation dissolved"), "org.merge": pgettext_lazy("audit action", "Organisations merged"),
    "org.move": pgettext_lazy("audit action", "Organisation moved"), "org.set_secretary": pgettext_lazy("audit action", "Secretary set"),
    "import.members": pgettext_lazy("audit action", "Members imported"),
    "quizzes.bank_create": pgettext_lazy("audit action", "Question bank created"), "quizzes.bank_load": pgettext_lazy("audit action", "Questions loaded"),
    "quizzes.question_create": pgettext_lazy("audit action", "Question added"), "quizzes.question_update": pgettext_lazy("audit action", "Question changed"),
    "quizzes.paper_create": pgettext_lazy("audit action", "Paper created"), "quizzes.competition_create": pgettext_lazy("audit action", "Competition created"),
    "quizzes.spot_check_create": pgettext_lazy("audit action", "Spot check drawn"), "quizzes.maze_level_create": pgettext_lazy("audit action", "Maze level created"),
    "quizzes.attempt_submitted": pgettext_lazy("audit action", "Paper handed in"), "quizzes.attempt_expired": pgettext_lazy("audit action", "Attempt closed at the deadline"),
    "reports.briefing_issue": pgettext_lazy("audit action", "Briefing issued"), "reports.subscription_set": pgettext_lazy("audit action", "Weekly briefing set"),
    "reports.template_save": pgettext_lazy("audit action", "Briefing template saved"),
    "role.grant": pgettext_lazy("audit action", "Role granted"), "user.create": pgettext_lazy("audit action", "User created"),
    "token.create": pgettext_lazy("audit action", "API token created"), "token.revoke": pgettext_lazy("audit action", "API token revoked"),
    "study.session_create": pgettext_lazy("audit action", "Study session recorded"), "study.session_update": pgettext_lazy("audit action", "Study session changed"),
    "study.session_delete": pgettext_lazy("audit action", "Study session deleted"), "study.sign_in": pgettext_lazy("audit action", "Signed in by QR code"),
    "study.tick": pgettext_lazy("audit action", "Attendance ticked"), "study.untick": pgettext_lazy("audit action", "Attendance unticked"),
    "study.absence_reason": pgettext_lazy("audit action", "Absence reason given"), "study.make_up": pgettext_lazy("audit action", "Make-up study recorded"),
    "study.check_in": pgettext_lazy("audit action", "Daily study check-in"), "study.kind_create": pgettext_lazy("audit action", "Kind of session added"),
    "study.reading_create": pgettext_lazy("audit action", "Required reading added"), "study.distribution_set": pgettext_lazy("audit action", "Reading copies delivered"),
    "study.file_attach": pgettext_lazy("audit action", "File attached"), "study.point_rule": pgettext_lazy("audit action", "Points rule changed"),
}  # fmt: skip

# Keys of the before/after pictures that are not model fields.
EXTRA_FIELDS: dict[str, Promise] = {
    "members": pgettext_lazy("audit field", "members"), "problems": pgettext_lazy("audit field", "problems"),
    "note": pgettext_lazy("audit field", "note"), "user": pgettext_lazy("audit field", "user"),
    "rows": pgettext_lazy("audit field", "rows"), "count": pgettext_lazy("audit field", "count"),
    "member_id": pgettext_lazy("audit field", "member"), "bank": pgettext_lazy("audit field", "question bank"),
    "created": pgettext_lazy("audit field", "added"), "updated": pgettext_lazy("audit field", "updated"),
    "score": pgettext_lazy("audit field", "score"), "made_up_at": pgettext_lazy("audit field", "made up on"),
}  # fmt: skip


def register_action_labels(labels: dict[str, Promise]) -> None:
    """Name a line of work's audit action codes (call from ``AppConfig.ready``)."""
    ACTIONS.update(labels)


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _named(model: type[models.Model]) -> bool:
    """Whether the model was given a (translatable) name; Django's default is English."""
    return isinstance(model._meta.original_attrs.get("verbose_name"), Promise)


def object_label(object_type: str) -> str:
    model = _model(object_type)
    return str(model._meta.verbose_name) if model and _named(model) else ""


def action_label(action: str, object_type: str = "") -> str:
    if action in ACTIONS:
        return str(ACTIONS[action])
    thing = object_label(object_type)
    return _("%(thing)s changed") % {"thing": thing} if thing else _("Change")


def _field(model: type[models.Model] | None, key: str) -> Any:
    if model is not None:
        for name in (key, key.removesuffix("_id")):
            try:
                return model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
    return None


def _field_label(model: type[models.Model] | None, key: str) -> str:
    if key in EXTRA_FIELDS:
        return str(EXTRA_FIELDS[key])
    field = _field(model, key)
    if field is None:
        return key.replace("_", " ")
    related = getattr(field, "related_model", None)
    if related is not None and str(field.verbose_name) == field.name.replace("_", " ") and _named(related):
        return str(related._meta.verbose_name)  # an unnamed foreign key reads as what it points to
    return str(field.verbose_name)


def _value(value: Any, field: Any = None) -> str:
    choices = dict(field.flatchoices) if getattr(field, "choices", None) else {}
    if choices and not isinstance(value, list | dict) and value in choices:
        return str(choices[value])
    if choices and isinstance(value, list):
        return "、".join(str(choices.get(v, v)) for v in value) or "—"
    if value is None or value == "":
        return "—"
    if isinstance(field, models.DateTimeField) and isinstance(value, str) and (moment := parse_datetime(value)):
        return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    if isinstance(value, list):
        return "、".join(_value(v) for v in value) or "—"
    if isinstance(value, dict):
        return "；".join(f"{k}: {_value(v)}" for k, v in value.items())
    return str(value)


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class Entry:
    row: AuditLog
    action: str
    object: str
    changes: list[Change]


def changes(row: AuditLog) -> list[Change]:
    """Field by field: on an update only what changed; on a create or delete, what there was."""
    model = _model(row.object_type)
    before, after = row.before or {}, row.after or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return [Change("", _value(row.before), _value(row.after))]
    out = []
    for key in [*before, *(k for k in after if k not in before)]:
        if key in ("created_at", "updated_at", "id"):
            continue
        b, a = before.get(key), after.get(key)
        if before and after and b == a:
            continue
        field = _field(model, key)
        out.append(
            Change(_field_label(model, key), _value(b, field) if key in before else "",
                   _value(a, field) if key in after else "")
        )  # fmt: skip
    return out


def in_words(row: AuditLog) -> Entry:
    return Entry(row=row, action=action_label(row.action, row.object_type),
                 object=object_label(row.object_type), changes=changes(row))  # fmt: skip


def action_choices() -> list[tuple[str, str]]:
    return sorted(((code, str(label)) for code, label in ACTIONS.items()), key=lambda c: c[1])


def object_type_choices() -> list[tuple[str, str]]:
    out = [(m._meta.label_lower, str(m._meta.verbose_name)) for m in apps.get_models()
           if m._meta.app_config.name.startswith("lixing.") and _named(m)]  # fmt: skip
    return sorted(out, key=lambda c: c[1])
