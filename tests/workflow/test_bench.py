"""The benchmark corpus generator and the benchmark's readers (bench/corpus.py, bench/run.py)."""

from __future__ import annotations

import io
import random
import sys
from pathlib import Path

import pytest
from conftest import REPO, SEEDS

sys.path.insert(0, str(REPO / "bench"))

import corpus
import run as bench_run

SHARES = {"md": 0.15, "html": 0.15, "pdf": 0.15, "png": 0.05}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[corpus.GeneratedDoc]]:
    out = tmp_path_factory.mktemp("corpus")
    return out, corpus.generate(out, 60, SEEDS, seed=7, shares=SHARES)


def test_same_seed_gives_byte_identical_corpus(generated, tmp_path: Path) -> None:
    out, docs = generated
    again = corpus.generate(tmp_path, 60, SEEDS, seed=7, shares=SHARES)
    assert [d.relpath for d in again] == [d.relpath for d in docs]
    for d in docs:
        assert (tmp_path / d.relpath).read_bytes() == (out / d.relpath).read_bytes(), d.relpath


def test_another_seed_gives_another_corpus(generated, tmp_path: Path) -> None:
    _out, docs = generated
    other = corpus.generate(tmp_path, 60, SEEDS, seed=8, shares=SHARES)
    assert [d.relpath for d in other] != [d.relpath for d in docs]


def test_every_format_and_several_outlets(generated) -> None:
    _out, docs = generated
    assert {d.fmt for d in docs} == {"txt", "md", "html", "pdf", "png"}
    assert len({Path(d.relpath).parent for d in docs}) >= 5
    assert {d.seed_name for d in docs} == {p.name for p in SEEDS.iterdir()}


def test_documents_vary_from_their_seed(generated) -> None:
    out, docs = generated
    texts = [(out / d.relpath).read_text("utf-8") for d in docs if d.fmt == "txt"]
    assert len(set(texts)) == len(texts), "two text documents are identical"
    seeds = {p.read_text("utf-8") for p in SEEDS.iterdir()}
    assert not seeds & set(texts)


def test_respelling_is_consistent_within_a_document() -> None:
    paras = ["Stoltenberg spoke on Friday.", "Then Stoltenberg left, said Stoltenberg aides."]
    for seed in range(20):
        out = corpus.vary_names(paras, random.Random(seed), share=1.0)
        names = {w for p in out for w in p.replace(",", "").split() if w.startswith("Sto")}
        assert len(names) == 1, out


def test_numbers_change_but_stay_numbers() -> None:
    rng = random.Random(1)
    changed = [corpus.vary_number("700", rng) for _ in range(50)]
    assert any(c != "700" for c in changed)
    assert all(c.isdigit() and 560 <= int(c) <= 840 for c in changed)
    assert corpus.vary_number("12,500", random.Random(3)).count(",") == 1


def test_pdf_has_a_readable_text_layer() -> None:
    pdfium = pytest.importorskip("pypdfium2")
    text = "Jens Stoltenberg (NATO) said “700 personnel” would serve.\n" * 80
    pdf = pdfium.PdfDocument(corpus.pdf_bytes(text, "Title"))
    assert len(pdf) >= 2
    first = pdf[0].get_textpage().get_text_range()
    assert "Jens Stoltenberg (NATO) said “700 personnel” would serve." in first


def test_scanned_page_is_a_png_with_ink() -> None:
    from PIL import Image

    img = Image.open(io.BytesIO(corpus.png_bytes("Hello NATO summit " * 50, random.Random(0))))
    assert img.format == "PNG"
    assert img.getextrema()[0] < 100  # dark text on a light page


def test_rule_benchmarks_reads_snakemake_tsv(tmp_path: Path) -> None:
    header = "s\th:m:s\tmax_rss\tmax_vms\tmax_uss\tmax_pss\tio_in\tio_out\tmean_load\tcpu_time\n"
    (tmp_path / "benchmarks" / "extract").mkdir(parents=True)
    for shard, (s, rss) in {"01": (2.5, 300.0), "02": (4.0, 512.5)}.items():
        (tmp_path / "benchmarks" / "extract" / f"{shard}.tsv").write_text(
            header + f"{s}\t0:00:0{int(s)}\t{rss}\t900\t1\t1\t0\t0\t50\t1.0\n"
        )
    rules = bench_run.rule_benchmarks(tmp_path)
    assert rules == {"extract": {"jobs": 2, "max_rss_mb": 512.5, "max_s": 4.0, "sum_s": 6.5}}
