"""Real-looking near-duplicates of the seed job ads, and honest different jobs of the
same companies, for every suite that pins the duplicate check's behaviour.

Built from the raw seed texts (seeds/raw, copies of ../shared/seeds), so the ads are the
length and shape of real ones. No pytest here: plain functions.
"""

from __future__ import annotations

import random
from pathlib import Path

RAW = Path(__file__).resolve().parents[1] / "seeds" / "raw"
SEEDS = sorted(RAW.glob("*.txt"))


def seed_text(n: int) -> str:
    """The n-th raw seed ad (0-3)."""
    return SEEDS[n].read_text(encoding="utf-8")


def busuu() -> str:
    return seed_text(3)


def with_new_date_line(text: str, line: str = "Posted on 14 January 2027") -> str:
    """The same ad re-dated: a new first line."""
    return f"{line}\n{text}"


def with_reordered_lines(text: str, seed: int = 7) -> str:
    """The same ad with the lines inside each block (paragraph, bullet list) shuffled."""
    rng = random.Random(seed)
    blocks = text.split("\n\n")
    shuffled = []
    for block in blocks:
        lines = block.split("\n")
        rng.shuffle(lines)
        shuffled.append("\n".join(lines))
    return "\n\n".join(shuffled)


def with_small_edits(text: str) -> str:
    """The same ad with a few words changed, as an employer touches up a repost."""
    return (
        text.replace("Excellent knowledge of", "Strong knowledge of")
        .replace("simple and speedy", "quick and simple")
        .replace("We offer enhanced", "We provide enhanced")
        .replace("Good experience", "Solid experience")
    )


# The Busuu ad's role-specific part (what the role does, the stack, what it asks for),
# between its "about us" opening and its benefits and hiring steps.
_ROLE_START = "What does a Senior Backend Engineer do at Busuu?"
_ROLE_END = "At Busuu we want to ensure that you have access to some great benefits:"

_DESIGNER_ROLE = "\n".join(
    [
        "What does a Senior Product Designer do at Busuu?",
        "",
        "You will own the end-to-end design of the lessons our learners take every day, "
        "from the first sketch to the pixels that ship. You will run discovery with learners "
        "across markets, turn what you hear into flows and prototypes, and test them before "
        "a line of code is written.",
        "",
        "You will pair with product managers and engineers in a cross-functional squad, and "
        "you will help grow our design system so that web, iOS and Android feel like one "
        "product.",
        "",
        "How we design:",
        "We prototype in Figma and test with real learners every fortnight.",
        "Research, design and content sit together in each squad.",
        "We measure the impact of every change on retention and learning outcomes.",
        "",
        "What we are looking for in a Senior Product Designer:",
        "A portfolio that shows how you solved hard interaction problems for consumer apps.",
        "Experience running usability studies and turning insight into design decisions.",
        "Comfort with motion, accessibility and localisation for right-to-left languages.",
        "A habit of writing down the reasons behind your designs for the rest of the team.",
        "Experience mentoring other designers and giving generous, specific critique.",
        "Curiosity about how people learn and stay motivated over months, not minutes.",
        "",
        "",
        "",
    ]
)


def busuu_different_role() -> str:
    """An honest different job at Busuu: the same "about us", benefits, hiring steps and
    closing words as the backend ad, with a different role in the middle."""
    text = busuu()
    start, end = text.index(_ROLE_START), text.index(_ROLE_END)
    return text[:start] + _DESIGNER_ROLE + text[end:]
