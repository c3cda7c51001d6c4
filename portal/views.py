"""The site shell: login and account pages, the dashboard, notifications and the administrators' outbox;
the deadline calendar and its feed, reminder preferences and the administrators' reminder policies."""

from datetime import date, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from portal import calendar_feed, reminders, selectors, services
from portal.choices import MailStatus, Role
from portal.deadlines import calendar_month, dashboard_buckets, dashboard_context, deadlines_for
from portal.registry import registry
from portal.reminder_forms import ReminderPolicyForm, ReminderPreferenceForm


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("password_change_done")


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form, writing the mail in the language of the user it goes to."""

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs) -> None:
        with translation.override(context["user"].mail_language):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    email_template_name = "emails/password_reset-body-text.txt"
    html_email_template_name = "emails/password_reset-body-html.html"
    subject_template_name = "emails/password_reset-subject.txt"
    extra_email_context = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL}


@login_not_required
@never_cache
def logout_view(request: HttpRequest) -> HttpResponse:
    """GET asks to confirm (a plain link works without JavaScript); POST logs out."""
    if request.method == "POST":
        logout(request)
        messages.success(request, _("Anda telah keluar."))
        return redirect("login")
    if not request.user.is_authenticated:
        return redirect("login")
    return render(request, "registration/logout_confirm.html")


@login_not_required
def language_set(request: HttpRequest) -> HttpResponse:
    """Django's language switch, which also keeps a signed-in user's choice for the mails written to them."""
    response = i18n.set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        services.user_language_set(user=request.user, language=request.POST.get("language", ""))
    return response


@login_not_required
def health(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/dashboard.html", dashboard_context(request.user))


DEADLINE_LIST_PAGE = 50


def deadline_list(request: HttpRequest) -> HttpResponse:
    """One bucket of the Beranda whole, a page of 50 at a time: where its "see all" link leads."""
    today = timezone.localdate()
    buckets = dashboard_buckets(request.user, today=today)
    chosen = next((b for b in buckets if b.code == request.GET.get("kelompok")), buckets[0])
    page = Paginator(chosen.deadlines, DEADLINE_LIST_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/deadline_list.html",
        {"buckets": buckets, "chosen": chosen, "page": page, "today": today},
    )


def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notifications_of(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "portal/notification_list.html", {"page": page})


@require_POST
def notification_mark_read(request: HttpRequest) -> HttpResponse:
    ids = request.POST.getlist("id") or None
    services.notifications_mark_read(
        user=request.user, ids=[int(i) for i in ids if i.isdigit()] if ids else None
    )
    return redirect(request.POST.get("next") or "portal:notification_list")


def admin_home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_portal_admin:
        raise PermissionDenied
    unreminded = reminders.deadlines_without_recipient(today=timezone.localdate())
    return render(request, "portal/admin_home.html", {"unreminded": unreminded})


def outbox_list(request: HttpRequest) -> HttpResponse:
    mails = selectors.outbox_visible_to(request.user)
    status = request.GET.get("status", "")
    if status in MailStatus.values:
        mails = mails.filter(status=status)
    query = request.GET.get("q", "").strip()
    if query:
        mails = mails.filter(subject__icontains=query)
    # An address is looked up within the stored lists of recipients (To and Cc), as text.
    recipient = request.GET.get("kepada", "").strip()[:254]
    if recipient:
        mails = mails.filter(Q(to__icontains=recipient) | Q(cc__icontains=recipient))
    page = Paginator(mails.defer("body_text", "body_html"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/outbox_list.html",
        {"page": page, "statuses": MailStatus.choices, "status": status, "q": query, "recipient": recipient},
    )


def outbox_detail(request: HttpRequest, pk: int) -> HttpResponse:
    mail = get_object_or_404(selectors.outbox_visible_to(request.user).prefetch_related("attachments"), pk=pk)
    return render(request, "portal/outbox_detail.html", {"mail": mail})


@require_POST
def outbox_requeue(request: HttpRequest, pk: int) -> HttpResponse:
    mail = get_object_or_404(selectors.outbox_visible_to(request.user), pk=pk)
    if services.outbox_mail_requeue(mail_id=mail.pk, acting_user=request.user):
        messages.success(request, _("Surel dijadwalkan untuk dikirim ulang."))
    else:
        messages.error(request, _("Hanya surel yang gagal yang dapat dikirim ulang."))
    return redirect("portal:outbox_detail", pk=mail.pk)


# --- Deadlines: calendar, feed, reminder preferences and policies ------------------------------------

FEED_PAST_DAYS = 366
FEED_FUTURE_DAYS = 2 * 366


def _month_param(value: str | None, today: date) -> tuple[int, int]:
    """'2025-09' -> (2025, 9); anything else is this month."""
    try:
        year, month = (int(part) for part in (value or "").split("-", 1))
        date(year, month, 1)
    except ValueError:
        return today.year, today.month
    if not 1900 <= year <= 2999:
        return today.year, today.month
    return year, month


def deadline_calendar(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    year, month = _month_param(request.GET.get("bulan"), today)
    context = calendar_month(request.user, year, month, today=today)
    return render(request, "portal/calendar.html", context)


def calendar_subscription(request: HttpRequest) -> HttpResponse:
    feed = calendar_feed.feed_token_of(request.user)
    feed_url = ""
    if feed:
        feed_url = request.build_absolute_uri(reverse("portal:calendar_feed", args=[feed.token]))
    return render(
        request,
        "portal/calendar_subscription.html",
        {
            "feed": feed,
            "feed_url": feed_url,
            "webcal_url": feed_url.replace("https://", "webcal://", 1).replace("http://", "webcal://", 1),
        },
    )


@require_POST
def calendar_feed_issue(request: HttpRequest) -> HttpResponse:
    calendar_feed.feed_token_issue(acting_user=request.user)
    messages.success(request, _("Tautan kalender baru telah dibuat; tautan sebelumnya tidak berlaku lagi."))
    return redirect("portal:calendar_subscription")


@require_POST
def calendar_feed_revoke(request: HttpRequest) -> HttpResponse:
    if calendar_feed.feed_token_revoke(acting_user=request.user):
        messages.success(request, _("Tautan kalender telah dicabut."))
    return redirect("portal:calendar_subscription")


@login_not_required
@never_cache
def calendar_feed_ics(request: HttpRequest, token: str) -> HttpResponse:
    """The personal feed, authenticated by its secret link alone (calendar clients cannot log in).

    A link that is unknown, revoked or of an inactive user sends a browser to the login page, where the
    owner finds their current link; the feed itself never says whether a link ever existed.
    """
    user = calendar_feed.feed_user_for(token) if request.method == "GET" else None
    if user is None:
        return redirect_to_login(reverse("portal:calendar_subscription"))
    today = timezone.localdate()
    deadlines = deadlines_for(
        user, today - timedelta(days=FEED_PAST_DAYS), today + timedelta(days=FEED_FUTURE_DAYS), today=today
    )
    with translation.override(settings.LANGUAGE_CODE):
        body = calendar_feed.deadlines_ical(deadlines, name=_("Tenggat Portal PKS"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="portal-pks.ics"'
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


def reminder_preferences(request: HttpRequest) -> HttpResponse:
    preference = reminders.preference_of(request.user)
    can_digest = request.user.has_role(Role.PIMPINAN)
    initial = {"muted_kinds": preference.muted_kinds, "weekly_digest": preference.weekly_digest}
    data = request.POST if request.method == "POST" else None  # an all-unticked form posts nothing
    form = ReminderPreferenceForm(data, initial=initial, can_digest=can_digest)
    if request.method == "POST" and form.is_valid():
        reminders.preference_update(
            acting_user=request.user,
            muted_kinds=form.cleaned_data["muted_kinds"],
            weekly_digest=form.cleaned_data.get("weekly_digest", False),
        )
        messages.success(request, _("Preferensi pengingat disimpan."))
        return redirect("portal:reminder_preferences")
    return render(
        request,
        "portal/reminder_preferences.html",
        {"form": form, "can_digest": can_digest, "legal_kinds": [k for k in registry.deadlines if k.legal]},
    )


def _require_admin(request: HttpRequest) -> None:
    if not request.user.is_portal_admin:
        raise PermissionDenied


def reminder_policy_list(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    rules = reminders.policies()
    return render(
        request,
        "portal/reminder_policy_list.html",
        {"policies": [rules[code] for code in registry.deadlines.codes()]},
    )


def reminder_policy_edit(request: HttpRequest, kind: str) -> HttpResponse:
    _require_admin(request)
    if kind not in registry.deadlines.codes():
        raise Http404
    policy = reminders.policies()[kind]
    form = ReminderPolicyForm(request.POST if request.method == "POST" else None, instance=policy)
    if request.method == "POST" and form.is_valid():
        reminders.policy_save(policy=form.save(commit=False), acting_user=request.user)
        messages.success(request, _("Kebijakan pengingat disimpan."))
        return redirect("portal:reminder_policy_list")
    return render(request, "portal/reminder_policy_form.html", {"form": form, "policy": policy})
