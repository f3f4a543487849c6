"""Partner API of the reuse pilot: a kringloop reports what became of items (all or nothing)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response

from common.api_errors import RecordsRejected
from partners.apis import COMMON_ERRORS, PartnerApi
from reuse.models import Condition, ReuseOutcome
from reuse.services import MAX_BATCH_OUTCOMES, reuse_outcomes_submit
from reuse.tasks import reuse_retrain_if_due


class OutcomeFieldsSerializer(serializers.Serializer):
    """One outcome, for the schema only: the service validates (the same rules as the CSV)."""

    record_id = serializers.CharField(max_length=100, help_text="Your own id of the item.")
    check = serializers.UUIDField(
        required=False, help_text="The reuse check's id (on its result page), when known."
    )
    category = serializers.SlugField(required=False, help_text="Needed without `check`.")
    condition = serializers.ChoiceField(choices=Condition.choices, required=False)
    age_years = serializers.DecimalField(max_digits=4, decimal_places=1, required=False)
    result = serializers.ChoiceField(choices=ReuseOutcome.Result.choices)
    price_eur = serializers.DecimalField(
        max_digits=8, decimal_places=2, required=False, help_text="Only, and always, when sold."
    )
    reported_on = serializers.DateField(required=False, help_text="Defaults to today.")


class ReuseOutcomesApi(PartnerApi):
    class InputSerializer(serializers.Serializer):
        outcomes = OutcomeFieldsSerializer(many=True, max_length=MAX_BATCH_OUTCOMES)

        class Meta:
            ref_name = "PartnerReuseOutcomesInput"

    @extend_schema(
        operation_id="partner_reuse_outcomes_submit",
        summary="Report reuse outcomes: sold / not sold / recycled (all or nothing)",
        description=(
            f"Kringloop partners only. At most {MAX_BATCH_OUTCOMES} outcomes. Errors are keyed by "
            "the 0-based index in `outcomes`, then by field; when there is any error nothing is "
            "stored. Sending a record_id again updates it. The reuse model learns from these."
        ),
        request=InputSerializer,
        responses={
            201: inline_serializer(
                "ReuseOutcomesResult",
                {"added": serializers.IntegerField(), "updated": serializers.IntegerField()},
            ),
            400: OpenApiResponse(description='e.g. {"outcomes": {"2": {"price_eur": ["..."]}}}'),
            403: OpenApiResponse(description="Your partner account is not a kringloop."),
            **COMMON_ERRORS,
        },
    )
    def post(self, request):
        if request.auth.kind != "kringloop":
            return Response(
                {"detail": "Only a kringloop partner reports reuse outcomes."},
                status=status.HTTP_403_FORBIDDEN,
            )
        outcomes = request.data.get("outcomes") if isinstance(request.data, dict) else None
        if outcomes is None:
            raise RecordsRejected({"outcomes": [_("This field is required.")]})
        result = reuse_outcomes_submit(partner=request.auth, records=outcomes)
        reuse_retrain_if_due()
        return Response({"added": result.added, "updated": result.updated}, status=201)
