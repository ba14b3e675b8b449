import os

from django.core.management import call_command
from django.core.management.base import BaseCommand

from cepsite.site.demo.loader import ADMIN_USERNAME, DAILY_DOSE_DAYS, load_demo_content


class Command(BaseCommand):
    help = (
        "Load demo press releases, quotes, reference pages, organisations and "
        "people, and a staff account 'admin' whose password is $DEMO_PASSWORD "
        "(default 'admin'). Safe to run again: existing items are left alone."
    )

    def handle(self, *args, **options):
        password = os.environ.get("DEMO_PASSWORD") or "admin"
        report = load_demo_content(admin_password=password)
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
        action = "created" if report.admin_created else "updated"
        self.stdout.write(
            f"Staff account {action}: username '{ADMIN_USERNAME}', "
            f"password '{password}'."
        )
        port = os.environ.get("PORT", "8000")
        self.stdout.write(
            f"Once the server runs, visit http://127.0.0.1:{port}/ and sign in "
            f"at http://127.0.0.1:{port}/admin/."
        )
