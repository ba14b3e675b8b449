"""The URLconf: the admin, uploads where the site serves them, the public site."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog
from django.views.static import serve as serve_media
from django_otp_webauthn import views as webauthn_views

from cepsite.admin import auth as admin_auth
from cepsite.admin import dashboard as admin_dashboard
from cepsite.site import urls as site_urls

# django-otp-webauthn's endpoints, under the names its browser script is
# given; completing a ceremony goes through the admin's narrower views.
passkey_patterns = [
    path(
        "registration/begin/",
        webauthn_views.BeginCredentialRegistrationView.as_view(),
        name="credential-registration-begin",
    ),
    path(
        "registration/complete/",
        admin_auth.PasskeyRegistrationComplete.as_view(),
        name="credential-registration-complete",
    ),
    path(
        "authentication/begin/",
        webauthn_views.BeginCredentialAuthenticationView.as_view(),
        name="credential-authentication-begin",
    ),
    path(
        "authentication/complete/",
        admin_auth.PasskeyAuthenticationComplete.as_view(),
        name="credential-authentication-complete",
    ),
    path(
        "jsi18n/",
        JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]),
        name="js-i18n-catalog",
    ),
]

urlpatterns = [
    *site_urls.urlpatterns,
    # The admin's sign-in steps after the password (cepsite/admin/auth.py).
    path("admin/two-factor/", admin_auth.verify, name="two_factor_verify"),
    path("admin/two-factor/setup/", admin_auth.setup, name="two_factor_setup"),
    path(
        "admin/two-factor/passkey-added/",
        admin_auth.passkey_added,
        name="two_factor_passkey_added",
    ),
    path(
        "admin/two-factor/passkeys/",
        include((passkey_patterns, "otp_webauthn")),
    ),
    # The dashboard's Daily Dose form and calendar feed (cepsite/admin/calendars.py).
    *admin_dashboard.urlpatterns,
    path("admin/", admin.site.urls),
]

if settings.SERVE_MEDIA:
    # Production serves uploads from the web server or a bucket instead.
    urlpatterns += [
        re_path(
            r"^media/(?P<path>.*)$",
            serve_media,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]
