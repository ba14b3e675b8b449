"""
Passkeys as a second factor: registering one at the set-up step, using it at
the code step, and the refusals of django-otp-webauthn's endpoints.

The passkey here is a software authenticator: a real P-256 key that answers
the server's challenges with WebAuthn's own data (a "none" attestation when
registering, a signed assertion when signing in), so every ceremony is
checked by the package exactly as a browser's would be.
"""

import base64
import hashlib
import json
import os
import re
import struct
import subprocess
import sys
from pathlib import Path

import cbor2
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp_webauthn.models import WebAuthnCredential

from cepsite import accounts
from tests.factories import make_staff_user
from tests.test_auth import ADMIN, confirmed_authenticator, sign_in

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
ORIGIN = "http://localhost:8000"
RP_ID = "localhost"
REGISTER_BEGIN = reverse("otp_webauthn:credential-registration-begin")
REGISTER_COMPLETE = reverse("otp_webauthn:credential-registration-complete")
AUTH_BEGIN = reverse("otp_webauthn:credential-authentication-begin")
AUTH_COMPLETE = reverse("otp_webauthn:credential-authentication-complete")
USER_PRESENT, USER_VERIFIED, ATTESTED = 0x01, 0x04, 0x40


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class SoftPasskey:
    """A passkey in software: what a phone or security key would answer."""

    def __init__(self, *, rp_id=RP_ID, origin=ORIGIN):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(32)
        self.rp_id = rp_id
        self.origin = origin
        self.sign_count = 0

    def _client_data(self, kind, challenge):
        return json.dumps(
            {"type": kind, "challenge": challenge, "origin": self.origin}
        ).encode()

    def _auth_data(self, flags, extra=b""):
        rp_hash = hashlib.sha256(self.rp_id.encode()).digest()
        return rp_hash + bytes([flags]) + struct.pack(">I", self.sign_count) + extra

    def _cose_key(self):
        numbers = self.key.public_key().public_numbers()
        return cbor2.dumps(
            {
                1: 2,
                3: -7,
                -1: 1,
                -2: numbers.x.to_bytes(32, "big"),
                -3: numbers.y.to_bytes(32, "big"),
            }
        )

    def create(self, options):
        """The answer to registration ``options`` (what ``begin`` returned)."""
        attested = (
            bytes(16)
            + struct.pack(">H", len(self.credential_id))
            + self.credential_id
            + self._cose_key()
        )
        auth_data = self._auth_data(USER_PRESENT | USER_VERIFIED | ATTESTED, attested)
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        client_data = self._client_data("webauthn.create", options["challenge"])
        return {
            "id": b64url(self.credential_id),
            "rawId": b64url(self.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": b64url(client_data),
                "attestationObject": b64url(attestation),
                "transports": ["internal"],
            },
            "clientExtensionResults": {"credProps": {"rk": True}},
            "authenticatorAttachment": "platform",
        }

    def get(self, options, *, key=None):
        """The signed answer to authentication ``options``."""
        self.sign_count += 1
        auth_data = self._auth_data(USER_PRESENT | USER_VERIFIED)
        client_data = self._client_data("webauthn.get", options["challenge"])
        signed = auth_data + hashlib.sha256(client_data).digest()
        signature = (key or self.key).sign(signed, ec.ECDSA(hashes.SHA256()))
        return {
            "id": b64url(self.credential_id),
            "rawId": b64url(self.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": b64url(client_data),
                "authenticatorData": b64url(auth_data),
                "signature": b64url(signature),
            },
            "clientExtensionResults": {},
            "authenticatorAttachment": "platform",
        }


@pytest.fixture(autouse=True)
def relying_party(settings):
    settings.OTP_WEBAUTHN_RP_ID = RP_ID
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [ORIGIN]
    settings.STAFF_TWO_FACTOR_REQUIRED = True


def post_json(client, url, data=None, **extra):
    body = "" if data is None else json.dumps(data)
    return client.post(url, body, content_type="application/json", **extra)


def register(client, passkey):
    """Run the registration ceremony in ``client``'s session."""
    options = post_json(client, REGISTER_BEGIN)
    assert options.status_code == 200, options.content
    return post_json(client, REGISTER_COMPLETE, passkey.create(options.json()))


def authenticate(client, passkey, *, next_url=ADMIN, **answer):
    options = post_json(client, AUTH_BEGIN)
    assert options.status_code == 200, options.content
    return post_json(
        client,
        f"{AUTH_COMPLETE}?next={next_url}",
        passkey.get(options.json(), **answer),
    )


def verified(client):
    return client.get(ADMIN).status_code == 200


def user_with_passkey(username):
    """A staff member with a registered passkey, and that passkey."""
    user = make_staff_user(username)
    passkey = SoftPasskey()
    client = Client()
    sign_in(client, username)
    assert register(client, passkey).status_code == 200
    return user, passkey


# Registering and using a passkey


def test_a_staff_member_registers_a_passkey_as_their_second_factor(client):
    user = make_staff_user("alice")
    sign_in(client, "alice")
    setup = client.get(reverse("two_factor_setup"))
    page = setup.content.decode()
    # The package's script comes from this site, its options in a data block.
    assert 'id="passkey-register-button"' in page
    assert '<script id="otp_webauthn_config" type="application/json">' in page
    assert 'src="/static/django_otp_webauthn/otp_webauthn_register.js"' in page
    for script in re.findall(r"<script[^>]*>", page):
        assert "src=" in script or 'type="application/json"' in script, script
    policy = dict(
        part.strip().split(" ", 1)
        for part in setup["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    key_before = client.session.session_key

    response = register(client, SoftPasskey())

    assert response.status_code == 200
    credential = WebAuthnCredential.objects.get(user=user)
    assert response.json() == {"id": credential.pk}
    assert accounts.has_passkey(user)
    assert client.session.session_key != key_before
    assert verified(client)
    # The set-up page then shows the recovery codes, once.
    done = client.post(reverse("two_factor_passkey_added"), {"next": ADMIN})
    assert done.status_code == 200
    assert "Your recovery codes" in done.content.decode()
    assert StaticToken.objects.filter(device__user=user).count() == 10
    again = client.post(reverse("two_factor_passkey_added"), {"next": ADMIN})
    assert again.status_code == 302
    assert again["Location"] == ADMIN
    assert StaticToken.objects.filter(device__user=user).count() == 10


def test_the_passkey_replaces_the_code_at_the_code_step(client):
    user, passkey = user_with_passkey("alice")
    sign_in(client, "alice")
    step = client.get(ADMIN)
    assert step["Location"] == f"{reverse('two_factor_verify')}?next=%2Fadmin%2F"
    page = client.get(step["Location"]).content.decode()
    assert 'id="passkey-verification-button"' in page
    assert 'src="/static/django_otp_webauthn/otp_webauthn_auth.js"' in page
    key_before = client.session.session_key

    response = authenticate(client, passkey, next_url="/admin/quotes/quote/")

    assert response.status_code == 200
    assert response.json()["redirect_url"] == "/admin/quotes/quote/"
    assert client.session.session_key != key_before
    assert verified(client)
    assert WebAuthnCredential.objects.get(user=user).sign_count == 1


def test_a_passkey_is_added_beside_the_authenticator_after_its_code(client):
    user = make_staff_user("alice")
    _, codes = confirmed_authenticator(user)
    sign_in(client, "alice")
    client.post(reverse("two_factor_verify"), {"code": codes[0]})
    assert verified(client)

    response = register(client, SoftPasskey())

    assert response.status_code == 200
    assert accounts.has_passkey(user)
    # The recovery codes already given stay as they are.
    done = client.post(reverse("two_factor_passkey_added"), {"next": ADMIN})
    assert done.status_code == 302
    assert set(
        StaticToken.objects.filter(device__user=user).values_list("token", flat=True)
    ) == set(codes[1:])


def test_the_code_step_offers_no_passkey_to_someone_without_one(client):
    confirmed_authenticator(make_staff_user("alice"))
    sign_in(client, "alice")

    page = client.get(reverse("two_factor_verify")).content.decode()

    assert "passkey-verification-button" not in page
    assert "otp_webauthn_config" not in page


def test_a_passkey_counts_as_a_device_for_the_requirement(client):
    user_with_passkey("alice")
    sign_in(client, "alice")

    # Not led to set one up: asked for the second step instead.
    response = client.get("/admin/press/pressrelease/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_verify"))


def test_the_redirect_after_a_passkey_stays_on_this_site(client):
    _, passkey = user_with_passkey("alice")
    sign_in(client, "alice")

    response = authenticate(client, passkey, next_url="https://evil.example/admin/")

    assert response.status_code == 200
    assert response.json()["redirect_url"] == ADMIN


# Refusals: no session


def test_without_a_session_no_passkey_is_registered():
    anonymous = Client()

    begin = post_json(anonymous, REGISTER_BEGIN)
    answer = SoftPasskey().create({"challenge": b64url(os.urandom(32))})
    complete = post_json(anonymous, REGISTER_COMPLETE, answer)

    assert begin.status_code == 403
    assert begin.json()["code"] == "not_authenticated"
    assert complete.status_code == 403
    assert not WebAuthnCredential.objects.exists()


def test_a_passkey_alone_signs_no_one_in():
    _, passkey = user_with_passkey("alice")
    anonymous = Client()

    begin = post_json(anonymous, AUTH_BEGIN)
    complete = post_json(anonymous, AUTH_COMPLETE, passkey.get({"challenge": "x"}))

    assert begin.status_code == 403
    assert complete.status_code == 403
    assert complete.json()["code"] == "passwordless_login_disabled"
    assert "_auth_user_id" not in anonymous.session


def test_a_password_alone_cannot_add_a_passkey_beside_the_authenticator(client):
    user = make_staff_user("alice")
    confirmed_authenticator(user)
    sign_in(client, "alice")

    response = post_json(client, REGISTER_BEGIN)

    assert response.status_code == 403
    assert response.json()["code"] == "user_not_verified"
    assert not WebAuthnCredential.objects.exists()


def test_recovery_codes_for_a_passkey_need_a_verified_session(client):
    user = make_staff_user("alice")
    confirmed_authenticator(user)
    StaticToken.objects.filter(device__user=user).delete()
    sign_in(client, "alice")

    response = client.post(reverse("two_factor_passkey_added"), {"next": ADMIN})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_verify"))
    assert not StaticToken.objects.filter(device__user=user).exists()
    assert client.get(reverse("two_factor_passkey_added")).status_code == 405


# Refusals: the wrong user


def test_someone_elses_passkey_does_not_verify_a_session(client):
    _, bobs_passkey = user_with_passkey("bob")
    user_with_passkey("alice")
    sign_in(client, "alice")

    response = authenticate(client, bobs_passkey)

    assert response.status_code == 403
    assert response.json()["code"] == "credential_user_mismatch"
    assert not verified(client)


def test_the_begin_options_name_only_the_users_own_passkeys(client):
    user_with_passkey("bob")
    _, alices_passkey = user_with_passkey("alice")
    sign_in(client, "alice")

    options = post_json(client, AUTH_BEGIN).json()

    assert [c["id"] for c in options["allowCredentials"]] == [
        b64url(alices_passkey.credential_id)
    ]


# Refusals: forged requests


def test_a_completion_without_its_beginning_is_refused(client):
    _, passkey = user_with_passkey("alice")
    sign_in(client, "alice")

    forged = post_json(client, AUTH_COMPLETE, passkey.get({"challenge": "AAAA"}))

    assert forged.status_code == 400
    assert forged.json()["code"] == "invalid_state"
    assert not verified(client)


def test_an_answer_cannot_be_replayed(client):
    _, passkey = user_with_passkey("alice")
    sign_in(client, "alice")
    options = post_json(client, AUTH_BEGIN).json()
    answer = passkey.get(options)
    assert post_json(client, AUTH_COMPLETE, answer).status_code == 200
    client.post(reverse("admin:logout"))
    sign_in(client, "alice")

    post_json(client, AUTH_BEGIN)
    replayed = post_json(client, AUTH_COMPLETE, answer)

    assert replayed.status_code in {400, 422}
    assert not verified(client)


def test_an_answer_to_another_sessions_challenge_is_refused(client):
    _, passkey = user_with_passkey("alice")
    elsewhere = Client()
    sign_in(elsewhere, "alice")
    their_options = post_json(elsewhere, AUTH_BEGIN).json()
    sign_in(client, "alice")
    post_json(client, AUTH_BEGIN)

    response = post_json(client, AUTH_COMPLETE, passkey.get(their_options))

    assert response.status_code == 422
    assert not verified(client)


def test_a_signature_from_another_key_is_refused(client):
    _, passkey = user_with_passkey("alice")
    sign_in(client, "alice")

    response = authenticate(
        client, passkey, key=ec.generate_private_key(ec.SECP256R1())
    )

    assert response.status_code == 422
    assert not verified(client)


def test_an_answer_made_for_another_origin_is_refused(client):
    _, passkey = user_with_passkey("alice")
    passkey.origin = "https://evil.example"
    sign_in(client, "alice")

    response = authenticate(client, passkey)

    assert response.status_code == 422
    assert not verified(client)


def test_a_passkey_registered_for_another_site_is_refused(client):
    make_staff_user("alice")
    sign_in(client, "alice")

    response = register(client, SoftPasskey(rp_id="evil.example"))

    assert response.status_code == 422
    assert not WebAuthnCredential.objects.exists()
    assert not verified(client)


@pytest.mark.parametrize(
    "body",
    [
        "{not json",
        "[]",
        '{"id": "x"}',
        '{"id": "AA", "rawId": "AA", "type": "public-key", "response": 7}',
        '{"id": "AA", "rawId": "AA", "type": "public-key", "response": '
        '{"clientDataJSON": "!!", "attestationObject": "AAAA"}}',
    ],
)
def test_garbled_answers_get_a_clear_refusal(client, body):
    make_staff_user("alice")
    sign_in(client, "alice")

    post_json(client, REGISTER_BEGIN)
    response = client.post(REGISTER_COMPLETE, body, content_type="application/json")

    assert 400 <= response.status_code < 500, response.content
    assert "detail" in response.json()
    assert not WebAuthnCredential.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        "{not json",
        "[]",
        '{"id": "x"}',
        '{"id": "AA", "rawId": "AA", "type": "public-key", "response": '
        '{"clientDataJSON": "!!", "authenticatorData": "AA", "signature": "AA"}}',
    ],
)
def test_garbled_assertions_get_a_clear_refusal(client, body):
    user_with_passkey("alice")
    sign_in(client, "alice")

    post_json(client, AUTH_BEGIN)
    response = client.post(AUTH_COMPLETE, body, content_type="application/json")

    assert 400 <= response.status_code < 500, response.content
    assert "detail" in response.json()
    assert not verified(client)


def test_the_endpoints_check_the_csrf_token():
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(make_staff_user("bob"))

    for url in (REGISTER_BEGIN, REGISTER_COMPLETE, AUTH_BEGIN, AUTH_COMPLETE):
        assert post_json(browser, url, {}).status_code == 403, url
    assert not WebAuthnCredential.objects.exists()


def test_the_endpoints_answer_post_only(client):
    _, passkey = user_with_passkey("alice")
    sign_in(client, "alice")
    assert authenticate(client, passkey).status_code == 200

    for url in (REGISTER_BEGIN, REGISTER_COMPLETE, AUTH_BEGIN, AUTH_COMPLETE):
        assert client.get(url).status_code == 405, url


# Settings


def test_the_relying_party_defaults_to_the_sites_address():
    env = {k: v for k, v in os.environ.items() if not k.startswith("OTP_WEBAUTHN_")}
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.OTP_WEBAUTHN_RP_ID, s.OTP_WEBAUTHN_RP_NAME, "
        "s.OTP_WEBAUTHN_ALLOWED_ORIGINS]))"
    )

    def read(**extra):
        result = subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env={
                **env,
                "DJANGO_SETTINGS_MODULE": "cepsite.settings",
                "SITE_NAME": "CEP",
                **extra,
            },
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout.splitlines()[-1])

    assert read(SITE_URL="https://www.example.org/") == [
        "www.example.org",
        "CEP",
        ["https://www.example.org"],
    ]
    assert read(
        SITE_URL="https://www.example.org",
        OTP_WEBAUTHN_RP_ID="example.org",
        OTP_WEBAUTHN_RP_NAME="Staff",
        OTP_WEBAUTHN_ALLOWED_ORIGINS="https://www.example.org,https://example.org",
    ) == ["example.org", "Staff", ["https://www.example.org", "https://example.org"]]
