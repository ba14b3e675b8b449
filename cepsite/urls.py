from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.static import serve as serve_media

from press.feeds import LatestPressFeed
from quotes.feeds import LatestQuotesFeed

from . import preview, views
from .sitemaps import sitemaps

urlpatterns = [
    path("", views.home, name="home"),
    path("press/", include("press.urls")),
    path("", include("quotes.urls")),
    path("resources/", include("resources.urls")),
    # Tag slugs may be Unicode ("الدولة-الإسلامية"), which <slug:> refuses.
    re_path(r"^tags/(?P<slug>[-\w]+)/$", views.tag_page, name="tag"),
    path("search/", views.search, name="search"),
    path(
        "preview/<slug:app_label>/<slug:model_name>/<int:pk>/",
        preview.preview,
        name="preview",
    ),
    path("feeds/press/", LatestPressFeed(), name="press_feed"),
    path("feeds/quotes/", LatestQuotesFeed(), name="quotes_feed"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": sitemaps},
        name="sitemap",
    ),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("healthz", views.healthz, name="healthz"),
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
