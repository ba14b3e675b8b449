"""
The review steps on a draft's change page: "Submit for review" with a note
for whoever may edit the draft, and for editors the decision on a submitted
draft: publish, schedule, or send back with a comment. The rules are
``cepsite.reviews``; every step is a POST, checked here against the role.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from cepsite import reviews
from cepsite.models import ReviewRequest
from cepsite.publishing import Status
from cepsite.roles import can_publish


class SubmitForReviewForm(forms.Form):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="What the editor should know.",
    )


class ReviewDecisionForm(forms.Form):
    DECISIONS = [
        ("publish", "Publish now"),
        ("schedule", "Schedule"),
        ("return", "Send back"),
    ]

    decision = forms.ChoiceField(choices=DECISIONS, widget=forms.RadioSelect)
    publish_at = forms.DateTimeField(
        required=False,
        label="Publish at",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text="For scheduling: in the site's time zone.",
    )
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Required when sending back.",
    )

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision == "schedule" and not cleaned.get("publish_at"):
            self.add_error("publish_at", "Say when the item should go live.")
        if decision == "return" and not cleaned.get("comment", "").strip():
            self.add_error("comment", "Say what should change.")
        return cleaned


def _form_errors(form):
    return "; ".join(" ".join(errors) for errors in form.errors.values())


class ReviewAdminMixin:
    """Adds the review views and the review panel to a publishable ModelAdmin."""

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        # The item the change view already read: no second query for it.
        context = {**self.review_context(request, obj), **context}
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/submit-for-review/",
                wrap(require_POST(self.review_submit_view)),
                name=f"{name}_review_submit",
            ),
            path(
                "<path:object_id>/review/<int:review_id>/",
                wrap(require_POST(self.review_decide_view)),
                name=f"{name}_review_decide",
            ),
            *super().get_urls(),
        ]

    def review_context(self, request, obj):
        """What the change page shows of the item's review."""
        if obj is None:
            return {}
        current = reviews.open_review(obj)
        last = current or reviews.reviews_of(obj).first()
        context = {"review": last}
        if current is None and obj.status == Status.DRAFT:
            if self.has_change_permission(request, obj):
                context["review_submit_form"] = SubmitForReviewForm()
        elif current is not None and can_publish(request.user, self.model):
            context["review_decision_form"] = ReviewDecisionForm()
        return context

    def _back_to(self, obj):
        opts = self.model._meta
        return HttpResponseRedirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        )

    def _reviewed_item(self, request, object_id):
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404("No such item.")
        return obj

    def review_submit_view(self, request, object_id):
        obj = self._reviewed_item(request, object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied("You may not edit this item.")
        form = SubmitForReviewForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(_form_errors(form))
            reviews.review_submit(
                item=obj, user=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(
                request, "Submitted for review: the editors are told.", messages.SUCCESS
            )
        return self._back_to(obj)

    def review_decide_view(self, request, object_id, review_id):
        obj = self._reviewed_item(request, object_id)
        if not can_publish(request.user, self.model):
            raise PermissionDenied("Only editors decide reviews.")
        review = get_object_or_404(
            reviews.reviews_of(obj), pk=review_id, state=ReviewRequest.State.SUBMITTED
        )
        form = ReviewDecisionForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(_form_errors(form))
            message = self._decide(request, review, form.cleaned_data)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(request, message, messages.SUCCESS)
        return self._back_to(obj)

    def _decide(self, request, review, data):
        comment = data["comment"]
        if data["decision"] == "return":
            reviews.review_return(review=review, user=request.user, comment=comment)
            return "Sent back to the contributor with your comment."
        publish_at = data["publish_at"] if data["decision"] == "schedule" else None
        reviews.review_approve(
            review=review, user=request.user, publish_at=publish_at, comment=comment
        )
        return "Approved: scheduled." if publish_at else "Approved: published."
