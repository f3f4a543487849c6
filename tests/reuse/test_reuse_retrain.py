"""Outcome import → retrain → a changed resale estimate with a new model version; the gate."""

import datetime
import io
from decimal import Decimal

from django.urls import reverse

from appliances.models import Category
from reuse import estimate
from reuse.models import ReuseCheck, ReuseModelVersion, ReuseOutcome
from reuse.services import reuse_check_create, reuse_model_train, reuse_outcomes_import_csv
from reuse.tasks import reuse_retrain

HEADER = "record_id;category;condition;age_years;result;price_eur;reported_on\n"


def _csv(prefix: str, count: int, price: str, start: datetime.date) -> io.BytesIO:
    lines = [
        f"{prefix}-{i};vacuum-cleaner;works;3;sold;{price};{start + datetime.timedelta(days=i)}"
        for i in range(count)
    ]
    return io.BytesIO((HEADER + "\n".join(lines) + "\n").encode())


def _vacuum_check(location):
    return reuse_check_create(
        location=location,
        user=None,
        category=Category.objects.get(slug="vacuum-cleaner"),
        age_years=Decimal("3"),
        condition="works",
    )


def test_imported_outcomes_retrain_the_model_and_change_the_estimate_of_a_new_check(
    client, kringloop, milieustraat_a, staff_a
):
    before = _vacuum_check(milieustraat_a)
    assert before.model_version is None

    # Given a kringloop that sold 30 working three-year-old vacuums for €30 each...
    reuse_outcomes_import_csv(
        partner=kringloop, uploaded_file=_csv("a", 30, "30,00", datetime.date(2026, 10, 1))
    )
    # ...when the retrain task runs (eager here; a worker with Redis)...
    assert reuse_retrain.delay().get() == 1
    first = ReuseModelVersion.objects.get(version=1)
    assert first.is_active and first.gate_passed
    assert first.metrics["compared_with"] == "prior"
    assert (
        first.metrics["holdout"]["price_mae_eur"]
        < first.metrics["active_on_holdout"]["price_mae_eur"]
    )
    # ...then a new check uses the new version and its value moved toward the sold prices.
    after = _vacuum_check(milieustraat_a)
    assert after.model_version == first
    assert after.value_high_eur < before.value_high_eur
    assert abs(float(after.value_low_eur + after.value_high_eur) / 2 - 30) < abs(
        float(before.value_low_eur + before.value_high_eur) / 2 - 30
    )
    assert after.sold_probability > before.sold_probability

    # A second batch at higher prices gives version 2, compared with version 1, and a higher value.
    reuse_outcomes_import_csv(
        partner=kringloop, uploaded_file=_csv("b", 30, "60", datetime.date(2026, 11, 1))
    )
    assert reuse_retrain.delay().get() == 2
    second = ReuseModelVersion.objects.get(version=2)
    assert second.is_active and second.metrics["compared_with"] == "v1"
    assert not ReuseModelVersion.objects.get(version=1).is_active
    latest = _vacuum_check(milieustraat_a)
    assert latest.model_version == second and latest.value_high_eur > after.value_high_eur

    # Staff see which version answered.
    client.force_login(staff_a)
    page = client.get(reverse("reuse:check-detail", args=[latest.pk]), {"lang": "en"})
    assert "Model version 2" in page.content.decode()


def test_a_candidate_worse_than_the_active_version_on_the_holdout_is_kept_back(kringloop):
    vacuum = Category.objects.get(slug="vacuum-cleaner")
    prior_point = estimate.prior_value_eur(vacuum, 3.0, "works")[1]
    # The active version predicts the recent sales exactly (€40, always sold)...
    active = ReuseModelVersion.objects.create(
        version=1,
        is_active=True,
        gate_passed=True,
        parameters={"vacuum-cleaner|works": {"value_mult": 40 / prior_point, "sold_mult": 5.0}},
    )
    # ...but the older outcomes say "never sold": a candidate fitted on them is worse.
    day = datetime.date(2026, 9, 1)
    for i in range(16):
        ReuseOutcome.objects.create(
            partner=kringloop, record_id=f"old-{i}", category=vacuum, condition="works",
            age_years=Decimal(3), result="not_sold", reported_on=day, origin="csv_import",
        )  # fmt: skip
    for i in range(4):
        ReuseOutcome.objects.create(
            partner=kringloop, record_id=f"new-{i}", category=vacuum, condition="works",
            age_years=Decimal(3), result="sold", price_eur=Decimal(40),
            reported_on=day + datetime.timedelta(days=30), origin="csv_import",
        )  # fmt: skip
    candidate = reuse_model_train()
    assert candidate.version == 2
    assert not candidate.is_active and not candidate.gate_passed
    assert candidate.metrics["holdout"]["brier"] > candidate.metrics["active_on_holdout"]["brier"]
    active.refresh_from_db()
    assert active.is_active
    assert ReuseCheck.objects.count() == 0


def test_the_gate_refuses_a_worse_metric_and_accepts_an_equal_one():
    assert estimate.gate_passed({"n": 5, "brier": 0.2, "price_mae_eur": 10}, {"brier": 0.2})
    assert not estimate.gate_passed(
        {"n": 5, "brier": 0.1, "price_mae_eur": 12}, {"brier": 0.2, "price_mae_eur": 10}
    )


def test_retraining_without_outcomes_makes_no_version(db):
    assert reuse_retrain.delay().get() is None
    assert not ReuseModelVersion.objects.exists()


def test_only_staff_with_the_retrain_permission_may_start_a_retrain(client, staff_a):
    client.force_login(staff_a)
    assert client.post(reverse("reuse:retrain")).status_code == 403
