"""Where and on what terms the job is done: workplace and employment type.

A labelled line ("Work Location: In person", "Job Type: Full-time") decides. Without
one, the sentences do: for the workplace, the strongest signal wins (hybrid over
remote over on-site, as "remote" often appears in hybrid ads: "2 days remote"), and
a signal in the benefits counts less than one elsewhere; for the employment type,
the first one stated wins ("Vollzeit oder Teilzeit" is full-time). "Télétravail",
"Homeoffice", "smart working" alone mean hybrid; "100% télétravail" means remote.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from application.job_text.text_lines import fold
from domain.posting_values import EmploymentType, Workplace

_NOT_REMOTE = re.compile(
    r"\b(?:no|not|non|nicht|pas de|pas en|sin|niet)[\s-]+(?:fully[\s-]+)?(?:remote|teletravail"
    r"|homeoffice|teletrabajo)\b"
)
_FULLY_REMOTE = re.compile(
    r"(?:100\s?%|full|fully|complet|total|totalement|entierement|integral|vollstandig|komplett"
    r"|volledig|completamente|totalmente|100 por cien)[\s-]*(?:en |de |in |im )?(?:remote"
    r"|teletravail|homeoffice|home[\s-]office|teletrabajo|remoto|thuiswerken|smart working)"
    r"|(?:remote|teletravail|homeoffice|home[\s-]office|teletrabajo|remoto|thuiswerken)"
    r"[\s-]*(?:a |al )?(?:100\s?%|complet|total|integral)"
)
_HYBRID = re.compile(
    r"\bhybrid\w*|\bhybride\b|\bhibrid[oa]\b|\bibrid[oa]\b|\bpartial(?:ly)? remote\b"
    r"|\b\d\s*(?:days?|jours?|tage|dias|giorni|dagen)\b.{0,40}\b(?:office|bureau|buro"
    r"|oficina|ufficio|escritorio|kantoor|remote|teletravail|homeoffice|home office|remoto"
    r"|thuis|on[\s-]?site|sur site|presentiel|vor ort)"
)
_PARTLY_REMOTE = re.compile(
    r"\bteletravail\b|\bhome[\s-]?office\b|\bmobiles arbeiten\b|\bteletrabajo\b"
    r"|\bsmart working\b|\bthuis ?werken\b|\bremote[\s-]?working[\s-]?days?\b"
)
_REMOTE = re.compile(
    r"\bremote\b|\bwork from (?:home|anywhere)\b|\bwfh\b|\ba distance\b|\ba distancia\b"
    r"|\bortsunabhangig\b|\ben remoto\b|\bda remoto\b|\bin remoto\b|\btrabajo remoto\b"
    r"|\btrabalho remoto\b|\bremoto\b|\bop afstand\b|\bdistributed team\b"
)
_ONSITE = re.compile(
    r"\bon[\s-]?site\b|\bin[\s-]person\b|\bin[\s-]office\b|\boffice[\s-]based\b"
    r"|\bsur site\b|\bpresentiel\b|\bvor ort\b|\bpresencial\b|\bin sede\b|\bin presenza\b"
    r"|\bpresenziale\b|\bop kantoor\b|\bop locatie\b|\bau bureau\b|\bim buro\b"
)
_YES = re.compile(r"^(?:yes|oui|ja|si|sim|possible|possivel|moglich|mogelijk)\b")
_NO = re.compile(r"^(?:no|non|nein|nao|nee)\b")


def _workplace_in(text: str) -> Workplace | None:
    folded = fold(text)
    if _NOT_REMOTE.search(folded):
        return Workplace.ONSITE
    if _HYBRID.search(folded):
        return Workplace.HYBRID
    if _FULLY_REMOTE.search(folded):
        return Workplace.REMOTE
    if _PARTLY_REMOTE.search(folded):
        return Workplace.HYBRID
    if _REMOTE.search(folded):
        return Workplace.REMOTE
    if _ONSITE.search(folded):
        return Workplace.ONSITE
    return None


def workplace_fact(label: str, value: str) -> Workplace | None:
    """From a labelled line: "Work Location: In person", "Remote: yes", "Télétravail : 2 j"."""
    found = _workplace_in(value)
    if found is not None:
        return found
    folded_label, folded_value = fold(label), fold(value)
    remote_label = _REMOTE.search(folded_label) or _PARTLY_REMOTE.search(folded_label)
    if remote_label and _YES.match(folded_value):
        return Workplace.REMOTE if _REMOTE.search(folded_label) else Workplace.HYBRID
    if remote_label and _NO.match(folded_value):
        return Workplace.ONSITE
    if remote_label and re.search(r"\d", folded_value):
        return Workplace.HYBRID  # "Homeoffice: 2 Tage pro Woche"
    return None


_RANK = {Workplace.HYBRID: 3, Workplace.REMOTE: 2, Workplace.ONSITE: 1}


@dataclass(frozen=True, slots=True)
class WorkplaceSignal:
    workplace: Workplace
    weight: int
    line: str


def find_workplace(lines: Iterable[tuple[str, int]]) -> WorkplaceSignal | None:
    """The workplace from (line, weight) pairs: labelled lines weigh most, benefits least."""
    best: WorkplaceSignal | None = None
    for line, weight in lines:
        found = _workplace_in(line)
        if found is None:
            continue
        signal = WorkplaceSignal(found, weight, line)
        if best is None or (weight, _RANK[found]) > (best.weight, _RANK[best.workplace]):
            best = signal
    return best


_EMPLOYMENT = (
    (
        EmploymentType.INTERNSHIP,
        r"\binternships?\b|\bstagiaire\b|\bpraktik(?:um|ant|antin)\b|\bpflichtpraktikum\b"
        r"|\bpracticas\b|\bbecari[oa]\b|\btirocinio\b|\bstagista\b|\bestagi(?:o|ario|aria)\b"
        r"|\bstagiair\b|\bafstudeerstage\b|\balternance\b|\bapprenticeship\b|\bapprenti\b"
        r"|\bpasantia\b",
    ),
    (
        EmploymentType.PART_TIME,
        r"\bpart[\s-]?time\b|\btemps partiel\b|\bteilzeit\b|\btiempo parcial\b"
        r"|\bmedia jornada\b|\bjornada parcial\b|\btempo parziale\b|\bpart[\s-]time\b"
        r"|\bmeio periodo\b|\btempo parcial\b|\bdeeltijd\w*|\bwerkstudent(?:in)?\b|\bmini-?job\b",
    ),
    (
        EmploymentType.TEMPORARY,
        r"\btemporary\b|\bfixed[\s-]term\b|\bcdd\b|\bcontrat a duree determinee\b"
        r"|\bbefristet\w*|\bcontrato temporal\b|\bcontrato por obra\b|\btempo determinato\b"
        r"|\btemporario\b|\btijdelijk\w*|\binterim\b|\bmaternity cover\b|\bseasonal\b"
        r"|\bsaisonnier\b|\bmission d'interim\b|\belternzeitvertretung\b",
    ),
    (
        EmploymentType.CONTRACT,
        r"\bcontractors?\b|\bcontract (?:role|position|basis|job|work|assignment)\b"
        r"|\bon (?:a )?contract\b|\(contract\)|\bfreelancer?\b|\bfree-lance\b|\bself-employed\b"
        r"|\bindependent contractor\b|\bfreiberuf\w*|\bautonomo\b|\bcontratto a progetto\b"
        r"|\bpartita iva\b|\bzzp\b|\bb2b contract\b|\bcontrat b2b\b|\bcontrato pj\b"
        r"|\bconsulting engagement\b|\bportage salarial\b",
    ),
    (
        EmploymentType.FULL_TIME,
        r"\bfull[\s-]?time\b|\bpermanent\b|\bcdi\b|\bcontrat a duree indeterminee\b"
        r"|\btemps plein\b|\bvollzeit\b|\bfestanstellung\b|\bunbefristet\w*|\bjornada completa\b"
        r"|\btiempo completo\b|\bcontrato indefinido\b|\btempo pieno\b|\btempo indeterminato\b"
        r"|\btempo integral\b|\bclt\b|\bvoltijd\b|\bvast contract\b|\bvaste aanstelling\b"
        r"|\bvast dienstverband\b|\bfulltime\b",
    ),
)
_EMPLOYMENT_PATTERNS = tuple((kind, re.compile(p)) for kind, p in _EMPLOYMENT)
# In a labelled line a bare word is enough: "Job Type: Contract", "Contrat : Stage".
_EMPLOYMENT_LABELLED = (
    (EmploymentType.CONTRACT, re.compile(r"\bcontract\b|\bfreelance\b")),
    (EmploymentType.INTERNSHIP, re.compile(r"\bstage\b|\binternship\b|\bintern\b")),
)
_STAGE = re.compile(r"\bstage\b|\bstages\b")  # an internship in fr, nl, it; a phase in en
_INTERN = re.compile(r"\bintern\b")  # in German, "intern" means internal


def _employment_in(text: str, language: str | None, labelled: bool) -> EmploymentType | None:
    folded = fold(text)
    best: tuple[int, EmploymentType] | None = None
    patterns = list(_EMPLOYMENT_PATTERNS)
    if labelled:
        patterns.extend(_EMPLOYMENT_LABELLED)
    if language in ("fr", "nl", "it"):
        patterns.append((EmploymentType.INTERNSHIP, _STAGE))
    if language == "en":
        patterns.append((EmploymentType.INTERNSHIP, _INTERN))
    for kind, pattern in patterns:
        match = pattern.search(folded)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), kind)
    return best[1] if best else None


def find_employment_type(
    facts: Iterable[str], lines: Iterable[str], language: str | None
) -> EmploymentType | None:
    """The first employment type stated, in labelled lines first, then in the text."""
    for group, labelled in ((facts, True), (lines, False)):
        for line in group:
            kind = _employment_in(line, language, labelled)
            if kind is not None:
                return kind
    return None
