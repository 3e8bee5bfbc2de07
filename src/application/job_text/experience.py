"""Years of experience: "5+ years", "at least 3 years", "3-5 years", "mindestens 5 Jahre",
"5 ans d'expérience", "tres años", "3 of meer jaar".

A range gives its lower end as the minimum. When a line names no catalogue entry,
the thing the years are of is read from the words around them ("9+ years as a
Backend Engineer" -> "Backend Engineer"), or left unnamed when they say nothing
("3 years in a similar role").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from application.job_text.text_lines import fold


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_NUMBER_WORDS = {
    # en
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "twelve": 12, "fifteen": 15,
    # fr
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8,
    "neuf": 9, "dix": 10,
    # de
    "ein": 1, "eine": 1, "einem": 1, "zwei": 2, "drei": 3, "vier": 4, "funf": 5, "sechs": 6,
    "sieben": 7, "acht": 8, "neun": 9, "zehn": 10,
    # es, it, pt
    "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8,
    "nueve": 9, "diez": 10, "due": 2, "tre": 3, "quattro": 4, "cinque": 5, "sei": 6,
    "sette": 7, "otto": 8, "nove": 9, "dieci": 10, "um": 1, "dois": 2, "duas": 2,
    "quatro": 4, "sete": 7, "oito": 8, "dez": 10,
    # nl
    "een": 1, "twee": 2, "drie": 3, "vijf": 5, "zes": 6, "zeven": 7, "negen": 9, "tien": 10,
}  # fmt: skip
_NUM = r"\d{1,2}(?:[.,]5)?|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_MORE = r"\+|plus|or more|ou plus|oder mehr|o mas|o piu|ou mais|of meer|of langer"
_JOIN = r"-|\u2013|\u2014|to|bis|a|al|tot|et|y|e|und|or|ou|o|of"
_UNIT = (
    r"years?|yrs?|ans|annees?|jahre?n?|jahrige[nr]?|anos|anni|anno|jaar|jaren"
    r"|year's|years'"
)
_YEARS = re.compile(
    rf"(?<![\w.,])(?P<low>{_NUM})\s*(?:(?:{_MORE})\s*)?"
    rf"(?:(?:{_JOIN})\s*(?P<high>{_NUM})\s*(?:(?:{_MORE})\s*)?)?\)?\s*-?\s*(?:{_UNIT})(?!\w)"
)
_EXPERIENCE_WORD = re.compile(
    r"experienc|expertise|erfahrung|berufserfahrung|praxis|experiencia|esperienz"
    r"|ervaring|track record|background"
)
MAX_YEARS = 50


@dataclass(frozen=True, slots=True)
class YearsMention:
    years: int
    start: int
    end: int


def _value(text: str) -> int | None:
    text = text.replace(",", ".")
    if text[0].isdigit():
        return int(float(text))
    return _NUMBER_WORDS.get(text)


def find_years(text: str) -> list[YearsMention]:
    """Every "N years" in a line, with offsets into ``fold(text)``."""
    found = []
    for match in _YEARS.finditer(fold(text)):
        years = _value(match["low"])
        if years is not None and 0 <= years <= MAX_YEARS:
            found.append(YearsMention(years, match.start(), match.end()))
    return found


def mentions_experience(text: str) -> bool:
    return _EXPERIENCE_WORD.search(fold(text)) is not None


# What may stand between "N years" and the thing they are of.
_LEAD_IN = re.compile(
    r"\s+|[-\u2013\u2014:,(]|d'|l'"
    r"|(?:of|in|with|as|an?|the|using|on|at|within|building|doing|across"
    r"|relevant|professional|proven|hands-on|practical|commercial|industry|industrial|work"
    r"|working|solid|strong|previous|prior|full-time|post-graduate|recent|overall|total"
    r"|experiences?|expertise|de|du|des|en|dans|la|le|les|comme|que|chez|avec|sur"
    r"|berufserfahrung|erfahrung|praxiserfahrung|im|in|als|mit|bei|der|die|das|dem|einer"
    r"|relevanter|einschlagiger|experiencia|con|como|el|los|las|del|laboral|profesional"
    r"|esperienza|di|nel|nella|nello|come|il|lo|gli|lavorativa|em|com|no|na|um|uma"
    r"|ervaring|werkervaring|met|binnen|het|een|van|op|for)(?=\W|$)",
)
_STOP = re.compile(
    r"[,;:.()\[\]!?/]|\s(?:and|or|with|including|where|which|who|to|for|in order|as well"
    r"|et|ou|avec|pour|und|oder|sowie|fur|y|o|para|e|per|en|of|met|is|are|ist|sind|con|com"
    r"|mit|using|bei|bij|chez|utilisant|usando|utilizzando"
    r"|est|es|experience|expertise|erfahrung|experiencia|esperienza|ervaring|preferably"
    r"|ideally|idealerweise|de preference)(?=\W|$)"
)
_GENERIC = _words(
    """
    role roles position positions similar field fields industry environment environments
    setting capacity related relevant comparable equivalent a an the this that company
    companies team teams job jobs poste postes similaire similaires domaine rolle
    positionen ahnlichen vergleichbaren bereich puesto puestos similares sector ruolo ruoli
    simile simili ambito funcao funcoes cargo cargos area vergelijkbare soortgelijke
    functie functies rol experience minimum least more than
    """
)
MAX_NAME_WORDS = 5


def experience_subject(text: str, mention: YearsMention) -> str | None:
    """What "N years" in ``text`` are of, as written, or None when the words name nothing."""
    folded = fold(text)
    # offsets are into the folded form; it has the original's length but for rare letters
    source = text if len(folded) == len(text) else folded
    position = mention.end
    while (lead := _LEAD_IN.match(folded, position)) and lead.end() > position:
        position = lead.end()
    stop = _STOP.search(folded, position)
    words = source[position : stop.start() if stop else len(folded)].split()
    while words and fold(words[-1]) in _GENERIC:
        words.pop()
    while words and fold(words[0]) in _GENERIC:
        words.pop(0)
    if not words or len(words) > MAX_NAME_WORDS:
        return None
    name = " ".join(words).strip(" -\u2013\u2014'\"")
    return name if len(name) >= 2 else None
