from django.apps import AppConfig


class CepsiteConfig(AppConfig):
    name = "cepsite"
    verbose_name = "Site"

    def ready(self):
        from . import signals

        signals.connect()
