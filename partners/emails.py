"""The one place partner e-mail leaves the app: sent by the outbox, never by a request."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from partners.models import Lead
from partners.tokens import LEAD_OUTCOME_LINK_MAX_AGE, lead_outcome_url
from repair_advice.selectors import verdict_facts_for_reader

logger = logging.getLogger(__name__)

LEAD_EMAIL = "lead-email"  # the outbox kind


def lead_email_send(*, lead_id: int, site_url: str = "") -> None:
    """E-mail the shop a new quote request and set the lead's `emailed_at`; once per lead.

    The mail links to the lead's outcome page (a signed link, no login) on `site_url`, our address
    as the visitor used it. Raises whatever the mail backend raises, so that the outbox retries.
    """
    lead = Lead.objects.select_related("partner", "verdict").filter(pk=lead_id).first()
    if lead is None or lead.emailed_at is not None:
        return
    # Shops get Dutch, whatever language the consumer used: every text told again from the facts.
    facts = verdict_facts_for_reader(verdict=lead.verdict, language=settings.LANGUAGE_CODE)
    with translation.override(settings.LANGUAGE_CODE):
        subject = gettext("Quote request via De Moeite Waard: %(appliance)s") % {
            "appliance": facts.get("category_name", "")
        }
        body = render_to_string(
            "partners/lead_email.txt",
            {
                "lead": lead,
                "facts": facts,
                "outcome_url": lead_outcome_url(lead=lead, site_url=site_url),
                "outcome_link_days": LEAD_OUTCOME_LINK_MAX_AGE.days,
            },
        )
    send_mail(
        subject=subject,
        message=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[lead.partner.contact_email],
    )
    Lead.objects.filter(pk=lead.pk).update(emailed_at=timezone.now())
    logger.info("Lead %s e-mailed to partner %s", lead.pk, lead.partner_id)
