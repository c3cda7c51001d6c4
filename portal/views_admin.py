"""The portal Administrator's pages: institutions, users (invite, edit, deactivate), roles and the history
of every change made here. Each view asks the selectors (which refuse a non-Administrator) and calls one
service (which refuses again)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import administration, selectors
from portal.admin_forms import InstitutionForm, UserFilterForm, UserForm
from portal.choices import Role
from portal.models import User
from portal.roles import ROLES

PAGE_SIZE = 50


def _require_admin(request: HttpRequest) -> None:
    if not request.user.is_portal_admin:
        raise PermissionDenied


def _errors_into(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _preview(pattern: str) -> tuple[str, str]:
    """(sample number, error) of a letter-number format."""
    try:
        return administration.check_letter_number_format(pattern), ""
    except ValidationError as exc:
        return "", " ".join(exc.messages)


# --- Institutions -----------------------------------------------------------------------------------------


def institution_list(request: HttpRequest) -> HttpResponse:
    institutions = list(selectors.institutions_for_admin(request.user))
    for institution in institutions:
        institution.sample_number = _preview(institution.letter_number_format)[0]
    return render(request, "portal/admin/institution_list.html", {"institutions": institutions})


def _institution_form(request: HttpRequest, institution=None) -> HttpResponse:
    _require_admin(request)
    if request.method == "POST":
        form = InstitutionForm(request.POST, request.FILES)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k not in ("logo", "remove_logo")}
            try:
                if institution is None:
                    institution = administration.institution_create(
                        acting_user=request.user, data=data, logo=form.cleaned_data["logo"]
                    )
                    messages.success(
                        request, _("Instansi %(name)s ditambahkan.") % {"name": institution.name}
                    )
                else:
                    administration.institution_update(
                        acting_user=request.user,
                        institution=institution,
                        data=data,
                        logo=form.cleaned_data["logo"],
                        remove_logo=form.cleaned_data["remove_logo"],
                    )
                    messages.success(request, _("Instansi %(name)s disimpan.") % {"name": data["name"]})
                return redirect("portal:admin_institution_list")
            except ValidationError as exc:
                _errors_into(form, exc)
    else:
        form = InstitutionForm(initial=InstitutionForm.initial_for(institution) if institution else None)
    pattern = form["letter_number_format"].value() or ""
    sample, error = _preview(pattern)
    events = selectors.admin_events(request.user, institution_id=institution.pk)[:20] if institution else []
    return render(
        request,
        "portal/admin/institution_form.html",
        {
            "form": form,
            "institution": institution,
            "sample": sample,
            "sample_error": error,
            "events": events,
        },
        status=400 if form.is_bound else 200,
    )


def institution_create(request: HttpRequest) -> HttpResponse:
    return _institution_form(request)


def institution_edit(request: HttpRequest, pk: int) -> HttpResponse:
    institution = get_object_or_404(selectors.institutions_for_admin(request.user), pk=pk)
    return _institution_form(request, institution)


def letter_number_preview(request: HttpRequest) -> JsonResponse:
    """The sample number of a format as it is typed (the form's preview, updated by portal.js)."""
    _require_admin(request)
    sample, error = _preview(request.GET.get("format", "")[:120])
    return JsonResponse({"sample": sample, "error": error})


# --- Users ------------------------------------------------------------------------------------------------


def user_list(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    form = UserFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    users = selectors.users_for_admin(
        request.user,
        query=(filters.get("q") or "").strip(),
        institution=filters.get("institution"),
        role=filters.get("role") or "",
        active=filters.get("active") or "",
    )
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    for user in page.object_list:
        user.role_label = next(
            (Role(g.name).label for g in user.groups.all() if g.name in Role.values), _("— tanpa peran —")
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "portal/admin/user_list.html", {"page": page, "form": form, "query": query.urlencode()}
    )


def _spec(form: UserForm) -> administration.UserInput:
    data = form.cleaned_data
    return administration.UserInput(
        first_name=data["first_name"],
        last_name=data.get("last_name", ""),
        email=data["email"],
        role=data["role"],
        institution=data.get("institution"),
        position=data.get("position", ""),
        language=data.get("language", ""),
    )


def user_invite(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    form = UserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = administration.user_invite(
                acting_user=request.user, spec=_spec(form), username=form.cleaned_data.get("username", "")
            )
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            messages.success(
                request,
                _("Undangan dikirim kepada %(email)s; tautannya berlaku %(hours)s jam.")
                % {"email": user.email, "hours": settings.PASSWORD_RESET_TIMEOUT // 3600},
            )
            return redirect("portal:admin_user_edit", pk=user.pk)
    return render(
        request,
        "portal/admin/user_form.html",
        {"form": form, "subject": None, "roles": ROLES},
        status=400 if form.is_bound else 200,
    )


def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    subject = get_object_or_404(selectors.users_for_admin(request.user), pk=pk)
    if request.method == "POST":
        form = UserForm(request.POST, editing=True)
        if form.is_valid():
            try:
                administration.user_update(acting_user=request.user, user=subject, spec=_spec(form))
            except ValidationError as exc:
                _errors_into(form, exc)
            else:
                messages.success(request, _("Pengguna %(user)s disimpan.") % {"user": subject.username})
                return redirect("portal:admin_user_edit", pk=subject.pk)
    else:
        form = UserForm(
            editing=True,
            initial={
                "first_name": subject.first_name,
                "last_name": subject.last_name,
                "email": subject.email,
                "institution": subject.institution_id,
                "role": administration.role_of(subject),
                "position": subject.position,
                "language": subject.language,
            },
        )
    return render(
        request,
        "portal/admin/user_form.html",
        {
            "form": form,
            "subject": subject,
            "roles": ROLES,
            "has_password": subject.has_usable_password(),
            "events": selectors.admin_events(request.user, user_id=subject.pk)[:20],
        },
        status=400 if form.is_bound else 200,
    )


@require_POST
def user_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    subject = get_object_or_404(selectors.users_for_admin(request.user), pk=pk)
    active = request.POST.get("active") == "1"
    try:
        administration.user_set_active(acting_user=request.user, user=subject, active=active)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        text = (
            _("%(user)s diaktifkan kembali.")
            if active
            else _("%(user)s dinonaktifkan; akunnya tidak dihapus.")
        )
        messages.success(request, text % {"user": subject.username})
    return redirect("portal:admin_user_edit", pk=subject.pk)


@require_POST
def user_invitation_resend(request: HttpRequest, pk: int) -> HttpResponse:
    subject = get_object_or_404(selectors.users_for_admin(request.user), pk=pk)
    try:
        administration.invitation_resend(acting_user=request.user, user=subject)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Undangan dikirim ulang kepada %(email)s.") % {"email": subject.email})
    return redirect("portal:admin_user_edit", pk=subject.pk)


# --- Roles and history ------------------------------------------------------------------------------------


def role_list(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    counts = {role: User.objects.filter(groups__name=role, is_active=True).count() for role in Role.values}
    rows = [{"text": text, "count": counts[text.role.value]} for text in ROLES]
    return render(request, "portal/admin/role_list.html", {"rows": rows})


def admin_history(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.admin_events(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "portal/admin/history.html", {"page": page})
