"""The public site's addresses, each app's under its own namespace."""

from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path

from resources.views import ResourceListView

from . import preview, views
from .feeds import LatestPressFeed, LatestQuotesFeed
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
    path("feeds/press/", LatestPressFeed(), name="press_feed"),
    path("feeds/quotes/", LatestQuotesFeed(), name="quotes_feed"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("healthz", views.healthz, name="healthz"),
]
