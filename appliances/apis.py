"""The catalogue API."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from appliances.selectors import category_list


def _language(request) -> str:
    return "en" if request.query_params.get("lang") == "en" else "nl"


class CategoryListApi(APIView):
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

        class Meta:
            ref_name = "Category"

    @extend_schema(
        parameters=[OpenApiParameter("lang", str, enum=["nl", "en"], description="Name language")],
        responses={200: OutputSerializer(many=True)},
        summary="Appliance categories and their symptoms",
    )
    def get(self, request):
        language = _language(request)
        payload = [
            {
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
            for category in category_list()
        ]
        payload.sort(key=lambda item: item["name"].lower())
        return Response(payload)
