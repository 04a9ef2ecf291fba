import posixpath

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, HttpRequest, JsonResponse
from django.http.response import HttpResponseBase
from django.views.static import serve

from lixing.common.uploads import upload_visible


def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for load balancers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"ok": True})


@login_required
def media(request: HttpRequest, path: str) -> HttpResponseBase:
    """An uploaded photo or attachment, served only to those who may see the record it belongs
    to (``lixing.common.uploads.upload_visible``); 404 to everyone else, so that a file's URL
    tells nothing. A deployment that hands /media/ to its reverse proxy must keep this rule
    (e.g. nginx ``X-Accel-Redirect`` after this check)."""
    name = posixpath.normpath(path).lstrip("/")
    if name.startswith("..") or not upload_visible(request.user, name):
        raise Http404
    return serve(request, name, document_root=str(settings.MEDIA_ROOT))
