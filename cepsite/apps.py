from django.apps import AppConfig
from django.apps import apps as global_apps
from django.contrib.auth.signals import user_logged_in
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate


def _sync_roles(sender, apps=global_apps, using=DEFAULT_DB_ALIAS, **kwargs):
    from cepsite.roles import sync_roles

    # After ``flush`` too, which empties the groups the data migration made.
    sync_roles(apps, using=using)


class CepsiteConfig(AppConfig):
    name = "cepsite"
    verbose_name = "Site"

    def ready(self):
        post_migrate.connect(
            _sync_roles, sender=self, dispatch_uid="cepsite-sync-roles"
        )
        from cepsite.accounts import session_start

        # A staff session's working day runs from the moment of signing in.
        user_logged_in.connect(session_start, dispatch_uid="cepsite-session-start")
