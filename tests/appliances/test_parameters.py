"""The decision model's figures are typed: staff can correct a value within its range, but no
edit can rename, delete or break a figure that every verdict reads."""

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from appliances.models import ReferenceParameter
from appliances.parameters import PARAMETER_KEYS, decision_parameters_from, file_parameters
from appliances.selectors import catalogue_cache_clear, decision_parameters, reference_parameters

pytestmark = pytest.mark.django_db


def test_every_figure_of_the_catalogue_file_is_typed_and_within_its_range():
    typed = decision_parameters_from(file_parameters())

    assert {key: getattr(typed, key) for key in PARAMETER_KEYS} == {
        key: file_parameters()[key] for key in PARAMETER_KEYS
    }


def test_the_verdict_reads_the_stored_figures():
    ReferenceParameter.objects.filter(key="doubt_band").update(value=0.2)
    catalogue_cache_clear()

    assert decision_parameters().doubt_band == 0.2


def test_a_value_outside_its_range_is_refused_on_save_with_the_reason():
    figure = ReferenceParameter.objects.get(key="doubt_band")
    figure.value = 15  # a percentage typed where a fraction belongs

    with pytest.raises(ValidationError) as refused:
        figure.full_clean()

    assert refused.value.message_dict["value"] == ["doubt_band must lie between 0 and 1."]


def test_a_missing_or_broken_row_falls_back_to_the_file_figure_instead_of_failing(caplog):
    ReferenceParameter.objects.filter(key="doubt_band").delete()
    ReferenceParameter.objects.filter(key="repair_cafe_parts_share").update(value=-3)
    catalogue_cache_clear()

    parameters = decision_parameters()

    assert parameters.doubt_band == file_parameters()["doubt_band"]
    assert parameters.repair_cafe_parts_share == file_parameters()["repair_cafe_parts_share"]
    assert "doubt_band: missing" in caplog.text
    assert "doubt_band" not in reference_parameters()


def test_staff_cannot_add_delete_or_rename_a_figure(admin_user):
    request = RequestFactory().get("/")
    request.user = admin_user
    admin = site._registry[ReferenceParameter]
    figure = ReferenceParameter.objects.get(key="doubt_band")

    assert not admin.has_add_permission(request)
    assert not admin.has_delete_permission(request, figure)
    assert "key" in admin.get_readonly_fields(request, figure)
