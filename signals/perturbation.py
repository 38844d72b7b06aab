"""Cell-key perturbation: the one place a count becomes a published figure.

Every person counted in a release has a **record key**: a random 32-bit number, drawn
once, stored in ``signals.RecordKey`` and never shown. A cell's **cell key** is the sum
of the record keys of its persons modulo 2^32, read as a fraction of 1. A fixed
**perturbation table** maps (cell key, count) to a small deviation. So

- the same set of persons always gives the same published figure (in every table, every
  release and every export), and
- two cells that differ by one person have unrelated cell keys, so their difference is
  the person plus two independent deviations: it does not difference cleanly.

Counts below the threshold are never published as a number: 0 to threshold-1 is shown
as "<10" (also 0: a published 0 would certify that nobody in a group has a value).
Method: ABS TableBuilder / ONS 2021 Census cell-key method (see docs/disclosure.md).
"""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MIN_THRESHOLD = 5
KEY_BITS = 32
KEY_MODULUS = 1 << KEY_BITS

# The perturbation table: deviation -> share of the cell-key range [0, 1), in tenths.
# Zero mean, symmetric, public (a reader may know it; the guarantees do not rest on
# its secrecy).
DEVIATIONS = ((-2, 1), (-1, 2), (0, 4), (1, 2), (2, 1))
SLOTS = [value for value, tenths in DEVIATIONS for _ in range(tenths)]
MAX_DEVIATION = max(abs(d) for d, _share in DEVIATIONS)


@dataclass(frozen=True)
class Params:
    threshold: int = 10
    max_deviation: int = MAX_DEVIATION

    def __post_init__(self):
        if self.threshold < MIN_THRESHOLD:
            raise ImproperlyConfigured(
                f"The disclosure threshold must be at least {MIN_THRESHOLD} "
                f"(it is {self.threshold})."
            )

    @classmethod
    def from_settings(cls) -> Params:
        return cls(threshold=getattr(settings, "SIGNALS_DISCLOSURE_THRESHOLD", 10))

    @property
    def small_label(self) -> str:
        return f"<{self.threshold}"

    def as_dict(self) -> dict:
        return asdict(self)


def new_record_key() -> int:
    return secrets.randbits(KEY_BITS)


def cell_key(key_sum: int) -> float:
    """The cell key in [0, 1) from the sum of the persons' record keys."""
    return (int(key_sum) % KEY_MODULUS) / KEY_MODULUS


def deviation(key: float) -> int:
    """The perturbation table: which deviation the cell key ``key`` selects."""
    return SLOTS[min(int(key * len(SLOTS)), len(SLOTS) - 1)]


def publish(count: int, key_sum: int, params: Params) -> int | None:
    """The published figure of a cell of ``count`` persons whose record keys sum to
    ``key_sum``: ``None`` ("<10") below the threshold, else the count plus its
    deviation, never below the threshold. A reader who knows the table learns only
    that the count lies in [published - D, published + D] and is at least the
    threshold (D = ``params.max_deviation``)."""
    if count < params.threshold:
        return None
    return max(params.threshold, count + deviation(cell_key(key_sum)))


def bounds(published: int | None, params: Params) -> tuple[int, int]:
    """What a reader knows about the count behind a published figure."""
    if published is None:
        return 0, params.threshold - 1
    low = max(params.threshold, published - params.max_deviation)
    return low, published + params.max_deviation
