"""The learned symptom models on the repair quests: a group holdout (whole repair events held
out, so that near-identical rows of one event cannot leak)."""

import pytest

from intake.classifier import in_holdout
from intake.evaluation import evaluate_quest_holdout
from intake.quests import QUESTS, quest_rows_load


@pytest.mark.django_db
def test_every_quest_fault_maps_to_a_symptom_of_its_category(catalogue):
    for category_slug, mapping in QUESTS.values():
        own = set(catalogue.get(slug=category_slug).symptoms.values_list("slug", flat=True))
        assert set(mapping.values()) <= own, category_slug


def test_holdout_groups_never_appear_in_training():
    rows = quest_rows_load()
    held = {r.group for r in rows if in_holdout(r.group)}
    trained = {r.group for r in rows if not in_holdout(r.group)}
    assert held and trained and not held & trained
    assert 0.1 < len(held) / (len(held) + len(trained)) < 0.3


@pytest.mark.slow
@pytest.mark.django_db
def test_a_correct_symptom_is_in_the_top_3_for_nine_in_ten_held_out_repairs(catalogue):
    result = evaluate_quest_holdout()
    for ranking in ("all", "combined"):  # the text model alone, and as the intake ranks
        assert result[ranking].n > 1000
        assert result[ranking].top3 >= 0.9
        assert result[ranking].top1 >= 0.7
