"""The demo builder: a finished 书记加油PK with five judges, audience votes and published results."""

from __future__ import annotations

import datetime
import random

from lixing.common.demo import DemoContext
from lixing.contests import selectors
from lixing.contests.demo import build_demo_contests
from lixing.contests.models import Contest, Judge


def test_the_demo_has_a_finished_pk_with_judges_and_votes(district, pk):
    before = Contest.objects.count()
    ctx = DemoContext(preset="district", rng=random.Random(3), root_id=district.root.pk, today=datetime.date(2021, 11, 1))
    build_demo_contests(ctx)
    contest = Contest.objects.exclude(pk=pk.pk).get()
    assert Contest.objects.count() == before + 1 and contest.published_at is not None
    assert Judge.objects.filter(round__contest=contest, submitted_at__isnull=False).count() == 5
    assert contest.votes.exists()
    board = selectors.board(contest=contest, public=True)
    assert board.rows[0].rank == 1 and board.rows[0].total is not None
    assert all(r.entrant == "" for r in board.rows)
