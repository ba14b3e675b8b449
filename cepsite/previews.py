"""
Shareable preview links: a signed token that opens one item, draft or
scheduled, for anyone holding it, until it expires or is revoked.

The token is the link's key signed with the site's secret, so a token
cannot be made up or altered; whether it still opens anything is read from
the ``PreviewLink`` row each time, so revoking takes effect at once.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cepsite.models import PreviewLink
from cepsite.roles import PUBLISHABLE_MODELS

SALT = "cepsite.preview-link"
DEFAULT_DAYS = 7
MAX_DAYS = 90


class PreviewLinkError(Exception):
    """A token that opens nothing; ``status`` is the answer to give (404/410)."""

    def __init__(self, message, status):
        super().__init__(message)
        self.message = message
        self.status = status


def token_for(link):
    """The signed token of ``link``, as it appears in its URL."""
    return signing.Signer(salt=SALT).sign_object(link.pk)


def path_for(link):
    return reverse("preview_link", kwargs={"token": token_for(link)})


def url_for(link, request=None):
    """The full address of ``link``: the request's host, else ``SITE_URL``."""
    if request is not None:
        return request.build_absolute_uri(path_for(link))
    return settings.SITE_URL + path_for(link)


def is_previewable(model):
    opts = model._meta
    return (opts.app_label, opts.model_name) in PUBLISHABLE_MODELS


def links_of(item):
    """The item's preview links, newest first, with who made them."""
    content_type = ContentType.objects.get_for_model(type(item))
    return PreviewLink.objects.filter(
        content_type=content_type, object_id=item.pk
    ).select_related("created_by")


def link_state(link, now=None):
    """ "active", "expired" or "revoked"."""
    if link.revoked_at is not None:
        return "revoked"
    if link.expires_at <= (now or timezone.now()):
        return "expired"
    return "active"


def open_token(token):
    """
    The live link ``token`` stands for, or :class:`PreviewLinkError`: 404 for a
    token that was never made here or whose item is gone, 410 for one that
    expired or was revoked.
    """
    try:
        pk = signing.Signer(salt=SALT).unsign_object(token)
    except signing.BadSignature:
        raise PreviewLinkError("This preview link is not valid.", 404) from None
    link = (
        PreviewLink.objects.select_related("content_type").filter(pk=pk).first()
        if isinstance(pk, int)
        else None
    )
    if link is None:
        raise PreviewLinkError("This preview link is not valid.", 404)
    state = link_state(link)
    if state == "revoked":
        raise PreviewLinkError("This preview link was revoked.", 410)
    if state == "expired":
        raise PreviewLinkError("This preview link has expired.", 410)
    model = link.content_type.model_class()
    if model is None or not is_previewable(model):
        raise PreviewLinkError("This preview link is not valid.", 404)
    if not model._base_manager.filter(pk=link.object_id).exists():
        raise PreviewLinkError("The item of this preview link is gone.", 404)
    return link


@transaction.atomic
def preview_link_create(*, item, days=DEFAULT_DAYS, user=None, note=""):
    """A new link to ``item`` (a press release, quote or resource) for ``days``."""
    if not is_previewable(type(item)):
        raise ValueError(f"{item._meta.verbose_name} items have no preview.")
    if not 1 <= int(days) <= MAX_DAYS:
        raise ValueError(f"A preview link lasts from 1 to {MAX_DAYS} days.")
    link = PreviewLink(
        content_type=ContentType.objects.get_for_model(type(item)),
        object_id=item.pk,
        note=note,
        created_by=user,
        expires_at=timezone.now() + timedelta(days=int(days)),
    )
    link.full_clean()
    link.save()
    return link


@transaction.atomic
def preview_link_revoke(*, link):
    """Revoke ``link`` from now on; a revoked link stays revoked."""
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.full_clean()
        link.save(update_fields=["revoked_at"])
    return link
