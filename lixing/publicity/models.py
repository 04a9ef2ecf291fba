"""Publicity, honours and model examples.

* :class:`Article` — an article, broadcast, post or video placed in an outlet of some
  :class:`MediaLevel` (configurable; 中央, 省级, 市级, 区级, 学习强国, 本单位新媒体 preset). Two
  articles with the same outlet and normalised title are the same story: the later one is
  *flagged* (``duplicate_of``), never merged, and is not counted until the office clears
  the flag.
* :class:`Honour` — a commendation of one :class:`HonourKind` (两优一先 preset) by an awarding
  body at a level in a year, with its :class:`HonourRecipient` organisations and members.
* :class:`ModelExample` — a 典型: a member, team or organisation with a short story and
  photos, linked to the records behind it.

Links to the records an article or example reports on are generic (content type + id) with
a label kept at link time, so this app imports no other line of work.
"""

from __future__ import annotations

import re
import unicodedata

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lixing.common.models import TimeStampedModel
from lixing.orgs.models import Member, Organization

_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)


def normalise_title(text: str) -> str:
    """The comparison form of a title or outlet: NFKC, lower case, no spaces or punctuation
    (so "“书记加油”PK 赛 " and "书记加油PK赛" are the same story)."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", text or "")).lower()


class MediaLevel(TimeStampedModel):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60)
    central_or_provincial = models.BooleanField(
        _("counts as central or provincial media"), default=False, help_text=_("Counted in “中央省级媒体”.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("media level")
        verbose_name_plural = _("media levels")

    def __str__(self) -> str:
        return self.name


class ArticleKind(models.TextChoices):
    ARTICLE = "article", _("Article")
    BROADCAST = "broadcast", _("Broadcast")
    POST = "post", _("New-media post")
    VIDEO = "video", _("Video")


class Article(TimeStampedModel):
    unit = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("reporting unit")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ArticleKind.choices, default=ArticleKind.ARTICLE)
    title = models.CharField(_("title"), max_length=200)
    title_key = models.CharField(max_length=200, editable=False)
    outlet = models.CharField(_("outlet"), max_length=100)
    outlet_key = models.CharField(max_length=100, editable=False)
    level = models.ForeignKey(MediaLevel, on_delete=models.PROTECT, related_name="articles", verbose_name=_("media level"))
    published_on = models.DateField(_("date published"))
    link = models.URLField(_("link"), max_length=500, blank=True)
    attachment = models.FileField(_("attachment"), upload_to="publicity/%Y/", blank=True)
    line_of_work = models.CharField(_("line of work"), max_length=30, blank=True)
    series = models.CharField(_("series"), max_length=100, blank=True, help_text=_("For videos in a series."))
    about_units = models.ManyToManyField(
        Organization, blank=True, related_name="+", verbose_name=_("units it is about")
    )
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates",
        verbose_name=_("possible duplicate of"), editable=False,
    )  # fmt: skip
    duplicate_cleared = models.BooleanField(_("checked: not a duplicate"), default=False, editable=False)
    campaign = models.ForeignKey(
        "campaigns.Campaign", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("counts for campaign"), editable=False,
    )  # fmt: skip
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    # The create form's one-time token: the same form submitted twice makes one record.
    form_token = models.CharField(max_length=40, blank=True, default="", editable=False)

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = _("publicity item")
        verbose_name_plural = _("publicity items")
        indexes = [models.Index(fields=["outlet_key", "title_key"], name="publicity_article_same")]
        constraints = [
            models.UniqueConstraint(fields=["form_token"], condition=~Q(form_token=""), name="publicity_article_token"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def counted(self) -> bool:
        """A flagged duplicate is not counted until the office clears the flag."""
        return self.duplicate_of_id is None

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.title_key = normalise_title(self.title)[:200]
        self.outlet_key = normalise_title(self.outlet)[:100]
        if "update_fields" in kwargs and kwargs["update_fields"] is not None:
            fields = set(kwargs["update_fields"])
            if "title" in fields or "outlet" in fields:
                kwargs["update_fields"] = list(fields | {"title_key", "outlet_key"})
        super().save(*args, **kwargs)


class RecordLink(models.Model):
    """A record an article or a model example reports on (a study session, a ticket, a project):
    content type + id, with the label it had when linked."""

    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.CASCADE, related_name="records")
    example = models.ForeignKey(
        "ModelExample", null=True, blank=True, on_delete=models.CASCADE, related_name="records"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    label = models.CharField(_("label"), max_length=200)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(article__isnull=False, example__isnull=True) | Q(article__isnull=True, example__isnull=False),
                name="publicity_link_one_owner",
            ),
            models.UniqueConstraint(fields=["article", "content_type", "object_id"], name="publicity_link_article_once"),
            models.UniqueConstraint(fields=["example", "content_type", "object_id"], name="publicity_link_example_once"),
        ]

    def __str__(self) -> str:
        return self.label


# --- Honours -----------------------------------------------------------------------------------


class HonourTarget(models.TextChoices):
    ORG = "org", _("Organisations")
    MEMBER = "member", _("Members")


class HonourKind(TimeStampedModel):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60)
    target = models.CharField(_("who is commended"), max_length=10, choices=HonourTarget.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("kind of honour")
        verbose_name_plural = _("kinds of honour")

    def __str__(self) -> str:
        return self.name


class AwardLevel(models.TextChoices):
    NATIONAL = "national", pgettext_lazy("award level", "National")
    PROVINCIAL = "provincial", pgettext_lazy("award level", "Provincial")
    MUNICIPAL = "municipal", pgettext_lazy("award level", "Municipal")
    DISTRICT = "district", pgettext_lazy("award level", "District")
    UNIT = "unit", pgettext_lazy("award level", "Own unit")


class Honour(TimeStampedModel):
    """One commendation: a kind, a level and body, a year, and who was commended."""

    unit = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by"))
    kind = models.ForeignKey(HonourKind, on_delete=models.PROTECT, related_name="honours", verbose_name=_("kind"))
    level = models.CharField(_("awarding level"), max_length=20, choices=AwardLevel.choices)
    body = models.CharField(_("awarding body"), max_length=100)
    year = models.PositiveSmallIntegerField(_("year"))
    awarded_on = models.DateField(_("date awarded"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    published = models.BooleanField(
        _("shown on the public honours page"), default=False, help_text=_("Members' names only with their consent.")
    )
    form_token = models.CharField(max_length=40, blank=True, default="", editable=False)

    class Meta:
        ordering = ["-awarded_on", "-id"]
        verbose_name = _("honour")
        verbose_name_plural = _("honours")
        constraints = [
            models.UniqueConstraint(fields=["form_token"], condition=~Q(form_token=""), name="publicity_honour_token"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.body} {self.kind}"


class HonourRecipient(models.Model):
    honour = models.ForeignKey(Honour, on_delete=models.CASCADE, related_name="recipients")
    org = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(Member, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # The organisation the recipient counts at (the member's organisation when awarded).
    at_org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    name_consent = models.BooleanField(_("may be named in public"), default=False)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(org__isnull=False, member__isnull=True) | Q(org__isnull=True, member__isnull=False),
                name="publicity_recipient_one",
            ),
            models.UniqueConstraint(fields=["honour", "org"], name="publicity_recipient_org_once"),
            models.UniqueConstraint(fields=["honour", "member"], name="publicity_recipient_member_once"),
        ]

    def __str__(self) -> str:
        return str(self.member or self.org)


# --- Model examples ------------------------------------------------------------------------------


class ExampleSubject(models.TextChoices):
    MEMBER = "member", _("A member")
    TEAM = "team", _("A team")
    ORG = "org", _("An organisation")


class ModelExample(TimeStampedModel):
    """A 典型 whose story the briefings quote."""

    unit = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    subject = models.CharField(_("who"), max_length=10, choices=ExampleSubject.choices)
    member = models.ForeignKey(Member, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("member"))  # fmt: skip
    team_name = models.CharField(_("team"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=120)
    story = models.TextField(_("story"), max_length=2000)
    recognised_on = models.DateField(_("date"))
    published = models.BooleanField(_("shown on the public honours page"), default=False)
    form_token = models.CharField(max_length=40, blank=True, default="", editable=False)

    class Meta:
        ordering = ["-recognised_on", "-id"]
        verbose_name = _("model example")
        verbose_name_plural = _("model examples")
        constraints = [
            models.UniqueConstraint(fields=["form_token"], condition=~Q(form_token=""), name="publicity_example_token"),
        ]

    def __str__(self) -> str:
        return self.title


class ExamplePhoto(models.Model):
    example = models.ForeignKey(ModelExample, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("photo"), upload_to="publicity/examples/%Y/")
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    def __str__(self) -> str:
        return self.caption or self.image.name
