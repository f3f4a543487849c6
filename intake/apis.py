"""The intake APIs: the form filled from a person's own description, and symptom suggestions."""

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from appliances.selectors import category_get
from common.api_errors import DomainError
from common.throttling import ResilientScopedRateThrottle
from explainer.limits import suggestion_llm_allowed
from intake.services import intake_parse
from intake.suggestions import symptoms_suggest
from repair_advice.services import MAX_DESCRIPTION_LENGTH


class SuggestedSymptomSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class SymptomSuggestionsApi(APIView):
    throttle_classes = [ResilientScopedRateThrottle]
    throttle_scope = "symptom_suggestions"

    class InputSerializer(serializers.Serializer):
        category = serializers.SlugField(max_length=50)
        description = serializers.CharField(max_length=MAX_DESCRIPTION_LENGTH)
        language = serializers.ChoiceField(choices=["nl", "en"], required=False, default="nl")

        class Meta:
            ref_name = "SymptomSuggestionsInput"

    class OutputSerializer(serializers.Serializer):
        symptoms = SuggestedSymptomSerializer(many=True)
        source = serializers.ChoiceField(choices=["llm", "model"])

        class Meta:
            ref_name = "SymptomSuggestions"

    @extend_schema(
        request=InputSerializer,
        responses={
            200: OutputSerializer,
            400: OpenApiResponse(description="Bad input; the body names the field."),
        },
        summary="Suggest symptoms from a description",
        description=(
            "The symptoms of the category that the description mentions, best first. Suggested "
            "by a language model when one is configured (source 'llm'), otherwise by the active "
            "ML model (source 'model')."
        ),
    )
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        category = category_get(slug=data["category"])
        if category is None:
            raise DomainError(f"Unknown category '{data['category']}'.", field="category")
        symptoms, source = symptoms_suggest(
            category=category,
            description=data["description"],
            language=data["language"],
            llm_allowed=suggestion_llm_allowed(request),
        )
        return Response(
            {
                "symptoms": [{"slug": s.slug, "name": s.name(data["language"])} for s in symptoms],
                "source": source,
            }
        )


class ScoredItemSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    score = serializers.FloatField()


class IntakeApi(APIView):
    """POST /api/v1/intake/: the advice form filled from one sentence, for the person to check."""

    throttle_classes = [ResilientScopedRateThrottle]
    throttle_scope = "intake"

    class InputSerializer(serializers.Serializer):
        text = serializers.CharField(
            max_length=MAX_DESCRIPTION_LENGTH,
            error_messages={
                "required": _("Describe what is wrong in a few words."),
                "blank": _("Describe what is wrong in a few words."),
                "max_length": _("At most {max_length} characters."),
                "invalid": _("Describe what is wrong in a few words."),
            },
        )
        language = serializers.ChoiceField(
            choices=["nl", "en"],
            required=False,
            default="nl",
            error_messages={"invalid_choice": _("Choose nl or en.")},
        )

        class Meta:
            ref_name = "IntakeInput"

    class OutputSerializer(serializers.Serializer):
        category = serializers.CharField(allow_null=True)
        category_candidates = ScoredItemSerializer(many=True)
        symptoms = ScoredItemSerializer(many=True)
        age_years = serializers.FloatField(allow_null=True)
        brand = serializers.CharField(allow_null=True)
        source = serializers.ChoiceField(choices=["llm", "model", "vocabulary"])

        class Meta:
            ref_name = "Intake"

    @extend_schema(
        request=InputSerializer,
        responses={
            200: OutputSerializer,
            400: OpenApiResponse(description="Bad input; the body names the field."),
        },
        summary="Fill the advice form from a description",
        description=(
            "The category (slug, or null when the text names none), up to three candidate "
            "categories, the category's symptoms the text mentions (best first, score 0..1), the "
            "age in years and the brand the text states (or null). source: 'llm' (a language "
            "model, symptom scores are rank weights 1, 1/2, 1/3...), 'model' (the quest-trained "
            "text model with the curated vocabulary) or 'vocabulary' (the curated vocabulary "
            "alone). Errors are in the request's language (nl by default)."
        ),
    )
    def post(self, request):
        language = request.data.get("language") if hasattr(request.data, "get") else None
        # Errors in the body's language; without a valid one, in the request's (?lang=,
        # Accept-Language, else Dutch: docs/api.md).
        active = language if language in ("nl", "en") else translation.get_language()
        with translation.override(active):
            serializer = self.InputSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        result = intake_parse(
            text=data["text"],
            language=data["language"],
            llm_allowed=suggestion_llm_allowed(request),
        )
        language = data["language"]
        return Response(
            {
                "category": result.category.slug if result.category else None,
                "category_candidates": [
                    {"slug": c.item.slug, "name": c.item.name(language), "score": c.score}
                    for c in result.category_candidates
                ],
                "symptoms": [
                    {"slug": s.item.slug, "name": s.item.name(language), "score": s.score}
                    for s in result.symptoms
                ],
                "age_years": result.age_years,
                "brand": result.brand,
                "source": result.source,
            }
        )
