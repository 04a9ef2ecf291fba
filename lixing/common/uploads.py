"""One place that decides which uploaded files are acceptable, and who may fetch them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404
from django.utils.translation import gettext as _

IMAGE_TYPES = {"jpg", "jpeg", "png", "gif", "webp"}
DOCUMENT_TYPES = {"pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "txt"}
SHEET_TYPES = {"xlsx", "xls", "ods", "csv"}


def validate_upload(upload: UploadedFile, *, allowed: set[str], max_mb: int | None = None) -> None:
    """Raise ValidationError (in the user's language) for a wrong type or an oversized file."""
    limit = max_mb if max_mb is not None else settings.LIXING_MAX_UPLOAD_MB
    name = upload.name or ""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in allowed:
        raise ValidationError(
            _("File type “%(ext)s” is not accepted; allowed: %(allowed)s.")
            % {"ext": ext or "?", "allowed": ", ".join(sorted(allowed))},
            code="file_type",
        )
    if upload.size is not None and upload.size > limit * 1024 * 1024:
        raise ValidationError(
            _("The file is %(size).1f MB; the limit is %(limit)d MB.")
            % {"size": upload.size / 1024 / 1024, "limit": limit},
            code="file_size",
        )
    if ext in IMAGE_TYPES:
        head = upload.read(16)
        upload.seek(0)
        if not _looks_like_image(head):
            raise ValidationError(_("The file is not a valid image."), code="file_content")


def _looks_like_image(head: bytes) -> bool:
    return (
        head.startswith(b"\xff\xd8\xff")
        or head.startswith(b"\x89PNG\r\n\x1a\n")
        or head[:6] in (b"GIF87a", b"GIF89a")
        or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")
    )


# --- Who may fetch an uploaded file ---------------------------------------------------------
# A file is served to whoever may see the record it belongs to, and to nobody else. Each line
# of work registers, for the folder its FileField uploads to, a function that says whether the
# actor may see the record holding a given stored path (`register_upload_owner`, called from
# its AppConfig.ready). A file under no registered folder, or held by no record, is not served.

UploadCheck = Callable[[Any, str], bool]
_OWNERS: dict[str, UploadCheck] = {}


def register_upload_owner(folder: str, may_see: UploadCheck) -> None:
    """``folder`` is the start of the FileField's ``upload_to`` (e.g. ``"deeds/tickets/"``);
    ``may_see(actor, name)`` answers for the record whose file is stored as ``name``."""
    if not folder.endswith("/"):
        raise ValueError("an upload folder ends with /")
    _OWNERS[folder] = may_see


def upload_visible(actor: Any, name: str) -> bool:
    """May ``actor`` fetch the stored file ``name`` (a path relative to MEDIA_ROOT)?"""
    folders = [f for f in _OWNERS if name.startswith(f)]
    if not folders:
        return False
    return _OWNERS[max(folders, key=len)](actor, name)


def owned_by_visible(queryset_for: Callable[[Any], Any], field: str = "file") -> UploadCheck:
    """A check from a selector: ``queryset_for(actor)`` is the records the actor may see."""

    def may_see(actor: Any, name: str) -> bool:
        return bool(queryset_for(actor).filter(**{field: name}).exists())

    return may_see


def visible_through(get: Callable[[Any, Any], Any], model: Any, field: str = "file") -> UploadCheck:
    """A check from an access function: the record holding the file is found by its path and
    ``get(actor, record)`` raises Http404/PermissionDenied when the actor may not see it."""

    def may_see(actor: Any, name: str) -> bool:
        record = model.objects.filter(**{field: name}).first()
        if record is None:
            return False
        try:
            get(actor, record)
        except (Http404, PermissionDenied):
            return False
        return True

    return may_see
