"""
Corrections and withdrawals in the admin of every published content type.

An editor adds a public correction (its date and note) in the item's own
change page, through :class:`CorrectionInline`; a withdrawal is the item's
"Withdrawal" fields, or the changelist action :func:`withdraw_selected`,
which asks for the reason shown to readers. Both write through
``cepsite.services``.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.contenttypes.admin import GenericTabularInline
from django.contrib.contenttypes.forms import BaseGenericInlineFormSet
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse

from cepsite import services
from cepsite.models import Correction
from cepsite.roles import can_publish

WITHDRAWAL_FIELDSET = (
    "Withdrawal",
    {
        "fields": ["withdrawn_at", "withdrawal_note"],
        "description": "A withdrawn item leaves every list, search and feed; "
        "its address tells readers it was withdrawn, when, and why.",
    },
)


class CorrectionFormSet(BaseGenericInlineFormSet):
    """Saves and deletes each correction through the services."""

    user = None

    def __init__(self, *args, **kwargs):
        data = kwargs.get("data", args[0] if args else None)
        prefix = kwargs.get("prefix") or self.get_default_prefix()
        if data is not None and f"{prefix}-TOTAL_FORMS" not in data:
            # A change form posted without this inline (by a script, or from a
            # page opened before the item was published) changes no correction.
            data = data.copy()
            data[f"{prefix}-TOTAL_FORMS"] = data[f"{prefix}-INITIAL_FORMS"] = "0"
            if args:
                args = (data, *args[1:])
            else:
                kwargs["data"] = data
        super().__init__(*args, **kwargs)

    def save_new(self, form, commit=True):
        correction = super().save_new(form, commit=False)
        if commit:
            services.correction_save(correction=correction, user=self.user)
        return correction

    def save_existing(self, form, obj, commit=True):
        correction = form.save(commit=False)
        if commit:
            services.correction_save(correction=correction)
        return correction

    def delete_existing(self, obj, commit=True):
        if commit:
            services.correction_delete(correction=obj)


class CorrectionInline(GenericTabularInline):
    """The item's public corrections, newest first, each with its date."""

    model = Correction
    formset = CorrectionFormSet
    fields = ["made_at", "note"]
    extra = 0
    verbose_name = "public correction"
    verbose_name_plural = "public corrections"

    # A correction is a public statement, as publishing is: whoever may
    # publish the item may correct it, and only they.
    def has_add_permission(self, request, obj=None):
        return can_publish(request.user, self.parent_model)

    def has_change_permission(self, request, obj=None):
        return can_publish(request.user, self.parent_model)

    def has_delete_permission(self, request, obj=None):
        return can_publish(request.user, self.parent_model)

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (formset,), {"user": request.user})


class WithdrawForm(forms.Form):
    note = forms.CharField(
        label="Reason shown to readers",
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text="Shown at the address of each item withdrawn.",
    )


def _confirmation(model_admin, request, queryset, form):
    opts = model_admin.model._meta
    return TemplateResponse(
        request,
        "admin/cepsite/withdraw_selected.html",
        {
            **model_admin.admin_site.each_context(request),
            "title": f"Withdraw {opts.verbose_name_plural}",
            "opts": opts,
            "form": form,
            "items": queryset,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        },
    )


@admin.action(
    description="Withdraw selected %(verbose_name_plural)s",
    permissions=["publish"],
)
def withdraw_selected(model_admin, request, queryset):
    """Ask for the reason, then withdraw the selected published items."""
    if "confirm_withdrawal" not in request.POST:
        return _confirmation(model_admin, request, queryset, WithdrawForm())
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        return _confirmation(model_admin, request, queryset, form)
    try:
        changed = services.items_withdraw(
            queryset=queryset, note=form.cleaned_data["note"]
        )
    except ValidationError as error:
        form.add_error("note", error.messages)
        return _confirmation(model_admin, request, queryset, form)
    model_admin._log(request, changed, "Withdrawn.")
    if not changed:
        model_admin.message_user(
            request,
            "Nothing to withdraw: only published items not withdrawn yet can be.",
            messages.WARNING,
        )
        return None
    model_admin.message_user(
        request,
        f"Withdrew {model_admin._count(len(changed))}; "
        f"{'its address tells' if len(changed) == 1 else 'their addresses tell'} "
        "readers why.",
        messages.SUCCESS,
    )
    return None
