"""
The staff roles: Contributors write, Editors also release.

Each role is a group. Contributors may add, change and view the
publishable content but delete nothing; Editors may do everything, and hold the
``publish_<model>`` permission of each publishable model, which the admin
asks for before it publishes, unpublishes, reschedules or deletes a
published item. Superusers hold every permission, so they are editors.

Organisations, people and tags are what statements are attributed to and
filed under, and a change to one is live at once on every page that names
it, so only editors add, rename, re-slug, merge or delete organisations and
people (``ATTRIBUTION_MODELS``): site search lists every one of them by
name, with a person's organisation, from the moment it exists. Contributors
look them up (the autocompletes need no more) and may add a tag, which no
reader sees until an editor releases an item carrying it.

The publish permissions are created here, on each model's content type,
rather than declared in the models' ``Meta``: that keeps the content apps'
migrations untouched, and lets one function create both the permissions and
the groups. It runs from the data migration that introduced the roles and
again after every ``migrate`` (and ``flush``), so the roles exist in any
database, test databases included. It only ever adds: permissions granted
by hand in the group admin are kept.
"""

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS

CONTRIBUTORS = "Contributors"
EDITORS = "Editors"
ROLE_GROUPS = {"contributor": CONTRIBUTORS, "editor": EDITORS}

PUBLISHABLE_MODELS = [
    ("press", "pressrelease"),
    ("quotes", "quote"),
    ("resources", "resource"),
]
ATTRIBUTION_MODELS = [
    ("resources", "organization"),
    ("resources", "person"),
    ("taggit", "tag"),
]
CONTENT_MODELS = [*PUBLISHABLE_MODELS, *ATTRIBUTION_MODELS]


def _role_permissions():
    """``{group name: [(app_label, model_name, action), ...]}``."""
    contributors = [
        *(
            (app_label, model_name, action)
            for app_label, model_name in PUBLISHABLE_MODELS
            for action in ("add", "change", "view")
        ),
        *(
            (app_label, model_name, "view")
            for app_label, model_name in ATTRIBUTION_MODELS
        ),
        ("taggit", "tag", "add"),
        # A quote's sources, edited on its page.
        *(("quotes", "source", action) for action in ("add", "change", "view")),
        # The categories of rhetoric are a controlled vocabulary: picked, not
        # made, by contributors.
        ("quotes", "category", "view"),
    ]
    editors = [
        *(
            (app_label, model_name, action)
            for app_label, model_name in CONTENT_MODELS
            for action in ("add", "change", "view", "delete")
        ),
        *(
            (app_label, model_name, "publish")
            for app_label, model_name in PUBLISHABLE_MODELS
        ),
        *(
            ("quotes", "source", action)
            for action in ("add", "change", "view", "delete")
        ),
        *(
            ("quotes", "category", action)
            for action in ("add", "change", "view", "delete")
        ),
        # The audit trail: who changed what, and when.
        ("admin", "logentry", "view"),
        # The methodology page's sections.
        *(
            ("site", "methodologysection", action)
            for action in ("add", "change", "view", "delete")
        ),
    ]
    return {CONTRIBUTORS: contributors, EDITORS: editors}


def withdrawn_from_contributors():
    """
    ``[(app_label, model_name, action)]`` that contributors held before
    attributions needed an editor, which the migration of that change takes
    back from the group.
    """
    return [
        *(
            (app_label, model_name, "change")
            for app_label, model_name in ATTRIBUTION_MODELS
        ),
        ("resources", "organization", "add"),
        ("resources", "person", "add"),
    ]


def publish_permission(model):
    """The ``"app_label.publish_model"`` name that ``user.has_perm`` takes."""
    opts = model._meta
    return f"{opts.app_label}.publish_{opts.model_name}"


def can_publish(user, model):
    """Whether ``user`` may release, withdraw or delete published ``model``s."""
    return user.has_perm(publish_permission(model))


def _permission(apps, using, app_label, model_name, action):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    model = apps.get_model(app_label, model_name)
    # Content types and default permissions are normally made after the
    # migrations have run; making them now, the same way, lets the roles be
    # set up inside the migration. Django later finds them and moves on.
    content_type, _ = ContentType.objects.db_manager(using).get_or_create(
        app_label=app_label, model=model_name
    )
    permission, _ = Permission.objects.db_manager(using).get_or_create(
        content_type=content_type,
        codename=f"{action}_{model_name}",
        defaults={"name": f"Can {action} {model._meta.verbose_name_raw}"},
    )
    return permission


def sync_roles(apps=global_apps, using=DEFAULT_DB_ALIAS):
    """
    Create the role groups and their permissions, adding any missing. A model
    that ``apps`` does not know yet (a migration state from before it was
    made) is skipped; the run after the next ``migrate`` adds it.
    """
    Group = apps.get_model("auth", "Group")
    for group_name, wanted in _role_permissions().items():
        group, _ = Group.objects.db_manager(using).get_or_create(name=group_name)
        permissions = []
        for app_label, model_name, action in wanted:
            try:
                apps.get_model(app_label, model_name)
            except LookupError:
                continue
            permissions.append(_permission(apps, using, app_label, model_name, action))
        group.permissions.add(*permissions)
