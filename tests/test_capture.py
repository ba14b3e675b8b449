"""
Capturing sources: ``manage.py capture_sources`` against real HTTP servers
on the loopback network, the WARC files it keeps, and who may read them.
"""

import hashlib
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from warcio.archiveiterator import ArchiveIterator

from quotes.models import Source
from quotes.provenance.addresses import RefusedAddress, check_address
from tests import source_servers
from tests.factories import make_quote, make_source
from tests.source_servers import LIVE_PAGE, SLOW_SECONDS

pytestmark = pytest.mark.django_db

source_server = source_servers.source_server
other_server = source_servers.other_server


def _capture(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("capture_sources", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _records(source):
    with source.snapshot.open("rb") as stream:
        return [
            (record.rec_type, record.rec_headers, record.content_stream().read())
            for record in ArchiveIterator(stream)
        ]


def test_capture_keeps_the_live_page_as_a_warc_file(source_server, settings):
    source = make_source(make_quote(), url=source_server.url("/live"))

    out, _ = _capture()

    source.refresh_from_db()
    assert "1 captured" in out
    assert source.captured_at is not None
    assert source.snapshot.name.endswith(".warc.gz")
    with source.snapshot.open("rb") as stream:
        stored = stream.read()
    assert source.snapshot_sha256 == hashlib.sha256(stored).hexdigest()
    [(kind, headers, payload)] = _records(source)
    assert kind == "response"
    assert headers.get_header("WARC-Target-URI") == source.url
    assert payload == LIVE_PAGE
    # Outside the public media folder, under the private one.
    assert str(settings.PRIVATE_MEDIA_ROOT) in source.snapshot.path
    [(_, request_headers)] = source_server.requests
    assert request_headers["User-Agent"] == settings.SOURCES_USER_AGENT


def test_capture_runs_again_without_fetching_what_it_has(source_server):
    make_source(make_quote(), url=source_server.url("/live"))
    _capture()

    out, _ = _capture()

    assert "nothing to do" in out
    assert source_server.paths == ["/live"]


def test_capture_of_one_quote_fetches_its_sources_again(source_server):
    quote = make_quote()
    first = make_source(quote, url=source_server.url("/live"))
    make_source(make_quote(), url=source_server.url("/live?other"))
    _capture()
    first.refresh_from_db()
    earlier = first.captured_at

    out, _ = _capture("--quote", str(quote.pk))

    first.refresh_from_db()
    assert "1 captured" in out
    assert first.captured_at > earlier
    assert source_server.paths.count("/live") == 2


def test_capture_of_an_unknown_quote_is_an_error(db):
    with pytest.raises(CommandError, match="No quote has the id 999999"):
        _capture("--quote", "999999")


def test_capture_follows_a_permanent_redirect(source_server):
    source = make_source(make_quote(), url=source_server.url("/moved"))

    _capture()

    source.refresh_from_db()
    [(_, headers, payload)] = _records(source)
    assert headers.get_header("WARC-Target-URI") == source_server.url("/live")
    assert payload == LIVE_PAGE
    assert source_server.paths == ["/moved", "/live"]


def test_a_missing_page_is_not_captured(source_server):
    source = make_source(make_quote(), url=source_server.url("/gone"))

    out, err = _capture()

    source.refresh_from_db()
    assert "1 failed" in out
    assert "answered 404" in err
    assert not source.snapshot
    assert source.captured_at is None


def test_a_page_slower_than_the_timeout_is_given_up(source_server, settings):
    settings.SOURCES_FETCH_TIMEOUT = SLOW_SECONDS / 4
    source = make_source(make_quote(), url=source_server.url("/slow"))

    out, err = _capture()

    source.refresh_from_db()
    assert "1 failed" in out
    assert "timed out" in err
    assert source.captured_at is None


@pytest.mark.parametrize("path", ["/big", "/big-unannounced"])
def test_a_response_over_the_size_limit_is_not_kept(source_server, settings, path):
    settings.SOURCES_MAX_BYTES = 1000
    source = make_source(make_quote(), url=source_server.url(path))

    out, err = _capture()

    source.refresh_from_db()
    assert "1 failed" in out
    assert "size limit" in err or "over the limit" in err
    assert not source.snapshot


def test_with_the_setting_off_a_loopback_address_is_never_fetched(
    source_server, settings
):
    settings.SOURCES_ALLOW_PRIVATE_ADDRESSES = False
    source = make_source(make_quote(), url=source_server.url("/live"))

    out, err = _capture()

    source.refresh_from_db()
    assert "1 refused" in out
    assert "not a public address" in err
    assert source_server.requests == []
    assert source.captured_at is None


@pytest.mark.parametrize(
    "address", ["http://169.254.169.254/latest/", "http://10.0.0.1/", "http://[::1]/"]
)
def test_with_the_setting_off_private_and_link_local_addresses_are_refused(
    settings, address
):
    settings.SOURCES_ALLOW_PRIVATE_ADDRESSES = False
    make_source(make_quote(), url=address)

    out, _ = _capture()

    assert "1 refused" in out


def test_a_redirect_towards_a_forbidden_address_is_not_followed(
    source_server, other_server, settings
):
    # Only the first server's own address is allowed: the redirect leads to
    # another loopback address, which the rule forbids.
    settings.SOURCES_ALLOW_PRIVATE_ADDRESSES = ["127.0.0.1/32"]
    target = other_server.url("/live")
    source = make_source(make_quote(), url=source_server.url(f"/redirect?to={target}"))

    out, err = _capture()

    source.refresh_from_db()
    assert "1 refused" in out
    assert "127.0.0.2" in err
    assert len(source_server.requests) == 1
    assert other_server.requests == []
    assert source.captured_at is None


def test_a_source_with_another_scheme_is_not_fetched(db):
    # Written past the model's checks, as an old import could have.
    quote = make_quote()
    Source.objects.bulk_create([Source(quote=quote, url="file:///etc/passwd")])

    out, err = _capture()

    assert "1 failed" in out
    assert "not an http or https address" in err


def test_staff_read_the_captured_text_in_the_admin_escaped(source_server, admin_client):
    source = make_source(make_quote(), url=source_server.url("/live"))
    _capture()

    response = admin_client.get(
        reverse("admin:quotes_source_captured", args=[source.pk])
    )

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    assert "The statement of the group, in full." in body
    assert "&lt;script&gt;alert" in body
    assert "<script>alert" not in body


def test_staff_download_the_warc_file(source_server, admin_client):
    source = make_source(make_quote(), url=source_server.url("/live"))
    _capture()
    source.refresh_from_db()

    response = admin_client.get(
        reverse("admin:quotes_source_captured_warc", args=[source.pk])
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/warc"
    assert "attachment" in response["Content-Disposition"]
    data = b"".join(response.streaming_content)
    assert hashlib.sha256(data).hexdigest() == source.snapshot_sha256


def test_captured_media_is_offered_only_as_the_warc_file(source_server, admin_client):
    source = make_source(make_quote(), url=source_server.url("/video"))
    _capture()

    response = admin_client.get(
        reverse("admin:quotes_source_captured", args=[source.pk])
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "video/mp4" in body
    assert "shown only as the WARC file" in body
    assert "ftypmp42" not in body


def test_readers_cannot_open_a_captured_copy(source_server, client):
    source = make_source(make_quote(), url=source_server.url("/live"))
    _capture()

    for name in ("admin:quotes_source_captured", "admin:quotes_source_captured_warc"):
        response = client.get(reverse(name, args=[source.pk]))
        assert response.status_code == 302
        assert "/login/" in response["Location"]


def test_a_source_without_a_capture_has_no_captured_copy_page(admin_client):
    source = make_source(make_quote(), url="https://example.org/a")

    response = admin_client.get(
        reverse("admin:quotes_source_captured", args=[source.pk])
    )

    assert response.status_code == 404


def test_the_public_page_says_when_a_copy_was_captured(source_server, client):
    quote = make_quote()
    source = make_source(quote, url=source_server.url("/live"))
    _capture()
    source.refresh_from_db()

    body = client.get(quote.get_absolute_url()).content.decode()

    assert "A copy was captured on" in body
    assert f"{source.captured_at:%Y}" in body
    assert "captured.warc" not in body
    assert "/captured/" not in body
    assert "The statement of the group" not in body


@pytest.mark.parametrize(
    "address",
    [
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "127.0.0.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.1",
        "240.0.0.1",
        "::1",
        "fe80::1",
        "fc00::1",
        "ff02::1",
        "::ffff:127.0.0.1",
    ],
)
def test_the_address_rule_refuses_every_address_that_is_not_public(settings, address):
    settings.SOURCES_ALLOW_PRIVATE_ADDRESSES = False

    with pytest.raises(RefusedAddress):
        check_address(address)


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:2800:21f:cb07::1"])
def test_the_address_rule_accepts_public_addresses(settings, address):
    settings.SOURCES_ALLOW_PRIVATE_ADDRESSES = False

    assert str(check_address(address)) == address
