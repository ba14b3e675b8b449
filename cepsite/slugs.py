"""
Slugs: the ASCII words of an address, whatever was typed.

Names and hand-typed slugs are transliterated by Unidecode ("Ḥamās" →
"hamas", "what’s-new" → "whats-new") before Django's ``slugify``, so an
accent or a curly quote becomes ASCII instead of an error, and every slug
fits the URLconf's ``<slug:…>``.
"""

import re

from django import forms
from django.utils.text import slugify
from unidecode import unidecode

# What the URLconf's ``<slug:…>`` converter matches.
USABLE_SLUG = re.compile(r"^[-a-zA-Z0-9_]+\Z")


def ascii_slug(text, max_length=None):
    """
    ``text`` as an ASCII slug, cut to ``max_length`` without a trailing
    hyphen; ``""`` when nothing in it can be spelt in ASCII ("?!").
    """
    # Apostrophes, straight or curly, join the word they are part of.
    text = re.sub(r"['’‘`´]", "", str(text))
    slug = slugify(unidecode(text))
    if max_length is not None:
        slug = slug[:max_length].rstrip("-_")
    return slug


def is_usable_slug(slug):
    """Whether ``slug`` can be part of an address of the site."""
    return bool(slug) and USABLE_SLUG.match(slug) is not None


class AsciiSlugField(forms.SlugField):
    """
    A slug form field that makes what is typed ASCII ("Café’s" → "cafes")
    rather than refusing it; what has no ASCII spelling at all is still an
    error, with the field's own message.
    """

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return value
        slug = ascii_slug(value, self.max_length)
        # Nothing left to spell: the original is kept so that the field's
        # validation explains what it needs.
        return slug or value
