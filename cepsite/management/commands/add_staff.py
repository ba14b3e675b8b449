"""
``manage.py add_staff USERNAME --role contributor|editor``: give someone a
staff account with one of the two roles, creating the account if needed.

It never prompts, so it can run from a deployment script. The password is
read from the environment variable named by ``--password-env``
(``STAFF_PASSWORD`` by default); without one, a new account gets no usable
password until someone sets it with ``manage.py changepassword``. An
existing password is kept unless the variable is set.
"""

import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cepsite.roles import ROLE_GROUPS, sync_roles


class Command(BaseCommand):
    help = "Create or update a staff account as a contributor or an editor."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=sorted(ROLE_GROUPS))
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password-env",
            default="STAFF_PASSWORD",
            metavar="NAME",
            help="Environment variable holding the password (default: "
            "STAFF_PASSWORD). Unset leaves the password as it is.",
        )

    def handle(self, *args, username, role, email, password_env, **options):
        password = os.environ.get(password_env, "")
        User = get_user_model()
        with transaction.atomic():
            sync_roles()
            user, created = User.objects.get_or_create(
                **{User.USERNAME_FIELD: username}
            )
            if email:
                user.email = email
            user.is_staff = True
            user.is_active = True
            if password:
                try:
                    validate_password(password, user)
                except ValidationError as error:
                    raise CommandError(" ".join(error.messages)) from error
                user.set_password(password)
            elif created:
                user.set_unusable_password()
            user.save()
            # One role at a time: the new one replaces the other.
            user.groups.remove(*Group.objects.filter(name__in=ROLE_GROUPS.values()))
            user.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))

        action = "Created" if created else "Updated"
        self.stdout.write(f"{action} {username} as {role}.")
        if created and not password:
            self.stdout.write(
                f"No password was set (${password_env} is empty); set one with "
                f"`manage.py changepassword {username}`."
            )
        if user.is_superuser:
            self.stdout.write(f"{username} is a superuser, and may do everything.")
