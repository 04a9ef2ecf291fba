"""The demo builder: a year at every level, a round of commendations, model examples."""

from __future__ import annotations

import datetime
import random

from lixing.common.demo import DemoContext
from lixing.figures.periods import Period
from lixing.figures.registry import get
from lixing.figures.selectors import figure_values
from lixing.publicity.demo import build_demo_publicity
from lixing.publicity.models import Article, HonourRecipient, MediaLevel, ModelExample


def test_the_demo_has_a_year_at_every_level_commendations_and_examples(district, levels):
    ctx = DemoContext(preset="district", rng=random.Random(7), root_id=district.root.pk, today=datetime.date(2021, 11, 1))
    build_demo_publicity(ctx)
    assert set(Article.objects.values_list("level__code", flat=True)) == set(MediaLevel.objects.values_list("code", flat=True))
    assert Article.objects.filter(duplicate_of__isnull=False).count() == 1
    assert HonourRecipient.objects.filter(org__isnull=False).exists()
    assert HonourRecipient.objects.filter(member__isnull=False).exists()
    assert ModelExample.objects.count() == 4
    v = figure_values(actor=district.district_admin, orgs=[district.root], period=Period.parse("all"),
                      figures=[get("publicity.articles")])[district.root.pk]["publicity.articles"]  # fmt: skip
    assert v.value == Article.objects.filter(duplicate_of__isnull=True).count()
