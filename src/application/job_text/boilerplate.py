"""Lines a job site adds around an ad that say nothing about the job.

Copying an ad from a job site brings the site's chrome along: its notice about the
country list of a language version, "Show more", "Apply now", "Posted 3 days ago".
They are dropped (and listed in the report), never made part of the posting.
"""

from __future__ import annotations

import re

from application.job_text.text_lines import fold

_PATTERNS = (
    # a multilingual job site's notice about its per-language country list
    r"\bthis list contains only the countries\b",
    r"\bonly (?:the )?countries (?:for|in) which\b.*\b(?:published|posted)\b",
    r"\bcette liste (?:ne )?contient (?:que|uniquement) les pays\b",
    r"\bdiese liste enthalt nur (?:die )?lander\b",
    r"\besta lista (?:solo )?contiene (?:solo|unicamente|solamente)? ?los paises\b",
    r"\bquesta lista contiene solo i paesi\b",
    r"\besta lista contem apenas os paises\b",
    r"\bdeze lijst bevat alleen (?:de )?landen\b",
    # site chrome
    r"^(?:show|see|read|view) (?:more|less|all)(?: jobs)?$",
    r"^(?:voir|afficher) (?:plus|moins)$|^mehr (?:anzeigen|lesen)$|^(?:ver|mostrar) (?:mas|menos)$",
    r"^(?:apply|apply now|apply for this job|easy apply|quick apply|postuler|postuler maintenant"
    r"|jetzt bewerben|bewerben|aplicar|aplicar ahora|inscribirme|candidati|candidatati ora"
    r"|candidatar-se|candidate-se|solliciteer|solliciteer nu|solliciteren)$",
    r"^(?:save|share|report|flag)(?: this)?(?: job| offer| posting| ad)?$",
    r"^(?:report this job|report job|share this job|save this job)\b",
    r"^(?:posted|reposted|published|publie|veroffentlicht|publicado|pubblicato|geplaatst)\b"
    r".{0,40}\b(?:ago|il y a|vor|hace|fa|geleden|today|yesterday|aujourd'hui|heute|hoy|oggi)\b",
    r"^(?:over |more than )?\d[\d,.]*\+? (?:applicants|candidatures|bewerbungen|bewerber"
    r"|solicitudes|candidati|candidaturas|sollicitanten)\b",
    r"^back to (?:search|results|jobs|all jobs)\b|^(?:retour|zuruck|volver|torna|voltar)\b.{0,30}$",
    r"^(?:sign in|log in|sign up|create (?:an )?account|join now)\b",
    r"\bcookies?\b.{0,60}\b(?:accept|use|policy|consent|akzeptieren|accepter)\b",
    r"^(?:job|req|requisition|reference|ref|vacancy|offer)[\s.]*(?:id|no|number|#|nr|code)"
    r"[\s.:#]*[\w-]+$",
    r"^(?:similar|related|recommended) (?:jobs|offers|postings)\b",
    r"^(?:be an early applicant|promoted|actively recruiting|new|hot job)$",
)
_BOILERPLATE = re.compile("|".join(f"(?:{p})" for p in _PATTERNS))


def is_boilerplate(text: str) -> bool:
    return _BOILERPLATE.search(fold(text)) is not None
