"""Free text the board stores is text every output can write: no control characters that
XML (feeds, sitemaps) forbids and no lone surrogates UTF-8 cannot encode (a multipart part
in charset utf-7 decodes to one), while tabs and line breaks stay."""

from __future__ import annotations

import pytest

from domain.errors import InvariantViolated
from domain.guards import clean_text


@pytest.mark.parametrize("text", ["Dev\x0bOps", "a\x1fb", "\x07bell", "A\ud800B", "x\udfff"])
def test_control_characters_and_lone_surrogates_are_refused_naming_the_field(text: str) -> None:
    with pytest.raises(InvariantViolated) as refused:
        clean_text(text, field="title", max_length=200)
    assert refused.value.field == "title"


def test_tabs_line_breaks_and_any_script_are_kept() -> None:
    text = "Entwickler:in\tC++\r\nこんにちは 🚀"

    assert clean_text(text, field="description", max_length=200) == text
