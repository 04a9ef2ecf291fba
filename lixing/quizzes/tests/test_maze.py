"""Maze mode: doors open by answering; a wrong answer closes a door; the exit passes the level."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from lixing.orgs.access import SYSTEM
from lixing.quizzes import services
from lixing.quizzes.models import MazeLevel, MazeRun, PracticeCard, Question

SQUARE = ["0,0|0,1", "0,0|1,0", "0,1|1,1", "1,0|1,1"]  # a 2×2 ring: two ways to the exit


def _level(district: Any, bank: Any, number: int = 1, doors: list[str] | None = None, width: int = 2) -> MazeLevel:
    return services.maze_level_create(actor=SYSTEM, org=district.root, bank=bank, number=number, title=f"第{number}关",
                                      tag="党史事件", width=width, height=2 if doors is None or width == 2 else 1,
                                      doors=doors if doors is not None else SQUARE)  # fmt: skip


def _knock(client: Any, level: MazeLevel, r: int, c: int) -> Any:
    return client.post(reverse("quizzes:maze_knock", args=[level.pk]), {"r": r, "c": c})


def _answer(client: Any, level: MazeLevel, right: bool) -> Any:
    run = MazeRun.objects.get(level=level)
    assert run.pending_question_id is not None
    q = Question.objects.get(pk=run.pending_question_id)
    value = q.answer[0] if right else next(i for i in range(len(q.options)) if i not in q.answer)
    return client.post(reverse("quizzes:maze_answer", args=[level.pk]), {"value": value})


def test_walking_a_level_to_the_exit(district: Any, bank: Any) -> None:
    level = _level(district, bank)
    client = district.client(district.member)
    assert client.get(reverse("quizzes:maze_level", args=[level.pk])).status_code == 200
    assert _knock(client, level, 1, 1).context["event"] == "wall"  # not adjacent
    response = _knock(client, level, 0, 1)
    assert response.context["event"] == "question"
    assert response.context["question"].tag_list == ["党史事件"]
    assert _answer(client, level, right=False).context["event"] == "wrong"
    run = MazeRun.objects.get(level=level)
    assert run.closed == ["0,0|0,1"] and (run.row, run.col) == (0, 0)
    assert _knock(client, level, 0, 1).context["event"] == "closed"
    assert _knock(client, level, 1, 0).context["event"] == "question"
    assert _answer(client, level, right=True).context["event"] == "correct"
    assert _knock(client, level, 1, 1).context["event"] == "question"
    done = _answer(client, level, right=True)
    assert done.context["event"] == "completed"
    run.refresh_from_db()
    assert run.completed_at is not None and (run.correct, run.wrong) == (2, 1)
    assert PracticeCard.objects.count() == 1  # the wrong one comes back in practice


def test_going_back_through_an_open_door_asks_nothing(district: Any, bank: Any) -> None:
    level = _level(district, bank)
    client = district.client(district.member)
    _knock(client, level, 1, 0)
    _answer(client, level, right=True)
    assert _knock(client, level, 0, 0).context["event"] == "moved"


def test_when_no_way_is_left_the_closed_doors_reopen(district: Any, bank: Any) -> None:
    level = _level(district, bank, doors=["0,0|0,1"], width=2)
    client = district.client(district.member)
    _knock(client, level, 0, 1)
    assert _answer(client, level, right=False).context["event"] == "reopened"
    assert MazeRun.objects.get(level=level).closed == []


def test_levels_unlock_in_order(district: Any, bank: Any) -> None:
    first = _level(district, bank, number=1)
    second = _level(district, bank, number=2)
    client = district.client(district.member)
    assert client.get(reverse("quizzes:maze_level", args=[second.pk])).status_code == 403
    MazeRun.objects.create(level=first, member=district.a1_members[1], completed_at="2026-01-01T00:00Z")
    assert client.get(reverse("quizzes:maze_level", args=[second.pk])).status_code == 200
    levels = client.get(reverse("quizzes:maze")).context["levels"]
    assert [(r.unlocked, r.completed) for r in levels] == [(True, True), (True, False)]


def test_the_server_holds_the_state_and_other_members_have_their_own(district: Any, bank: Any) -> None:
    level = _level(district, bank)
    _knock(district.client(district.member), level, 0, 1)
    other = district.client(district.other_member)
    page = other.get(reverse("quizzes:maze_level", args=[level.pk]))
    assert page.context["event"] == "start" and page.context["run"].member.user == district.other_member
    # A plain answer post without a pending door does nothing.
    assert other.post(reverse("quizzes:maze_answer", args=[level.pk]), {"value": 0}).context["event"] == "moved"
    assert (
        district.client(district.district_admin).get(reverse("quizzes:maze_level", args=[level.pk])).status_code == 404
    )


def test_generated_mazes_always_reach_the_exit(district: Any, bank: Any) -> None:
    import random

    for seed in range(30):
        level = MazeLevel(width=4, height=4, doors=services.maze_generate(4, 4, random.Random(seed)))
        assert services.maze_reachable(level, (0, 0), [])
