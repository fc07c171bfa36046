"""Text utilities every stage shares: one ASCII folding, one set of name suffixes.

:func:`ascii_fold` is the single accent/case folding of the project (names, words, ids,
file-name slugs all build on it), so two stages can never fold the same text differently.
"""

from __future__ import annotations

import unicodedata

#: generational suffixes of personal names, as written ("Jr.") and folded ("jr")
NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})


def ascii_fold(text: str, casefold: bool = True) -> str:
    """``text`` with accents dropped (NFKD, non-ASCII removed), case-folded unless told not to."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return text.casefold() if casefold else text
