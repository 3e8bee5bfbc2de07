"""Reading a pasted text's visa and relocation sentences into the draft's facts."""

from __future__ import annotations

import pytest

from application.job_text.support_phrases import relocation_support_in, visa_sponsorship_in
from domain.posting_facts import Support


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Visa sponsorship is available for this role.", Support.YES),
        ("We sponsor work visas and help you settle in.", Support.YES),
        ("We offer visa support.", Support.YES),
        ("Unfortunately we are unable to sponsor visas.", Support.NO),
        ("No visa sponsorship.", Support.NO),
        ("You must be authorized to work in the US.", Support.NO),
        ("We cannot offer sponsorship.", Support.NO),
        ("Visa sponsorship available. Candidates must have the right to work in the UK.",
         Support.NO),
        ("We are a friendly team in Berlin.", None),
    ],
)  # fmt: skip
def test_visa_sponsorship_is_read_from_what_the_text_says(text: str, said: Support | None) -> None:
    assert visa_sponsorship_in(text) is said


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("A relocation package is provided.", Support.YES),
        ("We help with relocation to Lisbon.", Support.YES),
        ("Relocation assistance is not available.", Support.NO),
        ("No relocation.", Support.NO),
        ("We cannot offer relocation.", Support.NO),
        ("Hybrid work from our office.", None),
    ],
)
def test_relocation_support_is_read_from_what_the_text_says(
    text: str, said: Support | None
) -> None:
    assert relocation_support_in(text) is said
