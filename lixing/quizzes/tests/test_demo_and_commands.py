"""The shipped bank, the load command and the demo builder."""

from __future__ import annotations

import random
from typing import Any

from django.core.management import call_command

from lixing.common.demo import DemoContext
from lixing.orgs.models import Rollup
from lixing.orgs.rollups import rollup_rebuild
from lixing.quizzes import services
from lixing.quizzes.demo import build_demo_quizzes, load_items
from lixing.quizzes.models import Competition, MazeLevel, PaperResult, Question, SpotCheck


def test_shipped_bank_has_over_300_valid_questions_on_both_topics() -> None:
    items = load_items()
    assert len(items) >= 300
    assert len({i["code"] for i in items}) == len(items)
    for item in items:
        services.validate_question(kind=item["kind"], text=item["text"], options=item["options"], answer=item["answer"])
        assert item["explanation"] and item["source"]
    tags = {t for i in items for t in i["tags"].split(",")}
    assert {"党史事件", "党史人物", "二十大报告"} <= tags
    assert sum("二十大报告" in i["tags"] for i in items) >= 60
    texts = {i["text"] for i in items}
    assert any("遵义会议" in t for t in texts) and any("高质量发展" in t for t in texts)


def test_load_questions_command_is_idempotent(district: Any, capsys: Any) -> None:
    call_command("load_questions", org=district.root.pk)
    n = Question.objects.count()
    assert n >= 300
    call_command("load_questions", org=district.root.pk)
    assert Question.objects.count() == n
    assert "0 created, 0 updated" in capsys.readouterr().out


def test_demo_builds_a_competition_a_spot_check_and_maze_levels(district: Any) -> None:
    import datetime

    ctx = DemoContext(preset="district", rng=random.Random(5), root_id=district.root.pk, today=datetime.date.today())
    build_demo_quizzes(ctx)
    comp = Competition.objects.get(title="党史知识竞赛")
    assert PaperResult.objects.filter(paper=comp.paper).count() >= 3
    assert SpotCheck.objects.get().draws.count() >= 3
    assert MazeLevel.objects.count() == 3
    before = set(
        Rollup.objects.filter(key__startswith="quizzes.").values_list("org_id", "key", "bucket", "own", "total")
    )
    rollup_rebuild()
    after = set(
        Rollup.objects.filter(key__startswith="quizzes.").values_list("org_id", "key", "bucket", "own", "total")
    )
    assert before == after
    build_demo_quizzes(ctx)  # running it again adds nothing
    assert Competition.objects.count() == 1
