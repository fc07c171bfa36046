"""The one folding and the one sentence splitter every stage uses (issue 16, issue 20)."""

from __future__ import annotations

import pytest

from sourcebook.core.text import ascii_fold, sentence_of, sentence_spans, split_sentences


def test_ascii_fold_drops_accents_and_case() -> None:
    assert ascii_fold("Zelenskyy Łódź Ñandú") == "zelenskyy odz nandu"
    assert ascii_fold("Kyiv") == "kyiv"
    assert ascii_fold("Café", casefold=False) == "Cafe"


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("One two. Three? Four! Five", ["One two.", "Three?", "Four!", "Five"]),
        (
            "Donald J. Trump met the U.S. envoy in Washington. He left.",
            ["Donald J. Trump met the U.S. envoy in Washington.", "He left."],
        ),
        (
            "Gen. Christopher Cavoli and Dr. Gupta spoke on Jan. 5 at 3 p.m. local time. "
            "Walter E. Smith agreed.",
            [
                "Gen. Christopher Cavoli and Dr. Gupta spoke on Jan. 5 at 3 p.m. local time.",
                "Walter E. Smith agreed.",
            ],
        ),
        ('He said: "No." Then he left.', ['He said: "No."', "Then he left."]),
        (
            "It cost approx. ten dollars. NATO agreed.",
            ["It cost approx. ten dollars.", "NATO agreed."],
        ),
        (
            "“We will stay,” he said. “Always.” The end",
            ["“We will stay,” he said.", "“Always.”", "The end"],
        ),
        (
            "Press release No. 101 was issued. It said so.",
            ["Press release No. 101 was issued.", "It said so."],
        ),
    ],
)
def test_sentences_do_not_break_after_abbreviations_and_initials(
    text: str, sentences: list[str]
) -> None:
    assert split_sentences(text) == sentences
    for (s, e), sentence in zip(sentence_spans(text), sentences, strict=True):
        assert text[s:e] == sentence


def test_sentence_of_a_span_is_the_sentence_that_holds_it() -> None:
    text = "The U.S. sent 500 troops. Stoltenberg said so."
    assert sentence_of(text, 4, 8) == "The U.S. sent 500 troops."
    assert (
        sentence_of(text, text.index("Stoltenberg"), text.index(" said")) == "Stoltenberg said so."
    )
    # a span across a boundary gets both sentences
    assert sentence_of(text, 14, 30) == text
