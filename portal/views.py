"""The site shell: login and account pages, the dashboard, notifications and the administrators' outbox."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from portal import selectors, services
from portal.choices import MailStatus


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("password_change_done")


class PasswordResetView(auth_views.PasswordResetView):
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
def health(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def dashboard(request: HttpRequest) -> HttpResponse:
    context = {}
    try:
        from portal.deadlines import dashboard_context
    except ImportError:  # the deadline module arrives with the agreements
        pass
    else:
        context = dashboard_context(request.user)
    return render(request, "portal/dashboard.html", context)


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
    return render(request, "portal/admin_home.html")


def outbox_list(request: HttpRequest) -> HttpResponse:
    mails = selectors.outbox_visible_to(request.user)
    status = request.GET.get("status", "")
    if status in MailStatus.values:
        mails = mails.filter(status=status)
    query = request.GET.get("q", "").strip()
    if query:
        mails = mails.filter(subject__icontains=query)
    page = Paginator(mails.defer("body_text", "body_html"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/outbox_list.html",
        {"page": page, "statuses": MailStatus.choices, "status": status, "q": query},
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
