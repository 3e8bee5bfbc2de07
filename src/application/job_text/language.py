"""Which language a text is written in, by counting common words.

Each language has a list of its most frequent short words. A word shared by
several languages ("de", "la", "en") counts for each of them, split evenly, so the
words only one language uses decide. Seven languages are known: en, fr, de, es,
it, pt, nl. A text with too few known words gets no language.
"""

from __future__ import annotations

import re
from collections import Counter

from application.job_text.text_lines import fold

_STOPWORDS = {
    "en": """the and of to in with for you we our your is are will be on as this that have
        an or who what at from by about can able strong work team years experience
        skills including across their they it us within all should would""",
    "fr": """le la les des et du de un une vous nous notre votre pour avec dans sur est sont
        au aux en ce qui que ou vos nos etre avoir equipe poste experience competences
        chez une plus par sera afin ainsi leur mais entre tu ton tes""",
    "de": """der die das und mit fur wir sie du dein deine ihr ihre ist sind ein eine einen
        von zu den dem bei auf im als auch oder unser unsere erfahrung kenntnisse sowie
        uns dich dir wie nicht werden wird hast bist sehr gute gutes""",
    "es": """el la los las y de del en con para por un una que es nuestro nuestra tu tus
        experiencia equipo se al como mas o sus nuestros conocimientos trabajo somos
        buscamos ofrecemos desarrollo muy este esta""",
    "it": """il lo la gli le di e del della con per un una che e sono nel nella nostro
        nostra tuo esperienza dei delle ai alla anche ed sei siamo lavoro sviluppo
        conoscenza competenze questo questa offriamo cerchiamo""",
    "pt": """o a os as e de do da dos das em com para por um uma que sao nosso nossa voce
        experiencia equipe no na ao como mais seu sua nossos conhecimento trabalho
        somos desenvolvimento voces vaga""",
    "nl": """de het een en van met voor je jij wij we ons onze jouw is zijn in op te bij als
        ook of ervaring dat die naar niet wat hebt heb kennis werken binnen zoeken
        bieden goede team""",
}
_WORDS = {language: frozenset(words.split()) for language, words in _STOPWORDS.items()}
_SHARED = Counter(word for words in _WORDS.values() for word in words)
_TOKEN = re.compile(r"[^\W\d_]+")
MIN_SCORE = 3.0


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of the language the text is written in, or None if unclear."""
    scores: dict[str, float] = {}
    for word in _TOKEN.findall(fold(text)):
        share = _SHARED.get(word)
        if not share:
            continue
        for language, words in _WORDS.items():
            if word in words:
                scores[language] = scores.get(language, 0.0) + 1 / share
    if not scores:
        return None
    (best, top), *rest = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    if top < MIN_SCORE:
        return None
    if rest and rest[0][1] == top:
        return None
    return best
