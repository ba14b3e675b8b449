"""
Review of drafts: a contributor submits a draft with a note, an editor
publishes or schedules it, or sends it back with a comment.

Each step is written to the item's history (a version with the step as its
comment), to the audit log, and mailed to the people concerned: the editors
when a draft is submitted, the contributor when it is decided.
"""

import reversion
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from cepsite import services
from cepsite.models import ReviewRequest
from cepsite.publishing import Status
from cepsite.roles import can_publish

State = ReviewRequest.State


def open_review(item):
    """The item's review awaiting a decision, if any."""
    return reviews_of(item).filter(state=State.SUBMITTED).first()


def reviews_of(item):
    content_type = ContentType.objects.get_for_model(type(item))
    return ReviewRequest.objects.filter(
        content_type=content_type, object_id=item.pk
    ).select_related("submitted_by", "decided_by")


def awaiting_review():
    """Reviews awaiting a decision, oldest first, with who asked."""
    return (
        ReviewRequest.objects.filter(state=State.SUBMITTED)
        .select_related("submitted_by", "content_type")
        .order_by("submitted_at", "pk")
    )


def editors_of(model):
    """Active users with an address who may publish ``model`` items."""
    opts = model._meta
    permission = Permission.objects.filter(
        content_type__app_label=opts.app_label, codename=f"publish_{opts.model_name}"
    ).first()
    may_publish = Q(is_superuser=True)
    if permission is not None:
        may_publish |= Q(groups__permissions=permission) | Q(
            user_permissions=permission
        )
    return (
        get_user_model()
        .objects.filter(may_publish, is_active=True)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def _change_url(item):
    opts = item._meta
    path = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])
    return settings.SITE_URL + path


def _mail(recipients, subject, body):
    messages = [
        EmailMessage(subject=subject, body=body, to=[user.email])
        for user in recipients
        if user is not None and user.email
    ]
    if messages:
        # After the commit, and logged if it fails: a failed delivery
        # neither undoes the step nor fails the request.
        transaction.on_commit(
            lambda: get_connection().send_messages(messages), robust=True
        )


def _record(*, item, user, message):
    """Write the step to the item's history and to the audit log."""
    if reversion.is_registered(type(item)):
        with reversion.create_revision(manage_manually=True):
            reversion.set_user(user)
            reversion.set_comment(message)
            reversion.add_to_revision(item)
    LogEntry.objects.log_actions(
        user_id=user.pk,
        queryset=[item],
        action_flag=CHANGE,
        change_message=message,
        single_object=True,
    )


def _named(item):
    return f"{item._meta.verbose_name} “{item}”"


@transaction.atomic
def review_submit(*, item, user, note=""):
    """Ask the editors to review the draft ``item``; mail them."""
    if item.status != Status.DRAFT:
        raise ValidationError("Only a draft can be submitted for review.")
    if open_review(item) is not None:
        raise ValidationError("This draft is already awaiting review.")
    review = ReviewRequest(
        content_type=ContentType.objects.get_for_model(type(item)),
        object_id=item.pk,
        note=note,
        submitted_by=user,
    )
    review.full_clean()
    review.save()
    message = "Submitted for review."
    _record(item=item, user=user, message=f"{message} {note}".strip())
    _mail(
        editors_of(type(item)).exclude(pk=user.pk),
        f"For review: {item}",
        f"{user.get_username()} submitted the {_named(item)} for review.\n\n"
        f"Note: {note or '(none)'}\n\n{_change_url(item)}\n",
    )
    return review


def _decide(review, user, state, comment):
    if review.state != State.SUBMITTED:
        raise ValidationError("This review was already decided.")
    item = review.item
    if item is None:
        raise ValidationError("The item of this review is gone.")
    if not can_publish(user, type(item)):
        raise ValidationError("Only editors decide reviews.")
    review.state = state
    review.decided_by = user
    review.decided_at = timezone.now()
    review.comment = comment
    review.full_clean()
    review.save()
    return item


@transaction.atomic
def review_return(*, review, user, comment):
    """Send the draft back to its contributor with the editor's comment."""
    if not comment.strip():
        raise ValidationError("Say what should change before sending it back.")
    item = _decide(review, user, State.RETURNED, comment)
    _record(item=item, user=user, message=f"Sent back: {comment}")
    _mail(
        [review.submitted_by],
        f"Sent back: {item}",
        f"{user.get_username()} sent the {_named(item)} back to you.\n\n"
        f"Comment: {comment}\n\n{_change_url(item)}\n",
    )
    return review


@transaction.atomic
def review_approve(*, review, user, publish_at=None, comment=""):
    """
    Publish the reviewed draft now, or at ``publish_at`` (a time ahead
    schedules it); mail the contributor.
    """
    now = timezone.now()
    if publish_at is not None and publish_at <= now:
        raise ValidationError("A scheduled time must lie ahead.")
    item = _decide(review, user, State.APPROVED, comment)
    item.status = Status.PUBLISHED
    item.publish_at = publish_at or now
    item.full_clean()
    services.item_save(item=item)
    when = timezone.localtime(item.publish_at)
    if item.publish_at > now:
        message = f"Approved and scheduled for {when:%Y-%m-%d %H:%M}."
    else:
        message = "Approved and published."
    _record(item=item, user=user, message=f"{message} {comment}".strip())
    _mail(
        [review.submitted_by],
        f"Approved: {item}",
        f"{user.get_username()} approved the {_named(item)}. {message}\n\n"
        f"{comment}\n\n{_change_url(item)}\n",
    )
    return review
