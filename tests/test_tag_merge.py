"""
Merging tags: the service that moves every item onto one tag, and the tag
admin's action that asks for its name and is open only to those who may
change and delete tags.
"""

import re

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from taggit.models import Tag

from cepsite import services
from cepsite.tagging import TaggedItem, tags_of
from tests.factories import (
    admin_url,
    make_press_release,
    make_quote,
    make_staff_member,
    make_staff_user,
)

pytestmark = pytest.mark.django_db

CHANGELIST = admin_url(Tag, "changelist")


def tag(name):
    return Tag.objects.get(name=name)


def merge_post(client, tags, name, *, confirm=True):
    data = {"action": "merge_selected", ACTION_CHECKBOX_NAME: [t.pk for t in tags]}
    if confirm:
        data.update(merge="yes", name=name)
    else:
        data.update(index="0", select_across="0")
    return client.post(CHANGELIST, data, follow=confirm)


def names(item):
    return [t.name for t in tags_of(item)]


# The service.


def test_items_move_onto_a_new_tag_and_the_old_tags_go():
    release = make_press_release(tags=["Climate"])
    quote = make_quote(tags=["Weather"])
    target = services.tags_merge(
        tags=Tag.objects.filter(name__in=["Climate", "Weather"]), into="Environment"
    )
    assert target.name == "Environment"
    assert names(release) == ["Environment"]
    assert names(quote) == ["Environment"]
    assert set(Tag.objects.values_list("name", flat=True)) == {"Environment"}


def test_an_item_with_several_merged_tags_ends_with_the_target_once():
    both = make_press_release(tags=["Climate", "Weather", "Oceans"])
    with_target = make_quote(tags=["Weather", "Environment"])
    target = tag("Environment")
    services.tags_merge(tags=[tag("Climate"), tag("Weather")], into="Environment")
    assert names(both) == ["Environment", "Oceans"]
    assert names(with_target) == ["Environment"]
    assert TaggedItem.objects.filter(tag=target).count() == 2
    assert not Tag.objects.filter(name__in=["Climate", "Weather"]).exists()


def test_the_target_is_found_whatever_its_case_and_kept_when_selected():
    release = make_press_release(tags=["Climate"])
    other = make_press_release(tags=["climate change"])
    climate = tag("Climate")
    target = services.tags_merge(
        tags=[climate, tag("climate change")], into="  CLIMATE "
    )
    assert target == climate
    assert target.name == "Climate"
    assert names(release) == names(other) == ["Climate"]
    assert list(Tag.objects.all()) == [climate]


def test_items_of_other_tags_and_types_are_left_alone():
    release = make_press_release(tags=["Climate", "Oceans"])
    # The same key in another table is another item: its tag is no duplicate.
    quote = make_quote(pk=release.pk, tags=["Environment", "Oceans"])
    services.tags_merge(tags=[tag("Climate")], into="Environment")
    assert names(release) == ["Environment", "Oceans"]
    assert names(quote) == ["Environment", "Oceans"]


def test_a_blank_name_is_refused_by_the_service():
    make_press_release(tags=["Climate"])
    with pytest.raises(ValueError):
        services.tags_merge(tags=[tag("Climate")], into="  ")
    assert list(Tag.objects.values_list("name", flat=True)) == ["Climate"]


def test_a_cached_tag_page_shows_the_merged_items(client, page_cache):
    make_press_release(title="Release about climate", tags=["Climate"])
    make_press_release(title="Release about weather", tags=["Weather"])
    climate = tag("Climate")
    url = f"/tags/{climate.slug}/"
    client.get(url)
    cached = client.get(url)
    assert cached["X-Cache"] == "hit"
    assert b"Release about weather" not in cached.content
    services.tags_merge(tags=[tag("Weather")], into="Climate")
    response = client.get(url)
    assert response["X-Cache"] == "miss"
    assert b"Release about climate" in response.content
    assert b"Release about weather" in response.content


# The admin action.


def test_the_action_asks_for_the_name_on_a_page_without_inline_script(admin_client):
    make_press_release(tags=["Climate", "Weather"])
    response = merge_post(
        admin_client, [tag("Climate"), tag("Weather")], None, confirm=False
    )
    assert response.status_code == 200
    assert response.templates[0].name == "admin/taggit/tag/merge_selected.html"
    html = response.content.decode()
    assert "csrfmiddlewaretoken" in html
    for t in (tag("Climate"), tag("Weather")):
        assert f'name="{ACTION_CHECKBOX_NAME}" value="{t.pk}"' in html
    assert 'name="name"' in html
    assert "script-src" in response["Content-Security-Policy"]
    # Every script is loaded from a file: nothing inline for the CSP to block.
    for attributes, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S):
        assert "src=" in attributes and not body.strip()
    assert not re.search(r"<[^>]*\son[a-z]+=", html)


def test_admin_merge_moves_items_and_names_the_result(admin_client):
    release = make_press_release(tags=["Climate", "Weather"])
    quote = make_quote(tags=["Weather"])
    response = merge_post(admin_client, [tag("Climate"), tag("Weather")], "Environment")
    assert response.redirect_chain[-1][0] == CHANGELIST
    assert [str(m) for m in response.context["messages"]] == [
        "Merged 2 tags into “Environment”."
    ]
    assert names(release) == ["Environment"]
    assert names(quote) == ["Environment"]
    assert list(Tag.objects.values_list("name", flat=True)) == ["Environment"]


def test_a_blank_name_is_a_form_error_changing_nothing(admin_client):
    release = make_press_release(tags=["Climate", "Weather"])
    response = merge_post(admin_client, [tag("Climate"), tag("Weather")], "   ")
    assert response.status_code == 200
    assert response.redirect_chain == []
    assert response.context["form"].errors == {
        "name": ["Enter the name of the tag to merge into."]
    }
    assert "Enter the name of the tag to merge into." in response.content.decode()
    assert names(release) == ["Climate", "Weather"]
    assert Tag.objects.count() == 2


def test_an_editor_may_merge(client):
    client.force_login(make_staff_member("chief", role="editor"))
    release = make_press_release(tags=["Climate", "Weather"])
    merge_post(client, [tag("Climate"), tag("Weather")], "Climate")
    assert names(release) == ["Climate"]


@pytest.fixture
def contributor_client(client):
    client.force_login(make_staff_member("writer", role="contributor"))
    return client


def test_contributors_do_not_see_the_action(contributor_client):
    make_press_release(tags=["Climate"])
    response = contributor_client.get(CHANGELIST)
    assert response.status_code == 200
    assert "merge_selected" not in response.content.decode()


@pytest.mark.parametrize("confirm", [False, True], ids=["ask", "merge"])
def test_a_forged_merge_by_a_contributor_is_refused(contributor_client, confirm):
    release = make_press_release(tags=["Climate", "Weather"])
    response = merge_post(
        contributor_client, [tag("Climate"), tag("Weather")], "Env", confirm=confirm
    )
    assert response.status_code == 403
    assert names(release) == ["Climate", "Weather"]
    assert Tag.objects.count() == 2


def test_staff_allowed_to_change_but_not_delete_tags_cannot_merge(client):
    from django.contrib.auth.models import Permission

    user = make_staff_user("half", superuser=False)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="taggit", codename__in=["view_tag", "change_tag"]
        )
    )
    client.force_login(user)
    make_press_release(tags=["Climate", "Weather"])
    assert "merge_selected" not in client.get(CHANGELIST).content.decode()
    response = merge_post(client, [tag("Climate"), tag("Weather")], "Env")
    assert response.status_code == 403
    assert Tag.objects.count() == 2


def test_a_merge_is_in_the_audit_log(admin_client):
    make_press_release(tags=["Daesh", "ISIS"])
    daesh = Tag.objects.get(name="Daesh")
    merge_post(admin_client, list(Tag.objects.all()), "ISIS")
    entries = LogEntry.objects.order_by("pk")
    assert [(e.action_flag, e.object_repr) for e in entries] == [
        (DELETION, "Daesh"),
        (CHANGE, "ISIS"),
    ]
    assert entries.get(action_flag=DELETION).object_id == str(daesh.pk)
    assert ADDITION not in {e.action_flag for e in entries}
