"""The catalogue API."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from appliances.matching import category_match
from appliances.selectors import category_list

SUGGESTIONS_DEFAULT = 8
SUGGESTIONS_MAX = 20


def _language(request) -> str:
    return "en" if request.query_params.get("lang") == "en" else "nl"


def _limit(request) -> int:
    try:
        return max(1, min(int(request.query_params.get("limit", "")), SUGGESTIONS_MAX))
    except ValueError:
        return SUGGESTIONS_DEFAULT


def _category_payload(category, language: str) -> dict:
    return {
        "slug": category.slug,
        "name": category.name(language),
        "ords_category": category.ords_category,
        "is_small_appliance": category.is_small_appliance,
        "new_price_eur": {
            "low": float(category.new_price_low_eur),
            "high": float(category.new_price_high_eur),
        },
        "symptoms": [
            {"slug": symptom.slug, "name": symptom.name(language)}
            for symptom in category.symptoms.all()
        ],
    }


class CategoryListApi(APIView):
    """Every category, or with `q` the ones that everyday words name (the appliance field's
    suggestions), best first."""

    class OutputSerializer(serializers.Serializer):
        class SymptomSerializer(serializers.Serializer):
            slug = serializers.CharField()
            name = serializers.CharField()

            class Meta:
                ref_name = "CategorySymptom"

        slug = serializers.CharField()
        name = serializers.CharField()
        ords_category = serializers.CharField()
        is_small_appliance = serializers.BooleanField()
        new_price_eur = serializers.DictField(child=serializers.FloatField())
        symptoms = SymptomSerializer(many=True)
        score = serializers.FloatField(
            required=False,
            min_value=0,
            max_value=1,
            help_text="Only with `q`: how closely the words name this category (0..1).",
        )

        class Meta:
            ref_name = "Category"

    @extend_schema(
        parameters=[
            OpenApiParameter("lang", str, enum=["nl", "en"], description="Name language"),
            OpenApiParameter(
                "q",
                str,
                description="What someone calls the appliance (`koelkast`, `iPhone`, "
                "`wasmachien`): only the categories it names, best first; an empty list when "
                "none is close. Without it, every category by name.",
            ),
            OpenApiParameter(
                "limit",
                int,
                description=f"With `q`: at most this many (1-{SUGGESTIONS_MAX}, "
                f"default {SUGGESTIONS_DEFAULT}).",
            ),
        ],
        responses={200: OutputSerializer(many=True)},
        summary="Appliance categories and their symptoms",
    )
    def get(self, request):
        language = _language(request)
        query = request.query_params.get("q", "").strip()
        if query:
            return Response(self._matches(query, language, _limit(request)))
        payload = [_category_payload(category, language) for category in category_list()]
        payload.sort(key=lambda item: item["name"].lower())
        return Response(payload)

    def _matches(self, query: str, language: str, limit: int) -> list[dict]:
        matches = category_match(query, language=language, limit=limit)
        rows = {c.pk: c for c in category_list().filter(pk__in=[m.category.pk for m in matches])}
        return [
            {**_category_payload(rows[match.category.pk], language), "score": match.score}
            for match in matches
            if match.category.pk in rows
        ]
