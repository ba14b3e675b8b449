"""
Staff accounts: where a sign-in comes from, how long a session lasts, and
the second factor.

- ``client_address`` is the address that django-axes counts failed sign-ins
  against, read through as many trusted proxies as ``TRUSTED_PROXY_COUNT``
  says (nginx, in production).
- ``StaffSessionMiddleware`` ends a signed-in session after a working day
  (``STAFF_SESSION_MAX_AGE``) however busy, and after an idle spell
  (``STAFF_SESSION_IDLE_AGE``): the stored session is given the sooner of
  the two as its expiry, and each request checks both. It reads only
  sessions that a request brings, so anonymous readers never get one.
- ``TwoFactorMiddleware``, with ``STAFF_TWO_FACTOR_REQUIRED`` on, sends a
  signed-in user who has not given a second factor to the code step (or,
  with no authenticator yet, to the set-up step) before any other page.
- The services below start and confirm an authenticator app (a django-otp
  TOTP device) and issue recovery codes (a static device, each code good
  once). A passkey (django-otp-webauthn's credential, another django-otp
  device) is registered and checked by that package's endpoints, which the
  code step and the set-up step call from the browser.
"""

import time
from urllib.parse import urlencode

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

LOGIN_AT = "staff_login_at"
SEEN_AT = "staff_seen_at"
# Refreshing the idle clock writes the session; once a minute is enough.
SEEN_RESOLUTION = 60
RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
# django-otp-webauthn's endpoints, which the browser calls during the code
# step and the set-up step (the package refuses what is not allowed there).
PASSKEY_URL_NAMES = (
    "otp_webauthn:credential-registration-begin",
    "otp_webauthn:credential-registration-complete",
    "otp_webauthn:credential-authentication-begin",
    "otp_webauthn:credential-authentication-complete",
    "otp_webauthn:js-i18n-catalog",
)


def client_address(request):
    """Return the client's address, as the outermost trusted proxy saw it."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if proxies and len(hops) >= proxies:
        return hops[-proxies]
    return request.META.get("REMOTE_ADDR")


def session_end_reason(session, *, now):
    """Return why the signed-in ``session`` is over, or ``""`` if it is not."""
    login_at = session.get(LOGIN_AT)
    if login_at is None:
        return ""
    if now - login_at >= settings.STAFF_SESSION_MAX_AGE:
        return "Your session ended at the end of the working day."
    if now - session.get(SEEN_AT, login_at) >= settings.STAFF_SESSION_IDLE_AGE:
        return "Your session ended after a spell without activity."
    return ""


class StaffSessionMiddleware:
    """End signed-in sessions after a working day and after an idle spell."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        brought_one = settings.SESSION_COOKIE_NAME in request.COOKIES
        if brought_one and request.user.is_authenticated:
            reason = session_end_reason(request.session, now=time.time())
            if reason:
                logout(request)
                messages.info(request, f"{reason} Please sign in again.")
            else:
                session_mark_seen(request.session, now=time.time())
        return self.get_response(request)


def session_mark_seen(session, *, now):
    """Note activity on a signed-in ``session``, writing it at most once a minute."""
    if LOGIN_AT not in session:
        # Signed in before the working day was recorded: it starts now.
        session[LOGIN_AT] = now
    elif now - session.get(SEEN_AT, 0) < SEEN_RESOLUTION:
        return
    _seen(session, now=now)


def _seen(session, *, now):
    session[SEEN_AT] = now
    # The stored session and its cookie lapse by themselves too, at the end
    # of the idle spell or of the day, whichever comes first.
    left_today = settings.STAFF_SESSION_MAX_AGE - (now - session[LOGIN_AT])
    session.set_expiry(max(1, int(min(settings.STAFF_SESSION_IDLE_AGE, left_today))))


def session_start(sender, request, user, **kwargs):
    """Start the working day of a new sign-in (``user_logged_in`` receiver)."""
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[LOGIN_AT] = now
        _seen(request.session, now=now)


def two_factor_required(user):
    """Whether ``user`` must give a second factor before going on."""
    return (
        settings.STAFF_TWO_FACTOR_REQUIRED
        and user.is_authenticated
        and not user.is_verified()
    )


class TwoFactorMiddleware:
    """
    Send a signed-in user without a second factor to the code step (or to
    set one up) before any other page. Comes after django-otp's
    ``OTPMiddleware``, which tells whether the session has been verified.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Only a request with a session can be signed in; others never open one.
        if settings.SESSION_COOKIE_NAME in request.COOKIES and self._asks(request):
            return self._step(request)
        return self.get_response(request)

    @classmethod
    def _asks(cls, request):
        return not cls._exempt(request.path) and two_factor_required(request.user)

    @staticmethod
    def _exempt(path):
        open_paths = {
            reverse("admin:logout"),
            reverse("admin:login"),
            reverse("two_factor_verify"),
            reverse("two_factor_setup"),
            reverse("two_factor_passkey_added"),
            *(reverse(name) for name in PASSKEY_URL_NAMES),
        }
        return path in open_paths or path.startswith(settings.STATIC_URL)

    @staticmethod
    def _step(request):
        has_device = django_otp.user_has_device(request.user)
        target = reverse("two_factor_verify" if has_device else "two_factor_setup")
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")


def may_set_up_two_factor(user):
    """Whether ``user`` may add an authenticator: none yet, or already verified."""
    return user.is_verified() or not django_otp.user_has_device(user)


@transaction.atomic
def two_factor_device_start(*, user) -> TOTPDevice:
    """Return ``user``'s authenticator awaiting its first code, made if needed."""
    device = (
        TOTPDevice.objects.devices_for_user(user, confirmed=False)
        .order_by("-pk")
        .first()
    )
    if device is None:
        device = TOTPDevice(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
        device.full_clean()
        device.save()
    return device


@transaction.atomic
def two_factor_device_confirm(*, device: TOTPDevice, token: str) -> list[str]:
    """
    Confirm the authenticator if ``token`` is its current code, replacing
    the user's other authenticators and recovery codes; return the new
    recovery codes, or an empty list if the code was wrong.
    """
    if not device.verify_token(token):
        return []
    user = device.user
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.full_clean()
    device.save()
    return recovery_codes_create(user=user)


@transaction.atomic
def recovery_codes_create(*, user) -> list[str]:
    """Give ``user`` a fresh set of recovery codes (the old ones stop working)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    device.full_clean()
    device.save()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=code) for code in codes
    )
    return codes


def two_factor_verify_device(*, request, device):
    """Mark the session as verified by ``device``, under a new session key."""
    request.session.cycle_key()
    django_otp.login(request, device)


def two_factor_verify(*, request, token: str):
    """Mark the session verified if ``token`` is a valid code; return the device."""
    device = django_otp.match_token(request.user, token.replace(" ", ""))
    if device is not None:
        two_factor_verify_device(request=request, device=device)
    return device


def has_passkey(user):
    """Whether ``user`` has registered a passkey that may sign in."""
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()


@transaction.atomic
def passkey_recovery_codes(*, user) -> list[str]:
    """
    Give ``user`` recovery codes if a new passkey is their first second
    factor, and return them; return an empty list if they have some already.
    """
    if StaticDevice.objects.filter(user=user).exists():
        return []
    return recovery_codes_create(user=user)
