"""
Every tag has a usable slug, however it was made: transliterated from its
name, or ``tag-<pk>`` for a name with nothing to spell; every page that
shows a tag, its preview and the sitemap answer whatever tags exist; a
changed slug keeps the old address leading to the tag.
"""

import importlib
import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.apps import apps as global_apps
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from taggit.models import Tag

from cepsite import services
from cepsite.models import SlugRedirect
from cepsite.publishing import Status
from cepsite.slugs import is_usable_slug
from press.models import PressRelease
from tests.factories import (
    admin_url,
    make_press_release,
    make_quote,
    make_resource,
    make_staff_member,
    press_release_admin_data,
)

pytestmark = pytest.mark.django_db

HOSTILE_NAMES = ["?!", '")>"']


def with_management_forms(client, url, data):
    """``data`` with the management form of every inline the page has."""
    page = client.get(url)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        for key, value in formset.management_form.initial.items():
            data.setdefault(f"{formset.prefix}-{key}", value)
    return data


@pytest.fixture
def editor_client(client):
    client.force_login(make_staff_member("chief", role="editor"))
    return client


# How slugs are made.


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Ḥamās", "hamas"),
        ("Boko Haram", "boko-haram"),
        ("الدولة الإسلامية", "ldwl-lslmy"),
        ("What’s next", "whats-next"),
        ("中国", "zhong-guo"),
    ],
)
def test_a_new_tag_gets_its_name_transliterated(name, slug):
    [tag] = services.tags_get_or_create(names=[name])

    assert tag.slug == slug


@pytest.mark.parametrize("name", [*HOSTILE_NAMES, "🙂"])
def test_a_name_with_nothing_to_spell_gets_tag_and_its_key(name):
    [tag] = services.tags_get_or_create(names=[name])

    tag.refresh_from_db()
    assert tag.slug == f"tag-{tag.pk}"


def test_two_names_with_the_same_spelling_get_different_slugs():
    first, second, third = services.tags_get_or_create(
        names=["Hamas", "Ḥamās", "Hamās"]
    )

    assert [first.slug, second.slug, third.slug] == ["hamas", "hamas-2", "hamas-3"]


def test_a_known_name_is_found_whatever_its_case():
    [existing] = services.tags_get_or_create(names=["ISIS"])

    found = services.tags_get_or_create(names=["isis", " ISIS ", "Isis"])

    assert found == [existing]
    assert Tag.objects.count() == 1


def test_taggits_own_path_transliterates_too():
    release = make_press_release()

    release.tags.add("Ḥizbullāh")

    assert Tag.objects.get().slug == "hizbullah"


def test_tagging_an_item_through_the_service_gives_usable_slugs():
    release = make_press_release()

    services.item_tags_set(item=release, names=["?!", "Ḥamās", '")>"'])

    slugs = sorted(release.tags.values_list("slug", flat=True))
    assert all(is_usable_slug(slug) for slug in slugs)
    assert "hamas" in slugs


def test_merging_into_a_name_with_nothing_to_spell_gives_a_usable_slug():
    tags = services.tags_get_or_create(names=["one", "two"])

    target = services.tags_merge(tags=tags, into="?!")

    assert target.slug == f"tag-{target.pk}"


def test_the_item_form_makes_usable_slugs(editor_client):
    url = admin_url(PressRelease, "add")
    data = with_management_forms(
        editor_client,
        url,
        press_release_admin_data(tags="?!, Ḥamās, ¿¡"),
    )

    response = editor_client.post(url, data)

    assert response.status_code == 302
    release = PressRelease.objects.get()
    slugs = set(release.tags.values_list("slug", flat=True))
    assert "hamas" in slugs
    assert all(is_usable_slug(slug) for slug in slugs)
    assert len(slugs) == 3


@pytest.mark.parametrize(
    ("typed", "name", "slug"),
    [
        ("", "Ḥamās", "hamas"),
        ("", "?!", None),
        ("what’s-next", "What next", "whats-next"),
        ("café", "Cafe", "cafe"),
    ],
)
def test_the_tag_form_makes_the_slug_ascii_or_from_the_name(
    editor_client, typed, name, slug
):
    response = editor_client.post(admin_url(Tag, "add"), {"name": name, "slug": typed})

    assert response.status_code == 302
    tag = Tag.objects.get()
    assert tag.slug == (slug or f"tag-{tag.pk}")


def test_importing_gives_new_tags_usable_slugs(tmp_path):
    record = {
        "type": "quote",
        "kind": "fact",
        "text": "Imported with odd tags.",
        "said_on": "2023",
        "status": "published",
        "publish_at": "2024-01-01T00:00:00Z",
        "tags": ["?!", "Ḥamās"],
    }
    path = tmp_path / "content.jsonl"
    path.write_text(json.dumps(record) + "\n")

    call_command("import_content", str(path), stdout=io.StringIO())

    slugs = dict(Tag.objects.values_list("name", "slug"))
    assert slugs["Ḥamās"] == "hamas"
    assert slugs["?!"] == f"tag-{Tag.objects.get(name='?!').pk}"


# The data migration.


def test_the_migration_gives_every_existing_tag_a_usable_slug():
    # Tags as an older site made them: an empty slug, an Arabic one.
    empty = Tag.objects.create(name="?!", slug="")
    arabic = Tag.objects.create(name="الدولة", slug="الدولة")
    fine = Tag.objects.create(name="isis", slug="isis")
    migration = importlib.import_module("cepsite.migrations.0006_usable_tag_slugs")

    migration.fix_tag_slugs(global_apps, connection.schema_editor())

    empty.refresh_from_db()
    arabic.refresh_from_db()
    fine.refresh_from_db()
    assert empty.slug == f"tag-{empty.pk}"
    assert arabic.slug == "ldwl"
    assert fine.slug == "isis"
    # The Arabic address was a working one: it leads to the tag still.
    assert SlugRedirect.objects.get(old_slug="الدولة").object_id == arabic.pk


# Pages with such tags.


def _pages_showing(items):
    release, quote, resource = items
    return [
        "/",
        release.get_absolute_url(),
        quote.get_absolute_url(),
        resource.get_absolute_url(),
        reverse("press:list"),
        reverse("quotes:archive"),
        reverse("resources:list"),
        "/sitemap.xml",
        "/sitemap-tags.xml",
        "/feeds/press/",
    ]


@pytest.mark.parametrize("how", ["service", "stored-empty"])
def test_every_page_showing_hostile_tags_answers(client, how):
    items = [make_press_release(), make_quote(), make_resource()]
    if how == "service":
        for item in items:
            services.item_tags_set(item=item, names=HOSTILE_NAMES)
    else:
        # A tag whose slug is empty, as taggit alone can leave it.
        bare = Tag.objects.create(name="?!", slug="")
        for item in items:
            item.tags.add(bare)

    for url in _pages_showing(items):
        response = client.get(url)
        assert response.status_code == 200, url
    for tag in Tag.objects.all():
        if tag.slug:
            assert client.get(reverse("tag", args=[tag.slug])).status_code == 200


def test_the_previews_of_items_with_hostile_tags_answer(editor_client):
    drafts = [
        make_press_release(status=Status.DRAFT),
        make_quote(status=Status.DRAFT),
        make_resource(status=Status.DRAFT),
    ]
    bare = Tag.objects.create(name='")>"', slug="")
    for item in drafts:
        services.item_tags_set(item=item, names=HOSTILE_NAMES)
        item.tags.add(bare)

    for item in drafts:
        opts = item._meta
        url = reverse(
            "preview",
            kwargs={
                "app_label": opts.app_label,
                "model_name": opts.model_name,
                "pk": item.pk,
            },
        )
        response = editor_client.get(url)
        assert response.status_code == 200, url
        assert "&quot;)&gt;&quot;" in response.content.decode()


def test_the_sitemap_lists_tags_with_a_slug_and_skips_one_without(client):
    release = make_press_release()
    services.item_tags_set(item=release, names=HOSTILE_NAMES)
    bare = Tag.objects.create(name="bare")
    Tag.objects.filter(pk=bare.pk).update(slug="")
    release.tags.add(bare)

    response = client.get("/sitemap-tags.xml")

    assert response.status_code == 200
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locations = {
        url.findtext(f"{namespace}loc")
        for url in ET.fromstring(response.content).findall(f"{namespace}url")
    }
    tag_locations = {loc for loc in locations if "/tags/" in loc}
    expected = {
        f"http://testserver/tags/{slug}/"
        for slug in Tag.objects.exclude(slug="").values_list("slug", flat=True)
    }
    assert tag_locations == expected
    assert len(expected) == 2


# A changed slug.


def test_a_tag_whose_slug_changes_in_the_admin_redirects_its_old_address(
    editor_client,
):
    reader = Client()
    [tag] = services.tags_get_or_create(names=["Daesh"])
    make_press_release(tags=[tag])

    response = editor_client.post(
        admin_url(Tag, "change", tag.pk), {"name": "ISIS", "slug": "isis"}
    )

    assert response.status_code == 302
    old = reader.get("/tags/daesh/")
    assert old.status_code == 301
    assert old["Location"] == "/tags/isis/"
    assert reader.get("/tags/isis/").status_code == 200


def test_a_tag_taking_back_an_old_slug_is_found_there_again(editor_client):
    [tag] = services.tags_get_or_create(names=["Daesh"])
    make_press_release(tags=[tag])
    editor_client.post(admin_url(Tag, "change", tag.pk), {"name": "ISIS", "slug": ""})

    editor_client.post(
        admin_url(Tag, "change", tag.pk), {"name": "Daesh", "slug": "daesh"}
    )

    assert Client().get("/tags/daesh/").status_code == 200
    assert Client().get("/tags/isis/")["Location"] == "/tags/daesh/"


def test_an_old_tag_address_of_a_tag_with_nothing_published_is_404(editor_client):
    [tag] = services.tags_get_or_create(names=["Daesh"])
    make_press_release(tags=[tag], status=Status.DRAFT)
    editor_client.post(admin_url(Tag, "change", tag.pk), {"name": "ISIS", "slug": ""})

    response = Client().get("/tags/daesh/")

    # No redirect to a page that is itself 404: the new name is not revealed.
    assert response.status_code == 404
    assert Client().get("/tags/isis/").status_code == 404
