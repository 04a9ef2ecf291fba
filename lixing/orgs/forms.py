"""Forms of the organisation and roster pages: they parse and validate input; the services
in :mod:`lixing.orgs.services` do the writing."""

from __future__ import annotations

import contextlib
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .access import Cap, visible_orgs
from .models import MEMBER_HOLDING_KINDS, Member, Organization, OrgKind
from .services import MEMBER_FIELDS, ORG_FIELDS
from .validators import mask_id_number, mask_phone, normalize_id_number, validate_id_number, validate_phone

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OrgChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """Organisations indented by depth, so the tree shows in a plain select."""

    def label_from_instance(self, obj: Organization) -> str:  # type: ignore[override]
        return f"{'　' * max(obj.depth - 1, 0)}{obj.name}"


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
        field.queryset = _structure_orgs(actor).exclude(id=org.parent_id or 0)  # type: ignore[attr-defined]


class MergeForm(forms.Form):
    target = OrgChoiceField(queryset=Organization.objects.none(), label=_("Merge into"))
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)

    def __init__(self, *args: Any, actor: Any, org: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        qs = _structure_orgs(actor).filter(kind=org.kind).exclude(pk=org.pk)
        self.fields["target"].queryset = qs  # type: ignore[attr-defined]


class SecretaryForm(forms.Form):
    member = forms.ModelChoiceField(
        queryset=Member.objects.none(), label=_("Secretary"), required=False, empty_label=_("(no secretary)")
    )

    def __init__(self, *args: Any, org: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The secretary is a member of the organisation or of the level just below it.
        qs = Member.objects.filter(org__path__startswith=org.path, org__depth__lte=org.depth + 1)
        self.fields["member"].queryset = qs.order_by("name", "id")  # type: ignore[attr-defined]


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


class ExportForm(forms.Form):
    full = forms.BooleanField(label=_("Include full ID numbers and phones (written to the access log)"), required=False)
