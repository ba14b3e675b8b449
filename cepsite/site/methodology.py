"""``/methodology/``: how the archive is made, its glossary, how to cite it."""

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from cepsite import metadata
from cepsite.citations import RESULT_CITATION_CAP
from quotes.models import Category

from .models import MethodologySection


def glossary_json_ld(request, categories):
    """The categories as a schema.org ``DefinedTermSet``."""
    page = request.build_absolute_uri(reverse("methodology"))
    return {
        "@context": "https://schema.org",
        "@type": "DefinedTermSet",
        "@id": f"{page}#glossary",
        "name": "Categories of rhetoric",
        "hasDefinedTerm": [
            {
                "@type": "DefinedTerm",
                "@id": f"{page}#category-{category.slug}",
                "name": category.name,
                "termCode": category.slug,
                "description": category.definition,
            }
            for category in categories
        ],
    }


@require_safe
def methodology(request):
    sections = list(MethodologySection.objects.all())
    categories = list(Category.objects.order_by("name"))
    structured = [
        metadata.breadcrumb_list(
            request,
            [("Home", reverse("home")), ("Methodology", reverse("methodology"))],
        ),
    ]
    if categories:
        structured.append(glossary_json_ld(request, categories))
    return render(
        request,
        "cepsite/methodology.html",
        {
            "sections": sections,
            "categories": categories,
            "citation_cap": RESULT_CITATION_CAP,
            "structured_data": structured,
        },
    )
