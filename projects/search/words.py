"""
Words as the search compares them: the same on SQLite and PostgreSQL, in Italian and in English.

Neither database can stem Italian well enough by itself: SQLite's full-text search has only an
English stemmer, and the Snowball Italian stemmer (PostgreSQL's ``italian``) gives ``anzi`` for
*anziano* but ``anzian`` for *anziani*. So the site reduces words itself, before the database sees
them, and both databases index and search those reduced words as they are.

Each text is indexed twice over: once with its words reduced the Italian way, once the English
way, whatever language it is written in (a project's objective is in English, its summary in both,
its themes' names in both). A word of the search is reduced both ways, and matches when either
form is found. A single word matches the words that begin with its reduced form (*clima* finds
*climatico* and *climate*, *energia* finds *energetica* and *energy*); a quoted phrase matches its
words in that order, each whole.
"""

import re
import unicodedata
from dataclasses import dataclass

import Stemmer

WORD = re.compile(r"[^\W_]+")  # letters and digits: what SQLite's unicode61 and PostgreSQL's parser keep too
PHRASE = re.compile(r'"([^"]*)"?')  # a quote left open runs to the end
ENGLISH = Stemmer.Stemmer("english")
PREFIX_FROM = 4  # shorter reduced words must match whole: "art" must not find every "artificial"
ITALIAN_VOWELS = "aeio"


def folded(text):
    """``text`` in lower case without accents: *Città* and *citta* are one word."""
    if text.isascii():  # most of CORDIS's texts: nothing to take off, and a hundred times faster
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(character for character in decomposed if not unicodedata.combining(character))


def words(text):
    return WORD.findall(folded(text))


def italian(word):
    """An Italian word without its inflection: *anziano*, *anziani*, *anziana* all give *anzian*.

    A light stemmer in the manner of Jacques Savoy's for Italian: the final vowel goes, and an *i* or an
    *h* before it (*energia*/*energie* give *energ*, *banche* gives *banc*); words of three letters stay.
    """
    if len(word) < 4 or word[-1] not in ITALIAN_VOWELS:
        return word
    if word[-2] in "ih" and len(word) > 4:
        return word[:-2]
    return word[:-1]


def reduced(text):
    """What the index holds for ``text``: its words reduced the Italian way, then the English way."""
    found = words(text)
    return " ".join(italian(word) for word in found) + "\n" + " ".join(ENGLISH.stemWords(found))


@dataclass(frozen=True)
class Term:
    """One word of a search, or a quoted phrase: the forms it matches (reduced either way)."""

    forms: tuple  # of tuples of reduced words, one tuple per way of reducing
    quoted: bool  # whole words only, in this order

    def prefix(self, form):
        return not self.quoted and len(form[0]) >= PREFIX_FROM


class SearchQuery:
    """What a visitor typed in a search box, as each database's full-text search reads it.

    Every word and every quoted phrase must match (in any of the indexed texts). Punctuation,
    operators and quotes inside words are read as spaces: nothing typed can break the query.
    """

    def __init__(self, text):
        self.text = text
        self.terms = []
        position = 0
        for match in PHRASE.finditer(text):
            self.add_words(text[position:match.start()])
            self.add(words(match.group(1)), quoted=True)
            position = match.end()
        self.add_words(text[position:])

    def add_words(self, text):
        for word in words(text):
            self.add([word], quoted=False)

    def add(self, found, quoted):
        if not found:
            return
        forms = (tuple(italian(word) for word in found), tuple(ENGLISH.stemWords(found)))
        term = Term(tuple(dict.fromkeys(forms)), quoted)
        if term not in self.terms:
            self.terms.append(term)

    def __bool__(self):
        return bool(self.terms)

    def __str__(self):
        return self.text

    def fts5(self):
        """The query in SQLite FTS5's syntax: ``("anzian"* OR "anziano"*) AND ("lighthous citi")``."""
        def form(term, words):
            return '"' + " ".join(words) + '"' + ("*" if term.prefix(words) else "")

        return " AND ".join(
            "(" + " OR ".join(form(term, words) for words in term.forms) + ")" for term in self.terms
        )

    def tsquery(self):
        """The query in PostgreSQL's ``to_tsquery`` syntax: ``('anzian':* | 'anziano':*) & ('lighthous' <-> 'citi')``."""
        def form(term, words):
            if term.prefix(words):
                return f"'{words[0]}':*"
            return "(" + " <-> ".join(f"'{word}'" for word in words) + ")"

        return " & ".join(
            "(" + " | ".join(form(term, words) for words in term.forms) + ")" for term in self.terms
        )
