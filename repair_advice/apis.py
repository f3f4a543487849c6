"""The verdict API: thin views that validate input and call services."""

from collections.abc import Mapping

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.fields import SkipField
from rest_framework.response import Response
from rest_framework.views import APIView

from common.numbers import NumberFormatError, parse_dutch_number
from common.projection import projection
from common.throttling import ResilientScopedRateThrottle
from repair_advice.facts import ROUTE_NAMES, facts_json_current
from repair_advice.plausibility import UNUSUAL_CHECKED_FIELDS, unusual_inputs
from repair_advice.selectors import public_stats, verdict_get
from repair_advice.services import (
    MAX_DESCRIPTION_LENGTH,
    VerdictInput,
    verdict_create_checked,
    verdict_input_check,
)


def _dutch_number(field: serializers.Field, data):
    """A JSON number as it is; a string read by the site's Dutch rules ("2,5", "1.200"), so the
    API never reads "1.200" as 1.2 where the form reads 1200; JSON true/false are not numbers."""
    if isinstance(data, bool):
        field.fail("invalid")
    if isinstance(data, str):
        try:
            return parse_dutch_number(data)
        except NumberFormatError as error:
            if error.negative:
                field.fail("min_value", min_value=0)
            field.fail("invalid")
    return data


class NumberField(serializers.FloatField):
    """A number (or a string such as "2,5"; see common.numbers)."""

    default_error_messages = {"invalid": _lazy("Enter a number of years such as 2,5 or 12.")}

    def to_internal_value(self, data):
        return super().to_internal_value(_dutch_number(self, data))


class AmountField(serializers.DecimalField):
    """An amount in EUR (or a string such as "89,95" or "1.200"; see common.numbers)."""

    default_error_messages = {"invalid": _lazy("Enter an amount such as 89,95 or 1.200.")}

    def to_internal_value(self, data):
        return super().to_internal_value(_dutch_number(self, data))


class CostRangeSerializer(serializers.Serializer):
    low = serializers.FloatField()
    expected = serializers.FloatField()
    high = serializers.FloatField()
    source = serializers.ChoiceField(choices=["quote", "model", "reference"])


class PathPairSerializer(serializers.Serializer):
    repair = serializers.FloatField()
    replace = serializers.FloatField()


class GuaranteeSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["likely", "possible", "unlikely", "unknown"])
    cause = serializers.ChoiceField(choices=["defect", "damage", "unknown"])
    expected_lifetime_years = serializers.FloatField(
        help_text="Lifetime a buyer may reasonably expect for this category at this price."
    )
    text = serializers.CharField()
    legal_expected_lifetime_years = serializers.FloatField(
        help_text="Same as expected_lifetime_years (the name before routes were compared)."
    )
    notice = serializers.CharField(help_text="Same as text.")


class CostBandSerializer(serializers.Serializer):
    low = serializers.FloatField()
    expected = serializers.FloatField()
    high = serializers.FloatField()


class RouteSerializer(serializers.Serializer):
    route = serializers.ChoiceField(choices=list(ROUTE_NAMES))
    name = serializers.CharField(help_text="The route's name in the verdict's language.")
    open = serializers.BooleanField()
    why_not = serializers.CharField(allow_null=True)
    cost_eur = CostBandSerializer(help_text="What the person pays for the attempt.")
    success_probability = serializers.FloatField(
        help_text="Chance the route ends with a working appliance."
    )
    life_years = serializers.FloatField(help_text="Years of use it buys when it works.")
    annual_cost_eur = serializers.FloatField(
        help_text="Expected cost per year of use, a failed attempt falling through to the next "
        "route, energy included."
    )
    co2e_kg_per_year = serializers.FloatField()


class FiftyPercentRuleSerializer(serializers.Serializer):
    verdict = serializers.ChoiceField(choices=["repair", "replace"])
    threshold_eur = serializers.FloatField()


class ExplanationSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["ready", "pending"])
    source = serializers.ChoiceField(choices=["template", "llm"])
    text = serializers.CharField(allow_blank=True)


def explanation_payload(verdict) -> dict:
    return {
        "status": verdict.explanation_status,
        "source": verdict.explanation_source,
        "text": verdict.explanation_text,
    }


class VerdictOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    url = serializers.URLField()
    created_at = serializers.DateTimeField()
    category = serializers.CharField()
    category_name = serializers.CharField()
    symptoms = serializers.ListField(child=serializers.CharField())
    age_years = serializers.FloatField(allow_null=True)
    assumed_age_years = serializers.FloatField()
    language = serializers.CharField()
    verdict = serializers.ChoiceField(choices=["repair", "replace", "doubt"])
    confidence = serializers.FloatField(
        help_text="Probability that the verdict's side is really the cheaper one per year."
    )
    recommended_route = serializers.ChoiceField(choices=list(ROUTE_NAMES))
    routes = RouteSerializer(many=True)
    success_probability = serializers.FloatField()
    repair_cost_eur = CostRangeSerializer()
    diagnosis_fee_eur = serializers.FloatField()
    new_price_eur = serializers.FloatField()
    remaining_life_years = serializers.FloatField()
    new_life_years = serializers.FloatField()
    annual_cost_eur = PathPairSerializer()
    co2e_kg = PathPairSerializer()
    co2e_kg_per_year = PathPairSerializer()
    break_even_repair_cost_eur = serializers.FloatField(
        allow_null=True,
        help_text="Highest repairer's quote at which repairing still pays; null when not even a "
        "quote of the diagnosis fee would (then repair_never_pays is true).",
    )
    repair_never_pays = serializers.BooleanField()
    guarantee = GuaranteeSerializer()
    fifty_percent_rule = FiftyPercentRuleSerializer()
    model_version = serializers.CharField()
    facts_version = serializers.IntegerField()
    explanation = ExplanationSerializer()


_render_verdict = projection(VerdictOutputSerializer)


def verdict_payload(verdict, request) -> dict:
    """The API body of a verdict as VerdictOutputSerializer declares it (old facts upgraded on
    read), rendered by its compiled projection (moeitewaard/projection.py)."""
    facts = facts_json_current(verdict.facts)
    return _render_verdict(
        {
            **facts,
            "id": verdict.id,
            "url": request.build_absolute_uri(verdict.get_absolute_url()),
            "created_at": verdict.created_at,
            "explanation": explanation_payload(verdict),
        }
    )


class VerdictCreateApi(APIView):
    throttle_classes = [ResilientScopedRateThrottle]
    throttle_scope = "verdicts"

    class InputSerializer(serializers.Serializer):
        category = serializers.SlugField(max_length=50)
        symptoms = serializers.ListField(
            child=serializers.SlugField(max_length=60), max_length=20, required=False, default=list
        )
        age_years = NumberField(required=False, allow_null=True, min_value=0, max_value=60)
        brand = serializers.CharField(max_length=80, required=False, allow_blank=True, default="")
        purchase_price_eur = AmountField(
            max_digits=9, decimal_places=2, required=False, allow_null=True,
            min_value=0, max_value=50000,
        )  # fmt: skip
        repair_quote_eur = AmountField(
            max_digits=9, decimal_places=2, required=False, allow_null=True,
            min_value=0, max_value=50000,
        )  # fmt: skip
        description = serializers.CharField(
            max_length=MAX_DESCRIPTION_LENGTH, required=False, allow_blank=True, default=""
        )
        postcode = serializers.CharField(
            max_length=10, required=False, allow_blank=True, default=""
        )
        language = serializers.ChoiceField(choices=["nl", "en"], required=False, default="nl")
        confirm_unusual = serializers.BooleanField(
            required=False, default=False,
            help_text="true: a value far outside the appliance's usual range is meant (see "
            "docs/api.md); without it such a value is answered with 400.",
        )  # fmt: skip

        class Meta:
            ref_name = "VerdictCreateInput"

        def to_internal_value(self, data):
            """Types by the fields, then every domain rule once (verdict_input_check), and one
            400 naming every bad field of both kinds; the checked input travels as `checked`."""
            if not isinstance(data, Mapping):
                return super().to_internal_value(data)  # DRF's own "expected an object"
            parsed, type_errors = {}, {}
            for field in self._writable_fields:
                try:
                    parsed[field.field_name] = field.run_validation(field.get_value(data))
                except serializers.ValidationError as error:
                    type_errors[field.field_name] = error.detail
                except SkipField:
                    continue
            checked, domain_errors = verdict_input_check(parsed, unparsed=set(type_errors))
            errors = {**domain_errors, **type_errors}
            if not errors and not parsed.get("confirm_unusual"):
                errors = self._unusual_questions(checked)
            if errors:
                raise serializers.ValidationError(errors)
            return {**parsed, "checked": checked}

        @staticmethod
        def _unusual_questions(checked: VerdictInput) -> dict[str, list[str]]:
            """Ask, like the form does, before advising on e.g. EUR 8,995 for a vacuum cleaner;
            in the language the errors are told in (post() sets it): one message, one language."""
            questions = unusual_inputs(
                category=checked.category,
                language="en" if (translation.get_language() or "nl").startswith("en") else "nl",
                **{name: getattr(checked, name) for name in UNUSUAL_CHECKED_FIELDS},
            )
            hint = _('Send "confirm_unusual": true if it is.')
            return {name: [f"{question} {hint}"] for name, question in questions.items()}

    @extend_schema(
        request=InputSerializer,
        responses={201: VerdictOutputSerializer, 400: OpenApiResponse(description="Bad input")},
        summary="Ask for a repair-or-replace verdict",
    )
    def post(self, request):
        # Errors in the language the verdict is asked in (else the page's: Dutch or ?lang=en).
        asked = request.data.get("language") if isinstance(request.data, dict) else None
        with translation.override(asked if asked in ("nl", "en") else translation.get_language()):
            serializer = self.InputSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
        verdict = verdict_create_checked(serializer.validated_data["checked"])
        return Response(verdict_payload(verdict, request), status=status.HTTP_201_CREATED)


def _verdict_or_404(verdict_id):
    verdict = verdict_get(verdict_id=verdict_id)
    if verdict is None:
        raise NotFound(_("No verdict with this id."))
    return verdict


class VerdictDetailApi(APIView):
    @extend_schema(responses={200: VerdictOutputSerializer}, summary="A verdict")
    def get(self, request, verdict_id):
        return Response(verdict_payload(_verdict_or_404(verdict_id), request))


class StatsApi(APIView):
    @extend_schema(
        responses={
            200: inline_serializer(
                "PublicStats",
                {
                    "verdicts": serializers.DictField(child=serializers.IntegerField()),
                    "price_records": serializers.IntegerField(),
                    "model_version": serializers.CharField(allow_null=True),
                },
            )
        },
        summary="Public totals",
    )
    def get(self, request):
        return Response(public_stats())
