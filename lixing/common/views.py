from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.http.response import HttpResponseBase
from django.views.static import serve


def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for load balancers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"ok": True})


@login_required
def media(request: HttpRequest, path: str) -> HttpResponseBase:
    """Uploaded photos and attachments, for signed-in users only (they may show residents
    and members). A large deployment can hand /media/ to its reverse proxy with the same rule."""
    return serve(request, path, document_root=str(settings.MEDIA_ROOT))
