"""
The organisations, people and tags an import names, each looked up once and
created when new.
"""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.text import slugify

from cepsite import services
from cepsite.tagging import Tag
from resources.models import Organization, Person

# Bounds the size of each IN (...) list; SQLite accepts 999 parameters.
BATCH = 500

NAME_LENGTH = Organization._meta.get_field("name").max_length
SLUG_LENGTH = Person._meta.get_field("slug").max_length
TAG_LENGTH = Tag._meta.get_field("name").max_length


def batched(items, size=BATCH):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _text(value):
    return " ".join(str(value).split()) if value is not None else ""


def _free_slug(model, name, fallback):
    base = slugify(name)[: SLUG_LENGTH - 10] or fallback
    taken = set(
        model.objects.filter(slug__startswith=base).values_list("slug", flat=True)
    )
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _check_person_name(name, slug):
    if not name:
        raise ValidationError(f"No person has the slug “{slug}”; give a name.")
    if len(name) > NAME_LENGTH:
        raise ValidationError(f"A person's name has at most {NAME_LENGTH} characters.")


def _check_person_slug(slug):
    try:
        validate_slug(slug)
    except ValidationError as error:
        raise ValidationError(f"person_slug: {error.messages[0]}") from error
    if len(slug) > SLUG_LENGTH:
        raise ValidationError(f"person_slug has at most {SLUG_LENGTH} characters.")


class NameBook:
    """Organisations by name and people by slug or name: found in bulk, or new."""

    # Names ignore case. Person names are not unique: when several people
    # share the name a row gives, the row must say which with person_slug.

    def __init__(self):
        self.organizations = {}
        self.people_by_slug = {}
        self.people_by_name = defaultdict(list)
        self.created_organizations = []
        self.created_people = []

    def load(self, *, organization_names, person_names, person_slugs):
        """Find, in bulk, those of the named organisations and people that exist."""
        organization_names = {_text(name) for name in organization_names} - {""}
        for names in batched(organization_names):
            lowered = [name.lower() for name in names]
            for organization in Organization.objects.annotate(
                name_key=Lower("name")
            ).filter(Q(name__in=names) | Q(name_key__in=lowered)):
                self.organizations[organization.name.lower()] = organization

        for slugs in batched({_text(slug) for slug in person_slugs} - {""}):
            for person in Person.objects.filter(slug__in=slugs):
                self.people_by_slug[person.slug] = person
        person_names = {_text(name) for name in person_names} - {""}
        known = set()
        for names in batched(person_names):
            lowered = [name.lower() for name in names]
            for person in (
                Person.objects.annotate(name_key=Lower("name"))
                .filter(Q(name__in=names) | Q(name_key__in=lowered))
                .order_by("pk")
            ):
                if person.pk not in known:
                    known.add(person.pk)
                    self.people_by_name[person.name.lower()].append(person)

    def organization(self, name):
        """Return the organisation called ``name``, created if there is none."""
        name = _text(name)
        if not name:
            return None
        key = name.lower()
        if key not in self.organizations:
            if len(name) > NAME_LENGTH:
                raise ValidationError(
                    f"An organisation's name has at most {NAME_LENGTH} characters."
                )
            organization = Organization.objects.create(
                name=name, slug=_free_slug(Organization, name, "organisation")
            )
            self.organizations[key] = organization
            self.created_organizations.append(organization)
        return self.organizations[key]

    def person(self, name, *, slug=None, organization=None):
        """Return the person with ``slug``, else called ``name``; created if none."""
        name, slug = _text(name), _text(slug)
        if not name and not slug:
            return None
        if slug and slug in self.people_by_slug:
            return self.people_by_slug[slug]
        _check_person_name(name, slug)
        namesakes = self.people_by_name[name.lower()]
        if slug:
            _check_person_slug(slug)
        elif len(namesakes) > 1:
            raise ValidationError(
                f"Several people are called “{name}”; say which with person_slug."
            )
        elif namesakes:
            return namesakes[0]
        person = Person.objects.create(
            name=name,
            slug=slug or _free_slug(Person, name, "person"),
            organization=organization,
        )
        self.people_by_slug[person.slug] = person
        namesakes.append(person)
        self.created_people.append(person)
        return person

    def discard_unused(self, *, used_people, used_organizations):
        """Delete the names only invalid rows used; return how many were kept."""
        unused_people = [p.pk for p in self.created_people if p.pk not in used_people]
        kept_people = [p for p in self.created_people if p.pk in used_people]
        used_organizations = set(used_organizations) | {
            p.organization_id for p in kept_people
        }
        unused_organizations = [
            o.pk for o in self.created_organizations if o.pk not in used_organizations
        ]
        if unused_people:
            Person.objects.filter(pk__in=unused_people).delete()
        if unused_organizations:
            Organization.objects.filter(pk__in=unused_organizations).delete()
        return (
            len(self.created_organizations) - len(unused_organizations),
            len(kept_people),
        )


class TagBook:
    """Tags by name, ignoring case as the site does: "isis" is the tag "ISIS"."""

    def __init__(self):
        self._tags = None
        self._slugs = None

    def get(self, name):
        """Return the tag called ``name``, created if there is none."""
        if self._tags is None:
            tags = list(Tag.objects.all())
            self._tags = {tag.name.lower(): tag for tag in tags}
            self._slugs = {tag.slug for tag in tags}
        key = name.lower()
        if key not in self._tags:
            # Made by the services, with a usable slug whatever the name.
            self._tags[key] = services.tag_create(name=name, taken_slugs=self._slugs)
        return self._tags[key]


def clean_tag_names(value):
    """Return a row's tags as distinct names, ignoring case, or raise."""
    if value in (None, ""):
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError("tags: give a list of tag names.")
    names = {}
    for raw in value:
        name = _text(raw)
        if len(name) > TAG_LENGTH:
            raise ValidationError(
                f"tags: “{name[:30]}…” is longer than {TAG_LENGTH} characters."
            )
        if name:
            names.setdefault(name.lower(), name)
    return list(names.values())
