from django.urls import path

from cepsite.citations import FILE_FORMATS

from . import views

app_name = "press"

urlpatterns = [
    path("", views.PressListView.as_view(), name="list"),
    path("<slug:slug>/", views.PressDetailView.as_view(), name="detail"),
    # press:cite_json, press:cite_bib, press:cite_ris
    *(
        path(
            f"<slug:slug>/cite.{extension}",
            views.PressCitationView.as_view(file_format=extension),
            name=f"cite_{extension}",
        )
        for extension in FILE_FORMATS
    ),
]
