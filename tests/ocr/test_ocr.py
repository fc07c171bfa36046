"""OCR fallback (issue 4), PDF text layer and encrypted PDFs: decision, engine, cache, workflow.

Unit tests use the pure decision function and the real fixtures of tests/fixtures/scans;
the OCR tests run Tesseract on small pages (a few seconds each).
"""

from __future__ import annotations

import io
import os
import shutil
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import REPO, SCANS, SEEDS, run_snakemake

from sourcebook.core.errors import EncryptedPdfError, TesseractMissingError
from sourcebook.core.limits import LimitExceededError, Limits
from sourcebook.ingest.decision import (
    BLANK,
    FORCED_ALL,
    FORCED_NONE,
    GARBAGE,
    GOOD_TEXT,
    NO_TEXT,
    SPARSE_TEXT,
    TextLayerStats,
    apply_mode,
    decide_ocr,
    is_wordlike,
)
from sourcebook.ingest.pdf import image_pages, pdf_pages
from sourcebook.ingest.read import ingest_file
from sourcebook.ingest.run import ingest_shard
from sourcebook.ocr.engine import (
    OcrOptions,
    OcrStats,
    batch_size,
    cache_key,
    ensure_tesseract,
    estimate_skew,
    ocr_image,
    ocr_images,
    ocr_shard,
    settings_key,
    single_threaded_tesseract,
    text_from_data,
)

sys.path.insert(0, str(REPO / "bench"))

import corpus
import scans

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="no tesseract")
engine = pytest.mark.engine  # runs Tesseract: seconds, left out of the fast loop
ENGLISH = (
    "The alliance said on Friday that its new command in Germany will coordinate most of the "
    "international security assistance to Ukraine, with around 700 personnel."
)


def ingest(tmp_path: Path, name: str, data: bytes | None = None, **kw):
    """Ingest one file (a fixture, or bytes written under ``name``) as the pipeline does."""
    path = tmp_path / name
    if data is not None or not path.exists():
        path.write_bytes(data if data is not None else (SCANS / name).read_bytes())
    docs, pages, errors = ingest_shard([(Path(name).stem, name)], tmp_path, "0", **kw)
    return docs, pages, errors


def ocr(tmp_path: Path, docs, pages, options: OcrOptions | None = None, **kw):
    stats = OcrStats()
    out, errors = ocr_shard(docs, pages, tmp_path, options or OcrOptions(), stats=stats, **kw)
    return out, errors, stats


# --- the decision ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stats", "needs", "reason"),
    [
        (TextLayerStats("", image_coverage=1.0), True, NO_TEXT),
        (TextLayerStats("  \n", image_coverage=0.0), True, NO_TEXT),
        (TextLayerStats("", n_objects=0), False, BLANK),
        (TextLayerStats(ENGLISH), False, GOOD_TEXT),
        (TextLayerStats(ENGLISH, image_coverage=1.0), False, GOOD_TEXT),  # already OCR'd scan
        (TextLayerStats("p. 12", image_coverage=1.0), True, SPARSE_TEXT),
        (TextLayerStats("12"), False, GOOD_TEXT),  # a born-digital page number is text
        (TextLayerStats("北约秘书长斯托尔滕贝格 周日表示 " * 12), False, GOOD_TEXT),
        (TextLayerStats("Генеральний секретар НАТО заявив у неділю " * 5), False, GOOD_TEXT),
        (TextLayerStats(ENGLISH.replace("e", "\ufffd")), True, GARBAGE),
        (TextLayerStats("(cid:12)(cid:7)(cid:40) " * 20), True, GARBAGE),
        (TextLayerStats("\x19\x12", unmapped_chars=2), True, GARBAGE),
        (TextLayerStats('"7+%-'), True, GARBAGE),  # glyph ids of a font without a mapping
        (TextLayerStats("xqkz vbnrt zzkq " * 10 + "plmkj"), True, GARBAGE),
        (TextLayerStats(ENGLISH + "".join(map(chr, range(0xE001, 0xE009)))), True, GARBAGE),
    ],
)
def test_decision(stats: TextLayerStats, needs: bool, reason: str) -> None:
    d = decide_ocr(stats)
    assert (d.needs_ocr, d.reason) == (needs, reason)


def test_mode_forces_all_or_none_but_only_pdf_and_image_pages() -> None:
    good = TextLayerStats(ENGLISH)
    assert decide_ocr(good, "always") == decide_ocr(TextLayerStats(""), "always")
    assert decide_ocr(good, "always").reason == FORCED_ALL
    assert not decide_ocr(TextLayerStats(""), "never").needs_ocr
    assert apply_mode(False, GOOD_TEXT, "pdf-text", "always").needs_ocr
    assert apply_mode(True, "image file", "image", "never").reason == FORCED_NONE
    assert apply_mode(False, "", "html", "always").needs_ocr is False
    assert apply_mode(True, NO_TEXT, "pdf-text", "auto").reason == NO_TEXT
    with pytest.raises(ValueError, match=r"ocr\.mode"):
        decide_ocr(good, "sometimes")


def test_wordlike() -> None:
    words = ["Ukraine", "NATO", "three-star", "(Friday),", "it's", "strengths"]
    assert all(map(is_wordlike, words))
    assert not any(map(is_wordlike, ["xkcdq", "7+%", "a", "vbnrtz", "qZxW"]))


# --- PDFs and images at ingest --------------------------------------------------------------


def test_graph_ocred_keeps_its_text_layer(tmp_path: Path) -> None:
    _, pages, errors = ingest(tmp_path, "graph_ocred.pdf")
    assert not errors and len(pages) == 1
    assert (pages[0].needs_ocr, pages[0].ocr_reason) == (False, GOOD_TEXT)
    assert "Percentage" in pages[0].text


@pytest.mark.parametrize("name", ["truetype_font_nomapping.pdf", "type3_font_nomapping.pdf"])
def test_unmapped_fonts_are_a_garbage_text_layer(tmp_path: Path, name: str) -> None:
    _, pages, _ = ingest(tmp_path, name)
    assert [(p.needs_ocr, p.ocr_reason) for p in pages] == [(True, GARBAGE)]


def test_multipage_is_decided_page_by_page(tmp_path: Path) -> None:
    _, pages, _ = ingest(tmp_path, "multipage.pdf")
    assert [p.needs_ocr for p in pages] == [True, True, True, False, True, True]
    assert {p.ocr_reason for p in pages} == {NO_TEXT, GOOD_TEXT}
    assert pages[3].source == "pdf-text" and "Percentage" in pages[3].text


def test_blank_pdf_is_one_empty_page(tmp_path: Path) -> None:
    docs, pages, errors = ingest(tmp_path, "blank.pdf")
    assert docs[0].status == "ok" and [p.text for p in pages] == [""]
    assert not pages[0].needs_ocr and pages[0].ocr_reason == BLANK
    assert [e.kind for e in errors] == ["empty"]  # a warning, not a failure
    out, ocr_errors, stats = ocr(tmp_path, docs, pages)
    assert out == pages and not ocr_errors and stats.tesseract_calls == 0


def test_one_broken_page_does_not_lose_the_others(monkeypatch: pytest.MonkeyPatch) -> None:
    import sourcebook.ingest.pdf as pdf_module

    real = pdf_module.page_text_stats
    calls = iter(range(100))

    def flaky(page):
        if next(calls) == 1:
            raise RuntimeError("broken content stream")
        return real(page)

    monkeypatch.setattr(pdf_module, "page_text_stats", flaky)
    pages, _ = pdf_pages((SCANS / "multipage.pdf").read_bytes(), "m")
    assert len(pages) == 6 and pages[1].ocr_reason == "unreadable text layer"
    assert pages[1].needs_ocr and pages[3].ocr_reason == GOOD_TEXT


def test_invalid_pdf_is_an_error_record(tmp_path: Path) -> None:
    docs, pages, errors = ingest(tmp_path, "invalid.pdf")
    assert docs[0].status == "error" and not pages
    assert errors[0].kind == "invalid-pdf" and "not a readable PDF" in errors[0].message


def test_born_digital_pdf_text_in_order_with_metadata(tmp_path: Path) -> None:
    text = "First paragraph about Kyiv.\nSecond line: 700 personnel.\n" * 40
    data = corpus.pdf_bytes(text, title="A title")
    docs, pages, errors = ingest(tmp_path, "born.pdf", data)
    assert not errors and len(pages) == 2 and not any(p.needs_ocr for p in pages)
    assert " ".join(p.text for p in pages).split() == text.split()
    assert '"pdf:Title": "A title"' in docs[0].source_meta


def test_encrypted_pdf_needs_a_password_from_config(tmp_path: Path) -> None:
    data = scans.encrypted_pdf("Secret report from Kyiv", "s3cret")
    docs, pages, errors = ingest(tmp_path, "locked.pdf", data)
    assert docs[0].status == "error" and errors[0].kind == "encrypted-pdf"
    assert errors[0].message.startswith("encrypted PDF, no password")
    assert "pdf.passwords" in errors[0].message
    _, pages, errors = ingest(tmp_path, "locked.pdf", data, pdf_passwords=("wrong", "s3cret"))
    assert not errors and pages[0].text == "Secret report from Kyiv"
    with pytest.raises(EncryptedPdfError, match="none of the 1 passwords"):
        pdf_pages(data, "x", passwords=("wrong",))


def test_step_functions_pass_passwords_and_options_through(tmp_path: Path) -> None:
    from sourcebook.core.schema import ErrorRecord, Page
    from sourcebook.core.settings import IngestSettings, OcrSettings
    from sourcebook.core.tables import read_records
    from sourcebook.ingest import run as ingest
    from sourcebook.ocr import run as ocr

    (tmp_path / "locked.pdf").write_bytes(scans.encrypted_pdf("Kyiv report", "pw"))
    out = {k: str(tmp_path / f"{k}.parquet") for k in ("docs", "pages", "errors", "ocr", "oerr")}
    base = {"input_dir": str(tmp_path), "pdf": {"passwords": ["pw"]}, "limits": {}}
    ingest.run(
        [["locked", "locked.pdf"]], "0", IngestSettings.from_config(base),
        ingest.Outputs(out["docs"], out["pages"], out["errors"]),
    )  # fmt: skip
    settings = OcrSettings.from_config(
        {**base, "ocr": {"mode": "auto", "languages": "eng"},
         "limits": {"max_pixels": 10_000_000}}, cache_dir=str(tmp_path / "cache"),
    )  # fmt: skip
    ocr.run(
        ocr.Inputs(out["docs"], out["pages"]), settings, ocr.Outputs(out["ocr"], out["oerr"]),
        threads=2,
    )  # fmt: skip
    assert [p.text for p in read_records(out["ocr"], Page)] == ["Kyiv report"]
    assert not read_records(out["errors"], ErrorRecord) + read_records(out["oerr"], ErrorRecord)
    if shutil.which("tesseract"):  # ocr.mode=always renders the encrypted page with its password
        always = OcrSettings.from_config({**base, "ocr": {"mode": "always"}})
        ocr.run(ocr.Inputs(out["docs"], out["pages"]), always, ocr.Outputs(out["ocr"], out["oerr"]))
        [page] = read_records(out["ocr"], Page)
        assert page.source == "ocr" and "Kyiv report" in page.text


def test_page_limit_is_respected(tmp_path: Path) -> None:
    data = (SCANS / "multipage.pdf").read_bytes()
    with pytest.raises(LimitExceededError, match="max_pages"):
        pdf_pages(data, "x", limits=Limits(max_pages=5))


@pytest.mark.parametrize(("fmt", "ext"), [("TIFF", "tif"), ("WEBP", "webp"), ("PNG", "png")])
def test_images_are_pages_to_ocr(tmp_path: Path, fmt: str, ext: str) -> None:
    from PIL import Image

    frames = [Image.new("L", (60, 40), v) for v in (255, 200, 100)]
    buf = io.BytesIO()
    frames[0].save(buf, format=fmt, save_all=True, append_images=frames[1:])
    pages = image_pages(buf.getvalue(), "img")
    assert len(pages) == 3  # multi-page TIFF, animated WebP and PNG: one page per frame
    assert all(p.needs_ocr and p.source == "image" and p.text == "" for p in pages)
    with pytest.raises(LimitExceededError):
        image_pages(buf.getvalue(), "img", limits=Limits(max_pixels=1000))


def test_16_bit_image_keeps_its_ink(tmp_path: Path) -> None:
    import numpy as np
    from PIL import Image

    from sourcebook.ingest.pdf import image_frames

    a = np.full((40, 60), 65535, dtype=np.uint16)
    a[10:20, 10:50] = 1000
    buf = io.BytesIO()
    Image.fromarray(a).save(buf, format="PNG")
    [(_, gray)] = list(image_frames(buf.getvalue(), [1]))
    assert gray.mode == "L" and gray.getpixel((20, 15)) < 10 and gray.getpixel((5, 5)) == 255


def test_ingest_file_routes_jpeg(tmp_path: Path) -> None:
    from PIL import Image

    path = tmp_path / "photo.JPG"
    Image.new("RGB", (80, 50), "white").save(path, format="JPEG")
    result = ingest_file(path, "photo", "photo.JPG", "0")
    assert result.document.format == "image" and result.pages[0].needs_ocr


def test_ocr_job_threads_only_for_a_lone_shard_with_pdfs_or_images() -> None:
    from sourcebook.core.manifest import Entry
    from sourcebook.core.smk import ocr_shards_of, ocr_threads_of

    text_only = [Entry("a", "a.txt", "1")]
    shards = {"1": text_only, "2": [Entry("a", "a.md", "2"), Entry("b", "b.TIF", "2")]}
    ocr_shards = ocr_shards_of(shards)
    assert [ocr_threads_of(ocr_shards, s) for s in ("1", "2", "3")] == [1, 2, 1]
    # several shards to OCR: one thread each, so they run beside other shards' jobs
    shards["4"] = [Entry("c", "c.pdf", "4")]
    ocr_shards = ocr_shards_of(shards)
    assert [ocr_threads_of(ocr_shards, s) for s in ("1", "2", "4")] == [1, 1, 1]


# --- engine pieces ----------------------------------------------------------------------------


def test_text_from_data_keeps_lines_and_paragraphs() -> None:
    data = {
        "text": ["", "Hello", "world", "again", "", "New"],
        "page_num": [1] * 6,
        "block_num": [1, 1, 1, 1, 2, 2],
        "par_num": [1, 1, 1, 1, 1, 1],
        "line_num": [1, 1, 1, 2, 1, 1],
    }
    assert text_from_data(data) == "Hello world\nagain\n\nNew\n"
    assert text_from_data({k: [] for k in data}) == ""


def test_cache_key_changes_with_language_not_with_timeout_or_mode() -> None:
    base = OcrOptions()
    key = cache_key("abc", settings_key(base, "5.3.0"))
    others = [replace(base, timeout_s=5), replace(base, mode="never"), replace(base, psm=3)]
    for same in others:
        assert cache_key("abc", settings_key(same, "5.3.0")) == key
    assert cache_key("abc", settings_key(replace(base, languages="eng+deu"), "5.3.0")) != key
    assert cache_key("abd", settings_key(base, "5.3.0")) != key


def test_skew_estimate_finds_the_rotation() -> None:
    img, _ = scans.render_page(scans.seed_lines(ENGLISH * 3), dpi=150)
    assert estimate_skew(img) == 0.0
    for angle in (2.0, -3.0):
        rotated = img.rotate(angle, expand=True, fillcolor=255)
        assert estimate_skew(rotated) == pytest.approx(-angle, abs=0.3)


def test_missing_tesseract_names_the_apt_command(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(TesseractMissingError, match="apt-get install tesseract-ocr"):
        ensure_tesseract("eng")
    docs, pages, _ = ingest(tmp_path, "linn.png")
    with pytest.raises(TesseractMissingError, match="apt-get install tesseract-ocr"):
        ocr(tmp_path, docs, pages)


@needs_tesseract
@engine
def test_missing_language_pack_names_the_package() -> None:
    with pytest.raises(TesseractMissingError, match="apt-get install tesseract-ocr-xyz"):
        ensure_tesseract("eng+xyz")


# --- OCR on real pages --------------------------------------------------------------------


def seed_page(name: str, n_paras: int = 3):
    text = (SEEDS / name).read_text(encoding="utf-8")
    return scans.render_page(scans.seed_lines(text)[:n_paras])


@needs_tesseract
@engine
def test_linn_png_character_error_rate(tmp_path: Path) -> None:
    docs, pages, _ = ingest(tmp_path, "linn.png")
    out, errors, stats = ocr(tmp_path, docs, pages, threads=2)
    assert not errors and stats.tesseract_calls == 1
    reference = (SCANS / "linn.txt").read_text(encoding="utf-8")
    # measured 1.03 % (tesseract 5.3.0, eng, psm 3, 300 dpi)
    assert scans.cer(out[0].text, reference) <= 0.012
    assert out[0].source == "ocr" and out[0].ocr_confidence > 90
    assert not out[0].ocr_low_confidence


@needs_tesseract
@engine
def test_scanned_book_page_reads_as_english(tmp_path: Path) -> None:
    docs, pages, _ = ingest(tmp_path, "c02-22.pdf")
    out, errors, _ = ocr(tmp_path, docs, pages)
    assert not errors and out[0].source == "ocr" and out[0].ocr_reason == NO_TEXT
    words = [w for w in out[0].text.split() if any(c.isalpha() for c in w)]
    assert len(words) > 150
    assert sum(map(is_wordlike, words)) / len(words) > 0.85
    lowered = {w.strip(".,;:!?\"'").lower() for w in words}
    assert {"the", "and", "was"} <= lowered


@needs_tesseract
@engine
@pytest.mark.parametrize(
    ("name", "expected"),
    [("truetype_font_nomapping.pdf", "Phone"), ("type3_font_nomapping.pdf", "ua")],
)
def test_garbage_text_layer_is_replaced_by_ocr(tmp_path: Path, name: str, expected: str) -> None:
    docs, pages, _ = ingest(tmp_path, name)
    out, errors, _ = ocr(tmp_path, docs, pages)
    assert not errors and out[0].ocr_reason == GARBAGE and out[0].source == "ocr"
    assert expected in out[0].text


@needs_tesseract
@engine
def test_multipage_mixes_text_layer_and_ocr(tmp_path: Path) -> None:
    docs, pages, _ = ingest(tmp_path, "multipage.pdf")
    chart_scan, chart_ocred = pages[2], pages[3]  # the same chart, without and with a text layer
    out, errors, stats = ocr(tmp_path, docs, [chart_scan, chart_ocred])
    assert not errors and stats.tesseract_calls >= 1
    assert [p.source for p in out] == ["ocr", "pdf-text"]
    assert out[1] == chart_ocred and "Percentage" in out[0].text


def slow_page_png() -> bytes:
    """Four typewriter pages in one 8000×5728 image: several seconds even on a fast machine
    (the 4000×2864 page alone took about 1 s here, too close to a 1 s limit)."""
    from PIL import Image

    page = Image.open(SCANS / "typewriter.png").convert("L")
    big = Image.new("L", (page.width * 2, page.height * 2), 255)
    for x, y in ((0, 0), (page.width, 0), (0, page.height), (page.width, page.height)):
        big.paste(page, (x, y))
    buf = io.BytesIO()
    big.save(buf, format="PNG")
    return buf.getvalue()


@needs_tesseract
@engine
def test_page_over_the_timeout_is_an_error_record(tmp_path: Path) -> None:
    docs, pages, _ = ingest(tmp_path, "typewriter4.png", slow_page_png())
    out, errors, _ = ocr(tmp_path, docs, pages, OcrOptions(timeout_s=1))
    assert [e.kind for e in errors] == ["ocr-timeout"] and errors[0].page == 1
    assert "ocr.timeout_s" in errors[0].message and out[0].source == "image"


def test_batch_size_spreads_pages_over_threads() -> None:
    assert [batch_size(n, 1) for n in (1, 3, 8, 50)] == [1, 3, 8, 8]
    assert [batch_size(n, 2) for n in (1, 2, 8, 24, 100)] == [1, 1, 2, 6, 8]


@needs_tesseract
@engine
def test_pages_read_in_one_tesseract_run_match_pages_read_alone() -> None:
    imgs = [
        seed_page(s, n_paras=1)[0]
        for s in (
            "000_540fe0fb6f08b3be.txt",
            "002_8794f3ef5473d852.txt",
            "003_ed64e6255240b6c7.txt",
        )
    ]
    together, alone = OcrStats(), OcrStats()
    with single_threaded_tesseract():
        batch = ocr_images(imgs, OcrOptions(), together)
        single = [ocr_image(img, OcrOptions(), alone) for img in imgs]
    assert together.tesseract_calls == 1 and alone.tesseract_calls == 3
    assert batch == single and all(r.words >= 5 for r in single)


@needs_tesseract
@engine
def test_a_batch_that_cannot_be_prepared_fails_its_pages_not_the_job(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sourcebook.ocr.engine as ocr_module

    def broken(image, *args, **kwargs):
        raise RuntimeError("simulated failure while preparing the page")

    monkeypatch.setattr(ocr_module, "estimate_skew", broken)
    for name in ("a.png", "b.png"):
        seed_page("003_ed64e6255240b6c7.txt", n_paras=1)[0].save(tmp_path / name)
    docs, pages, _ = ingest_shard([("a", "a.png"), ("b", "b.png")], tmp_path, "0")
    out, errors, _ = ocr(tmp_path, docs, pages, threads=1)
    assert sorted((e.doc_id, e.kind) for e in errors) == [("a", "ocr-failed"), ("b", "ocr-failed")]
    assert all("simulated failure" in e.message for e in errors)
    assert [p.source for p in out] == ["image", "image"]


@needs_tesseract
@engine
def test_a_slow_page_in_a_run_fails_alone(tmp_path: Path) -> None:
    """The run over both pages exceeds its summed limit; each is then read alone: the small
    page is read, the slow one is the only error."""
    (tmp_path / "slow.png").write_bytes(slow_page_png())
    img, reference = seed_page("003_ed64e6255240b6c7.txt", n_paras=1)
    img.save(tmp_path / "small.png")
    docs, pages, _ = ingest_shard([("slow", "slow.png"), ("small", "small.png")], tmp_path, "0")
    out, errors, stats = ocr(tmp_path, docs, pages, OcrOptions(timeout_s=1), threads=1)
    assert [(e.doc_id, e.kind) for e in errors] == [("slow", "ocr-timeout")]
    small = next(p for p in out if p.doc_id == "small")
    assert small.source == "ocr" and scans.cer(small.text, reference) <= 0.01
    assert stats.tesseract_calls == 3  # the run of two, then each page alone


@needs_tesseract
@engine
def test_skewed_scan_is_straightened(tmp_path: Path) -> None:
    docs, pages, _ = ingest(tmp_path, "skew.pdf")
    out, errors, _ = ocr(tmp_path, docs, pages, threads=2)
    reference = (SCANS / "linn.txt").read_text(encoding="utf-8")
    assert not errors and scans.cer(out[0].text, reference) <= 0.011  # measured 0.96 %


@needs_tesseract
@engine
@pytest.mark.parametrize("seed", ["000_540fe0fb6f08b3be.txt", "003_ed64e6255240b6c7.txt"])
def test_clean_seed_render_cer_at_most_1_percent(seed: str) -> None:
    img, reference = seed_page(seed)
    with single_threaded_tesseract():
        result = ocr_image(img, OcrOptions())
    assert scans.cer(result.text, reference) <= 0.01


@needs_tesseract
@engine
def test_degraded_seed_render_cer_at_most_3_percent() -> None:
    from PIL import Image

    img, reference = seed_page("001_fdd6e3dd3eda939e.txt")
    poor = Image.open(io.BytesIO(scans.degrade(img, angle=2.5, blur=1.2, quality=30))).convert("L")
    with single_threaded_tesseract():
        result = ocr_image(poor, OcrOptions())
    assert abs(result.skew + 2.5) <= 0.3
    assert scans.cer(result.text, reference) <= 0.03


@needs_tesseract
@engine
def test_sideways_page_is_turned_upright(tmp_path: Path) -> None:
    img, reference = seed_page("004_a74d2dcdb3e4d75f.txt", n_paras=2)
    img.rotate(90, expand=True, fillcolor=255).save(tmp_path / "side.png")
    docs, pages, _ = ingest(tmp_path, "side.png")
    out, errors, _ = ocr(tmp_path, docs, pages)
    assert not errors
    assert scans.cer(out[0].text, reference) <= 0.03


@needs_tesseract
@engine
def test_cache_survives_and_parallel_pages_keep_order(tmp_path: Path) -> None:
    seeds = ("002_8794f3ef5473d852.txt", "003_ed64e6255240b6c7.txt")
    imgs = [seed_page(s, n_paras=1) for s in seeds]
    (tmp_path / "two.pdf").write_bytes(scans.image_pdf([i for i, _ in imgs]))
    docs, pages, _ = ingest(tmp_path, "two.pdf")
    cache = tmp_path / "cache"
    out, errors, stats = ocr(tmp_path, docs, pages, threads=2, cache_dir=cache)
    assert not errors and stats.tesseract_calls == 2 and stats.cache_hits == 0
    for page, (_, reference) in zip(out, imgs, strict=True):
        assert scans.cer(page.text, reference) <= 0.01
    again, _, stats2 = ocr(
        tmp_path, docs, pages, OcrOptions(timeout_s=60, low_confidence=99), cache_dir=cache
    )
    assert stats2.tesseract_calls == 0 and stats2.cache_hits == 2
    assert [p.text for p in again] == [p.text for p in out]
    assert all(p.ocr_low_confidence for p in again)  # the threshold is applied, not cached
    never, warn, stats3 = ocr(tmp_path, docs, pages, OcrOptions(mode="never"), cache_dir=cache)
    assert stats3.pages == 0 and all(p.ocr_reason == FORCED_NONE for p in never)
    assert [(w.kind, w.severity) for w in warn] == [("ocr-skipped", "warning")]


# --- the workflow ---------------------------------------------------------------------------


@pytest.mark.workflow
@needs_tesseract
@engine
def test_scanned_seed_reaches_the_dossier(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    inputs = tmp_path / "inputs"
    inputs.mkdir()
    img, _ = seed_page("003_ed64e6255240b6c7.txt", n_paras=4)
    img.save(inputs / "scanned_nato.png")
    run = run_snakemake(tmp_path / "work", inputs)
    pages = pq.read_table(next((tmp_path / "work").glob("results/shards/*/ocr/pages.parquet")))
    assert pages.column("source").to_pylist() == ["ocr"]
    mentions = pq.read_table(run.dossier / "mentions.parquet").to_pylist()
    assert {"NATO", "Stoltenberg"} <= {m["text"].split()[-1] for m in mentions}
    figures = pq.read_table(run.dossier / "figures.parquet").to_pylist()
    assert any(f["value"] == 700 for f in figures)
    assert len(list((tmp_path / "work" / "results" / "cache" / "ocr").glob("*/*.json"))) == 1
    # a rerun of the OCR job because its input changed (here: the file's time) reads the page
    # cache, which is no declared output and so survives: tesseract does not run again
    image = inputs / "scanned_nato.png"
    stat = image.stat()
    os.utime(image, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    run_snakemake(tmp_path / "work", inputs, "--until", "ocr")
    log = next((tmp_path / "work" / "logs" / "ocr").glob("*.log")).read_text()
    assert "1 from cache, 0 tesseract calls" in log
    # a forced rerun really reruns (issue 22): the cache is not read, only rewritten
    run_snakemake(tmp_path / "work", inputs, "--forcerun", "ocr", "--until", "ocr")
    log = next((tmp_path / "work" / "logs" / "ocr").glob("*.log")).read_text()
    assert "0 from cache, 1 tesseract calls" in log, log
    assert "OCR: 1/1 pages in " in log  # the progress of the pages that needed OCR


@pytest.mark.workflow
def test_workflow_without_tesseract_fails_with_the_apt_command(tmp_path: Path) -> None:
    import os

    shadow = tmp_path / "bin"  # every program on PATH but tesseract
    shadow.mkdir()
    for folder in os.environ["PATH"].split(os.pathsep):
        if not os.path.isdir(folder):
            continue
        for entry in os.scandir(folder):
            target = shadow / entry.name
            if not entry.name.startswith("tesseract") and not target.exists():
                target.symlink_to(entry.path)
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    shutil.copy(SCANS / "type3_font_nomapping.pdf", inputs)
    run = run_snakemake(tmp_path / "work", inputs, env={"PATH": str(shadow)}, check=False)
    assert run.returncode != 0
    assert "apt-get install tesseract-ocr" in run.stdout + run.stderr
