from django.urls import path

from cepsite.citations import FILE_FORMATS

from . import cite_views, views

app_name = "quotes"

urlpatterns = [
    path("quotes/", views.ArchiveView.as_view(), name="archive"),
    path(
        "quotes/download.csv",
        views.ArchiveDownloadView.as_view(file_format="csv"),
        name="download_csv",
    ),
    path(
        "quotes/download.json",
        views.ArchiveDownloadView.as_view(file_format="json"),
        name="download_json",
    ),
    path("quotes/suggest/", views.SuggestView.as_view(), name="suggest"),
    path("quotes/<int:pk>/", views.QuoteDetailView.as_view(), name="detail"),
    # Citation files: quotes:cite_json, quotes:cite_result_bib...
    *(
        path(
            f"quotes/<int:pk>/cite.{extension}",
            cite_views.QuoteCitationView.as_view(file_format=extension),
            name=f"cite_{extension}",
        )
        for extension in FILE_FORMATS
    ),
    *(
        path(
            f"quotes/cite.{extension}",
            cite_views.ResultCitationView.as_view(file_format=extension),
            name=f"cite_result_{extension}",
        )
        for extension in FILE_FORMATS
    ),
    path("daily-dose/", views.DailyDoseView.as_view(), name="daily_dose"),
]
