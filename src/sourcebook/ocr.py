"""OCR fallback: run Tesseract on the pages ingest marked as needing it, pass the rest through."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import TesseractMissingError
from .schema import Document, ErrorRecord, Page

log = logging.getLogger(__name__)

APT_FIX = "sudo apt-get install tesseract-ocr tesseract-ocr-eng (or run `bash tools/setup.sh`)"


@dataclass(frozen=True)
class OcrOptions:
    """OCR settings, from the ``ocr`` section of config.yaml."""

    mode: str = "auto"  # auto | always | never
    languages: str = "eng"
    psm: int = 3
    dpi: int = 300
    timeout_s: int = 120


def ensure_tesseract(languages: str) -> None:
    """Fail early, with the apt command that fixes it, if tesseract or a language is missing."""
    if shutil.which("tesseract") is None:
        raise TesseractMissingError(f"the tesseract binary is not on PATH: {APT_FIX}")
    import pytesseract

    have = set(pytesseract.get_languages(config=""))
    missing = [lang for lang in languages.split("+") if lang not in have]
    if missing:
        pkgs = " ".join(f"tesseract-ocr-{m}" for m in missing)
        raise TesseractMissingError(
            f"tesseract has no language data for {', '.join(missing)}: sudo apt-get install {pkgs}"
        )


def ocr_image(image, options: OcrOptions) -> tuple[str, float | None]:
    """OCR one PIL image; returns (text, mean word confidence)."""
    import pytesseract

    config = f"--psm {options.psm}"
    data = pytesseract.image_to_data(
        image,
        lang=options.languages,
        config=config,
        timeout=options.timeout_s,
        output_type=pytesseract.Output.DICT,
    )
    confs = [float(c) for c, w in zip(data["conf"], data["text"], strict=True) if w.strip()]
    conf = sum(confs) / len(confs) if confs else None
    text = pytesseract.image_to_string(
        image, lang=options.languages, config=config, timeout=options.timeout_s
    )
    return text, conf


def ocr_shard(
    documents: Sequence[Document],
    pages: Sequence[Page],
    input_dir: str | Path,
    options: OcrOptions,
) -> tuple[list[Page], list[ErrorRecord]]:
    """Pages after OCR: pages that need none pass through unchanged."""
    todo = [p for p in pages if p.needs_ocr]
    if not todo:
        return list(pages), []
    ensure_tesseract(options.languages)
    from PIL import Image

    paths = {d.doc_id: d.path for d in documents}
    out: list[Page] = []
    errors: list[ErrorRecord] = []
    for page in pages:
        if not page.needs_ocr:
            out.append(page)
            continue
        rel = paths[page.doc_id]
        try:
            with Image.open(Path(input_dir) / rel) as img:
                img.seek(page.page - 1)
                text, conf = ocr_image(img.convert("RGB"), options)
        except Exception as exc:
            errors.append(
                ErrorRecord(
                    doc_id=page.doc_id,
                    path=rel,
                    stage="ocr",
                    kind="ocr-failed",
                    message=f"OCR of page {page.page} failed: {exc}",
                    page=page.page,
                )
            )
            out.append(page)
            continue
        out.append(replace(page, text=text, source="ocr", ocr_confidence=conf))
    return out, errors
