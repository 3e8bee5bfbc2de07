"""Near-duplicate signatures: shingles, MinHash, LSH bands and the verdict, pinned on
real-looking variants of the seed ads."""

from __future__ import annotations

import pytest

from builders import NOW, a_company_id, a_posting, a_posting_id, a_published_posting
from domain.errors import InvalidTransition, InvariantViolated
from domain.events import PostingFlaggedAsPossibleClone
from domain.near_duplicates import (
    BANDS,
    DEFAULT_THRESHOLD,
    HASHES,
    AdSignature,
    DuplicateFinding,
    SignedPosting,
    judge,
    shingles,
)
from domain.posting import PostingStatus
from near_duplicate_texts import (
    busuu,
    busuu_different_role,
    seed_text,
    with_new_date_line,
    with_reordered_lines,
    with_small_edits,
)


def signature(text: str) -> AdSignature:
    found = AdSignature.of_text(text)
    assert found is not None
    return found


def similarity(a: str, b: str) -> float:
    return signature(a).similarity(signature(b))


def exact_jaccard(a: str, b: str) -> float:
    sa, sb = shingles(a), shingles(b)
    return len(sa & sb) / len(sa | sb)


def test_shingles_ignore_case_punctuation_digits_and_dates() -> None:
    assert shingles("Posted on 7 December 2026!") == shingles("POSTED ON: Mon, 14 Jan. 2027")
    assert shingles("We use MySQL, and PostgreSQL.") == {"we use mysql", "use mysql and",
                                                         "mysql and postgresql"}  # fmt: skip


def test_shingles_stay_within_lines_so_bullet_order_does_not_matter() -> None:
    bullets = "- Excellent knowledge of Node.js\n- Solid knowledge of REST API design"
    reordered = "- Solid knowledge of REST API design\n- Excellent knowledge of Node.js"
    assert shingles(bullets) == shingles(reordered)
    assert "node js solid" not in shingles(bullets)


def test_the_signature_is_stable_across_processes() -> None:
    # BLAKE2b, never hash(): these values are what every process and release computes
    # (PYTHONHASHSEED would change hash()), so stored signatures stay comparable.
    values = signature(busuu()).values
    assert len(values) == HASHES
    assert values[:3] == signature(busuu()).values[:3]
    assert len(signature(busuu()).band_keys()) == BANDS
    assert all(-(2**63) <= k < 2**63 for k in signature(busuu()).band_keys())


@pytest.mark.parametrize("n", range(4))
def test_the_same_ad_with_a_new_date_line_is_a_near_duplicate(n: int) -> None:
    text = seed_text(n)
    assert similarity(text, with_new_date_line(text)) >= DEFAULT_THRESHOLD


@pytest.mark.parametrize("n", range(4))
def test_the_same_ad_with_reordered_lines_is_the_same_ad(n: int) -> None:
    text = seed_text(n)
    assert shingles(text) == shingles(with_reordered_lines(text))
    assert similarity(text, with_reordered_lines(text)) == 1.0


def test_the_same_ad_with_small_wording_edits_is_a_near_duplicate() -> None:
    edited = with_new_date_line(with_reordered_lines(with_small_edits(busuu())))
    assert exact_jaccard(busuu(), edited) >= 0.9
    assert similarity(busuu(), edited) >= DEFAULT_THRESHOLD


def test_a_different_role_with_the_same_boilerplate_is_not_a_near_duplicate() -> None:
    # Same "about us", benefits, hiring steps and closing words; a different job.
    assert exact_jaccard(busuu(), busuu_different_role()) < 0.6
    assert similarity(busuu(), busuu_different_role()) < DEFAULT_THRESHOLD


def test_different_companies_ads_are_far_apart() -> None:
    for i in range(4):
        for j in range(i + 1, 4):
            assert similarity(seed_text(i), seed_text(j)) < 0.2


def test_the_minhash_estimate_tracks_the_exact_jaccard_similarity() -> None:
    # 128 values: a standard error of about sqrt(J(1-J)/128) <= 0.045.
    pairs = [(busuu(), busuu_different_role()), (busuu(), with_small_edits(busuu()))]
    for a, b in pairs:
        assert abs(similarity(a, b) - exact_jaccard(a, b)) < 0.15


def test_near_duplicates_share_a_band_and_different_roles_mostly_do_not() -> None:
    keys = set(signature(busuu()).band_keys())
    assert keys & set(signature(with_new_date_line(with_small_edits(busuu()))).band_keys())
    assert not set(signature(seed_text(0)).band_keys()) & keys


def test_a_very_short_ad_is_not_judged() -> None:
    assert AdSignature.of_text("Barista wanted.\nApply within.") is None
    verdict = judge(a_posting_id(), a_company_id(), None, [], DEFAULT_THRESHOLD)
    assert verdict.finding is DuplicateFinding.NOT_JUDGED


def test_a_signature_holds_its_number_of_32_bit_values() -> None:
    with pytest.raises(InvariantViolated):
        AdSignature((1,) * (HASHES - 1))
    with pytest.raises(InvariantViolated):
        AdSignature((2**32,) * HASHES)


def _signed(text: str, company: object = None) -> SignedPosting:
    return SignedPosting(a_posting_id(), company or a_company_id(), signature(text))  # type: ignore[arg-type]


def test_the_same_companys_near_duplicate_is_a_repost_naming_the_closest() -> None:
    company = a_company_id()
    close = _signed(with_small_edits(busuu()), company)
    same = _signed(busuu(), company)
    clone = _signed(busuu())
    verdict = judge(a_posting_id(), company, signature(busuu()), [close, clone, same], 0.8)
    assert verdict.finding is DuplicateFinding.REPOST and verdict.is_repost
    assert verdict.earlier_posting_id == same.posting_id
    assert verdict.similarity == 1.0


def test_another_companys_near_duplicate_is_a_possible_clone() -> None:
    clone = _signed(busuu())
    own_other_role = _signed(busuu_different_role(), a_company_id())
    verdict = judge(a_posting_id(), a_company_id(), signature(busuu()), [own_other_role, clone],
                    0.8)  # fmt: skip
    assert verdict.finding is DuplicateFinding.POSSIBLE_CLONE and verdict.needs_review
    assert (verdict.earlier_posting_id, verdict.earlier_company_id) == (
        clone.posting_id,
        clone.company_id,
    )


def test_a_posting_is_never_its_own_duplicate_and_the_threshold_decides() -> None:
    company = a_company_id()
    me = _signed(busuu(), company)
    assert judge(me.posting_id, company, me.signature, [me], 0.8).finding is DuplicateFinding.UNIQUE
    other_role = _signed(busuu_different_role(), company)
    sig = signature(busuu())
    assert judge(a_posting_id(), company, sig, [other_role], 0.8).finding is DuplicateFinding.UNIQUE
    # A looser threshold makes the shared boilerplate enough.
    assert judge(a_posting_id(), company, sig, [other_role], 0.3).is_repost
    with pytest.raises(InvariantViolated):
        judge(a_posting_id(), company, sig, [], 1.5)


def test_flagging_a_published_posting_as_a_possible_clone_records_the_event() -> None:
    posting = a_published_posting()
    original, owner = a_posting_id(), a_company_id()
    posting.flag_as_possible_clone(original, owner, 0.97, NOW)
    (event,) = posting.pending_events
    assert event == PostingFlaggedAsPossibleClone(
        posting.id, posting.version, NOW, posting.company_id, original, owner, 0.97
    )
    assert posting.status is PostingStatus.PUBLISHED


def test_only_a_published_posting_is_flagged_and_never_against_its_own_company() -> None:
    with pytest.raises(InvalidTransition):
        a_posting(PostingStatus.DRAFT).flag_as_possible_clone(
            a_posting_id(), a_company_id(), 0.9, NOW
        )
    posting = a_published_posting()
    with pytest.raises(InvariantViolated):
        posting.flag_as_possible_clone(a_posting_id(), posting.company_id, 0.9, NOW)
