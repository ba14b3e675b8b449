"""The URLconf: the admin, uploads where the site serves them, the public site."""

from django.conf import settings
from django.contrib import admin
from django.urls import path, re_path
from django.views.static import serve as serve_media

from cepsite.site import urls as site_urls

urlpatterns = [
    *site_urls.urlpatterns,
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
