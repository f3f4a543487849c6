"""One family of domain errors, mapped to HTTP in one place: every app raises, no API view
catches, and the answer says what is wrong and where."""

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy

from common.api_errors import (
    DomainError,
    LinkInvalid,
    RecordsRejected,
    StateConflict,
    exception_handler,
)
from controlroom.services import UploadExpiredError
from maintenance.retailers import PassportsRejected
from ml.services import ModelVersionError
from partners.services import PriceRecordsRejected
from partners.tokens import LeadOutcomeLinkInvalid
from prices.services import PriceImportError
from reuse.services import OutcomesRejected


@pytest.mark.parametrize(
    "error",
    [PriceRecordsRejected, PassportsRejected, OutcomesRejected, ModelVersionError,
     LeadOutcomeLinkInvalid, UploadExpiredError, PriceImportError],
)  # fmt: skip
def test_every_apps_error_belongs_to_the_family(error):
    assert issubclass(error, DomainError)


def test_a_broken_rule_is_a_400_naming_the_field():
    response = exception_handler(DomainError("Enter a Dutch postcode.", field="postcode"), {})

    assert (response.status_code, response.data) == (400, {"postcode": ["Enter a Dutch postcode."]})


def test_a_rejected_batch_answers_by_record_and_field_in_the_active_language():
    rejected = RecordsRejected(
        {"records": {"0": {"category": [gettext_lazy("This field is required.")]}}}
    )

    with translation.override("nl"):
        response = exception_handler(rejected, {})

    assert response.status_code == 400
    assert response.data == {"records": {"0": {"category": ["Dit veld is vereist."]}}}


def test_state_conflicts_and_bad_links_have_their_own_status():
    assert exception_handler(StateConflict("v3 is already active."), {}).status_code == 409
    assert exception_handler(LinkInvalid(expired=True), {}).status_code == 404
