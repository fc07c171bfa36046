"""OCR fallback: Tesseract on exactly the pages that need it; every other page passes through.

Inputs: ingest's pages (text layer and the auto-mode decision per page) and the source files.
Output: the same pages, OCR'd ones with ``source="ocr"``, their mean word confidence and a
low-confidence flag. Decisions are re-read under ``ocr.mode`` (:func:`apply_mode`).

Speed: each tesseract runs single-threaded (``OMP_THREAD_LIMIT=1``; tesseract's own threads make
it several times slower on a small machine) and pages run in parallel up to the job's threads.
PDF pages are rendered (PDFium is not thread-safe) in the calling thread while the workers OCR.
Tesseract reads an uncompressed TIFF: no PNG is encoded per page, and Leptonica reads TIFF
about 10 % faster than PGM (measured: 0.206 against 0.233 CPU s for a 2550×699 page). Pages go
to tesseract in batches, one run per batch (:func:`ocr_images`, :func:`batch_size`): each run
spends about 60 ms loading its model.

Cache: the result of each page is stored under ``cache_dir`` as ``<key>.json``, the key being
the SHA-256 of the page image's pixels and the settings that change Tesseract's output
(languages, psm, dpi, deskew, orientation, tesseract version). It is not a Snakemake output, so
reruns after a change of cleaning code or of an unrelated setting find it and never run
Tesseract again; a change of language makes new keys.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from sourcebook.core.cache import JsonCache
from sourcebook.core.errors import TesseractMissingError
from sourcebook.core.limits import Limits
from sourcebook.core.manifest import source_path
from sourcebook.core.schema import Document, ErrorRecord, Page, Severity
from sourcebook.core.settings import OcrOptions
from sourcebook.ingest.decision import apply_mode

log = logging.getLogger(__name__)

APT_FIX = "sudo apt-get install tesseract-ocr tesseract-ocr-eng (or run `bash tools/setup.sh`)"
CACHE_VERSION = 1

T = TypeVar("T")


@dataclass(frozen=True)
class OcrResult:
    """What Tesseract read on one page image; cached as JSON."""

    text: str
    confidence: float | None  # mean word confidence 0-100, None when no words
    words: int = 0
    rotation: int = 0  # degrees the page was turned (clockwise) before reading
    skew: float = 0.0  # degrees of skew corrected


@dataclass
class OcrStats:
    """Counters of one OCR run, for logs and the benchmark."""

    pages: int = 0  # pages that needed OCR
    cache_hits: int = 0
    tesseract_calls: int = 0
    errors: int = 0
    done: int = 0  # pages finished so far (from the cache, read or failed): the job's progress
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def count_call(self) -> None:
        with self._lock:
            self.tesseract_calls += 1


# --- environment -------------------------------------------------------------------------


def ensure_tesseract(languages: str) -> str:
    """Fail early, with the apt command that fixes it, if tesseract or a language is missing.

    Returns the tesseract version (part of the cache key).
    """
    if shutil.which("tesseract") is None:
        raise TesseractMissingError(f"the tesseract binary is not on PATH: {APT_FIX}")
    import pytesseract

    try:
        have = set(pytesseract.get_languages(config=""))
        version = str(pytesseract.get_tesseract_version())
    except (pytesseract.TesseractNotFoundError, OSError) as exc:
        raise TesseractMissingError(f"tesseract cannot be run ({exc}): {APT_FIX}") from None
    wanted = [lang for lang in languages.split("+") if lang]
    missing = [lang for lang in wanted if lang not in have]
    if missing:
        pkgs = " ".join(f"tesseract-ocr-{m.lower().replace('_', '-')}" for m in missing)
        raise TesseractMissingError(
            f"tesseract has no language data for {', '.join(missing)} (installed: "
            f"{', '.join(sorted(have)) or 'none'}): sudo apt-get install {pkgs}"
        )
    return version


@contextmanager
def single_threaded_tesseract() -> Iterator[None]:
    """Run every tesseract started inside with OMP_THREAD_LIMIT=1."""
    old = os.environ.get("OMP_THREAD_LIMIT")
    os.environ["OMP_THREAD_LIMIT"] = "1"
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("OMP_THREAD_LIMIT", None)
        else:
            os.environ["OMP_THREAD_LIMIT"] = old


# --- pure helpers ------------------------------------------------------------------------


def image_hash(image) -> str:
    """SHA-256 of a PIL image's mode, size and pixels."""
    h = hashlib.sha256(f"{image.mode}:{image.width}x{image.height}:".encode())
    h.update(image.tobytes())
    return h.hexdigest()


def settings_key(options: OcrOptions, tesseract_version: str) -> dict[str, object]:
    """The settings that change what Tesseract reads (timeout, mode, thresholds do not)."""
    return {
        "cache_version": CACHE_VERSION,
        "tesseract": tesseract_version,
        "languages": options.languages,
        "psm": options.psm,
        "dpi": options.dpi,
        "deskew": options.deskew,
        "orientation": options.orientation,
    }


def cache_key(img_hash: str, settings: dict[str, object]) -> str:
    blob = json.dumps({"image": img_hash, **settings}, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()


def mean_confidence(data: dict) -> tuple[float | None, int]:
    """Mean confidence of the recognised words of an ``image_to_data`` dict, and their number."""
    confs = [
        float(c)
        for c, w in zip(data["conf"], data["text"], strict=True)
        if str(w).strip() and float(c) >= 0
    ]
    return (sum(confs) / len(confs) if confs else None), len(confs)


def text_from_data(data: dict) -> str:
    """Page text from an ``image_to_data`` dict: words of a line joined by spaces, lines by
    newlines, paragraphs and blocks by a blank line (as ``image_to_string`` lays it out)."""
    out: list[str] = []
    prev_par = None
    prev_line = None
    line: list[str] = []
    for i, word in enumerate(data["text"]):
        word = str(word).strip()
        if not word:
            continue
        par = (data["page_num"][i], data["block_num"][i], data["par_num"][i])
        ln = (*par, data["line_num"][i])
        if ln != prev_line and line:
            out.append(" ".join(line))
            out.append("\n\n" if par != prev_par else "\n")
            line = []
        line.append(word)
        prev_par, prev_line = par, ln
    if line:
        out.append(" ".join(line))
    return "".join(out) + ("\n" if out else "")


def estimate_skew(image, max_angle: float = 5.0, step: float = 0.25) -> float:
    """Skew of the text lines in degrees (positive: lines fall to the right), 0 if unsure.

    Projection profiles over a shear of the ink pixels of a reduced image: the angle whose
    row histogram is sharpest (largest sum of squares) is the text-line angle.
    """
    import numpy as np

    factor = max(1, image.width // 800)
    small = image.reduce(factor) if factor > 1 else image
    a = np.asarray(small, dtype=np.uint8)
    ink = a < min(128, int(a.mean()) - 40)
    ys, xs = np.nonzero(ink)
    if len(ys) < 200:
        return 0.0
    if len(ys) > 60_000:
        idx = np.random.default_rng(0).choice(len(ys), 60_000, replace=False)
        ys, xs = ys[idx], xs[idx]
    ys = ys.astype(np.float64)
    xs = xs.astype(np.float64) - xs.mean()
    scores: dict[float, float] = {}

    def score(angle: float) -> float:
        if angle not in scores:
            rows = np.round(ys - xs * np.tan(np.radians(angle))).astype(np.int64)
            hist = np.bincount(rows - rows.min())
            scores[angle] = float(np.dot(hist, hist))
        return scores[angle]

    # coarse to fine: whole degrees, then ``step`` around the best (17 angles instead of 41;
    # the same estimates as the full 41-angle search on 58 rotated renders, measured)
    coarse = [float(a) for a in np.arange(-max_angle, max_angle + 0.5, 1.0)]
    centre = max(coarse, key=lambda a: (score(a), -abs(a)))
    fine = np.arange(centre - 1 + step, centre + 1 - step / 2, step)
    candidates = [round(float(a), 4) for a in fine if abs(a) <= max_angle + 1e-9]
    best = max([centre, *candidates], key=lambda a: (score(a), -abs(a)))
    best_score, zero_score = score(best), score(0.0)
    if best_score < zero_score * 1.02:  # no clear gain: leave the page alone
        return 0.0
    return round(best, 2)


# --- tesseract ---------------------------------------------------------------------------


def _tesseract_data(
    path: str, options: OcrOptions, stats: OcrStats | None, timeout: float | None = None
) -> dict:
    """``image_to_data`` of an image file, or of a list file naming several (one tesseract
    process for them all; its rows carry ``page_num``)."""
    import pytesseract

    if stats is not None:
        stats.count_call()
    return pytesseract.image_to_data(
        path,
        lang=options.languages,
        config=f"--psm {options.psm} --dpi {options.dpi}",
        timeout=options.timeout_s if timeout is None else timeout,
        output_type=pytesseract.Output.DICT,
    )


def split_pages(data: dict, n: int) -> list[dict]:
    """The ``image_to_data`` dict of an ``n``-page run as one dict per page (by ``page_num``)."""
    pages: list[dict] = [{k: [] for k in data} for _ in range(n)]
    for row, number in enumerate(data.get("page_num", [])):
        k = int(number) - 1
        if 0 <= k < n:
            for key, values in data.items():
                pages[k][key].append(values[row])
    return pages


def _osd_rotation(path: str, options: OcrOptions, stats: OcrStats | None) -> int:
    """Clockwise degrees that turn the page upright according to tesseract OSD (0 if unsure)."""
    import pytesseract

    if stats is not None:
        stats.count_call()
    try:
        osd = pytesseract.image_to_osd(
            path,
            config=f"--psm 0 --dpi {options.dpi}",
            timeout=options.timeout_s,
            output_type=pytesseract.Output.DICT,
        )
    except (pytesseract.TesseractError, RuntimeError):  # too few characters, or out of time
        return 0
    if float(osd.get("orientation_conf", 0)) < 1.5:
        return 0
    return int(osd.get("rotate", 0)) % 360


def ocr_image(image, options: OcrOptions, stats: OcrStats | None = None) -> OcrResult:
    """OCR one grayscale PIL page image: deskew, read, and on a low-confidence read try OSD."""
    result = ocr_images([image], options, stats)[0]
    if isinstance(result, Exception):
        raise result
    return result


def ocr_images(
    images: Sequence, options: OcrOptions, stats: OcrStats | None = None
) -> list[OcrResult | Exception]:
    """OCR grayscale PIL page images with one tesseract process: each deskewed, read, and on a
    low-confidence read turned by OSD. A result per page, or the exception that page raised.

    Tesseract spends ≈ 60 ms of every run loading its model; one run over a list of pages pays
    it once (measured: 8 pages 1.94 CPU s in one run, 2.44 s in eight; the same words and
    confidences). If the run over several pages fails or exceeds their summed time limit, each
    page is read alone, so an error names its own page.
    """
    prepared = []
    for image in images:
        skew = estimate_skew(image) if options.deskew else 0.0
        if abs(skew) >= 0.3:
            image = image.rotate(skew, resample=2, expand=True, fillcolor=255)  # 2: BILINEAR
        prepared.append((image, skew))
    with tempfile.TemporaryDirectory(prefix="sourcebook-ocr-") as tmp:
        paths = []
        for k, (image, _) in enumerate(prepared):
            paths.append(os.path.join(tmp, f"page{k}.tif"))  # uncompressed: see the module notes
            image.save(paths[-1])
        datas: list[dict | Exception] = []
        if len(paths) > 1:
            listing = os.path.join(tmp, "pages.txt")
            Path(listing).write_text("".join(p + "\n" for p in paths), encoding="utf-8")
            try:
                run = _tesseract_data(listing, options, stats, options.timeout_s * len(paths))
                datas = list(split_pages(run, len(paths)))
            except Exception as exc:  # read them one by one below
                log.info("OCR of %d pages in one run failed (%s): one at a time", len(paths), exc)
                datas = []
        if not datas:
            datas = [_attempt(_tesseract_data, path, options, stats) for path in paths]
        return [
            data
            if isinstance(data, Exception)
            else _attempt(_read_result, image, skew, path, data, options, stats)
            for (image, skew), path, data in zip(prepared, paths, datas, strict=True)
        ]


def _attempt(fn: Callable[..., T], *args: object) -> T | Exception:
    """``fn(*args)``, or the exception it raised: one page's failure is that page's result."""
    try:
        return fn(*args)
    except Exception as exc:
        return exc


def _read_result(
    image, skew: float, path: str, data: dict, options: OcrOptions, stats: OcrStats | None
) -> OcrResult:
    """The result of one page's ``image_to_data``; a low-confidence read is read again turned
    upright by OSD, and that read kept if it is more confident."""
    conf, words = mean_confidence(data)
    result = OcrResult(text_from_data(data), conf, words, 0, skew)
    if options.orientation and (conf is None or conf < options.low_confidence):
        rotation = _osd_rotation(path, options, stats)
        if rotation:
            image.rotate(-rotation, expand=True).save(path)
            data = _tesseract_data(path, options, stats)
            conf2, words2 = mean_confidence(data)
            if (conf2 or 0) > (conf or 0):
                result = OcrResult(text_from_data(data), conf2, words2, rotation, skew)
    return result


class OcrCache(JsonCache):
    """Per-page OCR results as JSON files in one folder, written atomically."""

    def get(self, key: str) -> OcrResult | None:  # type: ignore[override]
        value = super().get(key)
        try:
            return OcrResult(**value) if isinstance(value, dict) else None
        except TypeError:
            return None

    def put(self, key: str, result: OcrResult) -> None:  # type: ignore[override]
        super().put(key, asdict(result))


# --- the shard -----------------------------------------------------------------------------


def _page_images(
    doc: Document,
    numbers: list[int],
    input_dir: Path,
    options: OcrOptions,
    passwords: Sequence[str],
    limits: Limits,
) -> Iterator[tuple[int, object]]:
    """(page number, grayscale image) of the pages ``numbers`` of ``doc``, rendered in turn."""
    from sourcebook.ingest.pdf import image_frames, pdf_page_images

    data = source_path(input_dir, doc.path).read_bytes()
    if doc.format == "pdf":
        return pdf_page_images(data, numbers, options.dpi, passwords, limits)
    return image_frames(data, numbers, limits)


def _error(page: Page, path: str, kind: str, message: str) -> ErrorRecord:
    """An OCR error record of one page."""
    return ErrorRecord(
        doc_id=page.doc_id,
        path=path,
        stage="ocr",
        kind=kind,
        message=message,
        severity=Severity.ERROR.value,
        page=page.page,
    )


#: most pixels of page images held for OCR at once (queued or being read, beside the one
#: rendering): with ``limits.max_page_pixels`` this bounds the OCR job's memory
IN_FLIGHT_PIXELS = 100_000_000


def _over_budget(
    pages: list[Page], by_number: dict[int, int], first: int, doc: Document, limits: Limits
) -> ErrorRecord:
    """The record of a document whose pages from ``first`` on are left unread by OCR: their
    rendered pixels would pass ``limits.max_ocr_pixels``."""
    left = [n for n in sorted(by_number) if n >= first]
    message = (
        f"{len(left)} page(s) from page {first} on were not read by OCR: the document's "
        f"pages add up to more than limits.max_ocr_pixels ({limits.max_ocr_pixels:,} "
        "pixels rendered for OCR); raise it to read them"
    )
    return _error(pages[by_number[first]], doc.path, "limit-exceeded", message)


def batch_size(pages: int, threads: int, most: int = 8) -> int:
    """Pages per tesseract run: up to ``most``, and with several threads small enough that
    every thread gets about two runs (so the pages still spread over the threads)."""
    if threads <= 1:
        return max(1, min(most, pages))
    return max(1, min(most, pages // (2 * threads)))


def ocr_shard(
    documents: Sequence[Document],
    pages: Sequence[Page],
    input_dir: str | Path,
    options: OcrOptions,
    threads: int = 1,
    cache_dir: str | Path | None = None,
    passwords: Sequence[str] = (),
    limits: Limits | None = None,
    stats: OcrStats | None = None,
    refresh: bool = False,
) -> tuple[list[Page], list[ErrorRecord]]:
    """Pages after OCR, in input order: pages that need none pass through unchanged.
    ``refresh`` (a job the user forced): no page is taken from the cache, every one is read."""
    stats = stats if stats is not None else OcrStats()
    limits = limits or Limits()
    docs = {d.doc_id: d for d in documents}
    decided, warnings = _apply_mode(pages, docs, options.mode)
    todo = [i for i, p in enumerate(decided) if p.needs_ocr]
    if not todo:
        return decided, warnings
    version = ensure_tesseract(options.languages)
    settings = settings_key(options, version)
    cache = OcrCache(cache_dir, read=not refresh)
    by_doc: dict[str, list[int]] = {}
    for i in todo:
        by_doc.setdefault(decided[i].doc_id, []).append(i)
    stats.pages += len(todo)
    threads = max(1, int(threads))
    size = batch_size(len(todo), threads)
    with single_threaded_tesseract(), ThreadPoolExecutor(max_workers=threads) as pool:
        run = _ShardRun(pool, threads, size, decided, docs, options, cache, stats, warnings)
        for doc_id, idxs in by_doc.items():
            doc = docs.get(doc_id)
            if doc is not None:
                run.read_document(doc, idxs, settings, Path(input_dir), passwords, limits)
        run.finish()
    out = _with_results(decided, run.results, options.low_confidence)
    log.info(
        "OCR: %d pages needed it, %d from cache, %d tesseract calls, %d errors",
        stats.pages,
        stats.cache_hits,
        stats.tesseract_calls,
        stats.errors,
    )
    return out, run.errors


def _apply_mode(
    pages: Sequence[Page], docs: dict[str, Document], mode: str
) -> tuple[list[Page], list[ErrorRecord]]:
    """The pages with their OCR decision re-read under ``ocr.mode``, and a warning per
    document whose pages need OCR but are left unread (``ocr.mode: never``)."""
    decided: list[Page] = []
    skipped: dict[str, int] = {}  # pages that need OCR, left unread by ocr.mode=never
    for p in pages:
        d = apply_mode(p.needs_ocr, p.ocr_reason, p.source, mode)
        decided.append(replace(p, needs_ocr=d.needs_ocr, ocr_reason=d.reason))
        if p.needs_ocr and not d.needs_ocr:
            skipped[p.doc_id] = skipped.get(p.doc_id, 0) + 1
    warnings = [
        ErrorRecord(
            doc_id=doc_id,
            path=docs[doc_id].path if doc_id in docs else "",
            stage="ocr",
            kind="ocr-skipped",
            message=f"{n} page(s) without usable text were not OCR'd because ocr.mode is "
            "never; set ocr.mode: auto to read them",
            severity=Severity.WARNING.value,
        )
        for doc_id, n in sorted(skipped.items())
    ]
    return decided, warnings


def _failure(page: Page, path: str, exc: Exception, timeout_s: float) -> ErrorRecord:
    """The error record of a page whose OCR raised ``exc`` (a timeout says how to allow more)."""
    if "timeout" in str(exc).lower():
        message = (
            f"OCR of page {page.page} took over {timeout_s} s (raise ocr.timeout_s to allow more)"
        )
        return _error(page, path, "ocr-timeout", message)
    return _error(page, path, "ocr-failed", f"OCR of page {page.page} failed: {exc}")


class _ShardRun:
    """The OCR of one shard's pages in flight: pages whose result is not cached go in batches
    to the thread pool (at most ``threads + 1`` batches pending); results and errors collected
    by page index."""

    def __init__(
        self,
        pool: ThreadPoolExecutor,
        threads: int,
        size: int,
        decided: list[Page],
        docs: dict[str, Document],
        options: OcrOptions,
        cache: OcrCache,
        stats: OcrStats,
        errors: list[ErrorRecord],
    ) -> None:
        self.pool, self.threads, self.size = pool, threads, size
        self.decided, self.docs, self.options = decided, docs, options
        self.cache, self.stats, self.errors = cache, stats, errors
        self.results: dict[int, OcrResult] = {}
        self.pending: dict[Future, list[tuple[int, str]]] = {}
        self.pending_pixels: dict[Future, int] = {}
        self.batch: list[tuple[int, str, object]] = []  # (page index, cache key, image)

    def read_document(
        self,
        doc: Document,
        idxs: list[int],
        settings: dict[str, object],
        input_dir: Path,
        passwords: Sequence[str],
        limits: Limits,
    ) -> None:
        """Render the pages ``idxs`` of ``doc`` (in this thread) and take each from the cache or
        queue it; a file that cannot be rendered fails every page not yet read or queued. Once
        the document's rendered pixels pass ``limits.max_ocr_pixels``, its remaining pages are
        left unread (one record says which)."""
        by_number = {self.decided[i].page: i for i in idxs}
        pixels = 0
        images = None
        try:
            images = _page_images(
                doc, sorted(by_number), input_dir, self.options, passwords, limits
            )
            for number, image in images:
                pixels += image.width * image.height
                if pixels > limits.max_ocr_pixels:
                    self.errors.append(_over_budget(self.decided, by_number, number, doc, limits))
                    break
                self.take(by_number[number], image, settings)
        except Exception as exc:  # the file cannot be rendered: every remaining page fails
            log.warning("OCR could not render %s: %s", doc.path, exc)
            for i in idxs:
                if i not in self.results and not self.queued(i):
                    page = self.decided[i]
                    message = f"page {page.page} could not be rasterised for OCR: {exc}"
                    self.errors.append(_error(page, doc.path, "ocr-render", message))
        finally:
            if images is not None:
                images.close()

    def take(self, i: int, image, settings: dict[str, object]) -> None:
        """Page ``i``'s result from the cache, or its image into the batch (sent to the pool
        when full, or when the pages in flight hold :data:`IN_FLIGHT_PIXELS`)."""
        key = cache_key(image_hash(image), settings)
        hit = self.cache.get(key)
        if hit is not None:
            self.stats.cache_hits += 1
            self.results[i] = hit
            return
        self.batch.append((i, key, image))
        if len(self.batch) >= self.size or self.in_flight() >= IN_FLIGHT_PIXELS:
            self.submit()

    def in_flight(self) -> int:
        """Pixels of the page images in the batch and in the pending batches."""
        return sum(image.width * image.height for _, _, image in self.batch) + sum(
            self.pending_pixels.values()
        )

    def submit(self) -> None:
        """Send the batch to the pool, first waiting while ``threads + 1`` batches are pending."""
        while self.pending and (
            len(self.pending) >= self.threads + 1 or self.in_flight() > IN_FLIGHT_PIXELS
        ):
            done, _ = wait(self.pending, return_when=FIRST_COMPLETED)
            self.collect(done)
        images = [image for _, _, image in self.batch]
        future = self.pool.submit(ocr_images, images, self.options, self.stats)
        self.pending[future] = [(i, key) for i, key, _ in self.batch]
        self.pending_pixels[future] = sum(image.width * image.height for image in images)
        self.batch.clear()

    def queued(self, i: int) -> bool:
        """Whether page ``i`` is in the batch or in a pending one."""
        return any(i == b[0] for b in self.batch) or any(
            i == m[0] for ms in self.pending.values() for m in ms
        )

    def collect(self, done: set[Future]) -> None:
        """Take the results of finished batches: cache each page's, or record its error."""
        for fut in done:
            members = self.pending.pop(fut)
            self.pending_pixels.pop(fut, None)
            batch_results = _attempt(fut.result)
            if isinstance(batch_results, Exception):  # preparing the batch failed
                batch_results = [batch_results] * len(members)  # each page says why
            for (i, key), result in zip(members, batch_results, strict=True):
                self.stats.done += 1
                if isinstance(result, Exception):
                    self.stats.errors += 1
                    page = self.decided[i]
                    path = self.docs[page.doc_id].path
                    self.errors.append(_failure(page, path, result, self.options.timeout_s))
                    continue
                self.results[i] = result
                self.cache.put(key, result)

    def finish(self) -> None:
        """Submit the last batch and collect every pending one."""
        if self.batch:
            self.submit()
        while self.pending:
            done, _ = wait(self.pending, return_when=FIRST_COMPLETED)
            self.collect(done)


def _with_results(
    decided: list[Page], results: dict[int, OcrResult], low_confidence: float
) -> list[Page]:
    """The pages with their OCR results (``source="ocr"``, confidence, low-confidence flag)."""
    out = list(decided)
    for i, r in results.items():
        low = r.confidence is not None and r.confidence < low_confidence
        out[i] = replace(
            decided[i],
            text=r.text,
            source="ocr",
            ocr_confidence=r.confidence,
            ocr_low_confidence=low,
        )
        if low:
            log.info(
                "%s page %d: low OCR confidence %.0f", out[i].doc_id, out[i].page, r.confidence
            )
    return out
