"""Input schemas of the pages (the API has its own in api.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lixing.common.uploads import IMAGE_TYPES, validate_upload
from lixing.orgs.forms import SearchableChoiceField
from lixing.orgs.models import Member, Organization
from lixing.orgs.validators import validate_phone

from .models import (
    Category,
    CategoryGroup,
    Outcome,
    ProposerKind,
    RegistryKind,
    SelectionMethod,
    SubmitterType,
    TicketKind,
    TicketSource,
    VisitTarget,
)

PHOTO_MAX_MB = 5
MAX_PHOTOS = 4
DATE = forms.DateInput(attrs={"type": "date"})


class CommunityChoiceField(SearchableChoiceField):
    """A community among the province's thousands: a search box past a few hundred."""

    search_fields = ("name", "short_name", "unit_name")

    def label_from_instance(self, obj: Organization) -> str:  # type: ignore[override]
        return str(obj.display_name)


class MultiFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to four photos, each checked by lixing.common.uploads (type, size, content)."""

    widget = MultiFileInput(attrs={"accept": "image/*", "multiple": True})

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_PHOTOS:
            raise ValidationError(_("Attach at most %(n)d photos.") % {"n": MAX_PHOTOS})
        errors = []
        for f in files:
            try:
                validate_upload(f, allowed=IMAGE_TYPES, max_mb=PHOTO_MAX_MB)
            except ValidationError as exc:
                errors.append(
                    ValidationError(
                        _("Photo “%(name)s”: %(problem)s") % {"name": f.name, "problem": " ".join(exc.messages)}
                    )
                )
        if errors:
            raise ValidationError(errors)
        return files


def _categories() -> QuerySet[Category]:
    return Category.objects.filter(is_active=True).order_by("group", "order", "name")


class PublicTicketForm(forms.Form):
    submitter_type = forms.ChoiceField(label=_("I am"), choices=SubmitterType.choices[:2], widget=forms.RadioSelect,
                                       initial=SubmitterType.RESIDENT)  # fmt: skip
    category: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Category"), queryset=_categories(), empty_label=None
    )
    title = forms.CharField(label=_("In one sentence"), max_length=120)
    description = forms.CharField(label=_("Describe the problem"), widget=forms.Textarea(attrs={"rows": 5}))
    location = forms.CharField(label=_("Where (address or place)"), max_length=200, required=False)
    submitter_name = forms.CharField(label=_("Your name"), max_length=100, required=False)
    submitter_phone = forms.CharField(label=_("Your phone"), max_length=20,
                                      help_text=_("Only the office sees it, to call you back."))  # fmt: skip
    enterprise_name = forms.CharField(label=_("Enterprise (if any)"), max_length=200, required=False)
    photos = PhotosField(label=_("Photos (optional, up to 4, 5 MB each)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = _categories()  # type: ignore[attr-defined]

    def clean_submitter_phone(self) -> str:
        return validate_phone(self.cleaned_data["submitter_phone"])


class StaffTicketForm(forms.Form):
    source = forms.ChoiceField(label=_("Source"), choices=[c for c in TicketSource.choices if c[0] != "public"])
    kind = forms.ChoiceField(label=_("Kind"), choices=TicketKind.choices)
    category: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.none(), empty_label=None
    )
    title = forms.CharField(label=pgettext_lazy("ticket", "Summary"), max_length=120)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}))
    submitter_type = forms.ChoiceField(label=_("Submitted by"), choices=SubmitterType.choices)
    submitter_name = forms.CharField(label=_("Contact name"), max_length=100, required=False)
    submitter_phone = forms.CharField(label=_("Contact phone"), max_length=20, required=False)
    enterprise_name = forms.CharField(label=_("Enterprise"), max_length=200, required=False)
    received_on = forms.DateField(label=_("Received on"), widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.order_by("group", "order", "name")  # type: ignore[attr-defined]

    def clean_submitter_phone(self) -> str:
        raw = self.cleaned_data["submitter_phone"]
        return validate_phone(raw) if raw else ""


class AssignForm(forms.Form):
    unit = SearchableChoiceField(label=_("Responsible unit"), queryset=Organization.objects.none())
    lead = SearchableChoiceField(label=_("Lead cadre"), queryset=Member.objects.none(), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(
        self, *args: Any, units: QuerySet[Organization], leads: QuerySet[Member], ticket_id: int | None = None,
        **kwargs: Any,
    ) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        unit, lead = self.fields["unit"], self.fields["lead"]
        unit.queryset, lead.queryset = units, leads  # type: ignore[attr-defined]
        unit.search_fields = lead.search_fields = ("name",)  # type: ignore[attr-defined]
        unit.label_from_instance = lambda o: str(o.display_name)  # type: ignore[attr-defined]
        lead.label_from_instance = lambda m: f"{m.name}（{m.org.display_name}）"  # type: ignore[attr-defined]
        if ticket_id is not None:  # a page: pickers among many become search boxes
            for name in ("unit", "lead"):
                self.fields[name].searchable(reverse("deeds:pick_assign", args=[ticket_id, name]))  # type: ignore[attr-defined]


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect)
    reply = forms.CharField(label=_("Reply to the submitter (shown on the tracking page, no personal data)"),
                            widget=forms.Textarea(attrs={"rows": 3}), required=False)  # fmt: skip
    reason = forms.CharField(label=_("Reason (required if not fully resolved)"),
                             widget=forms.Textarea(attrs={"rows": 2}), required=False)  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") in (Outcome.CANNOT, Outcome.PARTIAL) and not data.get("reason", "").strip():
            self.add_error("reason", _("Give the reason why it cannot be (fully) resolved."))
        return data


class ConfirmForm(forms.Form):
    satisfied = forms.TypedChoiceField(
        label=_("Are you satisfied with the answer?"), coerce=lambda v: v == "yes", widget=forms.RadioSelect,
        choices=[("yes", _("Yes, satisfied")), ("no", _("No, not satisfied: reopen it"))],
    )  # fmt: skip
    note = forms.CharField(label=_("Comment (optional)"), required=False, max_length=500,
                           widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Progress note"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class VisitForm(forms.Form):
    target_type = forms.ChoiceField(label=_("Visited"), choices=VisitTarget.choices)
    target_name = forms.CharField(label=_("Name of the enterprise, community or village"), max_length=200)
    visited_on = forms.DateField(label=_("Date"), widget=DATE)
    topic = forms.CharField(label=_("Topic"), max_length=200)
    members: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(label=_("Who went"), queryset=Member.objects.none(), required=False,
                                             widget=forms.SelectMultiple(attrs={"size": 6}))  # fmt: skip
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    problems = forms.CharField(
        label=_("Problems and suggestions collected (one per line; leave empty if none)"),
        widget=forms.Textarea(attrs={"rows": 4}), required=False,
    )  # fmt: skip
    category: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Category of these problems"), queryset=Category.objects.none(),
                                      required=False)  # fmt: skip

    def __init__(self, *args: Any, members: QuerySet[Member], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = members  # type: ignore[attr-defined]
        self.fields["category"].queryset = Category.objects.order_by("group", "order", "name")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("problems", "").strip() and not data.get("category"):
            self.add_error("category", _("Choose the category of the problems."))
        return data


class ProjectProposalForm(forms.Form):
    title = forms.CharField(label=_("Project"), max_length=120)
    description = forms.CharField(
        label=_("What should be done, and for whom"), widget=forms.Textarea(attrs={"rows": 4})
    )
    org = CommunityChoiceField(label=_("Community"), queryset=Organization.objects.none(), empty_label=None)
    proposer_name = forms.CharField(label=_("Your name"), max_length=100, required=False)
    proposer_phone = forms.CharField(label=_("Your phone"), max_length=20, required=False,
                                     help_text=_("Only the community sees it."))  # fmt: skip

    def __init__(self, *args: Any, orgs: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]
        self.fields["org"].searchable(reverse("deeds:pick_community"))  # type: ignore[attr-defined]

    def clean_proposer_phone(self) -> str:
        raw = self.cleaned_data["proposer_phone"]
        return validate_phone(raw) if raw else ""


class UnitProposalForm(forms.Form):
    title = forms.CharField(label=_("Project"), max_length=120)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}))
    proposer_kind = forms.ChoiceField(label=_("Proposed by"), choices=ProposerKind.choices)
    proposer_name = forms.CharField(label=_("Proposer"), max_length=100, required=False)


class ReviewForm(forms.Form):
    feasible = forms.TypedChoiceField(label=_("Feasible?"), coerce=lambda v: v == "yes", widget=forms.RadioSelect,
                                      choices=[("yes", _("Feasible")), ("no", _("Not feasible"))])  # fmt: skip
    feasibility = forms.CharField(label=_("Feasibility assessment"), widget=forms.Textarea(attrs={"rows": 3}))
    estimated_cost = forms.IntegerField(label=_("Estimated cost (yuan)"), min_value=0, required=False)
    open_vote = forms.BooleanField(label=_("Open public approval voting"), required=False)


class SelectForm(forms.Form):
    method = forms.ChoiceField(label=_("Selected by"), choices=SelectionMethod.choices)
    council_decision = forms.CharField(label=_("Residents' council decision"), required=False,
                                       widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    budget = forms.IntegerField(label=_("Budget (yuan)"), min_value=1)


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=120)
    reached_on = forms.DateField(label=_("Date"), widget=DATE)
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    spent = forms.IntegerField(label=_("Spent in this step (yuan)"), min_value=0, initial=0)
    note = forms.CharField(label=_("Note"), required=False)


class AcceptForm(forms.Form):
    note = forms.CharField(label=_("Acceptance note"), widget=forms.Textarea(attrs={"rows": 2}))


class PhoneForm(forms.Form):
    phone = forms.CharField(label=_("Mobile phone"), max_length=20)

    def clean_phone(self) -> str:
        return validate_phone(self.cleaned_data["phone"])


class CodeForm(PhoneForm):
    code = forms.CharField(label=_("Verification code"), max_length=6)


class WishForm(forms.Form):
    beneficiary_name = forms.CharField(label=_("Resident's name (public pages show initials only)"), max_length=50)
    title = forms.CharField(label=_("Wish"), max_length=120)
    description = forms.CharField(label=_("Details"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class FulfilForm(forms.Form):
    note = forms.CharField(label=_("How the wish was fulfilled"), widget=forms.Textarea(attrs={"rows": 3}))
    photo = forms.FileField(
        label=_("Photo (optional)"), required=False, widget=forms.ClearableFileInput(attrs={"accept": "image/*"})
    )

    def clean_photo(self) -> Any:
        photo = self.cleaned_data.get("photo")
        if photo:
            validate_upload(photo, allowed=IMAGE_TYPES, max_mb=PHOTO_MAX_MB)
        return photo


class ActivityForm(forms.Form):
    title = forms.CharField(label=_("Activity"), max_length=120)
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    capacity = forms.IntegerField(label=_("Places (empty: no limit)"), min_value=1, required=False)


class VolunteerLogForm(forms.Form):
    hours = forms.DecimalField(label=_("Hours"), min_value=0, max_digits=5, decimal_places=1)
    people_served = forms.IntegerField(label=_("People served"), min_value=0)


class CommunityForm(forms.Form):
    community = CommunityChoiceField(label=_("Community"), queryset=Organization.objects.none())

    def __init__(self, *args: Any, communities: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities  # type: ignore[attr-defined]
        self.fields["community"].searchable(reverse("deeds:pick_community"))  # type: ignore[attr-defined]


class UnitRegistrationForm(CommunityForm):
    unit: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Unit"), queryset=Organization.objects.none())

    def __init__(self, *args: Any, units: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class TeamForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=RegistryKind.choices)
    name = forms.CharField(label=_("Name"), max_length=120)
    focus = forms.CharField(label=_("What it does"), max_length=200, required=False)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)


class TeamMembersForm(forms.Form):
    members: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(label=pgettext_lazy("team", "Members"), queryset=Member.objects.none(),
                                             widget=forms.SelectMultiple(attrs={"size": 8}))  # fmt: skip

    def __init__(self, *args: Any, members: QuerySet[Member], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = members  # type: ignore[attr-defined]


class CategoryForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60)
    group = forms.ChoiceField(label=_("Group"), choices=CategoryGroup.choices)
    expected_days = forms.IntegerField(label=_("Expected resolution time (days)"), min_value=1, max_value=365)
    is_active = forms.BooleanField(label=_("Offered on the public form"), required=False, initial=True)
