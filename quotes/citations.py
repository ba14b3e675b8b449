"""
A quote, fact or tweet as a CSL-JSON item, which ``cepsite.citations``
renders in the citation styles and writes as CSL-JSON, BibTeX and RIS.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from cepsite import metadata
from cepsite.citations import date_parts, day_parts, file_links, render
from cepsite.dates import machine_partial_date

# A title is the opening of the words: enough to recognise them.
TITLE_WORDS = 16


def _web_address(url):
    """``url`` if it is a web address; imported data may hold anything."""
    return url if url.lower().startswith(("https://", "http://")) else ""


def _title(quote):
    return Truncator(" ".join(quote.text.split())).words(TITLE_WORDS, truncate="…")


def _speaker(quote):
    """The author: the person who spoke, else the organisation."""
    if quote.person_id:
        return [{"literal": quote.person.name}]
    if quote.organization_id:
        return [{"literal": quote.organization.name}]
    return []


def _genre(quote):
    """ "Quote, Kata'ib Hezbollah (KH) Security Official"."""
    affiliation = quote.organization.display_name if quote.organization_id else ""
    description = " ".join(part for part in (affiliation, quote.role) if part)
    if not quote.person_id:
        # The organisation is the author already; only the role is left.
        description = quote.role
    return ", ".join(part for part in (quote.get_kind_display(), description) if part)


def _first_source(quote, sources):
    """(publisher or title, text for the note) of the first source, if any."""
    first = next(iter(sources), None) if sources is not None else None
    if first is not None:
        url = _web_address(first.url)
        name = first.publisher or first.title or url
        described = ", ".join(
            part for part in (first.publisher, first.title, url) if part
        )
        return name, described
    url = _web_address(quote.source_url)
    if quote.source_title or url:
        described = ", ".join(part for part in (quote.source_title, url) if part)
        return quote.source_title or url, described
    return "", ""


def quote_item(quote, *, url, accessed, sources=None):
    """
    The quote as a CSL-JSON item: the speaker as author, the organisation and
    role in the genre, the date with only its known parts, the archive as
    container, the permanent ``url`` and the ``accessed`` day. ``sources``, in
    order, are the quote's own (the first is named as its source); without
    them the old first-source fields are read.
    """
    item = {
        "id": f"quote-{quote.pk}",
        "type": "webpage",
        "title": _title(quote),
        "author": _speaker(quote),
        "genre": _genre(quote),
        "container-title": settings.SITE_NAME,
        "URL": url,
        "accessed": day_parts(accessed),
        "language": "en",
    }
    issued = date_parts(quote.said_on, quote.said_on_precision)
    if issued:
        item["issued"] = issued
    source, described = _first_source(quote, sources)
    notes = []
    if source:
        item["source"] = source
        notes.append(f"Source: {described}")
    if quote.original_text:
        item["original-title"] = quote.original_text
    if quote.translation_credit:
        translated = (
            f" from {quote.original_language}" if quote.original_language else ""
        )
        notes.append(f"Translation{translated}: {quote.translation_credit}")
    if notes:
        item["note"] = "; ".join(notes)
    if not item["author"]:
        del item["author"]
    return item


def _organization_ld(organization):
    data = {"@type": "Organization", "name": organization.name}
    if organization.short_name and organization.short_name != organization.name:
        data["alternateName"] = organization.short_name
    return data


def _creator_ld(quote):
    if quote.person_id:
        data = {"@type": "Person", "name": quote.person.name}
        if quote.role:
            data["jobTitle"] = quote.role
        if quote.organization_id:
            data["affiliation"] = _organization_ld(quote.organization)
        return data
    if quote.organization_id:
        return _organization_ld(quote.organization)
    return None


def _based_on_ld(quote, sources):
    first = next(iter(sources), None)
    if first is None:
        return _web_address(quote.source_url) or None
    data = {"@type": "CreativeWork"}
    if first.title:
        data["name"] = first.title
    if _web_address(first.url):
        data["url"] = first.url
    if first.publisher:
        data["publisher"] = {"@type": "Organization", "name": first.publisher}
    published = machine_partial_date(first.published_on, first.published_on_precision)
    if published:
        data["datePublished"] = published
    if first.language:
        data["inLanguage"] = first.language
    return data


def quote_json_ld(quote, *, url, sources, request):
    """
    The quote as a schema.org ``Quotation`` (a fact as a ``CreativeWork``):
    its speaker as ``creator``, its date at its precision as ``dateCreated``
    and its first source as ``isBasedOn``.
    """
    data = {
        "@context": "https://schema.org",
        "@type": "CreativeWork" if quote.kind == quote.Kind.FACT else "Quotation",
        "text": quote.text,
        "url": url,
        "inLanguage": "en",
        "datePublished": quote.publish_at.isoformat(),
        "isPartOf": {
            "@type": "WebSite",
            "name": settings.SITE_NAME,
            "url": request.build_absolute_uri("/"),
        },
    }
    optional = {
        "creator": _creator_ld(quote),
        "dateCreated": machine_partial_date(quote.said_on, quote.said_on_precision),
        "isBasedOn": _based_on_ld(quote, sources),
    }
    if quote.original_text:
        original = {"@type": "Quotation", "text": quote.original_text}
        if quote.original_language:
            original["inLanguage"] = quote.original_language
        optional["translationOfWork"] = original
    data.update({key: value for key, value in optional.items() if value})
    return data


def quote_page_metadata(quote, *, request, sources):
    """
    What the quote's page shows of its citation: the rendered styles, the
    file links, the Highwire tags and the JSON-LD (with its breadcrumbs).
    """
    url = request.build_absolute_uri(quote.get_absolute_url())
    item = quote_item(quote, url=url, accessed=timezone.localdate(), sources=sources)
    label = quote.attribution or quote.get_kind_display()
    return {
        "citations": render(item),
        "cite_links": file_links("quotes:cite", quote.pk),
        "highwire": metadata.highwire_tags(item),
        "json_ld": [
            quote_json_ld(quote, url=url, sources=sources, request=request),
            metadata.breadcrumb_list(
                request,
                [
                    ("Home", reverse("home")),
                    ("Their Words", reverse("quotes:archive")),
                    (label, quote.get_absolute_url()),
                ],
            ),
        ],
    }
