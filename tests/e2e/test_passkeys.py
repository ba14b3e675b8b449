"""
A staff member registers a passkey at the set-up step and signs in with it
at the code step, in Chromium with its virtual authenticator standing in
for a phone's or laptop's, under the site's Content-Security-Policy.
"""

import pytest
from django_otp_webauthn.models import WebAuthnCredential

from tests.factories import STAFF_PASSWORD, make_staff_user

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in_with_password(page, base):
    page.goto(f"{base}/admin/login/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Log in").click()


def _virtual_authenticator(page):
    """A platform authenticator that holds passkeys and verifies its user."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    return cdp, added["authenticatorId"]


def test_a_staff_member_registers_a_passkey_and_signs_in_with_it(
    live_server, browser, settings
):
    base = live_server.url
    assert base.startswith("http://localhost:")
    settings.STAFF_TWO_FACTOR_REQUIRED = True
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [base]
    user = make_staff_user("alice")

    # The site's Content-Security-Policy is enforced; the browser reports
    # anything it blocks on the console, and any script error as such.
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    problems = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and problems.append(message.text)
        ),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    try:
        _register_and_sign_in(page, base, user)
    finally:
        context.close()
    assert problems == []


def _register_and_sign_in(page, base, user):
    cdp, authenticator = _virtual_authenticator(page)

    # First sign-in: led to set up a second factor; a passkey is chosen.
    _sign_in_with_password(page, base)
    page.wait_for_url(f"{base}/admin/two-factor/setup/**")
    page.get_by_role("button", name="Register a passkey").click()
    page.wait_for_url(f"{base}/admin/two-factor/passkey-added/")
    assert page.get_by_role("heading", name="Your recovery codes").is_visible()
    assert page.locator(".two-factor-recovery-codes li").count() == 10
    credential = WebAuthnCredential.objects.get(user=user)
    assert credential.discoverable
    held = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})
    assert len(held["credentials"]) == 1
    page.get_by_role("link", name="I have saved them: continue").click()
    page.wait_for_url(f"{base}/admin/")
    page.get_by_role("button", name="Log out").click()

    # Next sign-in: the passkey instead of a code.
    _sign_in_with_password(page, base)
    page.wait_for_url(f"{base}/admin/two-factor/?next=%2Fadmin%2F")
    page.get_by_role("button", name="Use a passkey").click()
    page.wait_for_url(f"{base}/admin/")
    assert page.get_by_role("heading", name="Site administration").is_visible()
    credential.refresh_from_db()
    assert credential.last_used_at is not None
