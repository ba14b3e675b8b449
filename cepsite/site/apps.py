from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The pages, feeds and commands that combine the content apps."""

    name = "cepsite.site"
    label = "site"
    verbose_name = "Public site"
