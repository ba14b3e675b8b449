from django.urls import path

from . import views

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
    path("quotes/<int:pk>/", views.QuoteDetailView.as_view(), name="detail"),
    path("daily-dose/", views.DailyDoseView.as_view(), name="daily_dose"),
]
