"""The partner API: price records in, a partner's own records out, and outcomes of leads."""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api_errors import RecordsRejected
from partners.authentication import IsPartner, PartnerTokenAuthentication
from partners.ratelimit import PartnerApiThrottle
from partners.selectors import lead_get_for_partner, partner_price_records
from partners.services import (
    MAX_BATCH_RECORDS,
    lead_outcome_record,
    partner_price_records_submit,
)
from prices.models import PriceRecord
from prices.validation import COLUMNS as PRICE_CSV_COLUMNS


class PartnerApi(APIView):
    authentication_classes = [PartnerTokenAuthentication]
    permission_classes = [IsPartner]
    throttle_classes = [PartnerApiThrottle]


class PriceRecordFieldsSerializer(serializers.Serializer):
    """One record in the fields of the price CSV format (docs/prices.md)."""

    record_id = serializers.CharField(
        required=False,
        allow_null=True,
        max_length=100,
        help_text="Your own id: sending it again updates your record. Ids are per partner, so "
        "another partner's record with the same id is a different record.",
    )
    repaired_on = serializers.DateField(help_text="YYYY-MM-DD, not in the future.")
    category = serializers.SlugField(help_text="A category slug of /api/v1/categories/.")
    symptom = serializers.SlugField(required=False, allow_blank=True)
    brand = serializers.CharField(required=False, allow_blank=True)
    age_years = serializers.DecimalField(
        max_digits=4, decimal_places=1, required=False, allow_null=True
    )
    parts_eur = serializers.DecimalField(
        max_digits=9, decimal_places=2, required=False, allow_null=True
    )
    labour_eur = serializers.DecimalField(
        max_digits=9, decimal_places=2, required=False, allow_null=True
    )
    callout_eur = serializers.DecimalField(
        max_digits=9, decimal_places=2, required=False, allow_null=True
    )
    total_eur = serializers.DecimalField(max_digits=9, decimal_places=2)
    outcome = serializers.ChoiceField(choices=PriceRecord.Outcome.choices)
    postcode = serializers.CharField(required=False, allow_blank=True, help_text="e.g. 3511 AB")
    repairer = serializers.CharField(
        required=False, allow_blank=True, help_text="Defaults to your partner name."
    )


COMMON_ERRORS = {
    401: OpenApiResponse(description="Missing or wrong API token."),
    429: OpenApiResponse(description="Over PARTNER_API_RATE; see the Retry-After header."),
}


class PriceRecordPagination(PageNumberPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000


class PriceRecordsApi(PartnerApi):
    class InputSerializer(serializers.Serializer):
        records = PriceRecordFieldsSerializer(many=True, max_length=MAX_BATCH_RECORDS)

        class Meta:
            ref_name = "PartnerPriceRecordsInput"

    class OutputSerializer(serializers.ModelSerializer):
        category = serializers.SlugRelatedField(slug_field="slug", read_only=True)
        symptom = serializers.SlugRelatedField(slug_field="slug", read_only=True)

        class Meta:
            ref_name = "PartnerPriceRecord"
            model = PriceRecord
            fields = [*PRICE_CSV_COLUMNS, "origin", "created_at", "updated_at"]

    @extend_schema(
        operation_id="partner_price_records_list",
        summary="Your price records",
        description="Latest repair date first, in pages of `page_size` (default 100, max 1000).",
        parameters=[
            OpenApiParameter("page", int, description="1-based page number"),
            OpenApiParameter("page_size", int, description="records per page (1-1000)"),
        ],
        responses={
            200: inline_serializer(
                "PartnerPriceRecordPage",
                {
                    "count": serializers.IntegerField(),
                    "next": serializers.URLField(allow_null=True),
                    "previous": serializers.URLField(allow_null=True),
                    "results": OutputSerializer(many=True),
                },
            ),
            **COMMON_ERRORS,
        },
    )
    def get(self, request):
        paginator = PriceRecordPagination()
        page = paginator.paginate_queryset(partner_price_records(partner=request.auth), request)
        return paginator.get_paginated_response(self.OutputSerializer(page, many=True).data)

    @extend_schema(
        operation_id="partner_price_records_submit",
        summary="Send price records (all or nothing)",
        description=(
            f"At most {MAX_BATCH_RECORDS} records. Errors are keyed by the 0-based index of the "
            "record in `records`, then by field; when there is any error nothing is stored."
        ),
        request=InputSerializer,
        responses={
            201: inline_serializer(
                "PriceRecordsResult",
                {"added": serializers.IntegerField(), "updated": serializers.IntegerField()},
            ),
            400: OpenApiResponse(description='e.g. {"records": {"2": {"total_eur": ["..."]}}}'),
            **COMMON_ERRORS,
        },
    )
    def post(self, request):
        records = request.data.get("records") if isinstance(request.data, dict) else None
        if records is None:
            raise RecordsRejected({"records": [_("This field is required.")]})
        result = partner_price_records_submit(partner=request.auth, records=records)
        return Response({"added": result.added, "updated": result.updated}, status=201)


class LeadOutcomeApi(PartnerApi):
    class InputSerializer(serializers.Serializer):
        outcome = serializers.ChoiceField(choices=PriceRecord.Outcome.choices)
        total_eur = serializers.DecimalField(max_digits=9, decimal_places=2, min_value=0)
        repaired_on = serializers.DateField(required=False, help_text="Defaults to today.")

        class Meta:
            ref_name = "PartnerLeadOutcomeInput"

        def validate_repaired_on(self, value):
            if value > timezone.localdate():
                raise serializers.ValidationError("Must not be in the future.")
            return value

    class OutputSerializer(serializers.Serializer):
        lead = serializers.IntegerField(source="pk")
        outcome = serializers.CharField()
        total_eur = serializers.DecimalField(
            source="outcome_total_eur", max_digits=9, decimal_places=2
        )
        repaired_on = serializers.DateField(source="outcome_repaired_on")
        record_id = serializers.CharField(source="price_record.record_id")

        class Meta:
            ref_name = "PartnerLeadOutcome"

    @extend_schema(
        operation_id="partner_lead_outcome",
        summary="Report what came of a lead",
        description="Becomes a price record (origin partner_api) used to train the cost model. "
        "Reporting again replaces the earlier outcome. Another partner's lead gives 404.",
        request=InputSerializer,
        responses={
            200: OutputSerializer,
            400: OpenApiResponse(description='Bad input, by field, e.g. {"total_eur": ["..."]}'),
            404: OpenApiResponse(description="No such lead of yours."),
            **COMMON_ERRORS,
        },
    )
    def post(self, request, lead_id: int):
        lead = lead_get_for_partner(partner=request.auth, lead_id=lead_id)
        if lead is None:
            return Response({"detail": "No such lead."}, status=status.HTTP_404_NOT_FOUND)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        lead = lead_outcome_record(lead=lead, **serializer.validated_data)
        return Response(self.OutputSerializer(lead).data)
