"""The public site's addresses, each app's under its own namespace."""

import functools

from django.contrib.sitemaps.views import index, sitemap
from django.urls import include, path, re_path

from cepsite.pagecache import keyed_on
from resources.views import ResourceListView

from . import api, methodology, preview, views
from .datasets.views import releases as dataset_releases
from .feeds import (
    CorrectionsFeed,
    LatestPressFeed,
    QuotesAtom,
    QuotesFeed,
    QuotesJson,
)
from .sitemaps import sitemaps

# The resource page shows other apps' content, so it is the assembly's view,
# under the resources app's own names.
resource_patterns = (
    [
        path("", ResourceListView.as_view(), name="list"),
        path("<slug:slug>/", views.ResourcePageView.as_view(), name="detail"),
    ],
    "resources",
)

urlpatterns = [
    path("", views.home, name="home"),
    path("press/", include("press.urls")),
    path("", include("quotes.urls")),
    path("resources/", include(resource_patterns)),
    # Tag slugs may be Unicode ("الدولة-الإسلامية"), which <slug:> refuses.
    re_path(r"^tags/(?P<slug>[-\w]+)/$", views.tag_page, name="tag"),
    path("search/", views.search, name="search"),
    path(
        "preview/<slug:app_label>/<slug:model_name>/<int:pk>/",
        preview.preview,
        name="preview",
    ),
    # A shareable preview link (cepsite/previews.py), for anyone holding it.
    path("preview/<str:token>/", preview.shared_preview, name="preview_link"),
    path("corrections/", views.corrections, name="corrections"),
    path("methodology/", methodology.methodology, name="methodology"),
    path("api/v1/", include(api)),
    path("data/", dataset_releases, name="datasets"),
    path("feeds/press/", LatestPressFeed(), name="press_feed"),
    path("feeds/corrections/", CorrectionsFeed(), name="corrections_feed"),
    path("feeds/quotes/", QuotesFeed(), name="quotes_feed"),
    path("feeds/quotes/atom/", QuotesAtom(), name="quotes_feed_atom"),
    path("feeds/quotes/json/", QuotesJson(), name="quotes_feed_json"),
    # The index of the sitemap's pages, at the address robots.txt names.
    path("sitemap.xml", index, {"sitemaps": sitemaps}, name="sitemap"),
    # A section's sitemap, page by page: /sitemap-quotes.xml?p=2.
    path(
        "sitemap-<section>.xml",
        keyed_on("p")(functools.partial(sitemap)),
        {"sitemaps": sitemaps},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("healthz", views.healthz, name="healthz"),
]
