"""HEAD where GET works, TRACE and unused methods refused, a Permissions-Policy."""

import pytest

from tests.factories import make_press_release

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/search/?q=isis", "/press/", "/robots.txt"])
def test_head_answers_wherever_get_does(client, path):
    make_press_release()
    assert client.get(path).status_code == 200
    response = client.head(path)
    assert response.status_code == 200
    assert response.content == b""


@pytest.mark.parametrize("method", ["trace", "put", "delete", "patch"])
def test_trace_and_unused_methods_are_refused(client, method):
    response = client.generic(method.upper(), "/")
    assert response.status_code == 405
    assert "TRACE" not in response["Allow"]


def test_every_page_turns_off_browser_features_it_does_not_use(client):
    response = client.get("/")
    policy = response["Permissions-Policy"]
    assert "camera=()" in policy
    assert "geolocation=()" in policy
    assert "microphone=()" in policy
