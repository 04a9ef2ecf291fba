"""Pages of the quizzes app: thin — parse, call one service or selector, render."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from lixing.orgs.access import Cap, access_org, can, home_org, member_of

from . import selectors, services
from .forms import BankForm, PaperForm, QuestionForm, SpotCheckForm
from .models import Attempt, AttemptStatus, Notice, PaperPurpose, Question, QuestionKind


def _error_text(exc: ValidationError) -> str:
    return "；".join(exc.messages)


def _office_org(request: HttpRequest) -> Any:
    org = access_org(request.user, request.GET.get("org") or getattr(home_org(request.user), "pk", None), Cap.STRUCTURE)
    return org


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    member = member_of(user)
    return render(request, "quizzes/index.html", {
        "member": member,
        "notices": selectors.notices_for(actor=user),
        "papers": selectors.papers_for_member(actor=user),
        "practice_due": len(selectors.practice_queue(actor=user)) if member else 0,
        "levels": selectors.maze_levels_for(actor=user),
        "competitions": selectors.competition_list(actor=user)[:5],
        "is_office": selectors.is_office(user),
    })  # fmt: skip


@login_required
@require_POST
def notice_read(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = get_object_or_404(Notice, pk=notice_id)
    services.notice_read(actor=request.user, notice=notice)
    return redirect(notice.url or "quizzes:index")


# --- Banks and questions -------------------------------------------------------------------


@login_required
def banks(request: HttpRequest) -> HttpResponse:
    if not selectors.is_office(request.user):
        raise PermissionDenied(_("Question banks are kept by the office."))
    form = BankForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        org = _office_org(request)
        bank = services.bank_create(actor=request.user, org=org, **form.cleaned_data)
        return redirect("quizzes:bank", bank.pk)
    return render(request, "quizzes/banks.html", {"banks": selectors.bank_list(actor=request.user), "form": form})


@login_required
def bank(request: HttpRequest, bank_id: int) -> HttpResponse:
    the_bank = selectors.access_bank(request.user, bank_id)
    query, tag = request.GET.get("q", "").strip(), request.GET.get("tag", "").strip()
    page = Paginator(selectors.question_list(actor=request.user, bank=the_bank, query=query, tag=tag), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "quizzes/bank.html", {
        "bank": the_bank, "page": page, "q": query, "tag": tag, "tags": selectors.bank_tags(bank=the_bank),
        "can_edit": can(request.user, the_bank.org, Cap.STRUCTURE),
    })  # fmt: skip


@login_required
def question_edit(request: HttpRequest, bank_id: int, question_id: int | None = None) -> HttpResponse:
    the_bank = selectors.access_bank(request.user, bank_id, edit=True)
    question = get_object_or_404(Question, pk=question_id, bank=the_bank) if question_id else None
    initial = QuestionForm.initial_for(question) if question else None
    form = QuestionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_save(actor=request.user, bank=the_bank, question=question, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, _("Question saved."))
            return redirect("quizzes:bank", the_bank.pk)
    return render(request, "quizzes/question_form.html", {"bank": the_bank, "question": question, "form": form})


# --- Papers --------------------------------------------------------------------------------


@login_required
def papers(request: HttpRequest) -> HttpResponse:
    if not selectors.is_office(request.user):
        raise PermissionDenied(_("Papers are set by the office."))
    return render(request, "quizzes/papers.html", {"papers": selectors.paper_list(actor=request.user)[:200]})


def _paper_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {k: data[k] for k in ("title", "blueprint", "time_limit_minutes", "attempts_allowed", "counting",
                                 "multiple_rule", "opens_at", "closes_at")}  # fmt: skip


@login_required
def paper_new(request: HttpRequest, purpose: str = PaperPurpose.QUIZ) -> HttpResponse:
    org = _office_org(request)
    banks = selectors.bank_list(actor=request.user)
    now = timezone.localtime()
    initial = {"opens_at": now.replace(second=0, microsecond=0), "closes_at": now + datetime.timedelta(days=7)}
    form = PaperForm(request.POST or None, banks=banks, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        the_bank = selectors.access_bank(request.user, data["bank"])
        try:
            if purpose == PaperPurpose.COMPETITION:
                comp = services.competition_create(actor=request.user, org=org, bank=the_bank,
                                                   description=data["description"], **_paper_fields(data))  # fmt: skip
                return redirect("quizzes:competition", comp.pk)
            paper = services.paper_create(actor=request.user, org=org, bank=the_bank, **_paper_fields(data))
            return redirect("quizzes:paper", paper.pk)
        except ValidationError as exc:
            form.add_error(None, _error_text(exc))
    return render(request, "quizzes/paper_form.html", {"form": form, "org": org, "purpose": purpose})


@login_required
def competition_new(request: HttpRequest) -> HttpResponse:
    return paper_new(request, PaperPurpose.COMPETITION)


@login_required
def paper(request: HttpRequest, paper_id: int) -> HttpResponse:
    the_paper = selectors.access_paper(request.user, paper_id)
    attempts = selectors.my_attempts(actor=request.user, paper=the_paper)
    now = timezone.now()
    running = next((a for a in attempts if a.status == AttemptStatus.OPEN and a.deadline > now), None)
    is_office = can(request.user, the_paper.org, Cap.STRUCTURE)
    return render(request, "quizzes/paper.html", {
        "paper": the_paper, "attempts": attempts, "running": running,
        "is_open": the_paper.opens_at <= now < the_paper.closes_at,
        "left": max(0, the_paper.attempts_allowed - len(attempts)) + (1 if running else 0),
        "is_member": member_of(request.user) is not None, "is_office": is_office,
        "summary": selectors.paper_summary(paper=the_paper) if is_office else None,
    })  # fmt: skip


@login_required
@require_POST
def paper_start(request: HttpRequest, paper_id: int) -> HttpResponse:
    the_paper = selectors.access_paper(request.user, paper_id)
    try:
        attempt = services.attempt_start(actor=request.user, paper=the_paper)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return redirect("quizzes:paper", the_paper.pk)
    return redirect("quizzes:take", services.attempt_token(attempt))


def _attempt_from_token(request: HttpRequest, token: str) -> Attempt:
    try:
        attempt_id, _deadline = services.token_read(token)
    except (signing.BadSignature, ValueError):
        raise Http404(_("No such attempt.")) from None
    return selectors.access_attempt(request.user, attempt_id)


@login_required
def take(request: HttpRequest, token: str) -> HttpResponse:
    attempt = _attempt_from_token(request, token)
    now = timezone.now()
    if attempt.status == AttemptStatus.OPEN and attempt.deadline <= now:
        services.attempt_expire(attempt=attempt, now=now)
        attempt.refresh_from_db()
    if attempt.status != AttemptStatus.OPEN:
        return redirect("quizzes:review", attempt.pk)
    return render(request, "quizzes/take.html", {
        "attempt": attempt, "paper": attempt.paper, "token": token,
        "items": selectors.attempt_items(attempt=attempt, reveal=False),
        "remaining": int((attempt.deadline - now).total_seconds()),
        "answer_url": reverse("quizzes:answer", args=[token]),
    })  # fmt: skip


@csrf_exempt
@require_POST
def answer(request: HttpRequest, token: str) -> JsonResponse:
    """Save one answer. The signed attempt token is the credential (issued to the member at
    start, carrying the deadline), so this needs no session and no CSRF cookie: the page
    sends it without cookies. One UPDATE; refused after the deadline."""
    try:
        attempt_id, deadline = services.token_read(token)
        position = int(request.POST["pos"])
    except (signing.BadSignature, ValueError, KeyError):
        return JsonResponse({"ok": False, "error": "bad request"}, status=400)
    now = timezone.now()
    if now.timestamp() >= deadline:
        return JsonResponse({"ok": False, "error": _("Time is up.")}, status=409)
    values = request.POST.getlist("value")
    kind = request.POST.get("kind", "")
    try:
        response = services.clean_response(QuestionKind.FILL if kind == "fill" else QuestionKind.MULTIPLE, values)
    except ValidationError:
        return JsonResponse({"ok": False, "error": "bad answer"}, status=400)
    if not services.answer_save(attempt_id=attempt_id, position=position, response=response, now=now):
        return JsonResponse({"ok": False, "error": _("This attempt is closed.")}, status=409)
    return JsonResponse({"ok": True})


@login_required
@require_POST
def submit(request: HttpRequest, token: str) -> HttpResponse:
    attempt = _attempt_from_token(request, token)
    answers: dict[int, Any] = {}
    for key in request.POST:
        if key.startswith("q") and key[1:].isdigit():
            values = [v for v in request.POST.getlist(key) if v != ""]
            answers[int(key[1:])] = values
    try:
        services.attempt_submit(actor=request.user, attempt=attempt, answers=answers)
    except services.LateSubmission as exc:
        messages.error(request, _error_text(exc))
    return redirect("quizzes:review", attempt.pk)


@login_required
def review(request: HttpRequest, attempt_id: int) -> HttpResponse:
    attempt = selectors.access_attempt(request.user, attempt_id)
    if attempt.status == AttemptStatus.OPEN:
        if attempt.deadline > timezone.now():
            return redirect("quizzes:take", services.attempt_token(attempt))
        services.attempt_expire(attempt=attempt)
        attempt.refresh_from_db()
    return render(request, "quizzes/review.html", {
        "attempt": attempt, "paper": attempt.paper, "items": selectors.attempt_items(attempt=attempt, reveal=True),
    })  # fmt: skip


@login_required
def analysis(request: HttpRequest, paper_id: int) -> HttpResponse:
    the_paper = selectors.access_paper(request.user, paper_id)
    rows = selectors.item_analysis(actor=request.user, paper=the_paper)
    return render(request, "quizzes/analysis.html", {"paper": the_paper, "rows": rows})


# --- Competitions --------------------------------------------------------------------------


@login_required
def competitions(request: HttpRequest) -> HttpResponse:
    return render(request, "quizzes/competitions.html", {
        "competitions": selectors.competition_list(actor=request.user)[:100],
        "is_office": selectors.is_office(request.user),
    })  # fmt: skip


def _board_context(request: HttpRequest, competition_id: int) -> dict[str, Any]:
    comp = selectors.access_competition(request.user, competition_id)
    org = selectors.board_org(request.user, comp, request.GET.get("org"))
    return {
        "competition": comp, "paper": comp.paper, "org": org,
        "units": selectors.competition_units(actor=request.user, competition=comp, org=org),
        "top": selectors.competition_top(actor=request.user, competition=comp, org=org),
        "updated": timezone.localtime(),
    }  # fmt: skip


@login_required
def competition(request: HttpRequest, competition_id: int) -> HttpResponse:
    return render(request, "quizzes/competition.html", _board_context(request, competition_id))


@login_required
def competition_board(request: HttpRequest, competition_id: int) -> HttpResponse:
    return render(request, "quizzes/_board.html", _board_context(request, competition_id))


# --- Spot checks ---------------------------------------------------------------------------


@login_required
def spot_checks(request: HttpRequest) -> HttpResponse:
    if not selectors.is_office(request.user):
        raise PermissionDenied(_("Spot checks are run by the office."))
    org = _office_org(request)
    banks = selectors.bank_list(actor=request.user)
    form = SpotCheckForm(request.POST or None, banks=banks,
                         initial={"deadline": timezone.localtime() + datetime.timedelta(days=7)})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        the_bank = selectors.access_bank(request.user, data["bank"])
        try:
            spot = services.spot_check_create(actor=request.user, org=org, bank=the_bank, title=data["title"],
                                              deadline=data["deadline"], share_percent=data["share_percent"],
                                              blueprint=data["blueprint"],
                                              time_limit_minutes=data["time_limit_minutes"])  # fmt: skip
        except ValidationError as exc:
            form.add_error(None, _error_text(exc))
        else:
            return redirect("quizzes:spot_check", spot.pk)
    return render(request, "quizzes/spot_checks.html", {
        "spots": selectors.spot_check_list(actor=request.user)[:100], "form": form, "org": org,
    })  # fmt: skip


@login_required
def spot_check(request: HttpRequest, spot_id: int) -> HttpResponse:
    spot = selectors.access_spot_check(request.user, spot_id)
    units, missing = selectors.spot_check_results(actor=request.user, spot=spot)
    return render(request, "quizzes/spot_check.html", {"spot": spot, "units": units, "missing": missing})


# --- Maze ----------------------------------------------------------------------------------


@login_required
def maze(request: HttpRequest) -> HttpResponse:
    return render(request, "quizzes/maze.html", {"levels": selectors.maze_levels_for(actor=request.user)})


def _maze_render(request: HttpRequest, outcome: services.MazeOutcome, template: str) -> HttpResponse:
    run = outcome.run
    level = run.level
    doors = set(level.doors)
    here = (run.row, run.col)
    rooms = []
    for r in range(level.height):
        row = []
        for c in range(level.width):
            row.append({
                "here": (r, c) == here, "exit": (r, c) == services.maze_exit(level),
                "right": _door_state(run, doors, (r, c), (r, c + 1)),
                "down": _door_state(run, doors, (r, c), (r + 1, c)),
            })  # fmt: skip
        rooms.append(row)
    moves = []
    for label, arrow, dr, dc in ((_("Go up"), "↑", -1, 0), (_("Go left"), "←", 0, -1), (_("Go right"), "→", 0, 1),
                                 (_("Go down"), "↓", 1, 0)):  # fmt: skip
        target = (here[0] + dr, here[1] + dc)
        state = _door_state(run, doors, here, target)
        moves.append({"label": label, "arrow": arrow, "r": target[0], "c": target[1], "state": state})
    question = outcome.question if outcome.event == "question" else None
    options = []
    if question is not None:
        options = list(enumerate(question.options))
    return render(request, template, {
        "level": level, "run": run, "rooms": rooms, "moves": moves, "event": outcome.event,
        "question": question, "options": options, "answered": outcome.question if outcome.event != "question" else None,
    })  # fmt: skip


def _door_state(run: Any, doors: set[str], a: tuple[int, int], b: tuple[int, int]) -> str:
    level = run.level
    if not (0 <= b[0] < level.height and 0 <= b[1] < level.width):
        return "edge"
    key = services.door_key(a, b)
    if key not in doors:
        return "wall"
    if key in run.opened:
        return "open"
    if key in run.closed:
        return "closed"
    return "door"


@login_required
def maze_level(request: HttpRequest, level_id: int) -> HttpResponse:
    level = selectors.access_level(request.user, level_id)
    run = services.maze_run_for(actor=request.user, level=level)
    event = "completed" if run.completed_at else ("question" if run.pending_question_id else "start")
    return _maze_render(request, services.MazeOutcome(run, event, run.pending_question), "quizzes/maze_level.html")


@login_required
@require_POST
def maze_knock(request: HttpRequest, level_id: int) -> HttpResponse:
    level = selectors.access_level(request.user, level_id)
    run = services.maze_run_for(actor=request.user, level=level)
    try:
        target = (int(request.POST["r"]), int(request.POST["c"]))
    except (KeyError, ValueError):
        return HttpResponse(status=400)
    outcome = services.maze_knock(actor=request.user, run=run, target=target)
    return _maze_render(request, outcome, "quizzes/_maze.html")


@login_required
@require_POST
def maze_answer(request: HttpRequest, level_id: int) -> HttpResponse:
    level = selectors.access_level(request.user, level_id)
    run = services.maze_run_for(actor=request.user, level=level)
    outcome = services.maze_answer(actor=request.user, run=run, response=request.POST.getlist("value"))
    return _maze_render(request, outcome, "quizzes/_maze.html")


@login_required
@require_POST
def maze_restart(request: HttpRequest, level_id: int) -> HttpResponse:
    level = selectors.access_level(request.user, level_id)
    services.maze_run_for(actor=request.user, level=level, restart=True)
    return redirect("quizzes:maze_level", level.pk)


# --- Practice ------------------------------------------------------------------------------


@login_required
def practice(request: HttpRequest) -> HttpResponse:
    queue = selectors.practice_queue(actor=request.user)
    card = queue[0] if queue else None
    options = []
    if card is not None and card.question.kind != QuestionKind.FILL:
        options = list(enumerate(card.question.options))
    return render(request, "quizzes/practice.html", {"card": card, "left": len(queue), "options": options})


@login_required
@require_POST
def practice_answer(request: HttpRequest, card_id: int) -> HttpResponse:
    card = selectors.access_card(request.user, card_id)
    card, correct = services.practice_review(actor=request.user, card=card, response=request.POST.getlist("value"))
    return render(request, "quizzes/practice_result.html", {
        "card": card, "correct": correct, "key": selectors.key_text(card.question),
        "left": len(selectors.practice_queue(actor=request.user)),
    })  # fmt: skip


def bench_hello(request: HttpRequest) -> JsonResponse:
    """Bench-only baseline (enabled by LIXING_BENCH_HELLO=1): a bare JSON view."""
    return JsonResponse({"hello": "world"})
