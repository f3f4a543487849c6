"""The labelled descriptions (tests/intake/labelled_descriptions.csv) as a specification: the
intake targets of issue 13 on the Dutch half."""

from collections import Counter

import pytest

from intake.evaluation import evaluate_labelled, labelled_rows

pytestmark = pytest.mark.django_db


def test_the_labelled_set_has_150_descriptions_half_dutch_with_catalogue_labels(catalogue):
    rows = labelled_rows()
    assert len(rows) >= 150
    languages = Counter(r["language"] for r in rows)
    assert languages["nl"] >= len(rows) / 2 and set(languages) == {"nl", "en"}
    for row in rows:
        category = catalogue.get(slug=row["category"])
        own = set(category.symptoms.values_list("slug", flat=True))
        assert set(row["symptoms"].split(";")) <= own, row["text"]


def test_dutch_half_reaches_the_targets(catalogue):
    result = evaluate_labelled([r for r in labelled_rows() if r["language"] == "nl"])
    assert result["category"].top1 >= 0.90
    assert result["symptoms"].top3 >= 0.85


def test_english_half_reaches_the_same_targets(catalogue):
    result = evaluate_labelled([r for r in labelled_rows() if r["language"] == "en"])
    assert result["category"].top1 >= 0.90
    assert result["symptoms"].top3 >= 0.85
