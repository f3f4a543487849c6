"""Writes of the maintenance app: passports, log entries, e-mail consent, reminders, follow-ups
and the catalogue loaders."""

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from appliances.models import Category
from common.api_errors import DomainError
from maintenance.emails import email_send
from maintenance.models import (
    Appliance,
    FollowUp,
    FollowUpRequest,
    LogEntry,
    MaintenanceTask,
    Reminder,
    ReminderSubscription,
)
from maintenance.selectors import maintenance_current_due_dates
from outbox.models import OutboxMessage
from outbox.services import outbox_enqueue, outbox_send_due
from prices.models import PriceRecord
from prices.services import PriceRecordInvalid, PriceSource, price_record_submit

logger = logging.getLogger(__name__)

TOKEN_BYTES = 24
CONFIRM_SALT = "maintenance.reminders.confirm"
UNSUBSCRIBE_SALT = "maintenance.unsubscribe"
EMAIL_DIGEST_SALT = "maintenance.link-email"
CONFIRM_MAX_AGE = timedelta(days=7)
# A claimed reminder whose send did not finish within this time is taken up again.
FOLLOW_UP_DELAY = timedelta(weeks=4)
REMINDERS_CONFIRMATION = "reminders-confirmation"  # the outbox kinds of this app's mails
REMINDER_EMAIL = "maintenance-reminder"
FOLLOW_UP_EMAIL = "maintenance-follow-up"


class MaintenanceError(DomainError):
    """A maintenance request that cannot be carried out; the message says why."""


# --- Passports ---------------------------------------------------------------------------------


def appliance_register(
    *,
    category_slug: str,
    brand: str = "",
    model_name: str = "",
    purchase_date: date | None = None,
    purchase_price_eur: Decimal | None = None,
    language: str = "nl",
) -> Appliance:
    """Register an appliance and give it an unguessable token (its private link)."""
    category = Category.objects.filter(slug=category_slug).first()
    if category is None:
        raise MaintenanceError("Choose the kind of appliance from the list.", field="category")
    if purchase_date is not None and purchase_date > timezone.localdate():
        raise MaintenanceError("The purchase date is in the future.", field="purchase_date")
    return Appliance.objects.create(
        token=secrets.token_urlsafe(TOKEN_BYTES),
        category=category,
        brand=brand.strip(),
        model_name=model_name.strip(),
        purchase_date=purchase_date,
        purchase_price_eur=purchase_price_eur,
        language=language,
    )


def log_entry_add(
    *,
    appliance: Appliance,
    kind: str,
    done_on: date,
    task_slug: str = "",
    note: str = "",
    cost_eur: Decimal | None = None,
) -> LogEntry:
    """Add maintenance done or a repair to the appliance's log; a task entry resets its schedule."""
    if kind not in LogEntry.Kind.values:
        raise MaintenanceError("Choose maintenance or repair.", field="kind")
    if done_on > timezone.localdate():
        raise MaintenanceError("The date is in the future.", field="done_on")
    task = None
    if task_slug:
        task = MaintenanceTask.objects.filter(
            category_id=appliance.category_id, slug=task_slug
        ).first()
        if task is None:
            raise MaintenanceError("This task does not belong to this appliance.", field="task")
    return LogEntry.objects.create(
        appliance=appliance, kind=kind, task=task, done_on=done_on, note=note.strip(),
        cost_eur=cost_eur,
    )  # fmt: skip


# --- Signed links ------------------------------------------------------------------------------


def _absolute(site_url: str, path: str) -> str:
    return site_url.rstrip("/") + path


def _email_digest(email: str) -> str:
    """A keyed digest of the address: a link made for one address stops working when the address
    changes, without the address itself in the link (signed data is only base64, not secret)."""
    return salted_hmac(EMAIL_DIGEST_SALT, email.strip().lower()).hexdigest()[:20]


def _link_matches(data: dict, email: str) -> bool:
    if "h" in data:
        return constant_time_compare(data["h"], _email_digest(email))
    return data.get("e") == email  # links mailed before the digest: still honoured


def unsubscribe_url(*, site_url: str, kind: str, object_id: int, email: str) -> str:
    signed = signing.dumps(
        {"k": kind, "id": object_id, "h": _email_digest(email)}, salt=UNSUBSCRIBE_SALT
    )
    return _absolute(site_url, reverse("maintenance:unsubscribe", kwargs={"signed": signed}))


def email_unsubscribe(*, signed: str) -> str:
    """Stop all mail of one consent (reminders or a follow-up); return its kind. Idempotent."""
    try:
        data = signing.loads(signed, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        raise MaintenanceError("This unsubscribe link is not valid.") from None
    models = {"reminders": ReminderSubscription, "followup": FollowUpRequest}
    model = models.get(data.get("k"))
    if model is None:
        raise MaintenanceError("This unsubscribe link is not valid.")
    consent = model.objects.filter(pk=data.get("id"), unsubscribed_at__isnull=True).first()
    if consent is not None and _link_matches(data, consent.email):
        model.objects.filter(pk=consent.pk).update(unsubscribed_at=timezone.now())
    return data["k"]


# --- Reminders ---------------------------------------------------------------------------------


@transaction.atomic
def reminders_subscribe(*, appliance: Appliance, email: str, site_url: str) -> ReminderSubscription:
    """Record the address unconfirmed and queue the confirmation mail (double opt-in).

    A new address replaces the old one and must be confirmed again. The mail goes through the
    outbox, written in this transaction: SMTP being down delays it and never fails the request.
    """
    email = email.strip()
    subscription, _created = ReminderSubscription.objects.update_or_create(
        appliance=appliance,
        defaults={"email": email, "site_url": site_url, "confirmed_at": None,
                  "unsubscribed_at": None},
    )  # fmt: skip
    outbox_enqueue(kind=REMINDERS_CONFIRMATION, payload={"subscription_id": subscription.pk})
    return subscription


def reminders_confirmation_send(*, subscription_id: int) -> None:
    """Send the confirmation mail to the subscription's current address (the outbox handler).

    Nothing is sent once the address is confirmed or unsubscribed, or the subscription is gone.
    """
    subscription = (
        ReminderSubscription.objects.select_related("appliance").filter(pk=subscription_id).first()
    )
    if subscription is None or subscription.confirmed_at or subscription.unsubscribed_at:
        return
    appliance, email, site_url = subscription.appliance, subscription.email, subscription.site_url
    signed = signing.dumps({"id": subscription.pk, "h": _email_digest(email)}, salt=CONFIRM_SALT)
    confirm_url = _absolute(
        site_url, reverse("maintenance:reminders-confirm", kwargs={"signed": signed})
    )
    email_send(
        to=email,
        subject=_("Confirm your maintenance reminders"),
        template="maintenance/email/confirm_reminders.txt",
        context={"appliance": appliance, "confirm_url": confirm_url},
        unsubscribe_url=unsubscribe_url(
            site_url=site_url, kind="reminders", object_id=subscription.pk, email=email
        ),
        language=appliance.language,
    )


def reminders_confirm(*, signed: str) -> ReminderSubscription:
    """Confirm a subscription from the signed link in the confirmation mail."""
    try:
        data = signing.loads(signed, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE.total_seconds())
    except signing.SignatureExpired:
        raise MaintenanceError(
            "This confirmation link has expired. Ask for reminders again on the appliance page."
        ) from None
    except signing.BadSignature:
        raise MaintenanceError("This confirmation link is not valid.") from None
    subscription = (
        ReminderSubscription.objects.select_related("appliance").filter(pk=data.get("id")).first()
    )
    if subscription is None or not _link_matches(data, subscription.email):
        raise MaintenanceError("This confirmation link is no longer valid.")
    if subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
        subscription.unsubscribed_at = None
        subscription.save(update_fields=["confirmed_at", "unsubscribed_at"])
    return subscription


def reminders_queue_due(*, today: date) -> int:
    """Create a Reminder row for every task now due on an appliance with active reminders.

    The unique (appliance, task, due_date) constraint makes this safe to run any number of times.
    """
    subscriptions = ReminderSubscription.objects.filter(
        confirmed_at__isnull=False, unsubscribed_at__isnull=True
    ).select_related("appliance")
    rows = [
        Reminder(appliance_id=s.appliance_id, task_id=task_id, due_date=due)
        for s in subscriptions
        for task_id, due in maintenance_current_due_dates(appliance=s.appliance, today=today)
    ]
    before = Reminder.objects.count()
    Reminder.objects.bulk_create(rows, ignore_conflicts=True)
    return Reminder.objects.count() - before


@dataclass
class SendResult:
    sent: int = 0
    failed: int = 0
    skipped: int = 0


def _reminder_send(reminder: Reminder) -> None:
    subscription = reminder.appliance.reminder_subscription
    appliance = reminder.appliance
    page = _absolute(subscription.site_url, appliance.get_absolute_url())
    email_send(
        to=subscription.email,
        subject=_("Maintenance reminder: %(task)s"),
        subject_params={"task": reminder.task.title(appliance.language)},
        template="maintenance/email/reminder.txt",
        context={"appliance": appliance, "task": reminder.task, "page_url": page,
                 "language": appliance.language, "due_date": reminder.due_date},
        unsubscribe_url=unsubscribe_url(
            site_url=subscription.site_url, kind="reminders", object_id=subscription.pk,
            email=subscription.email,
        ),
        language=appliance.language,
    )  # fmt: skip


def _hand_to_outbox(due, *, kind: str, key: str, now: datetime) -> int:
    """Give each due row one outbox message: `claimed_at` marks the hand-over, and one
    conditional UPDATE per row decides which of two concurrent runs writes the message."""
    handed = 0
    for pk in list(due.filter(claimed_at__isnull=True).values_list("pk", flat=True)):
        with transaction.atomic():
            if due.model.objects.filter(pk=pk, claimed_at__isnull=True).update(claimed_at=now):
                outbox_enqueue(kind=kind, payload={key: pk})
                handed += 1
    return handed


def _send_handed(kind: str, *, now: datetime, skipped: int) -> SendResult:
    """Send this kind's due outbox messages now (the beat task's run), by the one sender."""
    ids = list(
        OutboxMessage.objects.filter(
            kind=kind, sent_at__isnull=True, given_up_at__isnull=True
        ).values_list("pk", flat=True)
    )
    sent = outbox_send_due(now=now, ids=ids) if ids else None
    return SendResult(
        sent=sent.sent if sent else 0, failed=sent.failed if sent else 0, skipped=skipped
    )


def reminders_send_due(*, now: datetime | None = None) -> SendResult:
    """Queue every due reminder and hand each to the outbox once, which sends it (with its
    retries and lease; docs/architecture.md). A reminder whose subscription ended before the
    hand-over is marked done and never sent."""
    now = now or timezone.now()
    reminders_queue_due(today=timezone.localdate(now))
    unsent = Reminder.objects.filter(sent_at__isnull=True, claimed_at__isnull=True)
    ended = unsent.exclude(
        appliance__reminder_subscription__confirmed_at__isnull=False,
        appliance__reminder_subscription__unsubscribed_at__isnull=True,
    )
    skipped = ended.update(sent_at=now)
    _hand_to_outbox(unsent, kind=REMINDER_EMAIL, key="reminder_id", now=now)
    return _send_handed(REMINDER_EMAIL, now=now, skipped=skipped)


def reminder_email_send(*, reminder_id: int) -> None:
    """Outbox handler: mail one reminder and mark it sent; once per reminder, and never after
    the person unsubscribed."""
    reminder = (
        Reminder.objects.select_related(
            "appliance__reminder_subscription", "appliance__category", "task"
        )
        .filter(pk=reminder_id, sent_at__isnull=True)
        .first()
    )
    if reminder is None:
        return
    if reminder.appliance.reminder_subscription.is_active:
        _reminder_send(reminder)
    Reminder.objects.filter(pk=reminder_id).update(sent_at=timezone.now())


# --- Follow-up ---------------------------------------------------------------------------------


class FollowUpLocked(MaintenanceError):
    """A change to an answer by someone without its secret: only the person who gave it may."""


def follow_up_answer_token_new() -> str:
    """A fresh secret for the person answering a follow-up (kept in their browser's cookie)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def _answer_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def follow_up_may_change(*, follow_up: FollowUp, answer_token: str) -> bool:
    """Whether `answer_token` is the secret given with this answer (answers stored without one
    cannot be changed)."""
    return bool(answer_token and follow_up.answer_token_hash) and constant_time_compare(
        follow_up.answer_token_hash, _answer_token_hash(answer_token)
    )


def _price_record_from_follow_up(*, verdict, follow_up: FollowUp) -> PriceRecord:
    outcome = (
        PriceRecord.Outcome.NOT_REPAIRABLE
        if follow_up.worked is False
        else PriceRecord.Outcome.REPAIRED
    )
    # The verdict's first symptom, as for a lead's outcome: the price belongs to that cell.
    symptom = (
        verdict.category.symptoms.filter(slug__in=verdict.symptom_slugs)
        .order_by("position", "slug")
        .first()
    )
    row = {
        "repaired_on": timezone.localdate().isoformat(),
        "category": verdict.category.slug,
        "symptom": symptom.slug if symptom else "",
        "brand": verdict.brand,
        "age_years": "" if verdict.age_years is None else f"{verdict.age_years:g}",
        "total_eur": f"{follow_up.price_eur:.2f}",
        "outcome": outcome,
        "postcode": verdict.postcode or "",
        "repairer": follow_up.repaired_where,
    }
    try:
        return price_record_submit(source=PriceSource(PriceRecord.Origin.CONSUMER), row=row)
    except PriceRecordInvalid as invalid:
        error = invalid.errors[0]
        raise MaintenanceError(error.message, field=_FOLLOW_UP_FIELDS.get(error.column)) from None


_FOLLOW_UP_FIELDS = {"total_eur": "price_eur", "repairer": "repaired_where"}


@transaction.atomic
def follow_up_record(
    *,
    verdict,
    choice: str,
    repaired_where: str = "",
    price_eur: Decimal | None = None,
    worked: bool | None = None,
    answer_token: str = "",
) -> FollowUp:
    """Store what a person did after a verdict: one answer per verdict, a later one replaces it
    (someone "still deciding" may come back with "repaired"; sending a form twice counts once).

    The first answer keeps the hash of `answer_token` (from `follow_up_answer_token_new`); a later
    one needs the same token, else FollowUpLocked: holding the verdict link is not enough. A
    repair with a price also becomes a consumer-reported price record (outcome repaired, or
    not_repairable when the repair did not work), which the cost model learns from unless its price
    is far outside the trusted band; a replaced answer's record goes with it.
    """
    if choice not in FollowUp.Choice.values:
        raise MaintenanceError("Choose what you did.", field="choice")
    if choice != FollowUp.Choice.REPAIRED:
        repaired_where, worked = "", None
    # Lock the verdict row: two answers sent at once are stored one after the other.
    type(verdict).objects.select_for_update().filter(pk=verdict.pk).first()
    follow_up = FollowUp.objects.filter(verdict=verdict).first()
    if follow_up is None:
        follow_up = FollowUp(
            verdict=verdict,
            answer_token_hash=_answer_token_hash(answer_token) if answer_token else "",
        )
    elif not follow_up_may_change(follow_up=follow_up, answer_token=answer_token):
        raise FollowUpLocked(
            "This question has already been answered. Only the person who answered can change the "
            "answer, in the browser they used."
        )
    if follow_up.price_record_id is not None:
        PriceRecord.objects.filter(pk=follow_up.price_record_id).delete()
        follow_up.price_record = None
    follow_up.choice = choice
    follow_up.repaired_where = repaired_where.strip()
    follow_up.price_eur = price_eur
    follow_up.worked = worked
    follow_up.save()
    if choice == FollowUp.Choice.REPAIRED and price_eur is not None and price_eur > 0:
        follow_up.price_record = _price_record_from_follow_up(verdict=verdict, follow_up=follow_up)
        follow_up.save(update_fields=["price_record"])
    return follow_up


def follow_up_request_create(
    *, verdict, email: str, consent: bool, site_url: str
) -> FollowUpRequest:
    """Store consent to one follow-up mail about this verdict, sent after about four weeks."""
    if not consent:
        raise MaintenanceError("Tick the box to agree to the e-mail.", field="consent")
    now = timezone.now()
    try:
        with transaction.atomic():
            return FollowUpRequest.objects.create(
                verdict=verdict, email=email.strip(), site_url=site_url, consented_at=now,
                send_after=now + FOLLOW_UP_DELAY,
            )  # fmt: skip
    except IntegrityError:
        return FollowUpRequest.objects.get(verdict=verdict, email=email.strip())


def follow_up_emails_send_due(*, now: datetime | None = None) -> SendResult:
    """Hand each follow-up mail whose wait is over to the outbox once, which sends it."""
    now = now or timezone.now()
    due = FollowUpRequest.objects.filter(
        send_after__lte=now, sent_at__isnull=True, unsubscribed_at__isnull=True
    )
    _hand_to_outbox(due, kind=FOLLOW_UP_EMAIL, key="request_id", now=now)
    return _send_handed(FOLLOW_UP_EMAIL, now=now, skipped=0)


def follow_up_email_send(*, request_id: int) -> None:
    """Outbox handler: the one follow-up mail of a verdict; not after unsubscribing."""
    request = (
        FollowUpRequest.objects.select_related("verdict__category")
        .filter(pk=request_id, sent_at__isnull=True, unsubscribed_at__isnull=True)
        .first()
    )
    if request is None:
        return
    verdict = request.verdict
    email_send(
        to=request.email,
        subject=_("What did you do with your %(appliance)s?"),
        subject_params={"appliance": verdict.category.name(verdict.language).lower()},
        template="maintenance/email/follow_up.txt",
        context={
            "verdict": verdict,
            "follow_up_url": _absolute(
                request.site_url,
                reverse("maintenance:follow-up", kwargs={"verdict_id": verdict.pk}),
            ),
            "language": verdict.language,
        },
        unsubscribe_url=unsubscribe_url(
            site_url=request.site_url, kind="followup", object_id=request.pk,
            email=request.email,
        ),
        language=verdict.language,
    )  # fmt: skip
    FollowUpRequest.objects.filter(pk=request_id).update(sent_at=timezone.now())
