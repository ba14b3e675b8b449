import re
from datetime import date, datetime, timedelta
from html import unescape
from types import SimpleNamespace

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from taggit.models import Tag

from cepsite.publishing import Status
from press.models import PressRelease
from quotes.models import Quote
from resources.models import Organization, Person, Resource
from tests.factories import (
    admin_url,
    make_organization,
    make_person,
    make_press_release,
    make_quote,
    make_resource,
    press_release_admin_data,
)

pytestmark = pytest.mark.django_db

MODELS = [Resource, Organization, Person, Quote, PressRelease]


@pytest.fixture
def content():
    """One of everything, linked together as editors would link it."""
    iraq = make_resource(title="Iraq", kind=Resource.Kind.COUNTRY, tags=["iraq"])
    group_page = make_resource(title="Kata'ib Hezbollah", kind=Resource.Kind.GROUP)
    person_page = make_resource(title="Abu Ali al-Askari", kind=Resource.Kind.PERSON)
    organization = make_organization(
        name="Kata'ib Hezbollah",
        short_name="KH",
        aliases="Hezbollah Brigades\nKataib Hizballah",
        profile=group_page,
    )
    person = make_person(
        name="Abu Ali al-Askari",
        aliases="Abu Ali al-Askary",
        organization=organization,
        profile=person_page,
    )
    quote = make_quote(
        text="We will strike back.",
        person=person,
        organization=organization,
        role="Security Official",
        tags=["iraq"],
    )
    release = make_press_release(
        title="CEP condemns the attack", resources=[iraq], tags=["iraq"]
    )
    return SimpleNamespace(
        iraq=iraq,
        group_page=group_page,
        organization=organization,
        person=person,
        quote=quote,
        release=release,
    )


def object_of(content, model):
    return {
        Resource: content.iraq,
        Organization: content.organization,
        Person: content.person,
        Quote: content.quote,
        PressRelease: content.release,
    }[model]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelist_lists_existing_objects(staff_client, content, model):
    response = staff_client.get(admin_url(model, "changelist"))

    assert response.status_code == 200
    assert object_of(content, model) in response.context["cl"].result_list


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_add_page_loads(staff_client, content, model):
    response = staff_client.get(admin_url(model, "add"))

    assert response.status_code == 200
    assert "adminform" in response.context


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_change_page_loads(staff_client, content, model):
    obj = object_of(content, model)

    response = staff_client.get(admin_url(model, "change", obj.pk))

    assert response.status_code == 200
    assert response.context["original"] == obj


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_admin_pages_need_a_staff_login(client, content, model):
    obj = object_of(content, model)

    for url in (
        admin_url(model, "changelist"),
        admin_url(model, "add"),
        admin_url(model, "change", obj.pk),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_press_release_change_page_offers_rich_text_editor_and_tags(
    staff_client, content
):
    response = staff_client.get(admin_url(PressRelease, "change", content.release.pk))
    html = response.content.decode()

    assert re.search(r'<textarea[^>]*name="body"[^>]*data-django-prose-editor', html)
    assert 'name="tags" value="iraq"' in html
    assert "django_prose_editor/editor.js" in html


# The query budgets below hold with any number of rows: they are the counts
# for one page of results, whose size the admin fixes.


def test_resource_changelist_runs_a_fixed_number_of_queries(
    staff_client, django_assert_max_num_queries
):
    for _ in range(60):
        make_resource(tags=["iraq"])

    with django_assert_max_num_queries(7):
        response = staff_client.get(admin_url(Resource, "changelist"))

    assert response.context["cl"].result_count == 60


def test_organization_changelist_runs_a_fixed_number_of_queries(
    staff_client, django_assert_max_num_queries
):
    for _ in range(60):
        organization = make_organization(profile=make_resource())
        make_person(organization=organization)
        make_quote(organization=organization)

    with django_assert_max_num_queries(5):
        response = staff_client.get(admin_url(Organization, "changelist"))

    assert response.context["cl"].result_count == 60


def test_person_changelist_runs_a_fixed_number_of_queries(
    staff_client, django_assert_max_num_queries
):
    for _ in range(60):
        make_person(organization=make_organization(), profile=make_resource())

    with django_assert_max_num_queries(6):
        response = staff_client.get(admin_url(Person, "changelist"))

    assert response.context["cl"].result_count == 60


def test_quote_changelist_runs_a_fixed_number_of_queries(
    staff_client, django_assert_max_num_queries
):
    for _ in range(60):
        organization = make_organization()
        person = make_person(organization=organization)
        make_quote(person=person, organization=organization, tags=["iraq"])

    with django_assert_max_num_queries(8):
        response = staff_client.get(admin_url(Quote, "changelist"))

    assert response.context["cl"].result_count == 60


def test_press_release_changelist_runs_a_fixed_number_of_queries(
    staff_client, django_assert_max_num_queries
):
    for _ in range(60):
        make_press_release(resources=[make_resource()], tags=["iraq"])

    with django_assert_max_num_queries(7):
        response = staff_client.get(admin_url(PressRelease, "changelist"))

    assert response.context["cl"].result_count == 60


def changelist_results(client, model, **params):
    response = client.get(admin_url(model, "changelist"), params)
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def test_quote_search_finds_text_person_and_organisation(staff_client, content):
    other = make_quote(text="Unrelated words.")

    assert changelist_results(staff_client, Quote, q="strike") == [content.quote]
    assert changelist_results(staff_client, Quote, q="al-Askari") == [content.quote]
    assert changelist_results(staff_client, Quote, q="Unrelated") == [other]


def test_organization_search_finds_aliases(staff_client, content):
    make_organization(name="Islamic State")

    results = changelist_results(staff_client, Organization, q="Brigades")

    assert results == [content.organization]


def test_person_search_finds_aliases_and_organisation(staff_client, content):
    make_person(name="Someone Else")

    assert changelist_results(staff_client, Person, q="Askary") == [content.person]
    assert changelist_results(staff_client, Person, q="Hezbollah") == [content.person]


def test_press_and_resource_search_find_titles(staff_client, content):
    make_press_release(title="Another matter")

    assert changelist_results(staff_client, PressRelease, q="condemns") == [
        content.release
    ]
    assert changelist_results(staff_client, Resource, q="Iraq") == [content.iraq]


def test_status_filter_separates_drafts_scheduled_and_live(staff_client):
    live = make_press_release()
    draft = make_press_release(status=Status.DRAFT)
    scheduled = make_press_release(publish_at=timezone.now() + timedelta(days=1))

    def filtered(value):
        return changelist_results(staff_client, PressRelease, visibility=value)

    assert filtered("live") == [live]
    assert filtered("draft") == [draft]
    assert filtered("scheduled") == [scheduled]


def test_quote_filters_by_kind_organisation_and_daily_dose(staff_client, content):
    fact = make_quote(kind=Quote.Kind.FACT, text="A fact.")
    featured = make_quote(featured_on=date(2024, 1, 5))

    assert changelist_results(staff_client, Quote, kind="fact") == [fact]
    assert changelist_results(
        staff_client, Quote, organization__id__exact=content.organization.pk
    ) == [content.quote]
    assert changelist_results(staff_client, Quote, featured_on__isempty="0") == [
        featured
    ]


def test_resource_filters_by_kind(staff_client, content):
    results = changelist_results(staff_client, Resource, kind="group")

    assert results == [content.group_page]


def test_quote_date_hierarchy_narrows_to_a_year(staff_client):
    old = make_quote(said_on=date(2019, 6, 1))
    make_quote(said_on=date(2023, 6, 1))

    assert changelist_results(staff_client, Quote, said_on__year="2019") == [old]


def test_press_date_hierarchy_narrows_to_a_month(staff_client):
    december = make_press_release(
        publish_at=timezone.make_aware(datetime(2021, 12, 10, 12, 0))
    )
    make_press_release(publish_at=timezone.make_aware(datetime(2021, 11, 10, 12, 0)))

    results = changelist_results(
        staff_client, PressRelease, publish_at__year="2021", publish_at__month="12"
    )

    assert results == [december]


def test_autocomplete_finds_resources_for_an_organisation_profile(
    staff_client, content
):
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "resources",
            "model_name": "organization",
            "field_name": "profile",
            "term": "Iraq",
        },
    )

    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Iraq"]


def test_organization_change_page_shows_its_people_and_quotes(staff_client, content):
    response = staff_client.get(
        admin_url(Organization, "change", content.organization.pk)
    )
    html = unescape(response.content.decode())

    assert 'value="Abu Ali al-Askari"' in html
    assert "We will strike back." in html
    assert admin_url(Quote, "change", content.quote.pk) in html
    assert "1 quote." in html


def test_organization_change_page_shows_only_the_latest_quotes(staff_client):
    organization = make_organization()
    for day in range(1, 26):
        make_quote(
            organization=organization,
            text=f"Said on day {day}.",
            said_on=date(2023, 1, day),
        )

    response = staff_client.get(admin_url(Organization, "change", organization.pk))
    html = unescape(response.content.decode())

    assert "Said on day 25." in html
    assert "Said on day 6." in html
    assert "Said on day 5." not in html
    assert "Showing the latest 20 of 25 quotes." in html
    link = admin_url(Quote, "changelist") + (
        f"?organization__id__exact={organization.pk}"
    )
    assert link in html
    assert (
        len(
            changelist_results(
                staff_client, Quote, organization__id__exact=organization.pk
            )
        )
        == 25
    )


def test_organization_change_page_runs_a_fixed_number_of_queries(
    staff_client, django_assert_max_num_queries
):
    organization = make_organization(profile=make_resource())
    for _ in range(60):
        make_quote(organization=organization)
    for _ in range(30):
        make_person(organization=organization, profile=make_resource())

    with django_assert_max_num_queries(9):
        response = staff_client.get(admin_url(Organization, "change", organization.pk))

    assert response.status_code == 200


def test_person_change_page_runs_a_fixed_number_of_queries(
    staff_client, django_assert_max_num_queries
):
    organization = make_organization()
    person = make_person(organization=organization, profile=make_resource())
    for _ in range(60):
        make_quote(person=person, organization=organization)

    with django_assert_max_num_queries(9):
        response = staff_client.get(admin_url(Person, "change", person.pk))

    assert response.status_code == 200


def test_person_change_page_shows_their_quotes(staff_client, content):
    response = staff_client.get(admin_url(Person, "change", content.person.pk))
    html = unescape(response.content.decode())

    assert "We will strike back." in html
    assert f"?person__id__exact={content.person.pk}" in html


def test_saving_an_organisation_keeps_its_quotes_and_adds_a_person(
    staff_client, content
):
    organization = content.organization
    person = content.person
    response = staff_client.post(
        admin_url(Organization, "change", organization.pk),
        {
            "name": "Kata'ib Hezbollah",
            "short_name": "KH",
            "slug": organization.slug,
            "aliases": "Hezbollah Brigades",
            "profile": content.group_page.pk,
            "people-TOTAL_FORMS": "2",
            "people-INITIAL_FORMS": "1",
            "people-MIN_NUM_FORMS": "0",
            "people-MAX_NUM_FORMS": "1000",
            "people-0-id": person.pk,
            "people-0-organization": organization.pk,
            "people-0-name": person.name,
            "people-0-slug": person.slug,
            "people-0-profile": person.profile_id,
            "people-1-organization": organization.pk,
            "people-1-name": "Akram al-Kaabi",
            "people-1-slug": "akram-al-kaabi",
            "people-1-profile": "",
            "quotes-TOTAL_FORMS": "1",
            "quotes-INITIAL_FORMS": "1",
            "quotes-MIN_NUM_FORMS": "0",
            "quotes-MAX_NUM_FORMS": "0",
            "quotes-0-id": content.quote.pk,
            "quotes-0-organization": organization.pk,
        },
    )

    assert response.status_code == 302, response.context["errors"]
    organization.refresh_from_db()
    assert organization.aliases == "Hezbollah Brigades"
    assert {p.name for p in organization.people.all()} == {
        "Abu Ali al-Askari",
        "Akram al-Kaabi",
    }
    assert list(organization.quotes.all()) == [content.quote]


def test_view_on_site_links_to_the_public_page_or_profile(staff_client, content):
    release_page = staff_client.get(
        admin_url(PressRelease, "change", content.release.pk)
    )
    organization_page = staff_client.get(
        admin_url(Organization, "change", content.organization.pk)
    )
    lonely = make_person(name="No Profile")
    person_page = staff_client.get(admin_url(Person, "change", lonely.pk))

    assert release_page.context["has_absolute_url"]
    assert organization_page.context["absolute_url"] == (
        content.group_page.get_absolute_url()
    )
    assert not person_page.context["has_absolute_url"]


def test_adding_a_press_release_through_the_admin_saves_tags_and_resources(
    staff_client, content
):
    data = press_release_admin_data(
        title="New release", tags="iraq, isis", resources=[content.iraq.pk]
    )

    response = staff_client.post(admin_url(PressRelease, "add"), data)

    assert response.status_code == 302
    release = PressRelease.objects.get(title="New release")
    assert set(release.tags.names()) == {"iraq", "isis"}
    assert list(release.resources.all()) == [content.iraq]


def test_rich_text_editor_import_map_carries_the_csp_nonce(staff_client):
    response = staff_client.get(admin_url(PressRelease, "add"))
    html = response.content.decode()

    header = response["Content-Security-Policy"]
    header_nonce = re.search(r"'nonce-([^']+)'", header).group(1)
    importmap = re.search(r'<script[^>]*type="importmap"[^>]*>', html).group(0)
    assert f'nonce="{header_nonce}"' in importmap
    # Only the one nonce is in play: every script tag with one carries it.
    nonces = set(re.findall(r'<script[^>]*\bnonce="([^"]+)"', html))
    assert nonces == {header_nonce}


def test_each_request_gets_its_own_nonce(staff_client):
    first = staff_client.get(admin_url(Resource, "add"))
    second = staff_client.get(admin_url(Resource, "add"))

    def nonce(response):
        return re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])[1]

    assert nonce(first) != nonce(second)
    assert f'nonce="{nonce(second)}"' in second.content.decode()


def test_the_tag_admin_offers_no_merge_of_taggits_unused_table(staff_client):
    page = staff_client.get(admin_url(Tag, "changelist")).content.decode()

    assert "render_tag_form" not in page
    with pytest.raises(NoReverseMatch):
        reverse("admin:taggit_tag_merge_tags")
