"""The public pages the browser tests visit, chosen from the demo content."""

from django.core.management import call_command
from taggit.models import Tag

from press.models import PressRelease
from quotes.models import Quote
from resources.models import Organization, Resource
from tests.factories import STAFF_PASSWORD


def log_in(page, base_url, username):
    """Sign a staff account made by the factories in to the admin."""
    page.goto(f"{base_url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base_url}/admin/")


def load_demo_content():
    # The test server runs with DEBUG off, as a live site does.
    call_command("load_demo", "--force", verbosity=0)


def public_pages():
    """(name, path) of one page of each kind, with content on it."""
    release = PressRelease.objects.published().filter(resources__isnull=False).first()
    quote = Quote.objects.published().filter(person__isnull=False).first()
    resource = Resource.objects.published().filter(organizations__isnull=False).first()
    organization = Organization.objects.filter(quotes__isnull=False).first()
    tag = Tag.objects.filter(
        slug__in=release.tags.values_list("slug", flat=True)
    ).first()
    return [
        ("home", "/"),
        ("press-list", "/press/"),
        ("press-detail", release.get_absolute_url()),
        ("archive", "/quotes/"),
        (
            "archive-filtered",
            f"/quotes/?organization={organization.slug}&from=2014&to=2026",
        ),
        ("quote", quote.get_absolute_url()),
        ("daily-dose", "/daily-dose/"),
        ("resource-list", "/resources/"),
        ("resource-detail", resource.get_absolute_url()),
        ("tag", f"/tags/{tag.slug}/"),
        ("search", "/search/?q=isis"),
        ("methodology", "/methodology/"),
        ("not-found", "/no-such-page/"),
    ]
