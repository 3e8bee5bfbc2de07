"""Labelled fact lines: "Pay: $45/hour", "Work Location: In person", "Job Type: Full-time".

Job sites append such lines after the prose. They state a field outright, so they
outrank anything read from sentences, and they belong to no section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from application.job_text.text_lines import Line, fold


class FactKind(StrEnum):
    TITLE = "title"
    PAY = "pay"
    WORKPLACE = "workplace"
    EMPLOYMENT = "employment"
    LOCATION = "location"
    OTHER = "other"


_LABELS: tuple[tuple[FactKind, str], ...] = (
    (
        FactKind.TITLE,
        r"job title|title|position|role|job|poste|intitule du poste|titre du poste"
        r"|stellenbezeichnung|stellentitel|puesto|cargo|posizione|ruolo|functie|vacature|functietitel",
    ),
    (
        FactKind.PAY,
        r"pay|pay range|salary|salary range|base salary|compensation|wage|rate|day rate"
        r"|hourly rate|ote|salaire|remuneration|fourchette de salaire|tjm|gehalt|jahresgehalt"
        r"|gehaltsspanne|vergutung|salario|retribucion|sueldo|banda salarial|stipendio|ral"
        r"|retribuzione|faixa salarial|salaris|salarisindicatie|loon",
    ),
    (
        FactKind.WORKPLACE,
        r"work location|workplace|workplace type|location type|work model|working model"
        r"|work arrangement|remote|remote work|modalite|mode de travail|teletravail"
        r"|arbeitsmodell|homeoffice|home office|modalidad|modalidad de trabajo|modalita"
        r"|modalita di lavoro|modelo de trabalho|regime de trabalho|werkplek|thuiswerken",
    ),
    (
        FactKind.EMPLOYMENT,
        r"job types?|employment type|employment|contract type|type of contract|contract"
        r"|schedule|type de contrat|contrat|type d'emploi|anstellungsart|vertragsart"
        r"|beschaftigungsart|arbeitszeit|tipo de contrato|jornada|tipo de jornada"
        r"|tipo di contratto|contratto|orario|tipo de contratacao|regime|dienstverband"
        r"|contractvorm|soort contract|uren",
    ),
    (
        FactKind.LOCATION,
        r"location|locations|based in|office|city|lieu|localisation|lieu de travail|ville"
        r"|standort|arbeitsort|dienstort|ubicacion|ciudad|sede|localizacao|local|cidade"
        r"|locatie|standplaats|plaats",
    ),
    (
        FactKind.OTHER,
        r"start date|starting date|date de debut|date de prise de poste|eintrittsdatum"
        r"|start|fecha de inicio|data di inizio|data de inicio|startdatum|deadline"
        r"|application deadline|hours|experience level|seniority level|seniority"
        r"|level|niveau|industry|department|team|reports to",
    ),
)
_LABEL = re.compile(r"^(?P<label>[^:\uff1a]{2,40}?)\s*[:\uff1a]\s*(?P<value>\S.{0,199})$")
_KINDS = tuple((kind, re.compile(f"(?:{labels})")) for kind, labels in _LABELS)


@dataclass(frozen=True, slots=True)
class Fact:
    kind: FactKind
    label: str
    value: str


def read_fact(line: Line) -> Fact | None:
    match = _LABEL.match(line.text)
    if match is None:
        return None
    label = fold(match["label"]).strip(" *_")
    for kind, pattern in _KINDS:
        if pattern.fullmatch(label):
            return Fact(kind, match["label"].strip(" *_"), match["value"].strip())
    return None
