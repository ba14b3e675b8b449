"""
The shape CSL-JSON takes, written from the CSL-JSON specification (the
citation-style-language "csl-data" schema): an array of items, each with an
``id`` and one of the item types, names as objects of name parts, dates as
``date-parts`` of one to three numbers, and nothing outside the variables the
specification lists.
"""

ITEM_TYPES = [
    "article", "article-journal", "article-magazine", "article-newspaper",
    "bill", "book", "broadcast", "chapter", "classic", "collection", "dataset",
    "document", "entry", "entry-dictionary", "entry-encyclopedia", "event",
    "figure", "graphic", "hearing", "interview", "legal_case", "legislation",
    "manuscript", "map", "motion_picture", "musical_score", "pamphlet",
    "paper-conference", "patent", "performance", "periodical",
    "personal_communication", "post", "post-weblog", "regulation", "report",
    "review", "review-book", "software", "song", "speech", "standard",
    "thesis", "treaty", "webpage",
]  # fmt: skip

NAME_VARIABLES = [
    "author", "chair", "collection-editor", "compiler", "composer",
    "container-author", "contributor", "curator", "director", "editor",
    "editorial-director", "executive-producer", "guest", "host", "interviewer",
    "illustrator", "narrator", "organizer", "original-author", "performer",
    "producer", "recipient", "reviewed-author", "script-writer",
    "series-creator", "translator",
]  # fmt: skip

DATE_VARIABLES = [
    "accessed", "available-date", "event-date", "issued", "original-date",
    "submitted",
]  # fmt: skip

TEXT_VARIABLES = [
    "abstract", "annote", "archive", "archive_collection", "archive_location",
    "archive-place", "authority", "call-number", "citation-key",
    "citation-label", "collection-title", "container-title",
    "container-title-short", "dimensions", "division", "DOI", "event-title",
    "event-place", "genre", "ISBN", "ISSN", "jurisdiction", "keyword",
    "language", "license", "medium", "note", "original-publisher",
    "original-publisher-place", "original-title", "part-title", "PMCID",
    "PMID", "publisher", "publisher-place", "references", "reviewed-genre",
    "reviewed-title", "scale", "source", "status", "title", "title-short",
    "URL", "version", "volume-title", "year-suffix", "page", "number",
    "volume", "issue", "edition", "section",
]  # fmt: skip

_NAME = {
    "type": "object",
    "properties": {
        "family": {"type": "string"},
        "given": {"type": "string"},
        "dropping-particle": {"type": "string"},
        "non-dropping-particle": {"type": "string"},
        "suffix": {"type": "string"},
        "literal": {"type": "string"},
    },
    "anyOf": [{"required": ["family"]}, {"required": ["literal"]}],
    "additionalProperties": False,
}

_DATE = {
    "type": "object",
    "properties": {
        "date-parts": {
            "type": "array",
            "minItems": 1,
            "maxItems": 2,
            "items": {
                "type": "array",
                "minItems": 1,
                "maxItems": 3,
                "items": {"type": "integer"},
            },
        },
        "season": {"type": ["integer", "string"]},
        "circa": {"type": ["boolean", "integer", "string"]},
        "literal": {"type": "string"},
        "raw": {"type": "string"},
    },
    "anyOf": [
        {"required": ["date-parts"]},
        {"required": ["literal"]},
        {"required": ["raw"]},
    ],
    "additionalProperties": False,
}

CSL_DATA_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "array",
    "items": {
        "type": "object",
        "required": ["id", "type"],
        "properties": {
            "id": {"type": ["string", "number"]},
            "type": {"enum": ITEM_TYPES},
            **{name: {"type": "array", "items": _NAME} for name in NAME_VARIABLES},
            **dict.fromkeys(DATE_VARIABLES, _DATE),
            **{name: {"type": ["string", "number"]} for name in TEXT_VARIABLES},
        },
        "additionalProperties": False,
    },
}
