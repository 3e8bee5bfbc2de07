"""A posting's full description as the HTML job search engines show: Google for Jobs reads
``description`` as HTML and keeps paragraphs (``<p>``) and lists (``<ul>``/``<li>``), so the
prose keeps its paragraphs and the posting's lists (responsibilities, what it asks, what it
offers) follow as lists. Every piece of text is HTML-escaped: it is the employer's."""

from __future__ import annotations

from html import escape

from application.views import PostingDetail, RequirementView

# Section headings in the posting's own language; other languages get English ones.
_HEADINGS = {
    "en": ("Responsibilities", "Requirements", "Nice to have", "Benefits"),
    "fr": ("Responsabilités", "Profil recherché", "Atouts", "Avantages"),
    "de": ("Aufgaben", "Anforderungen", "Wünschenswert", "Wir bieten"),
    "es": ("Responsabilidades", "Requisitos", "Se valorará", "Beneficios"),
}
_BULLETS = ("- ", "* ", "• ", "· ")


def _text(value: str) -> str:
    return escape(value, quote=False)


def _list(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{_text(item)}</li>" for item in items) + "</ul>"


def _paragraph(block: str) -> str:
    """One blank-line separated block: bulleted lines become a list, other lines a
    paragraph whose line breaks stay."""
    html: list[str] = []
    lines: list[str] = []
    bullets: list[str] = []
    for line in (raw.strip() for raw in block.splitlines()):
        if not line:
            continue
        bullet = next((line[len(b) :].strip() for b in _BULLETS if line.startswith(b)), None)
        if bullet is not None:
            if lines:
                html.append("<p>" + "<br>".join(_text(t) for t in lines) + "</p>")
                lines = []
            bullets.append(bullet)
        else:
            if bullets:
                html.append(_list(bullets))
                bullets = []
            lines.append(line)
    if lines:
        html.append("<p>" + "<br>".join(_text(t) for t in lines) + "</p>")
    if bullets:
        html.append(_list(bullets))
    return "".join(html)


def _asked(requirement: RequirementView) -> str:
    """What a must-have asks, in the employer's words when it has them."""
    if requirement.detail:
        return requirement.detail
    if requirement.min_years:
        return f"{requirement.name} ({requirement.min_years}+ years)"
    return requirement.name


def description_html(posting: PostingDetail) -> str:
    responsibilities, must, nice, benefits = _HEADINGS.get(posting.language, _HEADINGS["en"])
    blocks = posting.description.replace("\r\n", "\n").split("\n\n")
    html = [_paragraph(block) for block in blocks]
    sections = (
        (responsibilities, list(posting.responsibilities)),
        (must, [_asked(r) for r in posting.requirements if r.importance == "must"]),
        # A nice-to-have's detail often only says where the text named it; its name says it.
        (nice, [r.name for r in posting.requirements if r.importance != "must"]),
        (benefits, list(posting.benefits)),
    )
    for heading, items in sections:
        if items:
            # Several catalogue entries may quote the same line of the text: once is enough.
            html.append(f"<p>{_text(heading)}</p>" + _list(list(dict.fromkeys(items))))
    return "".join(part for part in html if part)
