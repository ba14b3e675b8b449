import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from cepsite.site.demo.loader import (
    ADMIN_USERNAME,
    DAILY_DOSE_DAYS,
    DemoAccountError,
    load_demo_content,
)

# The password of a new demo account in a local trial, when $DEMO_PASSWORD is
# unset; the Makefile and the README give the same.
TRIAL_PASSWORD = "local-trial-only"


class Command(BaseCommand):
    help = (
        "Load demo press releases, quotes, reference pages, organisations and "
        "people, and, if there is none, a staff account 'admin' in the Editors "
        "group whose password is $DEMO_PASSWORD (in a local trial, "
        f"'{TRIAL_PASSWORD}' when unset). An existing account and its password "
        "are left alone. Refuses to run with DEBUG off unless --force. Safe to "
        "run again: existing items are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even with DEBUG off (never on a live site). Without "
            "$DEMO_PASSWORD the new account then has no usable password.",
        )
        parser.add_argument(
            "--superuser",
            action="store_true",
            help="Make a new 'admin' account a superuser, not only an editor.",
        )

    def handle(self, *args, force, superuser, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off, so this looks like a live site: load_demo adds "
                "demo content and a staff account. Use --force if this really "
                "is a trial copy."
            )
        password = os.environ.get("DEMO_PASSWORD") or (
            TRIAL_PASSWORD if settings.DEBUG else None
        )
        try:
            report = load_demo_content(admin_password=password, superuser=superuser)
        except DemoAccountError as error:
            raise CommandError(
                f"$DEMO_PASSWORD is not accepted for the '{ADMIN_USERNAME}' "
                f"account: {error}"
            ) from error
        # Each item's history starts with the demo text, so the first edit
        # has something to compare with and revert to.
        call_command(
            "createinitialrevisions",
            "press.PressRelease",
            "quotes.Quote",
            "resources.Resource",
            comment="Demo content",
            verbosity=0,
        )

        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content: {report.total_created} created, "
                f"{report.total_present} already present."
            )
        )
        for kind in (
            "resources",
            "organisations",
            "people",
            "quotes",
            "press releases",
        ):
            self.stdout.write(
                f"  {kind:<15} {report.created[kind]:>3} created, "
                f"{report.present[kind]:>3} already present"
            )
        first, last = report.daily_dose_window
        self.stdout.write(
            f"Daily Dose: {report.daily_doses_assigned} days assigned; "
            f"{report.daily_dose_days_covered} of {DAILY_DOSE_DAYS} days from "
            f"{first:%Y-%m-%d} to {last:%Y-%m-%d} have one."
        )
        self._account_report(report, password=password, superuser=superuser)
        port = os.environ.get("PORT", "8000")
        self.stdout.write(
            f"Once the server runs, visit http://127.0.0.1:{port}/ and sign in "
            f"at http://127.0.0.1:{port}/admin/."
        )

    def _account_report(self, report, *, password, superuser):
        role = "a superuser" if superuser else "an editor"
        if not report.admin_created:
            self.stdout.write(
                f"Staff account '{ADMIN_USERNAME}' already exists; it and its "
                "password are unchanged."
            )
        elif password is None:
            self.stdout.write(
                f"Staff account created: username '{ADMIN_USERNAME}', {role}, "
                "with no usable password ($DEMO_PASSWORD is empty); set one "
                f"with `manage.py changepassword {ADMIN_USERNAME}`."
            )
        else:
            self.stdout.write(
                f"Staff account created: username '{ADMIN_USERNAME}', {role}, "
                f"password '{password}'."
            )
