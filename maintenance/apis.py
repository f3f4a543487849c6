"""The passport APIs: retailers issue passports, print their labels and read their figures
(partner API token); anyone holding a passport link asks a maintenance question."""

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api_errors import RecordsRejected
from common.client_ip import client_key
from common.throttling import rate_limit_hit
from maintenance import qr
from maintenance.questions import MAX_QUESTION_LENGTH, passport_question_answer
from maintenance.retailers import (
    MAX_BATCH_PASSPORTS,
    PASSPORT_FIELDS,
    partner_is_retailer,
    passport_label_lines,
    passport_label_path,
    retailer_passports_issue,
)
from maintenance.selectors import appliance_get, retailer_passport_stats, retailer_passports
from partners.apis import COMMON_ERRORS, PartnerApi
from partners.authentication import IsPartner

MAX_LABEL_IDS = 500


class IsRetailer(permissions.BasePermission):
    message = "Only retailer partners issue passports."

    def has_permission(self, request, view):
        return partner_is_retailer(request.auth)


class RetailerApi(PartnerApi):
    permission_classes = [IsPartner, IsRetailer]


RETAILER_ERRORS = {
    **COMMON_ERRORS,
    403: OpenApiResponse(description="The partner is not a retailer."),
}


def passport_json(request, appliance) -> dict:
    return {
        "id": appliance.pk,
        "url": request.build_absolute_uri(appliance.get_absolute_url()),
        "label_url": request.build_absolute_uri(passport_label_path(appliance)),
        "category": appliance.category.slug,
        "brand": appliance.brand,
        "model": appliance.model_name,
        "purchase_date": appliance.purchase_date,
        "purchase_price_eur": appliance.purchase_price_eur,
        "label_scans": appliance.label_scans,
    }


def label_sheet_response(request, passports, *, language: str = "nl") -> HttpResponse:
    """The A4 label sheet(s) of these passports, 24 to a page, in their order."""
    labels = [
        (
            request.build_absolute_uri(passport_label_path(appliance)),
            passport_label_lines(appliance, language=language),
        )
        for appliance in passports
    ]
    response = HttpResponse(qr.labels_pdf(labels=labels), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="passport-labels.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


class PassportSerializer(serializers.Serializer):
    """One issued passport, as the batch answer lists it (schema only; passport_json writes it)."""

    id = serializers.IntegerField()
    url = serializers.URLField(help_text="The passport page (private link).")
    label_url = serializers.URLField(help_text="What the printed QR label encodes.")
    category = serializers.CharField()
    brand = serializers.CharField()
    model = serializers.CharField()
    purchase_date = serializers.DateField()
    purchase_price_eur = serializers.DecimalField(max_digits=9, decimal_places=2)
    label_scans = serializers.IntegerField()

    class Meta:
        ref_name = "IssuedPassport"


class PassportBatchApi(RetailerApi):
    @extend_schema(
        operation_id="partner_passports_issue",
        summary="Issue passports for sold appliances (all or nothing)",
        description=(
            f"`passports` is a list of at most {MAX_BATCH_PASSPORTS} objects with the fields "
            f"{', '.join(PASSPORT_FIELDS)} (category and purchase_date required). No e-mail or "
            "other contact field is accepted: the buyer opts in to reminders on the passport page. "
            "Errors are keyed by the 0-based index of the passport, then by field; when there is "
            "any error nothing is stored."
        ),
        request=inline_serializer(
            "PartnerPassportsInput",
            {
                "passports": serializers.ListField(
                    child=inline_serializer(
                        "PartnerPassportInput",
                        {
                            "category": serializers.SlugField(),
                            "brand": serializers.CharField(required=False),
                            "model": serializers.CharField(required=False),
                            "purchase_date": serializers.DateField(),
                            "purchase_price_eur": serializers.DecimalField(
                                max_digits=9, decimal_places=2, required=False
                            ),
                        },
                    )
                )
            },
        ),
        responses={
            201: inline_serializer(
                "PartnerPassportsResult",
                {
                    "batch": serializers.CharField(),
                    "labels_pdf": serializers.URLField(),
                    "passports": PassportSerializer(many=True),
                },
            ),
            400: OpenApiResponse(description='e.g. {"passports": {"2": {"email": ["..."]}}}'),
            **RETAILER_ERRORS,
        },
    )
    def post(self, request):
        records = request.data.get("passports") if isinstance(request.data, dict) else None
        if records is None:
            raise RecordsRejected({"passports": [_("This field is required.")]})
        issued = retailer_passports_issue(partner=request.auth, records=records)
        labels_path = reverse("api-partner-passport-labels")
        labels = request.build_absolute_uri(f"{labels_path}?batch={issued.batch}")
        return Response(
            {
                "batch": issued.batch,
                "labels_pdf": labels,
                "passports": [passport_json(request, p) for p in issued.passports],
            },
            status=201,
        )


class PassportLabelsApi(RetailerApi):
    @extend_schema(
        operation_id="partner_passports_labels",
        summary="A4 sheet of QR labels (PDF)",
        description="Your passports by `ids` (comma-separated) or `batch`; 24 labels per A4 page, "
        "each with your display name. Another retailer's ids are left out.",
        parameters=[
            OpenApiParameter("ids", str, description="e.g. 12,13,14"),
            OpenApiParameter("batch", str, description="the batch of a POST"),
        ],
        responses={
            (200, "application/pdf"): OpenApiResponse(description="The label sheet."),
            400: OpenApiResponse(description="Neither ids nor batch, or bad ids."),
            404: OpenApiResponse(description="None of these passports is yours."),
            **RETAILER_ERRORS,
        },
    )
    def get(self, request):
        raw_ids, batch = request.query_params.get("ids", ""), request.query_params.get("batch", "")
        ids = None
        if raw_ids:
            try:
                ids = [int(part) for part in raw_ids.split(",") if part.strip()]
            except ValueError:
                return Response({"ids": ["Comma-separated passport ids."]}, status=400)
            if len(ids) > MAX_LABEL_IDS:
                return Response({"ids": [f"At most {MAX_LABEL_IDS} ids."]}, status=400)
        elif not batch:
            return Response({"detail": "Give ids or batch."}, status=400)
        passports = list(retailer_passports(partner=request.auth, ids=ids, batch=batch[:32]))
        if not passports:
            return Response({"detail": "No such passports of yours."}, status=404)
        return label_sheet_response(request, passports)


class PassportStatsApi(RetailerApi):
    @extend_schema(
        operation_id="partner_passports_stats",
        summary="What came of your passports",
        description="issued; scanned (opened through the label at least once) and label_scans "
        "(all such opens); reminders_subscribed (confirmed and not stopped); "
        "maintenance_marked_done (passports with at least one maintenance log entry).",
        responses={
            200: inline_serializer(
                "PartnerPassportStats",
                {
                    "issued": serializers.IntegerField(),
                    "scanned": serializers.IntegerField(),
                    "label_scans": serializers.IntegerField(),
                    "reminders_subscribed": serializers.IntegerField(),
                    "maintenance_marked_done": serializers.IntegerField(),
                },
            ),
            **RETAILER_ERRORS,
        },
    )
    def get(self, request):
        return Response(retailer_passport_stats(partner=request.auth))


def question_json(answer, *, language: str) -> dict:
    return {
        "source": answer.source,
        "on_topic": answer.on_topic,
        "answer": answer.text,
        "tasks": [
            {
                "slug": task.slug,
                "title": task.title(language),
                "tip": task.tip(language),
                "interval_days": task.interval_days,
                "source": task.source_text(language),
            }
            for task in answer.tasks
        ],
    }


def question_rate_limited(request) -> int | None:
    """Seconds to wait when this visitor asked too many questions (API and form together)."""
    return rate_limit_hit(
        scope="passport-questions",
        ident=client_key(request),
        rate=settings.PASSPORT_QUESTION_RATE_LIMIT,
    )


class PassportQuestionApi(APIView):
    class InputSerializer(serializers.Serializer):
        question = serializers.CharField(max_length=MAX_QUESTION_LENGTH)
        language = serializers.ChoiceField(choices=["nl", "en"], required=False, default="nl")

        class Meta:
            ref_name = "PassportQuestionInput"

    @extend_schema(
        operation_id="passport_question",
        summary="Ask a maintenance question about a passport's appliance",
        description=(
            "`token` is the passport's private token (from its link). Answers at once: with a "
            "language model (source 'llm') grounded in the maintenance tasks and checked, "
            "otherwise the best-matching tasks (source 'tasks'). Off-topic questions get "
            "on_topic false. At most PASSPORT_QUESTION_RATE_LIMIT per visitor."
        ),
        request=InputSerializer,
        responses={
            200: inline_serializer(
                "PassportQuestionAnswer",
                {
                    "source": serializers.ChoiceField(choices=["llm", "tasks"]),
                    "on_topic": serializers.BooleanField(),
                    "answer": serializers.CharField(),
                    "tasks": serializers.ListField(child=serializers.DictField()),
                },
            ),
            400: OpenApiResponse(description="Bad input; the body names the field."),
            404: OpenApiResponse(description="No such passport."),
            429: OpenApiResponse(description="Too many questions; see Retry-After."),
        },
    )
    def post(self, request, token: str):
        appliance = appliance_get(token=token)
        if appliance is None:
            return Response({"detail": "No such passport."}, status=404)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        retry_after = question_rate_limited(request)
        if retry_after is not None:
            return Response(
                {"detail": "Too many questions; try again later."},
                status=429,
                headers={"Retry-After": str(retry_after)},
            )
        language = serializer.validated_data["language"]
        answer = passport_question_answer(
            appliance=appliance, question=serializer.validated_data["question"], language=language
        )
        response = Response(question_json(answer, language=language))
        response["Cache-Control"] = "private, no-store"
        return response
