from django.urls import path

from cepsite.urls import urlpatterns as site_urlpatterns

from . import views

urlpatterns = [
    path("bench/floor/", views.floor, name="bench_floor"),
    *site_urlpatterns,
]
