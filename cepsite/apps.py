from django.apps import AppConfig


class CepsiteConfig(AppConfig):
    name = "cepsite"
    verbose_name = "Site"
