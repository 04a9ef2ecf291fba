from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lixing.orgs.access import access_org, home_org

from . import selectors, services
from .registry import get_importer
from .sheets import template_bytes


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Spreadsheet (.xlsx, .xls, .ods or .csv in UTF-8 or GBK)"))


def _importer(kind: str):  # type: ignore[no-untyped-def]
    try:
        return get_importer(kind)
    except KeyError:
        raise Http404(kind) from None


def _options(request: HttpRequest) -> dict[str, str]:
    return {k[4:]: str(v) for k, v in request.GET.items() if k.startswith("opt_")}


@login_required
def template(request: HttpRequest, kind: str) -> HttpResponse:
    importer = _importer(kind)
    body = template_bytes(importer.title, importer.columns, importer.examples())
    response = HttpResponse(body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{importer.kind}-template.xlsx"
    return response


@login_required
def upload(request: HttpRequest, kind: str) -> HttpResponse:
    importer = _importer(kind)
    org = access_org(request.user, request.GET.get("org") or getattr(home_org(request.user), "pk", None))
    options = _options(request)
    importer.check_access(actor=request.user, org=org, options=options)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.import_start(
                actor=request.user, kind=kind, org=org, upload=form.cleaned_data["file"], options=options
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            return redirect("imports:job", job.pk)
    return render(request, "imports/upload.html", {"importer": importer, "org": org, "form": form,
                                                    "query": request.GET.urlencode()})  # fmt: skip


@login_required
def job(request: HttpRequest, job_id: int) -> HttpResponse:
    j = selectors.job_for(actor=request.user, job_id=job_id)
    j = services.import_recover(job=j)  # a job whose worker died says so, instead of "running" forever
    template_name = "imports/_job_body.html" if request.headers.get("HX-Request") else "imports/job.html"
    return render(request, template_name, {"job": j, "importer": _importer(j.kind)})


@login_required
@require_POST
def confirm(request: HttpRequest, job_id: int) -> HttpResponse:
    j = selectors.job_for(actor=request.user, job_id=job_id)
    try:
        services.import_confirm(actor=request.user, job=j)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("imports:job", j.pk)


@login_required
@require_POST
def cancel(request: HttpRequest, job_id: int) -> HttpResponse:
    j = selectors.job_for(actor=request.user, job_id=job_id)
    services.import_cancel(actor=request.user, job=j)
    messages.info(request, _("Import cancelled; nothing was written."))
    return redirect("orgs:detail", j.org_id)


@login_required
@require_POST
def recheck(request: HttpRequest, job_id: int) -> HttpResponse:
    j = selectors.job_for(actor=request.user, job_id=job_id)
    try:
        services.import_recheck(actor=request.user, job=j)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("imports:job", j.pk)
