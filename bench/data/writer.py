"""
Text and choices from one seeded random source: the same seed writes the
same archive.

Press releases and reference pages are written from templates that name the
groups and people they are about. Quotes are words drawn with a Zipf
distribution over the archive's register, so that one search matches a
handful of quotes and another a large share of them.
"""

import itertools
import random

from .vocabulary import (
    CITIES,
    CLAIMS,
    COUNTRIES,
    DOMAIN_WORDS,
    GENERAL_WORDS,
    OUTLETS,
    PRESS_HEADING,
    PRESS_SENTENCES,
    PRESS_SUBJECTS,
    PRESS_VERBS,
    PROJECT,
    SYLLABLES,
    THREAT_OBJECTS,
)

# Made-up words drawn for the vocabulary, and how many of them are common
# enough to sit among the archive's own words rather than in the long tail.
MADE_UP_WORDS = 6000
COMMON_MADE_UP_WORDS = 500


def cumulative_zipf(count, exponent):
    """Return cumulative Zipf weights for ``count`` ranks, for ``random.choices``."""
    return list(
        itertools.accumulate(1.0 / rank**exponent for rank in range(1, count + 1))
    )


def sentence_case(text):
    """Return ``text`` capitalised, leaving the names inside it alone."""
    return text[:1].upper() + text[1:]


class Writer:
    """Text and choices drawn from one seeded random source."""

    def __init__(self, seed):
        self.random = random.Random(seed)
        # (name, ...) rows that templates name; filled in once they are made.
        self.organizations = []
        self.people = []
        self.vocabulary = self._vocabulary()
        self.vocabulary_weights = cumulative_zipf(len(self.vocabulary), 0.9)

    def _vocabulary(self):
        made_up = sorted(
            {self._made_up_word() for _ in range(MADE_UP_WORDS)} - set(DOMAIN_WORDS)
        )
        # Everyday words come first, then the archive's own words shuffled in
        # among the commoner made-up ones; the rest of those are the long tail.
        middle = DOMAIN_WORDS + made_up[:COMMON_MADE_UP_WORDS]
        self.random.shuffle(middle)
        return GENERAL_WORDS + middle + made_up[COMMON_MADE_UP_WORDS:]

    def _made_up_word(self):
        syllables = self.random.randint(2, 4)
        return "".join(self.random.choice(SYLLABLES) for _ in range(syllables))

    def pick(self, items):
        """Return one of ``items``."""
        return self.random.choice(items)

    def fill(self, template):
        """Return ``template`` with its names, places and numbers filled in."""
        return template.format(
            org=self.pick(self.organizations)[0] if self.organizations else "ISIS",
            person=self.pick(self.people)[0] if self.people else "Abu Ali al-Askari",
            country=self.pick(COUNTRIES),
            city=self.pick(CITIES),
            target=self.pick(THREAT_OBJECTS),
            outlet=self.pick(OUTLETS),
            project=PROJECT,
            n=self.random.randint(3, 900),
            claim=self.claim(),
        )

    def claim(self):
        """Return one threat or boast, as press releases report them."""
        return self.pick(CLAIMS).format(
            target=self.pick(THREAT_OBJECTS), city=self.pick(CITIES)
        )

    def words(self, count):
        """Return ``count`` words of the vocabulary, common ones most often."""
        chosen = self.random.choices(
            self.vocabulary, cum_weights=self.vocabulary_weights, k=count
        )
        return " ".join(chosen)

    def sentence(self, low, high):
        """Return a sentence of ``low`` to ``high`` words of the vocabulary."""
        return sentence_case(self.words(self.random.randint(low, high))) + "."

    def quote_text(self):
        """Return the words of one quote."""
        return self.sentence(12, 60)

    def press_title(self):
        """Return a press release's title."""
        subject = self.fill(self.pick(PRESS_SUBJECTS))
        return f"CEP {self.pick(PRESS_VERBS)} {subject}"

    def paragraph(self, low=2, high=5):
        """Return ``low`` to ``high`` sentences of a press release."""
        count = self.random.randint(low, high)
        return " ".join(self.fill(self.pick(PRESS_SENTENCES)) for _ in range(count))

    def press_body(self):
        """Return a press release's or reference page's body, as rich text."""
        blocks = []
        for n in range(self.random.randint(4, 8)):
            if n == 2 and self.random.random() < 0.4:
                blocks.append(f"<h2>{self.fill(PRESS_HEADING)}</h2>")
            if self.random.random() < 0.2:
                claim = sentence_case(self.claim())
                blocks.append(f"<blockquote><p>“{claim}.”</p></blockquote>")
            blocks.append(f"<p>{self._body_paragraph()}</p>")
        return "".join(blocks)

    def _body_paragraph(self):
        text = self.paragraph()
        if self.random.random() < 0.3:
            text += (
                ' <a href="https://www.counterextremism.com/reports">'
                "Read the full report.</a>"
            )
        return text

    def summary(self):
        """Return a summary of one or two sentences."""
        return self.paragraph(1, 2)
