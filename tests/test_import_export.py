"""manage.py import_content and export_content: checking, saving, round trips."""

import io
import json
import re
from datetime import date, datetime, timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import models
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from cepsite.dates import Precision
from cepsite.publishing import Status
from cepsite.tagging import Tag, TaggedItem
from press.models import PressRelease
from quotes.models import Quote
from resources.models import Organization, Person, Resource
from tests.factories import (
    make_organization,
    make_person,
    make_press_release,
    make_quote,
    make_resource,
)

pytestmark = pytest.mark.django_db

PUBLISHED = "2024-01-02T09:30:00-05:00"


def write_jsonl(tmp_path, *records, name="content.jsonl"):
    path = tmp_path / name
    path.write_text(
        "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records),
        encoding="utf-8",
    )
    return path


def write_csv(tmp_path, text, name="content.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run_import(path, *options):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_content", str(path), *options, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def failed_import(path, *options):
    """The error output of an import that must fail, and its CommandError."""
    err = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command(
            "import_content", str(path), *options, stdout=io.StringIO(), stderr=err
        )
    return err.getvalue(), str(failure.value)


def quote_record(**fields):
    return {
        "type": "quote",
        "kind": "quote",
        "text": "We will drive them out.",
        "person": "Abu Ali al-Askari",
        "organization": "Kata'ib Hezbollah",
        "said_on": "2023-03-12",
        "status": "published",
        "publish_at": PUBLISHED,
        "tags": ["Iraq"],
        **fields,
    }


def resource_record(**fields):
    return {
        "type": "resource",
        "title": "Iraq",
        "slug": "iraq",
        "kind": "country",
        "summary": "A country.",
        "body": "<p>About Iraq.</p>",
        "status": "published",
        "publish_at": PUBLISHED,
        "tags": ["Iraq"],
        **fields,
    }


def press_record(**fields):
    return {
        "type": "press",
        "title": "CEP condemns the attack",
        "slug": "cep-condemns-the-attack",
        "dateline": "New York, N.Y.",
        "summary": "A summary.",
        "body": "<p>The body.</p>",
        "status": "published",
        "publish_at": PUBLISHED,
        "resources": ["iraq"],
        "tags": ["Iraq", "militias"],
        **fields,
    }


def content_counts():
    return [
        model.objects.count()
        for model in (Resource, PressRelease, Quote, Organization, Person, Tag)
    ]


# A good file


def test_jsonl_file_creates_every_type_with_names_tags_and_links(tmp_path):
    path = write_jsonl(
        tmp_path,
        resource_record(),
        press_record(),
        quote_record(role="Security Official", context="On the strikes:"),
        quote_record(text="Month words.", said_on="2023-03", tags=["Iraq", "KH"]),
        quote_record(kind="fact", text="A fact.", person=None, said_on="2019"),
        quote_record(text="Undated words.", said_on=None, status="draft"),
    )

    out, err = run_import(path)

    assert err == ""
    assert "Resources: 1 created" in out
    assert "Press releases: 1 created" in out
    assert "Quotes: 4 created" in out
    assert "New organisations: 1; new people: 1." in out
    release = PressRelease.objects.get()
    assert list(release.resources.all()) == [Resource.objects.get(slug="iraq")]
    assert sorted(release.tags.names()) == ["Iraq", "militias"]
    askari = Person.objects.get()
    assert askari.name == "Abu Ali al-Askari"
    assert askari.organization.name == "Kata'ib Hezbollah"
    words = Quote.objects.get(text="We will drive them out.")
    assert (words.person, words.organization) == (askari, askari.organization)
    assert (words.role, words.context) == ("Security Official", "On the strikes:")
    assert words.publish_at == datetime.fromisoformat(PUBLISHED)
    month = Quote.objects.get(text="Month words.")
    assert (month.said_on, month.said_on_precision) == (date(2023, 3, 1), "month")
    assert month.display_date == "Mar. 2023"
    assert sorted(month.tags.names()) == ["Iraq", "KH"]
    fact = Quote.objects.get(kind="fact")
    assert (fact.person, fact.display_date) == (None, "2019")
    undated = Quote.objects.get(text="Undated words.")
    assert (undated.said_on, undated.status) == (None, Status.DRAFT)
    # One vocabulary: "Iraq" is one tag however many items use it.
    assert Tag.objects.filter(name__iexact="iraq").count() == 1


def test_existing_names_and_tags_are_reused_ignoring_case(tmp_path):
    kh = make_organization(name="Kata'ib Hezbollah", short_name="KH")
    askari = make_person(name="Abu Ali al-Askari", organization=kh)
    Tag.objects.create(name="ISIS")
    path = write_jsonl(
        tmp_path,
        quote_record(
            person="abu ali al-askari", organization="KATA'IB HEZBOLLAH", tags=["isis"]
        ),
    )

    out, _ = run_import(path)

    quote = Quote.objects.get()
    assert (quote.person, quote.organization) == (askari, kh)
    assert list(quote.tags.names()) == ["ISIS"]
    assert "New organisations" not in out
    assert (Person.objects.count(), Organization.objects.count()) == (1, 1)


def test_person_slug_chooses_between_namesakes(tmp_path):
    first = make_person(name="Abu Mohammed", slug="abu-mohammed-iraq")
    make_person(name="Abu Mohammed", slug="abu-mohammed-syria")
    path = write_jsonl(
        tmp_path,
        quote_record(person="Abu Mohammed", person_slug="abu-mohammed-iraq"),
        quote_record(text="Other words.", person="Abu Mohammed"),
    )

    err, _ = failed_import(path)

    assert "line 2: Several people are called “Abu Mohammed”; say which with" in err
    path = write_jsonl(tmp_path, quote_record(person_slug="abu-mohammed-iraq"))
    run_import(path)
    assert Quote.objects.get().person == first


def test_csv_file_with_a_type_column(tmp_path):
    path = write_csv(
        tmp_path,
        "type,kind,text,person,organization,said_on,said_on_precision,tags,"
        "status,publish_at,source_url\n"
        'quote,quote,"We will fight,\nand win.",Abu Ali al-Askari,'
        'Kata\'ib Hezbollah,2023-03-12,month,"Iraq, militias",published,'
        f"{PUBLISHED},example.org/statement\n"
        f"quote,fact,KH was founded in 2007.,,Kata'ib Hezbollah,2007,,Iraq,draft,"
        f"{PUBLISHED},\n",
    )

    out, _ = run_import(path)

    assert "Quotes: 2 created" in out
    words = Quote.objects.get(kind="quote")
    assert words.text == "We will fight,\nand win."
    assert (words.said_on, words.said_on_precision) == (date(2023, 3, 1), "month")
    assert sorted(words.tags.names()) == ["Iraq", "militias"]
    # As in the admin, an address without a scheme is taken as HTTPS.
    assert words.source_url == "https://example.org/statement"
    fact = Quote.objects.get(kind="fact")
    assert (fact.person, fact.said_on_precision, fact.status) == (None, "year", "draft")


def test_csv_file_typed_by_the_option(tmp_path):
    path = write_csv(
        tmp_path,
        "title,slug,kind,featured,tags,status,publish_at\n"
        f'Iraq,iraq,country,yes,"Iraq, ISIS",published,{PUBLISHED}\n'
        f"ISIS,isis,group,false,,draft,{PUBLISHED}\n",
    )

    out, _ = run_import(path, "--type", "resource")

    assert "Resources: 2 created" in out
    iraq, isis = Resource.objects.order_by("slug")
    assert (iraq.featured, sorted(iraq.tags.names())) == (True, ["ISIS", "Iraq"])
    assert (isis.featured, isis.status) == (False, Status.DRAFT)


def test_csv_file_without_a_type_is_refused(tmp_path):
    path = write_csv(tmp_path, f"title,slug,kind\nIraq,iraq,{PUBLISHED}\n")

    err, message = failed_import(path)

    assert "line 1: say what the file holds" in err
    assert "nothing was imported" in message


def test_csv_file_with_an_unknown_column_is_refused_once(tmp_path):
    path = write_csv(
        tmp_path,
        "type,text,said,status\n"
        "quote,Words.,2023,published\n"
        "quote,More words.,2024,published\n",
    )

    err, message = failed_import(path)

    assert err.splitlines() == [
        f"{path}: line 1: unknown column said; a quote file has kind, text, person, "
        "person_slug, role, organization, context, said_on, original_text, "
        "original_language, translation_credit, sources, featured_on, status, "
        "publish_at, withdrawn_at, withdrawal_note, tags."
    ]
    assert message == "Problems on 1 line; nothing was imported."


# A bad file


def test_bad_rows_are_reported_by_line_and_nothing_is_saved(tmp_path):
    path = write_jsonl(
        tmp_path,
        resource_record(),
        quote_record(),
        quote_record(kind="fact", text="A fact with a speaker."),
        "{not json",
        quote_record(text="Thirteenth month.", said_on="2023-13"),
        quote_record(text=""),
        quote_record(text="Opinion.", kind="opinion"),
        quote_record(),
        quote_record(text="First dose.", featured_on="2024-05-01"),
        quote_record(text="Second dose.", featured_on="2024-05-01"),
        press_record(resources=["iraq", "atlantis"]),
        quote_record(text="Typo.", said="2023"),
        quote_record(text="Too sure.", said_on="2023", said_on_precision="day"),
        {"type": "video", "title": "A film"},
        resource_record(slug="iraq", title="Iraq again"),
        quote_record(text="A new name.", person="Nobody Else", said_on="tomorrow"),
    )

    err, message = failed_import(path)

    expected = [
        "line 3: person: A fact has no person; remove the person or make it a quote.",
        "line 4: not valid JSON",
        "line 5: said_on: Months run from 01 to 12.",
        "line 6: text: This field is required.",
        "line 7: kind: Select a valid choice. opinion is not one of the",
        "line 8: the same quote as line 2: kind, text, person and date all match.",
        "line 10: featured_on: line 9 is already the Daily Dose on 2024-05-01.",
        "line 11: resources: no resource has the slug “atlantis”.",
        "line 12: unknown field said; a quote row has kind, text,",
        "line 13: said_on: “2023” is known to the year only, not to the day.",
        "line 14: type must be one of resource, press, quote, not “video”.",
        "line 15: slug: “iraq” is also on line 1.",
        "line 16: said_on: Use a year (2023), a month (2023-03) or a day",
    ]
    for line in expected:
        assert line in err
    assert err.count("\n") == len(expected)
    assert message == "Problems on 13 lines; nothing was imported."
    # Nothing saved, not even the names the good rows brought.
    assert content_counts() == [0, 0, 0, 0, 0, 0]


def test_a_daily_dose_date_already_taken_is_refused(tmp_path):
    make_quote(featured_on=date(2024, 5, 1))
    path = write_jsonl(tmp_path, quote_record(featured_on="2024-05-01"))

    err, _ = failed_import(path)

    assert "line 1: Another item is already the Daily Dose on that day." in err
    assert Quote.objects.count() == 1


def test_rich_text_is_cleaned_as_in_the_admin(tmp_path):
    path = write_jsonl(
        tmp_path,
        resource_record(
            body='<p onclick="steal()">Hi<script>alert(1)</script> '
            '<a href="javascript:alert(1)">link</a></p>'
        ),
    )

    run_import(path)

    body = Resource.objects.get().body
    assert "script" not in body
    assert "onclick" not in body
    assert "javascript:" not in body
    assert body.startswith("<p>Hi")


# Dry runs and skipping


def test_dry_run_reports_and_saves_nothing(tmp_path):
    path = write_jsonl(tmp_path, resource_record(), press_record(), quote_record())

    out, _ = run_import(path, "--dry-run")

    assert "Quotes: 1 would be created, 0 would be updated, 0 unchanged." in out
    assert "Dry run: nothing was saved." in out
    assert content_counts() == [0, 0, 0, 0, 0, 0]


def test_dry_run_of_a_bad_file_fails_like_the_import(tmp_path):
    path = write_jsonl(tmp_path, quote_record(text=""))

    err, _ = failed_import(path, "--dry-run")

    assert "line 1: text: This field is required." in err


def test_skip_invalid_saves_the_good_rows_and_reports_the_bad(tmp_path):
    path = write_jsonl(
        tmp_path,
        quote_record(),
        quote_record(text="Bad date.", person="Only In A Bad Row", said_on="20x3"),
        quote_record(text="Good too.", said_on="2021"),
    )

    out, err = run_import(path, "--skip-invalid")

    assert err.startswith(f"{path}: line 2: said_on:")
    assert "Quotes: 2 created" in out
    assert "Skipped 1 line with problems." in out
    assert set(Quote.objects.values_list("text", flat=True)) == {
        "We will drive them out.",
        "Good too.",
    }
    # The person only the bad row named is not left behind.
    assert list(Person.objects.values_list("name", flat=True)) == ["Abu Ali al-Askari"]


# Matching and updating


def test_importing_the_same_file_twice_creates_nothing_new(tmp_path):
    path = write_jsonl(
        tmp_path,
        resource_record(),
        press_record(),
        quote_record(),
        quote_record(kind="fact", text="A fact.", person=None, said_on="2019"),
        quote_record(text="Undated.", said_on=None),
    )
    run_import(path)
    counts = content_counts()
    tagged = TaggedItem.objects.count()

    out, _ = run_import(path)

    assert content_counts() == counts
    assert TaggedItem.objects.count() == tagged
    assert "Resources: 0 created, 0 updated, 1 unchanged." in out
    assert "Press releases: 0 created, 0 updated, 1 unchanged." in out
    assert "Quotes: 0 created, 0 updated, 3 unchanged." in out


def test_a_changed_row_updates_the_item_it_matches(tmp_path):
    run_import(write_jsonl(tmp_path, resource_record(), press_record(), quote_record()))
    quote = Quote.objects.get()
    before = quote.updated_at
    path = write_jsonl(
        tmp_path,
        resource_record(title="Republic of Iraq"),
        press_record(resources=[], tags=["militias"]),
        quote_record(role="Spokesman", tags=["Iraq", "KH"], featured_on="2024-05-01"),
    )

    out, _ = run_import(path)

    assert "Resources: 0 created, 1 updated" in out
    assert "Press releases: 0 created, 1 updated" in out
    assert "Quotes: 0 created, 1 updated" in out
    assert Resource.objects.get().title == "Republic of Iraq"
    release = PressRelease.objects.get()
    assert (list(release.resources.all()), list(release.tags.names())) == (
        [],
        ["militias"],
    )
    quote.refresh_from_db()
    assert (quote.role, quote.featured_on) == ("Spokesman", date(2024, 5, 1))
    assert sorted(quote.tags.names()) == ["Iraq", "KH"]
    assert quote.updated_at > before


def test_reimporting_a_published_release_with_a_new_slug_redirects_the_old_url(
    tmp_path, client
):
    run_import(write_jsonl(tmp_path, resource_record(), press_record()))
    old_url = reverse("press:detail", kwargs={"slug": "cep-condemns-the-attack"})
    path = write_jsonl(
        tmp_path,
        press_record(
            slug="cep-condemns-the-attacks", old_slug="cep-condemns-the-attack"
        ),
    )

    out, _ = run_import(path)
    again, _ = run_import(path)

    assert "Press releases: 0 created, 1 updated" in out
    assert "Press releases: 0 created, 0 updated, 1 unchanged." in again
    assert PressRelease.objects.get().slug == "cep-condemns-the-attacks"
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == reverse(
        "press:detail", kwargs={"slug": "cep-condemns-the-attacks"}
    )


def test_old_slug_may_not_rename_onto_another_item(tmp_path):
    make_resource(slug="iraq", title="Iraq")
    make_resource(slug="syria", title="Syria")
    path = write_jsonl(tmp_path, resource_record(slug="iraq", old_slug="syria"))

    err, _ = failed_import(path)

    assert "line 1: old_slug: another item already has the slug “iraq”." in err
    assert Resource.objects.get(slug="syria").title == "Syria"


def test_keep_existing_adds_what_is_missing_and_leaves_the_rest(tmp_path):
    make_resource(slug="iraq", title="Iraq, as edited", tags=["edited"])
    kept = make_quote(
        text="We will drive them out.", said_on=date(2023, 3, 12), role="Edited"
    )
    path = write_jsonl(
        tmp_path,
        resource_record(),
        resource_record(slug="syria", title="Syria"),
        quote_record(person=None, organization=None),
        quote_record(text="New words."),
    )

    out, _ = run_import(path, "--keep-existing")

    assert "Resources: 1 created, 0 updated, 1 unchanged." in out
    assert "Quotes: 1 created, 0 updated, 1 unchanged." in out
    iraq = Resource.objects.get(slug="iraq")
    assert (iraq.title, list(iraq.tags.names())) == ("Iraq, as edited", ["edited"])
    kept.refresh_from_db()
    assert kept.role == "Edited"
    assert Quote.objects.count() == 2


def test_a_key_left_out_keeps_the_current_value(tmp_path):
    make_resource(slug="iraq", title="Iraq", summary="Kept.", featured=True)
    path = write_jsonl(tmp_path, {"type": "resource", "slug": "iraq", "title": "Irak"})

    run_import(path)

    resource = Resource.objects.get()
    assert (resource.title, resource.summary, resource.featured) == (
        "Irak",
        "Kept.",
        True,
    )


# Images


def _jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "navy").save(buffer, format="JPEG")
    return ContentFile(buffer.getvalue())


def test_an_image_is_taken_only_if_the_file_is_in_storage(tmp_path):
    stored = default_storage.save("resources/2024/map.jpg", _jpeg())
    path = write_jsonl(
        tmp_path,
        resource_record(image=stored, image_alt="A map of Iraq."),
        resource_record(
            slug="syria", title="Syria", image="resources/lost.jpg", image_alt="Lost."
        ),
    )

    _, err = run_import(path)

    assert Resource.objects.get(slug="iraq").image.name == stored
    assert Resource.objects.get(slug="syria").image.name == ""
    assert (
        "line 2: image: “resources/lost.jpg” is not in storage; imported without it."
        in err
    )


def test_an_image_needs_alt_text_as_in_the_admin(tmp_path):
    stored = default_storage.save("resources/2024/map.jpg", _jpeg())
    path = write_jsonl(tmp_path, resource_record(image=stored, image_alt=""))

    err, _ = failed_import(path)

    assert "line 1: image_alt: Alt text is required when an image is set." in err


# Efficiency and caching


def test_checking_and_saving_quotes_takes_queries_per_batch_not_per_row(
    tmp_path, django_assert_max_num_queries
):
    records = [
        quote_record(
            text=f"Words number {n}.",
            person=f"Speaker {n % 7}",
            organization=f"Group {n % 3}",
            tags=[f"tag {n % 5}", "common"],
        )
        for n in range(600)
    ]
    path = write_jsonl(tmp_path, *records)

    with django_assert_max_num_queries(80):
        out, _ = run_import(path)

    assert "Quotes: 600 created" in out
    assert TaggedItem.objects.count() == 1200


def test_an_import_refreshes_cached_pages(tmp_path, client, page_cache):
    make_quote(text="Already here.")
    client.get(reverse("quotes:archive"))
    assert client.get(reverse("quotes:archive"))["X-Cache"] == "hit"
    # No new name or tag: the bulk insert of the quote is the only change.
    path = write_jsonl(
        tmp_path,
        quote_record(text="Imported words.", person=None, organization=None, tags=[]),
    )

    run_import(path)

    assert "Imported words." in client.get(reverse("quotes:archive")).content.decode()


# Export and round trip


def run_export(*options):
    out = io.StringIO()
    call_command("export_content", *options, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_export_includes_drafts_and_scheduled_items_with_their_status(tmp_path):
    later = timezone.now() + timedelta(days=3)
    make_quote(text="Draft words.", status=Status.DRAFT)
    make_quote(text="Scheduled words.", publish_at=later)

    records = run_export()

    by_text = {record["text"]: record for record in records}
    assert by_text["Draft words."]["status"] == "draft"
    assert by_text["Scheduled words."]["status"] == "published"
    assert datetime.fromisoformat(by_text["Scheduled words."]["publish_at"]) == later
    assert all("search_vector" not in record for record in records)


def test_export_of_one_type_to_a_file(tmp_path):
    make_quote()
    make_resource()
    output = tmp_path / "quotes.jsonl"

    out = io.StringIO()
    call_command("export_content", "--type", "quote", "--output", output, stdout=out)

    lines = output.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["type"] for line in lines] == ["quote"]
    assert f"Exported 1 items to {output}." in out.getvalue()


def _fields(item):
    values = {}
    for field in item._meta.concrete_fields:
        if field.name in {"id", "created_at", "updated_at", "search_vector"}:
            continue
        value = getattr(item, field.name)
        if isinstance(value, Person):
            value = (value.name, value.slug)
        elif isinstance(value, Organization) or isinstance(field, models.FileField):
            value = value.name
        values[field.name] = value
    values["tags"] = sorted(item.tags.names())
    return values


def everything():
    """Every field of every content item, related items by natural key."""
    return {
        "resources": {r.slug: _fields(r) for r in Resource.objects.all()},
        "press": {
            p.slug: {
                **_fields(p),
                "resources": sorted(r.slug for r in p.resources.all()),
            }
            for p in PressRelease.objects.all()
        },
        "quotes": sorted((_fields(q) for q in Quote.objects.all()), key=repr),
    }


def _flush_content():
    Quote.objects.all().delete()
    PressRelease.objects.all().delete()
    Resource.objects.all().delete()
    Person.objects.all().delete()
    Organization.objects.all().delete()
    TaggedItem.objects.all().delete()
    Tag.objects.all().delete()


def test_export_then_import_into_an_empty_database_gives_everything_back(tmp_path):
    now = timezone.now()
    iraq = make_resource(
        title="Iraq",
        slug="iraq",
        featured=True,
        image_alt="A map.",
        image_credit="CEP",
        body='<h2>Overview</h2><p><a href="https://example.org">A link</a></p>',
        tags=["Iraq", "ISIS"],
    )
    iraq.image.save("map.jpg", _jpeg())
    isis = make_resource(
        title="ISIS", slug="isis", kind="group", status=Status.DRAFT, tags=["ISIS"]
    )
    release = make_press_release(
        title="Condemned",
        author="CEP staff",
        image_alt="A photograph.",
        image_caption="Baghdad, 2023.",
        resources=[iraq, isis],
        tags=["Iraq", "Militias"],
    )
    release.image.save("photo.jpg", _jpeg())
    make_press_release(title="Coming", publish_at=now + timedelta(days=2))
    kh = make_organization(name="Kata'ib Hezbollah", short_name="KH")
    askari = make_person(name="Abu Ali al-Askari", organization=kh)
    iraqi = make_person(name="Abu Mohammed", slug="abu-mohammed-iraq")
    syrian = make_person(name="Abu Mohammed", slug="abu-mohammed-syria")
    make_quote(
        text="Words with everything.",
        person=askari,
        organization=kh,
        role="Security Official",
        context="On the strikes:",
        said_on=date(2023, 3, 12),
        source_title="Telegram",
        source_url="https://t.me/example/1",
        featured_on=date(2024, 5, 1),
        tags=["Iraq", "KH"],
    )
    make_quote(text="A month.", said_on=date(2023, 3, 1), said_on_precision="month")
    make_quote(text="A year.", said_on=date(2019, 1, 1), said_on_precision="year")
    make_quote(text="Undated.", said_on=None)
    make_quote(kind="fact", text="A fact.", organization=kh, tags=["KH"])
    make_quote(kind="tweet", text="@someone =1+1", person=askari)
    make_quote(text="Same words.", person=iraqi)
    make_quote(text="Same words.", person=syrian)
    make_quote(text="A draft.", status=Status.DRAFT)
    make_quote(text="Scheduled.", publish_at=now + timedelta(hours=5))
    before = everything()
    output = tmp_path / "everything.jsonl"
    call_command("export_content", "--output", output, stdout=io.StringIO())

    _flush_content()
    assert content_counts() == [0, 0, 0, 0, 0, 0]
    out, err = run_import(output)

    assert err == ""
    assert everything() == before
    assert "Quotes: 10 created" in out


def test_export_of_the_demo_content_imports_unchanged(tmp_path):
    # Tests run with DEBUG off, as a live site does.
    call_command("load_demo", "--force", stdout=io.StringIO())
    output = tmp_path / "demo.jsonl"
    call_command("export_content", "--output", output, stdout=io.StringIO())

    out, err = run_import(output)

    assert err == ""
    assert set(re.findall(r"(\d+) (?:created|updated)", out)) == {"0"}
    assert "Quotes: 0 created, 0 updated, 73 unchanged." in out


def test_said_on_with_a_precision_column_reads_like_a_partial_date(tmp_path):
    path = write_jsonl(
        tmp_path,
        quote_record(said_on="2023-03-12", said_on_precision="month"),
        quote_record(text="Year.", said_on="2023-03-12", said_on_precision="year"),
    )

    run_import(path)

    assert {q.text: (q.said_on, q.said_on_precision) for q in Quote.objects.all()} == {
        "We will drive them out.": (date(2023, 3, 1), Precision.MONTH),
        "Year.": (date(2023, 1, 1), Precision.YEAR),
    }
