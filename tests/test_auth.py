"""Staff accounts: lockout, the second factor, session limits, password rules."""

import base64
import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cepsite import accounts
from tests.factories import STAFF_PASSWORD, make_staff_member, make_staff_user

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
LOGIN = "/admin/login/"
ADMIN = "/admin/"
ATTACKER = "198.51.100.7"
COLLEAGUE = "203.0.113.20"


def sign_in(client, username, password=STAFF_PASSWORD, *, address="127.0.0.1"):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": ADMIN},
        REMOTE_ADDR=address,
    )


def signed_in(client):
    return "_auth_user_id" in client.session


def current_code(device):
    """The code an authenticator app shows now for ``device``."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def confirmed_authenticator(user):
    device = accounts.two_factor_device_start(user=user)
    codes = accounts.two_factor_device_confirm(
        device=device, token=current_code(device)
    )
    device.refresh_from_db()
    return device, codes


@pytest.fixture
def two_factor_required(settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = True


# Lockout


def test_wrong_passwords_lock_the_account_even_for_the_right_one(client):
    make_staff_user("alice")
    for _ in range(4):
        response = sign_in(client, "alice", "not-the-password", address=ATTACKER)
        assert response.status_code == 200
    # The fifth failure locks.
    assert sign_in(client, "alice", "wrong", address=ATTACKER).status_code == 429

    response = sign_in(client, "alice", address=ATTACKER)

    assert response.status_code == 429
    assert not signed_in(client)
    text = response.content.decode()
    assert "Too many failed sign-in attempts" in text
    assert "locked for 30 minutes" in text


def test_a_locked_account_stays_locked_from_another_address(client):
    make_staff_user("alice")
    for n in range(5):
        sign_in(client, "alice", "wrong", address=f"198.51.100.{n + 1}")

    response = sign_in(client, "alice", address=COLLEAGUE)

    assert response.status_code == 429
    assert not signed_in(client)


def test_an_address_trying_many_accounts_is_locked_for_every_account(client):
    make_staff_user("alice")
    for n in range(5):
        sign_in(client, f"guess{n}", "wrong", address=ATTACKER)

    assert sign_in(client, "alice", address=ATTACKER).status_code == 429
    assert not signed_in(client)
    # The account itself is not locked: from elsewhere its owner signs in.
    assert sign_in(client, "alice", address=COLLEAGUE).status_code == 302
    assert signed_in(client)


def test_fewer_failures_than_the_limit_still_let_the_owner_in(client):
    make_staff_user("alice")
    for _ in range(4):
        sign_in(client, "alice", "wrong")

    assert sign_in(client, "alice").status_code == 302
    assert signed_in(client)
    # A success clears the count.
    assert not AccessAttempt.objects.filter(username="alice").exists()


def test_the_lockout_ends_after_the_cool_off(client, settings):
    make_staff_user("alice")
    for _ in range(5):
        sign_in(client, "alice", "wrong", address=ATTACKER)

    later = timezone.now() + settings.AXES_COOLOFF_TIME + datetime.timedelta(minutes=1)
    with time_machine.travel(later):
        response = sign_in(client, "alice", address=ATTACKER)

    assert response.status_code == 302
    assert signed_in(client)


def test_an_editor_unlocks_an_account_in_the_admin(client):
    make_staff_user("alice")
    for _ in range(5):
        sign_in(client, "alice", "wrong", address=ATTACKER)
    editor = make_staff_member("erin", role="editor")
    editors_client = type(client)()
    editors_client.force_login(editor)

    changelist = reverse("admin:axes_accessattempt_changelist")
    listing = editors_client.get(changelist)
    assert listing.status_code == 200
    assert "alice" in listing.content.decode()
    attempts = list(AccessAttempt.objects.values_list("pk", flat=True))
    response = editors_client.post(
        changelist,
        {
            "action": "delete_selected",
            "_selected_action": attempts,
            "post": "yes",
        },
    )

    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert sign_in(client, "alice", address=ATTACKER).status_code == 302
    assert signed_in(client)


def test_a_contributor_cannot_see_or_clear_failed_sign_ins(client):
    client.force_login(make_staff_member("cory", role="contributor"))

    response = client.get(reverse("admin:axes_accessattempt_changelist"))

    assert response.status_code == 403


def test_behind_the_proxy_the_address_nginx_saw_is_counted(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get(
        "/", HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.7", REMOTE_ADDR="172.18.0.5"
    )
    assert accounts.client_address(request) == "198.51.100.7"

    settings.TRUSTED_PROXY_COUNT = 0
    assert accounts.client_address(request) == "172.18.0.5"


# Two-factor authentication


def test_when_required_a_staff_member_without_a_device_is_led_to_set_one_up(
    client, two_factor_required
):
    user = make_staff_user("alice")
    sign_in(client, "alice")

    response = client.get(ADMIN)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_setup"))
    # No admin page is reachable before the second step.
    assert client.get("/admin/press/pressrelease/").status_code == 302

    setup = client.get(response["Location"])
    assert setup.status_code == 200
    page = setup.content.decode()
    assert 'src="data:image/svg+xml;base64,' in page
    assert 'name="csrfmiddlewaretoken"' in page
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    secret = re.search(r'class="two-factor-secret">([A-Z2-7]+)<', page).group(1)
    assert secret == base64.b32encode(device.bin_key).decode()

    wrong = client.post(setup.request["PATH_INFO"], {"code": "000000"})
    assert wrong.status_code == 200
    assert "not the one the app shows now" in wrong.content.decode()

    # A wrong code makes the device wait a moment before the next try.
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=5)):
        done = client.post(
            reverse("two_factor_setup"), {"code": current_code(device), "next": ADMIN}
        )
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([^<]+)</code></li>", done.content.decode())
    assert len(codes) == accounts.RECOVERY_CODE_COUNT
    assert set(codes) == set(
        StaticToken.objects.filter(device__user=user).values_list("token", flat=True)
    )
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(ADMIN).status_code == 200


def test_a_staff_member_with_an_authenticator_must_give_its_code(
    client, two_factor_required
):
    user = make_staff_user("alice")
    device, _ = confirmed_authenticator(user)
    sign_in(client, "alice")

    response = client.get(ADMIN)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('two_factor_verify')}?next=%2Fadmin%2F"

    assert (
        'name="csrfmiddlewaretoken"'
        in client.get(response["Location"]).content.decode()
    )
    wrong = client.post(reverse("two_factor_verify"), {"code": "123456"})
    assert wrong.status_code == 200
    assert "That code is not valid" in wrong.content.decode()
    assert client.get(ADMIN).status_code == 302

    # A wrong code makes the device wait before the next try, and the code
    # used to set it up is spent: the next one comes with the next step.
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=35)):
        right = client.post(
            reverse("two_factor_verify"),
            {"code": current_code(device), "next": "/admin/quotes/quote/"},
        )
        assert right.status_code == 302
        assert right["Location"] == "/admin/quotes/quote/"
        assert client.get(ADMIN).status_code == 200


def test_a_recovery_code_works_once(client, two_factor_required):
    user = make_staff_user("alice")
    _, codes = confirmed_authenticator(user)

    sign_in(client, "alice")
    first = client.post(reverse("two_factor_verify"), {"code": codes[0]})
    assert first.status_code == 302
    assert client.get(ADMIN).status_code == 200
    client.post(reverse("admin:logout"))

    sign_in(client, "alice")
    again = client.post(reverse("two_factor_verify"), {"code": codes[0]})
    assert again.status_code == 200
    assert "That code is not valid" in again.content.decode()
    assert client.get(ADMIN).status_code == 302
    assert StaticToken.objects.filter(device__user=user).count() == len(codes) - 1


def test_the_next_address_after_the_code_stays_on_this_site(
    client, two_factor_required
):
    user = make_staff_user("alice")
    _, codes = confirmed_authenticator(user)
    sign_in(client, "alice")

    response = client.post(
        reverse("two_factor_verify"),
        {"code": codes[0], "next": "https://evil.example/admin/"},
    )

    assert response["Location"] == ADMIN


def test_a_password_alone_cannot_replace_the_authenticator(client):
    user = make_staff_user("alice")
    confirmed_authenticator(user)
    sign_in(client, "alice")

    response = client.get(reverse("two_factor_setup"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_verify"))
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_setting_up_again_replaces_the_recovery_codes():
    user = make_staff_user("alice")
    _, old_codes = confirmed_authenticator(user)

    _, new_codes = confirmed_authenticator(user)

    assert StaticDevice.objects.filter(user=user).count() == 1
    stored = set(
        StaticToken.objects.filter(device__user=user).values_list("token", flat=True)
    )
    assert stored == set(new_codes)
    assert not stored & set(old_codes)


def test_without_the_requirement_a_password_reaches_the_admin(client):
    make_staff_user("alice")
    sign_in(client, "alice")

    assert client.get(ADMIN).status_code == 200


def test_the_second_step_is_required_by_default_when_debug_is_off():
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}}
    script = (
        "from django.conf import settings as s; "
        "print(s.STAFF_TWO_FACTOR_REQUIRED, s.SESSION_COOKIE_AGE)"
    )
    results = {}
    for debug in ("0", "1"):
        env.update(
            DEBUG=debug, SECRET_KEY="x" * 60, DJANGO_SETTINGS_MODULE="cepsite.settings"
        )
        env.pop("STAFF_TWO_FACTOR_REQUIRED", None)
        result = subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {script}"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        results[debug] = result.stdout.split()
    assert results["0"] == ["True", str(10 * 60 * 60)]
    assert results["1"] == ["False", str(10 * 60 * 60)]


# Sessions


def test_a_staff_session_cookie_lasts_no_longer_than_a_working_day(client):
    make_staff_user("alice")

    response = sign_in(client, "alice")

    assert response.status_code == 302
    assert int(response.cookies["sessionid"]["max-age"]) <= 10 * 60 * 60


def test_the_stored_session_lapses_by_itself_after_an_idle_hour(client):
    make_staff_user("alice")
    sign_in(client, "alice")

    stored = Session.objects.get(session_key=client.session.session_key)

    assert stored.expire_date <= timezone.now() + datetime.timedelta(hours=1)
    assert stored.expire_date > timezone.now() + datetime.timedelta(minutes=59)


def test_an_idle_hour_ends_a_staff_session(client):
    make_staff_user("alice")
    sign_in(client, "alice")
    assert client.get(ADMIN).status_code == 200

    session = client.session
    session[accounts.SEEN_AT] -= 61 * 60
    session.save()
    response = client.get(ADMIN)

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert not signed_in(client)
    page = client.get(response["Location"]).content.decode()
    assert "after a spell without activity" in page


def test_activity_keeps_a_session_alive_within_the_day(client):
    make_staff_user("alice")
    sign_in(client, "alice")

    session = client.session
    session[accounts.SEEN_AT] -= 50 * 60
    session[accounts.LOGIN_AT] -= 50 * 60
    session.save()

    assert client.get(ADMIN).status_code == 200
    assert signed_in(client)
    assert client.session[accounts.SEEN_AT] > session[accounts.SEEN_AT]


def test_a_working_day_ends_a_staff_session_however_busy(client):
    make_staff_user("alice")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        sign_in(client, "alice")
    # Busy all day: a request every 40 minutes.
    for minutes in range(40, 10 * 60, 40):
        with time_machine.travel(start + datetime.timedelta(minutes=minutes)):
            assert client.get(ADMIN).status_code == 200, minutes

    with time_machine.travel(start + datetime.timedelta(hours=10, minutes=1)):
        response = client.get(ADMIN)
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)
        assert not signed_in(client)


def test_a_session_stored_under_longer_rules_still_ends_with_the_day(client):
    make_staff_user("alice")
    sign_in(client, "alice")
    session = client.session
    session[accounts.LOGIN_AT] -= 10 * 60 * 60
    session.set_expiry(14 * 24 * 60 * 60)
    session.save()

    response = client.get(ADMIN)

    assert response.status_code == 302
    assert not signed_in(client)
    page = client.get(response["Location"]).content.decode()
    assert "at the end of the working day" in page


def test_public_pages_open_no_session_for_anonymous_readers(client):
    for path in ("/", "/press/", "/quotes/", "/search/?q=isis"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "sessionid" not in response.cookies, path
        # Nothing even read a session: the page is the same for every reader.
        assert "Cookie" not in response.get("Vary", ""), path
    assert "sessionid" not in client.get(LOGIN).cookies
    assert not Session.objects.exists()


# Passwords


def test_a_password_needs_twelve_characters():
    with pytest.raises(ValidationError, match="at least 12 characters"):
        validate_password("Xq7#pLm2!vR")
    validate_password("Xq7#pLm2!vRt")


def test_add_staff_refuses_an_eight_character_password(monkeypatch):
    monkeypatch.setenv("STAFF_PASSWORD", "Xq7#pLm2")

    with pytest.raises(CommandError, match="at least 12 characters"):
        call_command("add_staff", "alice", "--role", "editor")


def _csrf(page):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def test_the_whole_sign_in_passes_csrf_checks_as_a_browser_would(two_factor_required):
    browser = Client(enforce_csrf_checks=True)
    user = make_staff_user("alice")
    login_page = browser.get(LOGIN).content.decode()
    response = browser.post(
        LOGIN,
        {
            "csrfmiddlewaretoken": _csrf(login_page),
            "username": "alice",
            "password": STAFF_PASSWORD,
            "next": ADMIN,
        },
    )
    setup_url = browser.get(response["Location"])["Location"]
    setup_page = browser.get(setup_url).content.decode()
    device = TOTPDevice.objects.get(user=user)

    done = browser.post(
        setup_url,
        {"csrfmiddlewaretoken": _csrf(setup_page), "code": current_code(device)},
    )

    assert done.status_code == 200
    assert "Your recovery codes" in done.content.decode()
    assert browser.get(ADMIN).status_code == 200


def test_an_unverified_staff_member_sees_no_page_before_the_code(
    client, two_factor_required
):
    make_staff_user("alice")
    sign_in(client, "alice")

    response = client.get("/quotes/")

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('two_factor_setup')}?next=%2Fquotes%2F"


def test_the_code_step_sends_someone_without_an_authenticator_to_set_one_up(
    client, two_factor_required
):
    make_staff_user("alice")
    sign_in(client, "alice")

    response = client.get(reverse("two_factor_verify"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_setup"))
