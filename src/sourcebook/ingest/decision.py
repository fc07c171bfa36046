"""Whether a page needs OCR: a pure function of what its text layer looks like.

Like OCRmyPDF's ``is_ocr_required(page)``, the decision stands alone and records its reason,
so every page of the dossier can say why its text came from the text layer or from Tesseract.
A good text layer (born-digital, or already OCR'd) is never replaced; a missing one, a sparse
one on a page covered by images, or a garbage one (unmapped glyphs, U+FFFD, ``(cid:NN)`` codes,
words no dictionary would have) is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The reasons, recorded in Page.ocr_reason. Fixed strings so the report can group by them.
NO_TEXT = "no text layer"
SPARSE_TEXT = "too little text on an image-covered page"
GARBAGE = "garbage text layer"
GOOD_TEXT = "good text layer"
IMAGE_FILE = "image file"
FORCED_ALL = "ocr.mode=always"
FORCED_NONE = "ocr.mode=never"
BLANK = "blank page"
UNREADABLE = "unreadable text layer"

MODES = ("auto", "always", "never")

# A page is "image-covered" when images cover this share of it (scans: ~1.0).
IMAGE_COVERED = 0.5
# Fewer visible characters than this on an image-covered page is not a real text layer.
MIN_CHARS_ON_IMAGE_PAGE = 20
# Share of characters that may be broken (unmapped, U+FFFD, control, private use).
MAX_BAD_CHAR_SHARE = 0.05
# Words needed before the dictionary-like share is judged, and the share a real text reaches.
MIN_WORDS_FOR_SHARE = 20
MIN_WORDLIKE_SHARE = 0.5

_CID = re.compile(r"\(cid:\d+\)")
_TOKEN = re.compile(r"\S+")
_WORD_CORE = re.compile(r"^[\W_]*(.*?)[\W_]*$", re.S)
_VOWELS = set("aeiouyàáâäãåæèéêëìíîïòóôöõøùúûüýÿœ" + "аеёиоуыэюяіїє" + "αεηιουωάέήίόύώ")
# Words are judged only in alphabetic scripts with vowels (Latin, Greek, Cyrillic: below
# U+0530); tokens in other scripts (CJK, Arabic, Hebrew…) neither count for nor against.
_JUDGED_SCRIPT_END = 0x0530


@dataclass(frozen=True)
class TextLayerStats:
    """What the text layer of one page looks like; gathered by :mod:`sourcebook.pdf`."""

    text: str
    image_coverage: float = 0.0  # share of the page area covered by images, 0..1
    unmapped_chars: int = 0  # characters the PDF font cannot map to Unicode
    n_objects: int = 1  # page objects (text, paths, images); 0 means nothing is drawn


@dataclass(frozen=True)
class Decision:
    needs_ocr: bool
    reason: str
    detail: str = ""


def is_wordlike(token: str) -> bool:
    """A token that could be a dictionary word: letters (inner apostrophes and hyphens allowed),
    a vowel, no long consonant run, not mixing case in the middle (``xKq``)."""
    core = _WORD_CORE.match(token).group(1)  # type: ignore[union-attr]
    if len(core) < 2:
        return False
    letters = core.replace("'", "").replace("’", "").replace("-", "")
    if not letters.isalpha():
        return False
    low = letters.lower()
    if not any(c in _VOWELS for c in low):
        return False
    run = 0
    for c in low:
        run = 0 if c in _VOWELS else run + 1
        if run >= 6:  # "strengths" has five
            return False
    if not (letters.islower() or letters.isupper() or letters.istitle()):
        return letters[1:].islower()  # McDonald-like names are rare enough to ignore
    return True


def _is_bad_char(c: str) -> bool:
    o = ord(c)
    if c == "\ufffd":
        return True
    if o < 32 and c not in "\t\n\r\x0c":
        return True
    return 0xE000 <= o <= 0xF8FF  # private use area: glyph codes without a mapping


def garbage_detail(stats: TextLayerStats) -> str:
    """Why the text layer is garbage, or "" when it looks like real text."""
    text = stats.text
    visible = [c for c in text if not c.isspace()]
    if not visible:
        return ""
    n = len(visible)
    bad = sum(map(_is_bad_char, visible)) + stats.unmapped_chars
    cids = len(_CID.findall(text))
    if cids and cids * 6 >= n * MAX_BAD_CHAR_SHARE:
        return f"{cids} (cid:NN) glyph codes"
    if bad / n > MAX_BAD_CHAR_SHARE:
        return f"{bad} of {n} characters unmapped, U+FFFD or control codes"
    letters = sum(c.isalpha() for c in visible)
    digits = sum(c.isdigit() for c in visible)
    if n >= 3 and letters / n < 0.3 and digits / n < 0.4:
        return f"only symbols: {letters} letters and {digits} digits in {n} characters"
    tokens = [
        t
        for t in _TOKEN.findall(text)
        if any(c.isalpha() for c in t)
        and all(ord(c) < _JUDGED_SCRIPT_END for c in t if c.isalpha())
    ]
    if len(tokens) >= MIN_WORDS_FOR_SHARE:
        share = sum(map(is_wordlike, tokens)) / len(tokens)
        if share < MIN_WORDLIKE_SHARE:
            return f"only {share:.0%} of {len(tokens)} words look like dictionary words"
    return ""


def decide_ocr(stats: TextLayerStats, mode: str = "auto") -> Decision:
    """Decide for one PDF page whether its text comes from OCR, and why."""
    if mode not in MODES:
        raise ValueError(f"ocr.mode must be one of {', '.join(MODES)}, not {mode!r}")
    if mode == "always":
        return Decision(True, FORCED_ALL)
    if mode == "never":
        return Decision(False, FORCED_NONE)
    visible = sum(not c.isspace() for c in stats.text)
    if visible == 0:
        return Decision(stats.n_objects > 0, NO_TEXT if stats.n_objects else BLANK)
    detail = garbage_detail(stats)
    if detail:
        return Decision(True, GARBAGE, detail)
    if stats.image_coverage >= IMAGE_COVERED and visible < MIN_CHARS_ON_IMAGE_PAGE:
        return Decision(True, SPARSE_TEXT, f"{visible} characters")
    return Decision(False, GOOD_TEXT)


def apply_mode(needs_ocr: bool, reason: str, source: str, mode: str) -> Decision:
    """The ingest decision (made in auto mode) under the configured ``ocr.mode``.

    Only PDF and image pages can be OCR'd; text, Markdown and HTML pages pass unchanged.
    """
    if mode not in MODES:
        raise ValueError(f"ocr.mode must be one of {', '.join(MODES)}, not {mode!r}")
    if source not in ("pdf-text", "image") or mode == "auto":
        return Decision(needs_ocr, reason)
    return Decision(mode == "always", FORCED_ALL if mode == "always" else FORCED_NONE)
