"""Near-duplicate job ads: word shingles, MinHash signatures and LSH bands.

Two ads are near-duplicates when the sets of their word shingles overlap almost wholly
(Jaccard similarity). A MinHash signature estimates that similarity from a fixed number of
values whatever the ad's length (Broder 1997); cutting the signature into bands whose
hashes are looked up finds the few earlier ads worth comparing without reading every
signature (locality-sensitive hashing; Leskovec, Rajaraman, Ullman, "Mining of Massive
Datasets", ch. 3). See docs/decisions/021-near-duplicates.md for the parameters.

Shingles are taken within lines, after the text is normalised (case folded, punctuation,
digits and date words dropped), so a new "Posted on ..." line changes next to nothing and
the order of bullet lines does not matter at all (a signature is of a set).
"""

from __future__ import annotations

import hashlib
import re
import struct
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from domain.guards import require
from domain.ids import CompanyId, PostingId
from domain.posting_values import PostingDetails

SHINGLE_WORDS = 3
HASHES = 128
BAND_ROWS = 6
BANDS = 21  # 21 bands of 6 rows use 126 of the 128 values; all 128 estimate the similarity
# An ad of fewer shingles is too short to judge: two short ads overlap by chance.
MIN_SHINGLES = 20
DEFAULT_THRESHOLD = 0.8

# The 128 hash functions: each value of a salted 64-byte BLAKE2b digest is one (16 values
# of 32 bits a digest, 8 salts). Stable across processes and releases, unlike hash().
_VALUES_PER_DIGEST = 16
_HASHERS = tuple(
    hashlib.blake2b(digest_size=64, salt=f"minhash{k}".encode())
    for k in range(HASHES // _VALUES_PER_DIGEST)
)
_ALL_VALUES = struct.Struct(f">{HASHES}I")
_VALUE_MAX = (1 << 32) - 1

# Words that only date an ad ("Posted on 7 December 2026", "Apply by Mon"): dropped with
# the digits, so re-dating an ad leaves its signature alone.
_DATE_WORDS_TEXT = (
    "january february march april may june july august september october november "
    "december jan feb mar apr jun jul aug sep sept oct nov dec "
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur "
    "thurs fri sat sun today yesterday tomorrow st nd rd th"
)
_DATE_WORDS = frozenset(_DATE_WORDS_TEXT.split())
_WORD = re.compile(r"[^\W\d_]+")  # runs of letters: punctuation, digits and _ split words


def _stable_hash(data: bytes, salt: bytes = b"") -> int:
    """A 64-bit hash that is the same in every process and release (unlike hash())."""
    return int.from_bytes(hashlib.blake2b(data, digest_size=8, salt=salt).digest(), "big")


def _digests(data: bytes) -> list[bytes]:
    digests = []
    for hasher in _HASHERS:
        h = hasher.copy()
        h.update(data)
        digests.append(h.digest())
    return digests


def normalised_words(line: str) -> list[str]:
    """The words of a line as they are compared: case folded, without punctuation, digits
    or date words."""
    folded = unicodedata.normalize("NFKC", line).casefold()
    return [word for word in _WORD.findall(folded) if word not in _DATE_WORDS]


def shingles(text: str) -> frozenset[str]:
    """The set of SHINGLE_WORDS-word shingles of each line (a shorter line is one
    shingle), so that no shingle spans two bullet points."""
    found: set[str] = set()
    for line in text.splitlines():
        words = normalised_words(line)
        if len(words) < SHINGLE_WORDS:
            if words:
                found.add(" ".join(words))
            continue
        for i in range(len(words) - SHINGLE_WORDS + 1):
            found.add(" ".join(words[i : i + SHINGLE_WORDS]))
    return frozenset(found)


def ad_text(details: PostingDetails) -> str:
    """What a candidate reads as the ad: its title, description, responsibilities and
    benefits, one line each (where it is, what it pays and how to apply are not text)."""
    return "\n".join((details.title, details.description, *details.responsibilities,
                      *details.benefits))  # fmt: skip


@dataclass(frozen=True, slots=True)
class AdSignature:
    """The MinHash signature of an ad's shingles: HASHES values of 32 bits."""

    values: tuple[int, ...]

    def __post_init__(self) -> None:
        require(len(self.values) == HASHES, f"a signature holds {HASHES} values")
        require(all(0 <= v <= _VALUE_MAX for v in self.values), "signature values are 32-bit")

    @classmethod
    def of_text(cls, text: str) -> AdSignature | None:
        """The text's signature, or None when it has too few shingles to be judged."""
        found = shingles(text)
        if len(found) < MIN_SHINGLES:
            return None
        rows = [_ALL_VALUES.unpack(b"".join(_digests(shingle.encode()))) for shingle in found]
        return cls(tuple(map(min, zip(*rows, strict=True))))

    @classmethod
    def of_posting(cls, details: PostingDetails) -> AdSignature | None:
        return cls.of_text(ad_text(details))

    def band_keys(self) -> tuple[int, ...]:
        """One signed 64-bit key per band: the hash of the band's number and its values.
        Two ads share a key when all the values of that band agree."""
        keys = []
        for band in range(BANDS):
            rows = self.values[band * BAND_ROWS : (band + 1) * BAND_ROWS]
            data = band.to_bytes(2, "big") + b"".join(v.to_bytes(4, "big") for v in rows)
            keys.append(_stable_hash(data, salt=b"lsh-band") - (1 << 63))
        return tuple(keys)

    def similarity(self, other: AdSignature) -> float:
        """The estimated Jaccard similarity of the two ads' shingle sets."""
        return sum(a == b for a, b in zip(self.values, other.values, strict=True)) / HASHES


@dataclass(frozen=True, slots=True)
class SignedPosting:
    """A posting the board remembers the signature of."""

    posting_id: PostingId
    company_id: CompanyId
    signature: AdSignature


class DuplicateFinding(StrEnum):
    UNIQUE = "unique"  # nothing near it
    NOT_JUDGED = "not_judged"  # too short to tell
    REPOST = "repost"  # nearly one of its own company's recent postings
    POSSIBLE_CLONE = "possible_clone"  # nearly another company's posting


@dataclass(frozen=True, slots=True)
class DuplicateVerdict:
    """What the duplicate check found for one posting about to go public."""

    finding: DuplicateFinding
    earlier_posting_id: PostingId | None = None
    earlier_company_id: CompanyId | None = None
    similarity: float | None = None

    @property
    def is_repost(self) -> bool:
        return self.finding is DuplicateFinding.REPOST

    @property
    def needs_review(self) -> bool:
        """A possible clone of another company's ad: a moderator should look at it."""
        return self.finding is DuplicateFinding.POSSIBLE_CLONE


def check_threshold(threshold: float) -> float:
    require(0.0 < threshold <= 1.0, "the duplicate threshold must be in (0, 1]")
    return threshold


def judge(
    posting_id: PostingId,
    company_id: CompanyId,
    signature: AdSignature | None,
    earlier: Iterable[SignedPosting],
    threshold: float,
) -> DuplicateVerdict:
    """The verdict on a posting against the earlier postings found near it.

    A same-company match at or over the threshold is a repost (refused); failing that,
    another company's is a possible clone (flagged). Among several, the most similar one
    is named."""
    check_threshold(threshold)
    if signature is None:
        return DuplicateVerdict(DuplicateFinding.NOT_JUDGED)
    own: tuple[float, SignedPosting] | None = None
    other: tuple[float, SignedPosting] | None = None
    for candidate in earlier:
        if candidate.posting_id == posting_id:
            continue
        score = signature.similarity(candidate.signature)
        if score < threshold:
            continue
        if candidate.company_id == company_id:
            if own is None or score > own[0]:
                own = (score, candidate)
        elif other is None or score > other[0]:
            other = (score, candidate)
    best, finding = (
        (own, DuplicateFinding.REPOST) if own else (other, DuplicateFinding.POSSIBLE_CLONE)
    )
    if best is None:
        return DuplicateVerdict(DuplicateFinding.UNIQUE)
    score, match = best
    return DuplicateVerdict(finding, match.posting_id, match.company_id, score)
