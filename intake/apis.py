"""The intake API: symptom suggestions from a person's own description."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from appliances.selectors import category_get
from explainer.intake import symptoms_suggest
from explainer.limits import suggestion_llm_allowed
from moeitewaard.api_errors import DomainError
from moeitewaard.throttling import ResilientScopedRateThrottle
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

    class OutputSerializer(serializers.Serializer):
        symptoms = SuggestedSymptomSerializer(many=True)
        source = serializers.ChoiceField(choices=["llm", "model"])

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
