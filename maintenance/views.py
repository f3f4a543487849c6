"""HTML pages of appliance passports, e-mail consent and the verdict follow-up."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from appliances.selectors import category_list
from common.throttling import limit_per_client, rate_limited_page
from maintenance import qr
from maintenance.apis import question_rate_limited
from maintenance.forms import (
    ApplianceRegisterForm,
    EmailConsentForm,
    FollowUpForm,
    FollowUpRequestForm,
    LogEntryForm,
)
from maintenance.ics import CalendarEvent, ics_calendar
from maintenance.limits import email_address_hit
from maintenance.models import FollowUp
from maintenance.passport_forms import PassportQuestionForm
from maintenance.questions import passport_question_answer
from maintenance.retailer_views import signed_in_retailer
from maintenance.retailers import LABEL_SOURCE, passport_label_lines, passport_label_scanned
from maintenance.selectors import (
    appliance_advice_url,
    appliance_age_years,
    appliance_get,
    appliance_log,
    appliance_tasks,
    follow_up_get,
    maintenance_schedule,
)
from maintenance.services import (
    FollowUpLocked,
    MaintenanceError,
    appliance_register,
    email_unsubscribe,
    follow_up_answer_token_new,
    follow_up_may_change,
    follow_up_record,
    follow_up_request_create,
    log_entry_add,
    reminders_confirm,
    reminders_subscribe,
)
from repair_advice.selectors import verdict_get

PRIVATE_HEADERS = {"Cache-Control": "private, no-store", "X-Robots-Tag": "noindex"}
# The secret of a follow-up answer: set on the first answer, needed to change it.
FOLLOW_UP_COOKIE = "mw_follow_up"
FOLLOW_UP_COOKIE_MAX_AGE = 2 * 365 * 24 * 3600


def _language() -> str:
    return "en" if (get_language() or "nl").startswith("en") else "nl"


def _site_url(request) -> str:
    return request.build_absolute_uri("/")


def _private(response: HttpResponse) -> HttpResponse:
    for header, value in PRIVATE_HEADERS.items():
        response[header] = value
    return response


def _form_error(form, error: MaintenanceError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _appliance_or_404(token: str):
    appliance = appliance_get(token=token)
    if appliance is None:
        raise Http404
    return appliance


def _passport_url(request, appliance) -> str:
    return request.build_absolute_uri(appliance.get_absolute_url())


@require_http_methods(["GET", "POST"])
@limit_per_client("passport", "PASSPORT_RATE_LIMIT")
def appliance_new(request):
    language = _language()
    categories = sorted(category_list(), key=lambda c: c.name(language).lower())
    if request.method == "POST":
        form = ApplianceRegisterForm(request.POST, categories=categories, language=language)
        if form.is_valid():
            try:
                appliance = appliance_register(
                    category_slug=form.cleaned_data["category"],
                    brand=form.cleaned_data["brand"],
                    model_name=form.cleaned_data["model_name"],
                    purchase_date=form.cleaned_data["purchase_date"],
                    purchase_price_eur=form.cleaned_data["purchase_price_eur"],
                    language=language,
                )
            except MaintenanceError as error:
                _form_error(form, error)
            else:
                return redirect(f"{appliance.get_absolute_url()}?new=1")
    else:
        initial = {"category": request.GET.get("category", "")}
        form = ApplianceRegisterForm(initial=initial, categories=categories, language=language)
    return render(
        request,
        "maintenance/appliance_new.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _detail_context(request, appliance, *, log_form=None, reminder_form=None) -> dict:
    language = _language()
    today = timezone.localdate()
    tasks = appliance_tasks(appliance=appliance)
    subscription = getattr(appliance, "reminder_subscription", None)
    return {
        "appliance": appliance,
        "category_name": appliance.category.name(language),
        "language": language,
        "today": today,
        "age_years": appliance_age_years(appliance=appliance, today=today),
        "schedule": [
            {
                "item": item,
                "title": item.task.title(language),
                "tip": item.task.tip(language),
                "is_due": item.is_due(today),
            }
            for item in maintenance_schedule(appliance=appliance)
        ],  # fmt: skip
        "log": appliance_log(appliance=appliance),
        "log_form": log_form
        or LogEntryForm(tasks=tasks, language=language, initial={"done_on": today.isoformat()}),
        "reminder_form": reminder_form or EmailConsentForm(),
        "subscription": subscription,
        "advice_url": appliance_advice_url(appliance=appliance, today=today),
        "passport_url": _passport_url(request, appliance),
        "is_new": request.GET.get("new") == "1",
        "question_form": PassportQuestionForm(),
    }


@require_GET
def appliance_detail(request, token):
    appliance = _appliance_or_404(token)
    if request.GET.get("src") == LABEL_SOURCE:
        # Opened through the printed label: counted for the retailer (not its own test scans),
        # then shown at its plain address so that a reload or a bookmark is not counted again.
        retailer = signed_in_retailer(request)
        if retailer is None or retailer.pk != appliance.issued_by_id:
            passport_label_scanned(appliance=appliance)
        return redirect(appliance.get_absolute_url())
    return _private(
        render(request, "maintenance/appliance_detail.html", _detail_context(request, appliance))
    )


@require_POST
def appliance_question(request, token):
    """'Vraag het' without JavaScript: the page again, with the answer under the question."""
    appliance = _appliance_or_404(token)
    form = PassportQuestionForm(request.POST)
    context = _detail_context(request, appliance)
    context["question_form"] = form
    if not form.is_valid():
        return _private(render(request, "maintenance/appliance_detail.html", context, status=400))
    retry_after = question_rate_limited(request)
    if retry_after is not None:
        return _private(rate_limited_page(request, retry_after))
    context["question_answer"] = passport_question_answer(
        appliance=appliance, question=form.cleaned_data["question"], language=_language()
    )
    return _private(render(request, "maintenance/appliance_detail.html", context))


@require_POST
@limit_per_client("passport", "PASSPORT_RATE_LIMIT")
def appliance_log_add(request, token):
    appliance = _appliance_or_404(token)
    form = LogEntryForm(
        request.POST, tasks=appliance_tasks(appliance=appliance), language=_language()
    )
    if form.is_valid():
        try:
            log_entry_add(
                appliance=appliance,
                kind=form.cleaned_data["kind"],
                done_on=form.cleaned_data["done_on"],
                task_slug=form.cleaned_data["task"],
                note=form.cleaned_data["note"],
                cost_eur=form.cleaned_data["cost_eur"],
            )
        except MaintenanceError as error:
            _form_error(form, error)
        else:
            return redirect(f"{appliance.get_absolute_url()}#log")
    context = _detail_context(request, appliance, log_form=form)
    return _private(render(request, "maintenance/appliance_detail.html", context, status=400))


@require_POST
@limit_per_client("email-signup", "EMAIL_SIGNUP_RATE_LIMIT")
def appliance_reminders_subscribe(request, token):
    appliance = _appliance_or_404(token)
    form = EmailConsentForm(request.POST)
    if form.is_valid():
        retry_after = email_address_hit(form.cleaned_data["email"])
        if retry_after is not None:
            return _private(rate_limited_page(request, retry_after))
        reminders_subscribe(
            appliance=appliance, email=form.cleaned_data["email"], site_url=_site_url(request)
        )
        return redirect(f"{appliance.get_absolute_url()}?reminders=pending#reminders")
    context = _detail_context(request, appliance, reminder_form=form)
    return _private(render(request, "maintenance/appliance_detail.html", context, status=400))


@require_GET
def reminders_confirm_view(request, signed):
    try:
        subscription = reminders_confirm(signed=signed)
    except MaintenanceError as error:
        return render(request, "maintenance/message.html", {"message": error.message}, status=400)
    return _private(
        render(
            request,
            "maintenance/message.html",
            {"confirmed": True, "appliance": subscription.appliance},
        )
    )


@csrf_exempt  # RFC 8058 one-click: the mail client POSTs without a CSRF token
@require_http_methods(["GET", "POST"])
def unsubscribe(request, signed):
    try:
        email_unsubscribe(signed=signed)
    except MaintenanceError as error:
        return render(request, "maintenance/message.html", {"message": error.message}, status=400)
    return render(request, "maintenance/message.html", {"unsubscribed": True})


@require_GET
def appliance_qr(request, token, fmt):
    appliance = _appliance_or_404(token)
    url = _passport_url(request, appliance)
    if fmt == "svg":
        response = HttpResponse(qr.qr_svg(url), content_type="image/svg+xml")
    elif fmt == "png":
        response = HttpResponse(qr.qr_png(url), content_type="image/png")
    elif fmt == "pdf":
        response = HttpResponse(qr.qr_pdf(url), content_type="application/pdf")
    else:
        raise Http404
    return _private(response)


@require_GET
def appliance_labels(request, token):
    appliance = _appliance_or_404(token)
    pdf = qr.label_sheet_pdf(
        url=_passport_url(request, appliance),
        lines=passport_label_lines(appliance, language=_language()),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="labels.pdf"'
    return _private(response)


@require_GET
def appliance_calendar(request, token):
    appliance = _appliance_or_404(token)
    language = _language()
    page = _passport_url(request, appliance)
    events = [
        CalendarEvent(
            uid_seed=f"{appliance.token}/{item.task.slug}",
            start=item.next_due,
            interval_days=item.task.interval_days,
            summary=f"{item.task.title(language)} ({appliance.category.name(language)})",
            description=f"{item.task.tip(language)}\n\n{item.task.source_text(language)}\n\n{page}",
            url=page,
        )
        for item in maintenance_schedule(appliance=appliance)
    ]
    if not events:  # RFC 5545 wants at least one event; the passport offers no feed then
        raise Http404("This appliance has no maintenance tasks, so it has no calendar.")
    body = ics_calendar(
        name=f"{appliance.category.name(language)} · De Moeite Waard",
        events=events,
        now=timezone.now(),
    )
    response = HttpResponse(body.encode("utf-8"), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="onderhoud.ics"'
    return _private(response)


def _verdict_or_404(verdict_id):
    verdict = verdict_get(verdict_id=verdict_id)
    if verdict is None:
        raise Http404
    return verdict


def _is_first_step_of_repair(data) -> bool:
    return data.get("step") == "choice" and data.get("choice") == FollowUp.Choice.REPAIRED


def _answer_initial(answer: FollowUp) -> dict:
    worked = {True: "yes", False: "no"}.get(answer.worked)
    return {"choice": answer.choice, "repaired_where": answer.repaired_where,
            "price_eur": answer.price_eur, "worked": worked}  # fmt: skip


def _follow_up_locked(request, verdict, answer: FollowUp) -> HttpResponse:
    """The answer read-only, for anyone but the person who gave it."""
    choices = dict(FollowUpForm.base_fields["choice"].choices)
    context = {"verdict": verdict, "answer": answer, "answer_choice": choices[answer.choice],
               "locked": True, "category_name": verdict.category.name(_language())}  # fmt: skip
    status = 403 if request.method == "POST" else 200
    return _private(render(request, "maintenance/follow_up.html", context, status=status))


@require_http_methods(["GET", "POST"])
@limit_per_client("follow-up", "FOLLOW_UP_RATE_LIMIT")
def follow_up(request, verdict_id):
    """Ask what the person did. The first answer sets a secret cookie (scoped to this page); only
    with it can the answer be changed later, so a shared verdict link cannot overwrite it."""
    verdict = _verdict_or_404(verdict_id)
    answer = follow_up_get(verdict=verdict)
    token = request.COOKIES.get(FOLLOW_UP_COOKIE, "")
    if answer is not None and not follow_up_may_change(follow_up=answer, answer_token=token):
        return _follow_up_locked(request, verdict, answer)
    if answer is None:
        token = follow_up_answer_token_new()
    if request.method == "POST" and _is_first_step_of_repair(request.POST):
        # The short form on the verdict page only asks what was done; a repair needs details.
        form = FollowUpForm(initial={"choice": FollowUp.Choice.REPAIRED})
    elif request.method == "POST":
        form = FollowUpForm(request.POST)
        if form.is_valid():
            try:
                follow_up_record(verdict=verdict, **form.cleaned_data, answer_token=token)
            except FollowUpLocked:  # answered from elsewhere a moment ago
                return _follow_up_locked(request, verdict, follow_up_get(verdict=verdict))
            except MaintenanceError as error:
                _form_error(form, error)
            else:
                response = redirect(reverse("maintenance:follow-up-thanks", args=[verdict.pk]))
                response.set_cookie(
                    FOLLOW_UP_COOKIE, token, max_age=FOLLOW_UP_COOKIE_MAX_AGE, path=request.path,
                    secure=request.is_secure(), httponly=True, samesite="Lax",
                )  # fmt: skip
                return response
    else:
        form = FollowUpForm(initial=_answer_initial(answer) if answer else None)
    return render(
        request,
        "maintenance/follow_up.html",
        {"form": form, "verdict": verdict, "category_name": verdict.category.name(_language())},
        status=400 if form.errors else 200,
    )


@require_GET
def follow_up_thanks(request, verdict_id):
    verdict = _verdict_or_404(verdict_id)
    return render(request, "maintenance/message.html", {"thanks": True, "verdict": verdict})


@require_POST
@limit_per_client("email-signup", "EMAIL_SIGNUP_RATE_LIMIT")
def follow_up_request(request, verdict_id):
    verdict = _verdict_or_404(verdict_id)
    form = FollowUpRequestForm(request.POST)
    if form.is_valid():
        retry_after = email_address_hit(form.cleaned_data["email"])
        if retry_after is not None:
            return rate_limited_page(request, retry_after)
        follow_up_request_create(
            verdict=verdict,
            email=form.cleaned_data["email"],
            consent=form.cleaned_data["consent"],
            site_url=_site_url(request),
        )
        return render(request, "maintenance/message.html", {"follow_up_requested": True,
                                                             "verdict": verdict})  # fmt: skip
    return render(
        request,
        "maintenance/message.html",
        {"message": " ".join(e for errors in form.errors.values() for e in errors),
         "verdict": verdict},
        status=400,
    )  # fmt: skip
