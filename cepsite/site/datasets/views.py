"""The page that lists dataset releases."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from .releases import releases as all_releases


@require_safe
def releases(request):
    return render(request, "datasets/releases.html", {"releases": all_releases()})
