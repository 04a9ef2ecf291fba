"""Forms of the organisation and roster pages: they parse and validate input; the services
in :mod:`lixing.orgs.services` do the writing."""

from __future__ import annotations

import contextlib
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .access import Cap, visible_orgs
from .models import MEMBER_HOLDING_KINDS, Member, Organization, OrgKind
from .services import MEMBER_FIELDS, ORG_FIELDS
from .validators import mask_id_number, mask_phone, normalize_id_number, validate_id_number, validate_phone

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


# Up to this many choices a picker is a plain select; beyond, a search box fills it.
PICKER_SELECT_MAX = 300
PICKER_RESULTS = 30


class SearchSelect(forms.Select):
    """A select that, given a ``search_url`` and more than ``PICKER_SELECT_MAX`` choices,
    renders only the chosen option and a search box whose matches (fetched with htmx)
    replace its options: a province has 50,000 organisations and a committee thousands of
    members, too many for one list. The choices are counted when the widget is rendered,
    so validating a post or answering a search costs no count."""

    template_name = "orgs/widgets/search_select.html"
    search_url = ""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        total = self.choices.field.queryset.count() if self.search_url else 0  # type: ignore[attr-defined]
        self.searching = total > PICKER_SELECT_MAX
        context = super().get_context(name, value, attrs)
        context["widget"].update(search_url=self.search_url if self.searching else "", total=total)
        return context

    def optgroups(self, name: str, value: list[Any], attrs: dict[str, Any] | None = None) -> list[Any]:
        if not getattr(self, "searching", False):
            return super().optgroups(name, value, attrs)
        field = self.choices.field  # type: ignore[attr-defined]
        chosen = [v for v in value if v not in ("", None)]
        options = [] if field.required and chosen else [("", field.empty_label or "")]
        options += [(obj.pk, field.search_label(obj)) for obj in field.queryset.filter(pk__in=chosen)]
        return [(None, [self.create_option(name, v, label, str(v) in value, i)], i)
                for i, (v, label) in enumerate(options)]  # fmt: skip


class SearchableChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A choice among many: a plain select while they are few, a search box when they are
    many (:class:`SearchSelect`). Validation is the same either way: the submitted id must
    be in the queryset, which is what the actor may choose."""

    widget = SearchSelect
    search_fields: tuple[str, ...] = ("name",)

    def searchable(self, url: str) -> None:
        """Where the search box fetches its matches, should there be many choices."""
        self.widget.search_url = url  # type: ignore[attr-defined]

    def search_label(self, obj: Any) -> str:
        """How a choice reads in a flat list of matches (by default as in the select)."""
        return self.label_from_instance(obj)

    def matches(self, query: str) -> list[tuple[Any, str]]:
        """The first choices whose name contains ``query`` (the picker's search)."""
        q = Q()
        for name in self.search_fields:
            q |= Q(**{f"{name}__contains": query})
        qs = self.queryset.filter(q) if query else self.queryset.none()  # type: ignore[union-attr]
        return [(obj.pk, self.search_label(obj)) for obj in qs[: PICKER_RESULTS + 1]]


class OrgChoiceField(SearchableChoiceField):
    """Organisations indented by depth, so the tree shows in a plain select; by full name in
    a list of matches."""

    search_fields = ("name", "short_name")

    def label_from_instance(self, obj: Organization) -> str:  # type: ignore[override]
        return f"{'　' * max(obj.depth - 1, 0)}{obj.name}"

    def search_label(self, obj: Organization) -> str:  # type: ignore[override]
        return str(obj.name)


class MemberChoiceField(SearchableChoiceField):
    def label_from_instance(self, obj: Member) -> str:  # type: ignore[override]
        return str(obj)


class OrgForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Organization
        fields = ORG_FIELDS
        widgets = {"contact_phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"})}

    def clean_contact_phone(self) -> str:
        value: str = self.cleaned_data.get("contact_phone", "")
        return validate_phone(value) if value else ""

    def changes(self) -> dict[str, Any]:
        return {f: self.cleaned_data[f] for f in ORG_FIELDS}


def _structure_orgs(actor: Any) -> QuerySet[Organization]:
    return visible_orgs(actor, Cap.STRUCTURE).exclude(kind=OrgKind.CELL).order_by("path")


class MoveForm(forms.Form):
    new_parent = OrgChoiceField(queryset=Organization.objects.none(), label=_("New parent organisation"))

    def __init__(self, *args: Any, actor: Any, org: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["new_parent"]
        # Neither its parent (nothing would change) nor itself or its subtree (a cycle).
        qs = _structure_orgs(actor).exclude(id=org.parent_id or 0).exclude(path__startswith=org.path)
        field.queryset = qs  # type: ignore[attr-defined]
        field.searchable(reverse("orgs:pick", args=[org.pk, "move"]))  # type: ignore[attr-defined]


class MergeForm(forms.Form):
    target = OrgChoiceField(queryset=Organization.objects.none(), label=_("Merge into"))
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)

    def __init__(self, *args: Any, actor: Any, org: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        qs = _structure_orgs(actor).filter(kind=org.kind).exclude(pk=org.pk)
        self.fields["target"].queryset = qs  # type: ignore[attr-defined]
        self.fields["target"].searchable(reverse("orgs:pick", args=[org.pk, "merge"]))  # type: ignore[attr-defined]


class SecretaryForm(forms.Form):
    member = MemberChoiceField(
        queryset=Member.objects.none(), label=_("Secretary"), required=False, empty_label=_("(no secretary)")
    )

    def __init__(self, *args: Any, org: Organization, actor: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The secretary is a member of the organisation or of the level just below it.
        qs = Member.objects.filter(org__path__startswith=org.path, org__depth__lte=org.depth + 1)
        self.fields["member"].queryset = qs.order_by("name", "id")  # type: ignore[attr-defined]
        self.fields["member"].searchable(reverse("orgs:pick", args=[org.pk, "secretary"]))  # type: ignore[attr-defined]


class MemberForm(forms.ModelForm):  # type: ignore[type-arg]
    """All fields of the national member information form, validated together: the ID
    number's check digit, and the date of birth and gender it encodes.

    When editing, the ID number and phone start empty (the page shows them masked):
    leaving them empty keeps the current values, so nobody sees them in full by editing.
    """

    class Meta:
        model = Member
        fields = [f for f in MEMBER_FIELDS if f != "cadre_level"] + ["cadre_level"]
        widgets = {
            "birth_date": DATE_WIDGET,
            "joined_at": DATE_WIDGET,
            "confirmed_at": DATE_WIDGET,
            "id_number": forms.TextInput(attrs={"autocomplete": "off", "maxlength": 18}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Typed with spaces or full-width characters, an ID number is longer than 18 before
        # it is normalised (clean_id_number); the normalised value is checked for length.
        number = self.fields["id_number"]
        number.max_length = 40  # type: ignore[attr-defined]
        number.validators = [v for v in number.validators if not isinstance(v, MaxLengthValidator)]
        number.widget.attrs["maxlength"] = 40
        self.fields["birth_date"].required = False
        self.fields["birth_date"].help_text = _("Leave empty to take it from the ID number.")
        if self.instance.pk:
            for name, masked in (("id_number", mask_id_number), ("phone", mask_phone)):
                current = getattr(self.instance, name)
                self.initial[name] = ""
                self.fields[name].required = False
                if current:
                    self.fields[name].widget.attrs["placeholder"] = masked(current)
                    self.fields[name].help_text = _("Leave empty to keep the current value.")

    def clean_id_number(self) -> str:
        value = normalize_id_number(self.cleaned_data.get("id_number") or "")
        if not value and self.instance.pk:
            return str(self.instance.id_number)
        if not value:
            raise ValidationError(_("The ID number is required."))
        return value

    def clean_phone(self) -> str:
        value = self.cleaned_data.get("phone") or ""
        if not value:
            return str(self.instance.phone) if self.instance.pk else ""
        return validate_phone(value)

    def clean(self) -> dict[str, Any]:
        """Fill the date of birth from a valid ID number when left empty; the cross-field
        rules themselves are the model's (``Member.clean``), shared with the API."""
        data = super().clean() or {}
        number = data.get("id_number")
        if number and data.get("birth_date") is None and "birth_date" not in self.errors:
            with contextlib.suppress(ValidationError):  # reported by Member.clean on the ID number
                data["birth_date"], _gender = validate_id_number(number)
        return data

    def values(self) -> dict[str, Any]:
        return {f: self.cleaned_data[f] for f in self.Meta.fields}

    def changes(self, original: Member) -> dict[str, Any]:
        """Only the fields that differ from ``original`` (the stored member, not the form's
        instance, which validation has already changed)."""
        return {f: v for f, v in self.values().items() if getattr(original, f) != v}


class TransferForm(forms.Form):
    to_org = OrgChoiceField(queryset=Organization.objects.none(), label=_("Transfer to"))
    reason = forms.CharField(label=_("Reason"), max_length=200)

    def __init__(self, *args: Any, actor: Any, member: Member, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        qs = visible_orgs(actor, Cap.MEMBERS).filter(kind__in=MEMBER_HOLDING_KINDS).exclude(pk=member.org_id)
        self.fields["to_org"].queryset = qs.order_by("path")  # type: ignore[attr-defined]
        self.fields["to_org"].searchable(reverse("orgs:pick_transfer", args=[member.pk]))  # type: ignore[attr-defined]


class ExportForm(forms.Form):
    full = forms.BooleanField(label=_("Include full ID numbers and phones (written to the access log)"), required=False)
