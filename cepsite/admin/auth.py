"""
The admin's sign-in steps after the password: the code from an
authenticator app (or a recovery code) or a passkey, setting an
authenticator up with its QR code or registering a passkey, the page shown
to a locked-out account or address, and the list of failed sign-ins, where
editors unlock an account early.

Passkeys are django-otp-webauthn's: its browser script (served from this
site, its options in a JSON data block, so it runs under the site's
Content-Security-Policy) talks to its endpoints, two of which are narrowed
here so that a passkey, like a code, starts a new session key.

The rules (when a code is asked for, how long a session lasts) live in
``cepsite.accounts``; django-axes counts the failures.
"""

import base64
import io
from base64 import b32encode
from urllib.parse import urlencode

import django_otp
from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp.qr import write_qrcode_image
from django_otp_webauthn import exceptions as webauthn_errors
from django_otp_webauthn import views as webauthn_views

from cepsite import accounts
from cepsite.roles import PUBLISHABLE_MODELS


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=32,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True}
        ),
    )


def _next_url(request):
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        wanted,
        allowed_hosts={request.get_host()},
        require_https=request.is_secure(),
    )
    return wanted if safe else reverse("admin:index")


def _context(request, **extra):
    return {
        **admin.site.each_context(request),
        "next": _next_url(request),
        **extra,
    }


@sensitive_post_parameters("code")
@never_cache
@login_required(login_url="admin:login")
def verify(request):
    """The code step: a six-digit code from the app, or a recovery code."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    if not django_otp.user_has_device(request.user):
        query = urlencode({"next": _next_url(request)})
        return redirect(f"{reverse('two_factor_setup')}?{query}")
    form = CodeForm(request.POST or None)
    if form.is_valid():
        if accounts.two_factor_verify(request=request, token=form.cleaned_data["code"]):
            return redirect(_next_url(request))
        form.add_error(
            "code",
            "That code is not valid. Use the current code from your "
            "authenticator app, or one of your recovery codes.",
        )
    return render(
        request,
        "admin/two_factor/verify.html",
        _context(
            request,
            form=form,
            has_passkey=accounts.has_passkey(request.user),
            title="Two-factor authentication",
        ),
    )


def _qr_data_uri(device):
    out = io.BytesIO()
    write_qrcode_image(device.config_url, out)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode()


@sensitive_post_parameters("code")
@never_cache
@login_required(login_url="admin:login")
def setup(request):
    """Set up an authenticator app; on its first good code, show recovery codes."""
    if not accounts.may_set_up_two_factor(request.user):
        query = urlencode({"next": _next_url(request)})
        return redirect(f"{reverse('two_factor_verify')}?{query}")
    device = accounts.two_factor_device_start(user=request.user)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        codes = accounts.two_factor_device_confirm(
            device=device, token=form.cleaned_data["code"]
        )
        if codes:
            accounts.two_factor_verify_device(request=request, device=device)
            return render(
                request,
                "admin/two_factor/recovery_codes.html",
                _context(request, codes=codes, title="Your recovery codes"),
            )
        form.add_error(
            "code",
            "That code is not the one the app shows now. Check the time on "
            "your phone and try the next code.",
        )
    return render(
        request,
        "admin/two_factor/setup.html",
        _context(
            request,
            form=form,
            qr_code=_qr_data_uri(device),
            secret=b32encode(device.bin_key).decode(),
            title="Set up two-factor authentication",
        ),
    )


@never_cache
@require_POST
@login_required(login_url="admin:login")
def passkey_added(request):
    """
    Where the set-up page goes once a passkey is registered: recovery codes
    if it is the first second factor, else on to the next page.
    """
    if not request.user.is_verified():
        query = urlencode({"next": _next_url(request)})
        return redirect(f"{reverse('two_factor_verify')}?{query}")
    codes = accounts.passkey_recovery_codes(user=request.user)
    if not codes:
        return redirect(_next_url(request))
    return render(
        request,
        "admin/two_factor/recovery_codes.html",
        _context(request, codes=codes, title="Your recovery codes"),
    )


class PasskeyRegistrationComplete(webauthn_views.CompleteCredentialRegistrationView):
    """Save a new passkey; a session it verifies gets a new key."""

    def post(self, *args, **kwargs):
        response = super().post(*args, **kwargs)
        self.request.session.cycle_key()
        return response


class PasskeyAuthenticationComplete(
    webauthn_views.CompleteCredentialAuthenticationView
):
    """The code step with a passkey: only after the password, and only its own."""

    def complete_auth(self, device):
        # Passwordless sign-in is off, so the package has already refused
        # anyone not signed in, and a passkey of someone else.
        if not self.request.user.is_authenticated:
            raise webauthn_errors.NotAuthenticated()
        accounts.two_factor_verify_device(request=self.request, device=device)

    def get_success_url(self):
        return self.get_redirect_url() or reverse("admin:index")


def lockout(request, response, credentials):
    """The page a locked-out account or address sees, with when to try again."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "admin/locked_out.html",
        {**admin.site.each_context(request), "minutes": minutes, "title": "Locked"},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


def is_editor(user):
    """Whether ``user`` may release every kind of content, as editors may."""
    # Read from the permissions the admin has already loaded for the request.
    return user.is_active and user.has_perms(
        f"{app_label}.publish_{model_name}"
        for app_label, model_name in PUBLISHABLE_MODELS
    )


class FailedSignInAdmin(AccessAttemptAdmin):
    """Failed sign-ins: editors read them and delete them, which unlocks."""

    def has_module_permission(self, request):
        return is_editor(request.user) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return is_editor(request.user) or super().has_view_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return is_editor(request.user) or super().has_delete_permission(request, obj)


admin.site.unregister(AccessAttempt)
admin.site.register(AccessAttempt, FailedSignInAdmin)
