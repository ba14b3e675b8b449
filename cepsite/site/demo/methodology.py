"""The demo's methodology page: sections an editor can rewrite in the admin."""

from cepsite.site.models import MethodologySection
from cepsite.site.services import methodology_section_save

# (anchor, title, body): the body is rich text, cleaned on save.
SECTIONS = [
    (
        "scope",
        "What the archive includes",
        "<p>The archive gathers what extremist groups and their leaders have "
        "said in public: speeches, statements, interviews, sermons, posts and "
        "tweets. Each item is recorded because it shows what a group believes, "
        "threatens or calls for, in its own words.</p>"
        "<p>It leaves out private messages, words attributed to a person "
        "without a source we could check, and commentary about a group by "
        "others. Quoting words here is documentation, never endorsement.</p>",
    ),
    (
        "kinds",
        "Quotes, facts and tweets",
        "<ul>"
        "<li><strong>Quotes</strong> are words a named person or a group said "
        "or wrote. A quote has a speaker (a person, or for a group statement "
        "the organisation alone), the speaker's role at the time and, where "
        "known, the occasion.</li>"
        "<li><strong>Facts</strong> are short, sourced statements about a "
        "group, such as a claim of responsibility it made. A fact has no "
        "speaker.</li>"
        "<li><strong>Tweets</strong> are posts on social media, kept with the "
        "account's owner as speaker.</li>"
        "</ul>",
    ),
    (
        "dates",
        "Dates and their precision",
        "<p>Every item carries the date it was said, as precisely as the "
        "source allows: a day (12 Mar. 2023), a month (Mar. 2023) or only a "
        "year (2023). Items whose date could not be established say "
        '"Date undetermined". In files and citations the dates are written in '
        "ISO form with only the known parts: 2023-03-12, 2023-03, 2023.</p>"
        "<p>When you search a period (from and to), the archive by default "
        "keeps every item whose date, at its precision, <em>overlaps</em> the "
        "period (<code>dates=overlap</code>). A quote dated only Mar. 2023 is "
        "therefore found by a search of 15 to 20 March 2023, and marked as one "
        "that may fall outside the period, since nobody knows which day of "
        "March it was said on. Choose <em>within</em> "
        "(<code>dates=within</code>) to keep only items whose whole date lies "
        "inside the period. Undated items never match a period.</p>",
    ),
    (
        "categories",
        "Categories",
        "<p>Researchers file each item under the categories of rhetoric it "
        "shows, from a controlled vocabulary (such as pro-violence or "
        "anti-Israel). The glossary below defines every category; an item may "
        "carry several, and the archive can be filtered by each. Free tags, "
        "shared with the press releases and resources, link an item to "
        "places, groups and topics.</p>",
    ),
    (
        "sources",
        "Sources and translation",
        "<p>Each item names where it was found, first source first: the "
        "publisher (a broadcaster, a group's own channel), the title, the "
        "address and when it was published and read. Where a source has gone "
        "offline, a public web-archive copy is linked when one exists; the "
        "archive also keeps its own captured copy for its researchers.</p>"
        "<p>Most words were said in another language. The English text is a "
        "translation, credited on the item (for example a CEP translation); "
        "where we hold them, the original words are shown beside it in their "
        "own language and script.</p>",
    ),
    (
        "corrections",
        "Corrections and withdrawals",
        "<p>When we find a mistake in a published item, we correct it and add "
        "a dated public note to its page; every note is also listed on the "
        "corrections page. An item that should not have been published is "
        "withdrawn rather than deleted: its address stays, with its title, "
        "dates and the reason, so that no citation leads nowhere.</p>",
    ),
    (
        "how-to-cite",
        "How to cite the archive",
        "<p>Every quote, fact, tweet and press release has a permanent address "
        'and a "Cite this" box with the reference in APA 7, Chicago (notes '
        "and bibliography) and MLA 9, and as CSL-JSON, BibTeX and RIS files "
        "for Zotero, Mendeley, EndNote and other reference managers. Each "
        "reference names the speaker, the organisation and role, the date at "
        "its known precision, the archive, the permanent address and the day "
        "you read it.</p>"
        "<p>To cite a search, use the links under the archive's results: they "
        "hold the search's items in the same files. To cite the archive as a "
        "whole, or a dataset drawn from it, name the archive, its address, the "
        "search or download you used (the filters are in the address) and the "
        "day you downloaded it; versioned dataset releases carry their own "
        "version number and date, which a citation should give.</p>",
    ),
]


def ensure_methodology_sections():
    """Create the sections that are missing; an editor's text is left alone."""
    present = set(MethodologySection.objects.values_list("anchor", flat=True))
    created = 0
    for position, (anchor, title, body) in enumerate(SECTIONS, start=1):
        if anchor in present:
            continue
        methodology_section_save(
            section=MethodologySection(
                anchor=anchor, title=title, body=body, position=position * 10
            )
        )
        created += 1
    return created
