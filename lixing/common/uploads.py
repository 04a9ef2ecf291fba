"""One place that decides which uploaded files are acceptable."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
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
