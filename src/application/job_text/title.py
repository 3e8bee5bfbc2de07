"""The job title, and the seniority it states.

A title is the ad's first line when that line is short, is no sentence and no
heading, and names a job ("Senior Software Engineer (Backend) — Job Description").
Many ads have no such line; then the title is taken from a sentence that names the
role ("As a Senior Backend Engineer, you'll ...", "The Senior Backend Engineer II
operates ...", "Nous recherchons un Développeur Java ...") and the report says so.
"""

from __future__ import annotations

import re

from application.job_text.text_lines import Line, fold
from domain.posting_values import Seniority


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_JOB_WORDS = _words(
    """
    engineer developer programmer manager designer analyst scientist architect lead
    consultant specialist administrator intern director officer head coordinator technician
    tester devops sre owner recruiter accountant assistant advisor expert writer editor
    representative associate trainee apprentice researcher strategist marketer copywriter
    nurse teacher driver operator cto cio ceo cfo vp entwickler entwicklerin ingenieur
    ingenieurin berater beraterin leiter leiterin referent referentin architekt architektin
    werkstudent werkstudentin praktikant praktikantin sachbearbeiter developpeur
    developpeuse ingenieure chef responsable architecte stagiaire technicien technicienne
    analyste charge chargee desarrollador desarrolladora ingeniero ingeniera jefe jefa
    programador programadora analista consultor consultora arquitecto arquitecta becario
    becaria tecnico tecnica sviluppatore sviluppatrice ingegnere programmatore
    programmatrice consulente architetto stagista desenvolvedor desenvolvedora engenheiro
    engenheira arquiteto arquiteta estagiario estagiaria gerente ontwikkelaar medewerker
    adviseur beheerder stagiair programmeur
    """
)
_COMPOUND_ENDINGS = ("entwickler", "ingenieur", "manager", "architekt", "berater", "leiter")
_SUFFIX = re.compile(
    r"\s*(?:[-\u2013\u2014|:]\s*)?(?:job description|job ad|job offer|vacancy|stellenanzeige"
    r"|offre d'emploi|fiche de poste|oferta de empleo|vacature)\s*$",
    re.IGNORECASE,
)
_ENGLISH_INTRO = (
    r"\b(?:as an?|as our|what does an?|what will an?|looking for an?|hiring an?|seeking an?"
    r"|join us as an?)|^the"
)
_OTHER_INTRO = (
    r"\b(?:en tant que|nous recherchons une?|on recherche une?|wir suchen (?:eine?n?|dich als)"
    r"|als|buscamos (?:una?|a)|como|cerchiamo (?:una?|un')|come|procuramos uma?"
    r"|wij zoeken een|we zoeken een)"
)
_INTRODUCED = re.compile(rf"(?P<english>{_ENGLISH_INTRO})\s+|(?:{_OTHER_INTRO})\s+", re.IGNORECASE)
_STOP_WORDS = _words(
    """
    at to who with for in on and you will is are do does operates works joins that which
    who's you'll chez pour qui avec au a bei fur mit der die das und que con para en per
    che voor bij die met zur zum ab im in se il la le
    """
)
_ROMAN = re.compile(r"^(?:I{1,3}|IV|V|VI{0,3})$")
_SENIORITY = (
    (Seniority.EXECUTIVE, r"\bhead of\b|\bdirector\b|\bdirecteur\b|\bvp\b|\bvice president\b"
     r"|\bchief\b|\bcto\b|\bcio\b|\bleiter\b|\bleiterin\b|\bdirector[a]?\b|\bdirettore\b"),
    (Seniority.PRINCIPAL, r"\bprincipal\b|\bdistinguished\b"),
    (Seniority.LEAD, r"\blead\b|\bstaff\b|\bteam ?lead\w*|\btech ?lead\b|\blider\b"
     r"|\bchef de projet\b|\blead dev\w*"),
    (Seniority.SENIOR, r"\bsenior\b|\bsr\b|\bconfirme\b|\bexperimente\b|\bsenior\w*"),
    (Seniority.MID, r"\bmid\b|\bmid-level\b|\bmedior\b|\bintermediate\b|\bpleno\b"),
    (Seniority.JUNIOR, r"\bjunior\b|\bjr\b|\bgraduate\b|\bdebutant\b|\beinsteiger\b"),
    (Seniority.INTERN, r"\bintern\b|\binternship\b|\bstagiaire\b|\bpraktikant\w*"
     r"|\bwerkstudent\w*|\bbecari[oa]\b|\bstagista\b|\bestagiari[oa]\b|\bstagiair\b"),
)  # fmt: skip
_SENIORITY_PATTERNS = tuple((level, re.compile(p)) for level, p in _SENIORITY)
MAX_TITLE_WORDS = 12
MAX_TITLE_CHARS = 120


def _names_a_job(text: str) -> bool:
    for word in re.findall(r"[^\W\d_]+", fold(text)):
        if word in _JOB_WORDS or word.rstrip("s") in _JOB_WORDS:
            return True
        if word.endswith(_COMPOUND_ENDINGS):
            return True
    return False


def clean_title(text: str) -> str:
    return _SUFFIX.sub("", text).strip(" -\u2013\u2014|:")


def title_line(line: Line) -> str | None:
    """The line as a title, when it looks like one."""
    text = line.text
    if line.bulleted or len(text) > MAX_TITLE_CHARS or text.endswith((".", ":", ",", ";")):
        return None
    title = clean_title(text)
    if not title or len(title.split()) > MAX_TITLE_WORDS or not _names_a_job(title):
        return None
    return title


def inferred_title(text: str, language: str | None = None) -> str | None:
    """A title named in a sentence about the role, or None."""
    for match in _INTRODUCED.finditer(text):
        english = match["english"] is not None
        if not english and language == "en":
            continue  # "come", "como", "als" introduce a role only in other languages
        words: list[str] = []
        for token in text[match.end() : match.end() + 160].split():
            bare = token.rstrip(",.;:!?")
            if not bare or fold(bare) in _STOP_WORDS:
                break
            # an English title is a run of capitalised words: stop at the first lowercase one
            if english and bare[0].islower():
                break
            words.append(bare)
            if bare != token or len(words) >= 7:
                break
        # English qualifiers come first ("Senior Backend Engineer at ..."): end on the job word
        while english and words and not _names_a_job(words[-1]) and not _ROMAN.match(words[-1]):
            words.pop()
        if words and _names_a_job(" ".join(words)):
            return " ".join(words)
    return None


def seniority_of(title: str) -> Seniority | None:
    folded = fold(title)
    for level, pattern in _SENIORITY_PATTERNS:
        if pattern.search(folded):
            return level
    return None
