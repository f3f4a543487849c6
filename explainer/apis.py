"""The explanation API: a verdict's explanation, polled by the verdict page until it is ready."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from common.throttling import ResilientScopedRateThrottle
from explainer.services import explanation_for_reader, explanation_poll
from repair_advice.apis import ExplanationSerializer, explanation_payload
from repair_advice.selectors import verdict_facts_for_reader, verdict_get


class VerdictExplanationApi(APIView):
    throttle_classes = [ResilientScopedRateThrottle]
    throttle_scope = "explanations"

    @extend_schema(
        responses={200: ExplanationSerializer},
        summary="A verdict's explanation",
        description=(
            "Answers at once. While `status` is `pending`, `text` is the provisional (template) "
            "explanation; ask again every two seconds or so until it is `ready`, which it is "
            "within about 50 seconds at the latest. With `?lang=nl|en` other than the verdict's "
            "language, the explanation in that language (ready at once: the template text, or a "
            "language model's text written earlier for the same facts)."
        ),
    )
    def get(self, request, verdict_id):
        verdict = verdict_get(verdict_id=verdict_id)
        if verdict is None:
            raise NotFound(_("No verdict with this id."))
        language = request.GET.get("lang")
        if language in ("nl", "en") and language != verdict.language:
            facts = verdict_facts_for_reader(verdict=verdict, language=language)
            return Response(explanation_for_reader(verdict=verdict, facts=facts))
        verdict = explanation_poll(verdict=verdict)
        return Response(explanation_payload(verdict))
