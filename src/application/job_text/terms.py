"""Finding the catalogue's terms in a line of text.

Terms are the catalogue's normalised names and aliases ("postgres", "node.js", "c++",
"ruby on rails"). A term matches as a whole word, where symbols count as part of
the word: "C" is not found in "C++" or "C#", "Java" not in "JavaScript", "Node"
not in "Node.js"; "Postgres" is found in "Postgres," and "Java" in "Java/Spring".
The longest term wins where several start at the same place ("Ruby on Rails"
before "Ruby"). Spaces and hyphens in a term match each other ("event-driven").
Two-letter terms that are also words ("go", "ai") must be written as the
catalogue writes them or in capitals ("Go", "GO"), so "go" in a sentence is no skill.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

_SEPARATOR = re.compile(r"[\s\-]+")
_WORDISH = re.compile(r"[\w+#]")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class TermHit:
    name: str  # the catalogue's canonical name
    start: int
    end: int


def _key(text: str) -> str:
    return _SEPARATOR.sub(" ", text.casefold()).strip()


def _pattern(term: str, canonical: str) -> str:
    parts = [re.escape(part) for part in _SEPARATOR.split(term.strip()) if part]
    body = r"[\s\-]+".join(parts)
    if len(term) <= 2 and term.isalpha():
        spellings = {canonical, term.upper()} if _key(canonical) == term else {term.upper()}
        body = "|".join(re.escape(s) for s in sorted(spellings))
        body = f"(?:{body})"
    else:
        body = f"(?i:{body})"
    before = r"(?<![\w+#.])" if _WORDISH.match(term[0]) else r"(?<![\w.])"
    after = r"(?![\w+#]|\.\w)"
    return before + body + after


class TermMatcher:
    """Finds the catalogue terms in text; built once per parse from the catalogue mapping.

    A line is only tried against the terms whose first word it contains, so a
    catalogue of thousands of terms costs little per line.
    """

    def __init__(self, known_terms: Mapping[str, str]) -> None:
        self._names: dict[str, str] = {}
        for term, canonical in known_terms.items():
            key = _key(term)
            if key:
                self._names.setdefault(key, canonical)
        self._by_first_word: dict[str, list[str]] = {}
        for key in self._names:
            first = _WORD.search(key)
            self._by_first_word.setdefault(first.group() if first else "", []).append(key)
        self._patterns: dict[str, re.Pattern[str]] = {}

    def _pattern_of(self, key: str) -> re.Pattern[str]:
        pattern = self._patterns.get(key)
        if pattern is None:
            pattern = self._patterns[key] = re.compile(_pattern(key, self._names[key]))
        return pattern

    def find(self, text: str) -> list[TermHit]:
        words = {word.casefold() for word in _WORD.findall(text)} | {""}
        hits = [
            TermHit(self._names[key], match.start(), match.end())
            for word in words
            for key in self._by_first_word.get(word, ())
            for match in self._pattern_of(key).finditer(text)
        ]
        # leftmost first; where several start together the longest ("Ruby on Rails", not "Ruby")
        hits.sort(key=lambda hit: (hit.start, hit.start - hit.end))
        chosen: list[TermHit] = []
        for hit in hits:
            if not chosen or hit.start >= chosen[-1].end:
                chosen.append(hit)
        return chosen
