"""Contest pages: thin views over :mod:`.selectors` and :mod:`.services`.

The judge's sheet saves each score as it is typed (htmx posts one cell); the board and the
published board refresh themselves (htmx polling), sized for a phone and a wall screen.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lixing.figures.periods import Period
from lixing.figures.registry import Group, all_figures
from lixing.figures.selectors import figure_values
from lixing.orgs.access import Cap, access_org, can, home_org

from . import selectors, services
from .forms import ContestForm, EntryForm, JudgeForm
from .models import Criterion, Entry

BOARD_REFRESH_SECONDS = 5


def _errors(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


@login_required
def index(request: HttpRequest) -> HttpResponse:
    home = home_org(request.user)
    org = access_org(request.user, request.GET.get("org") or home.pk) if home else None
    tiles = []
    if org is not None:
        figures = all_figures(Group.CONTESTS)
        values = figure_values(actor=request.user, orgs=[org], period=Period.parse("all"), figures=figures)[org.pk]
        tiles = [(f, values[f.key]) for f in figures]
    return render(request, "contests/index.html", {
        "org": org, "tiles": tiles, "contests": selectors.contest_list(actor=request.user)[:100],
        "can_create": org is not None and can(request.user, org, Cap.STRUCTURE),
    })  # fmt: skip


@login_required
def contest_new(request: HttpRequest) -> HttpResponse:
    unit = access_org(request.user, request.GET.get("org") or getattr(home_org(request.user), "pk", None), Cap.STRUCTURE)
    form = ContestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            contest = services.contest_create(
                actor=request.user, unit=unit, kind=d["kind"], title=d["title"], held_on=d["held_on"],
                criteria=d["criteria"], rule=d["rule"], votes_enabled=d["votes_enabled"],
                votes_per_day=d["votes_per_day"], vote_weight=d["vote_weight"], form_token=d["form_token"],
            )  # fmt: skip
        except ValidationError as exc:
            for e in _errors(exc):
                form.add_error(None, e)
        else:
            return redirect("contests:contest", contest.pk)
    return render(request, "contests/form.html", {"form": form, "unit": unit, "title": _("New contest")})


@login_required
def contest_detail(request: HttpRequest, contest_id: int) -> HttpResponse:
    contest = selectors.contest_get(actor=request.user, contest_id=contest_id)
    organiser = can(request.user, contest.unit, Cap.STRUCTURE)
    entry_form = EntryForm(actor=request.user, unit=contest.unit)
    judge_form = JudgeForm(actor=request.user, unit=contest.unit) if organiser else None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "entry":
                entry_form = EntryForm(request.POST, actor=request.user, unit=contest.unit)
                if entry_form.is_valid():
                    d = entry_form.cleaned_data
                    services.entry_add(actor=request.user, contest=contest, kind=d["kind"], title=d["title"],
                                       member=d["member"], org=d["org"], order=d["order"] or 0)  # fmt: skip
                    return redirect("contests:contest", contest.pk)
            elif action == "judge" and organiser:
                judge_form = JudgeForm(request.POST, actor=request.user, unit=contest.unit)
                if judge_form.is_valid():
                    rnd = contest.rounds.order_by("-number").first()
                    assert rnd is not None
                    services.judge_assign(actor=request.user, round=rnd, user=judge_form.cleaned_data["username"],
                                          unit=judge_form.cleaned_data["unit"])  # fmt: skip
                    return redirect("contests:contest", contest.pk)
            elif action == "publish":
                services.contest_publish(actor=request.user, contest=contest)
                return redirect("contests:contest", contest.pk)
        except ValidationError as exc:
            for e in _errors(exc):
                messages.error(request, e)
    judges = list(contest.rounds.order_by("-number").first().judges.select_related("user", "unit")) if organiser else []  # type: ignore[union-attr]
    return render(request, "contests/contest.html", {
        "contest": contest, "organiser": organiser, "criteria": list(contest.criteria.all()),
        "entries": list(selectors.entries_in_scope(actor=request.user, contest=contest)), "judges": judges,
        "entry_form": entry_form, "judge_form": judge_form, "me": selectors.my_judging(actor=request.user, contest=contest),
        "can_vote": contest.votes_enabled and contest.published_at is None,
    })  # fmt: skip


@login_required
def sheet(request: HttpRequest, judge_id: int) -> HttpResponse:
    judge = selectors.judge_get(actor=request.user, judge_id=judge_id)
    if request.method == "POST":
        try:
            services.sheet_submit(actor=request.user, judge=judge)
        except ValidationError as exc:
            for e in _errors(exc):
                messages.error(request, e)
        return redirect("contests:sheet", judge.pk)
    return render(request, "contests/sheet.html", {"judge": judge, "rows": selectors.sheet(judge=judge)})


@login_required
@require_POST
def score(request: HttpRequest, judge_id: int) -> HttpResponse:
    """One cell of the sheet, saved as the judge types (htmx). Answers the cell's state."""
    judge = selectors.judge_get(actor=request.user, judge_id=judge_id)
    entry = get_object_or_404(Entry, pk=request.POST.get("entry"), contest_id=judge.round.contest_id)
    criterion = get_object_or_404(Criterion, pk=request.POST.get("criterion"), contest_id=judge.round.contest_id)
    value = request.POST.get(f"s-{entry.pk}-{criterion.pk}", "")
    try:
        services.score_save(actor=request.user, judge=judge, entry=entry, criterion=criterion, value=value)
    except (ValidationError, PermissionDenied) as exc:
        message = "; ".join(_errors(exc)) if isinstance(exc, ValidationError) else str(exc)
        return HttpResponse(f'<span class="bad" role="alert">{_escape(message)}</span>', status=200)
    return HttpResponse(f'<span class="ok">{_("saved")}</span>')


def _escape(text: str) -> str:
    from django.utils.html import escape

    return escape(text)


@login_required
def board(request: HttpRequest, contest_id: int) -> HttpResponse:
    contest = selectors.contest_get(actor=request.user, contest_id=contest_id)
    context = {"board": selectors.board(contest=contest), "refresh": BOARD_REFRESH_SECONDS,
               "wall": request.GET.get("wall") == "1"}  # fmt: skip
    if request.headers.get("HX-Request"):
        return render(request, "contests/_board.html", context)
    return render(request, "contests/board.html", context)


def public_board(request: HttpRequest, contest_id: int) -> HttpResponse:
    """A published board: no account, no personal data (no members', no judges' names)."""
    contest = selectors.published_contest(contest_id=contest_id)
    context = {"board": selectors.board(contest=contest, public=True), "public": True, "refresh": 60,
               "wall": request.GET.get("wall") == "1"}  # fmt: skip
    if request.headers.get("HX-Request"):
        return render(request, "contests/_board.html", context)
    return render(request, "contests/board.html", context)


@login_required
@require_POST
def vote(request: HttpRequest, contest_id: int, entry_id: int) -> HttpResponse:
    contest = selectors.contest_get(actor=request.user, contest_id=contest_id)
    entry = get_object_or_404(Entry, pk=entry_id, contest=contest)
    try:
        services.vote_cast(voter=services.voter_key(request.user), contest=contest, entry=entry)
    except ValidationError as exc:
        for e in _errors(exc):
            messages.error(request, e)
    else:
        messages.success(request, _("Your vote is counted."))
    return redirect("contests:contest", contest.pk)
