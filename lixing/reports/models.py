"""Briefing templates, weekly subscriptions and the archive of issued briefings.

``reports`` stores no figure: every number is read from the figure registry when a page is
drawn or a briefing is written. What it keeps is the office's wording (templates), who asked
for a weekly issue (subscriptions) and what was issued (the archive, with the file).
"""

from __future__ import annotations

import string
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from lixing.common.models import TimeStampedModel

SENTENCE_PLACEHOLDERS = frozenset({"value", "numerator", "denominator", "org", "unit"})
TITLE_PLACEHOLDERS = frozenset({"org", "period", "issue", "year"})


def placeholders_in(text: str) -> set[str]:
    """The ``{names}`` used in ``text``; raises ValueError on a malformed brace."""
    names: set[str] = set()
    for _literal, field, _spec, _conv in string.Formatter().parse(text):
        if field is not None:
            names.add(field)
    return names


def check_placeholders(text: str, allowed: frozenset[str]) -> None:
    """Reject unknown or malformed placeholders with a message naming the allowed ones."""
    try:
        names = placeholders_in(text)
    except ValueError:
        raise ValidationError(
            gettext("A brace is not closed. Write placeholders as {value}; a literal brace as {{ or }}.")
        ) from None
    unknown = sorted(n for n in names if n not in allowed)
    if unknown:
        raise ValidationError(
            gettext("Unknown placeholder %(bad)s. Allowed: %(ok)s.")
            % {"bad": "、".join("{" + n + "}" for n in unknown), "ok": " ".join("{" + n + "}" for n in sorted(allowed))}
        )


class BriefingTemplate(TimeStampedModel):
    """The office's wording of a briefing: its title, an opening paragraph, and, per figure,
    the sentence that replaces the figure's own (placeholders {value} {numerator}
    {denominator} {org} {unit}). An empty override keeps the figure's sentence; a single
    "-" leaves the figure out of the briefing."""

    org = models.ForeignKey(
        "orgs.Organization", on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=100)
    title_pattern = models.CharField(
        _("title"),
        max_length=200,
        default="{org}党建工作简报",
        help_text=_("Placeholders: {org} {period} {issue} {year}."),
    )
    issuer = models.CharField(_("issued by"), max_length=100, blank=True, help_text=_("E.g. the office's name."))
    intro = models.TextField(_("opening paragraph"), blank=True)
    sentences = models.JSONField(_("sentences per figure"), default=dict, blank=True)

    class Meta:
        verbose_name = _("briefing template")
        verbose_name_plural = _("briefing templates")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, list[Any]] = {}
        try:
            check_placeholders(self.title_pattern, TITLE_PLACEHOLDERS)
        except ValidationError as exc:
            errors.setdefault("title_pattern", []).extend(exc.messages)
        try:
            check_placeholders(self.intro, TITLE_PLACEHOLDERS)
        except ValidationError as exc:
            errors.setdefault("intro", []).extend(exc.messages)
        if not isinstance(self.sentences, dict):
            errors.setdefault(NON_FIELD_ERRORS, []).append(gettext("Sentences must be a mapping of figure to text."))
        else:
            from lixing.figures import registry

            for key, text in self.sentences.items():
                if not isinstance(text, str):
                    errors.setdefault(NON_FIELD_ERRORS, []).append(gettext("%(key)s: not a text.") % {"key": key})
                    continue
                try:
                    figure = registry.get(key)
                except KeyError:
                    errors.setdefault(NON_FIELD_ERRORS, []).append(gettext("Unknown figure %(key)s.") % {"key": key})
                    continue
                try:
                    check_placeholders(text, SENTENCE_PLACEHOLDERS)
                except ValidationError as exc:
                    errors.setdefault(NON_FIELD_ERRORS, []).extend(f"{figure.label}: {m}" for m in exc.messages)
        if errors:
            raise ValidationError(errors)

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Validated on every save, whoever saves (service, admin, shell): a template with an
        # unknown placeholder would otherwise only fail when next Monday's issue is written.
        self.full_clean()
        super().save(*args, **kwargs)


class BriefingSubscription(TimeStampedModel):
    """A unit asks for the weekly briefing of its subtree."""

    org = models.OneToOneField(
        "orgs.Organization", on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    template = models.ForeignKey(
        BriefingTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("template")
    )
    active = models.BooleanField(pgettext_lazy("subscription", "active"), default=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("weekly briefing subscription")
        verbose_name_plural = _("weekly briefing subscriptions")

    def __str__(self) -> str:
        return f"{self.org} · {gettext('weekly')}"


class Briefing(TimeStampedModel):
    """An issued briefing (第N期) in the archive. ``issue_no`` counts per organisation;
    ``week`` is set for the weekly issues, and there is at most one per organisation and
    week — the database says so, so a second run of the weekly job cannot file a twin."""

    org = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    issue_no = models.PositiveIntegerField(_("issue number"))
    title = models.CharField(_("title"), max_length=200)
    period = models.CharField(_("period"), max_length=10)
    as_of = models.DateField(_("as of"))
    week = models.CharField(_("week"), max_length=8, blank=True, default="")
    template = models.ForeignKey(
        BriefingTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("template")
    )
    file = models.FileField(_("file"), upload_to="briefings/%Y/")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("briefing")
        verbose_name_plural = _("briefings")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["org", "issue_no"], name="briefing_issue_unique"),
            models.UniqueConstraint(fields=["org", "week"], condition=~Q(week=""), name="briefing_week_unique"),
        ]

    def __str__(self) -> str:
        return gettext("%(title)s, issue %(n)s") % {"title": self.title, "n": self.issue_no}
