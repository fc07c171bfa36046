"""PDFs and images: the text layer per page, the OCR decision, and page images for OCR.

Ingest calls :func:`pdf_pages` and :func:`image_pages`; they return one :class:`Page` per
page with the text layer (PDF) or no text (images) and the OCR decision with its reason.
The OCR stage later calls :func:`page_images` to rasterise exactly the pages that need it.

PDFium is not thread-safe: every function here must run in one thread at a time (the OCR
stage renders in its main thread and only runs Tesseract in parallel).
"""

from __future__ import annotations

import io
import logging
import math
from collections.abc import Iterator, Sequence

from sourcebook.core.errors import EncryptedPdfError, InvalidImageError, InvalidPdfError
from sourcebook.core.limits import Limits, check_image_pixels, check_page_count, open_image
from sourcebook.core.schema import Page
from sourcebook.ingest.decision import IMAGE_FILE, UNREADABLE, TextLayerStats, decide_ocr

log = logging.getLogger(__name__)

PDF_SOURCE = "pdf-text"
IMAGE_SOURCE = "image"

# PDFium's FPDF_ERR_PASSWORD
_ERR_PASSWORD = 4


def open_pdf(data: bytes, passwords: Sequence[str] = ()):
    """Open a PDF from bytes, trying no password, then each configured password in turn."""
    import pypdfium2 as pdfium

    for password in (None, *passwords):
        try:
            return pdfium.PdfDocument(data, password=password)
        except pdfium.PdfiumError as exc:
            if getattr(exc, "err_code", None) != _ERR_PASSWORD:
                reason = str(exc).rstrip(".")
                raise InvalidPdfError(
                    f"not a readable PDF ({reason}): the file is damaged or not a PDF; "
                    "re-download or re-export it"
                ) from None
    if passwords:
        raise EncryptedPdfError(
            f"encrypted PDF, none of the {len(passwords)} passwords in config pdf.passwords "
            "opens it: add the right one, or remove the encryption (qpdf --decrypt "
            "--password=PW in.pdf out.pdf)"
        )
    raise EncryptedPdfError(
        "encrypted PDF, no password: add its password to pdf.passwords in config.yaml, or "
        "remove the encryption (qpdf --decrypt --password=PW in.pdf out.pdf)"
    )


def _image_coverage(page) -> float:
    """Share of the page area covered by image objects (clipped to the page), 0..1."""
    import pypdfium2.raw as raw

    width, height = page.get_size()
    if width <= 0 or height <= 0:
        return 0.0
    area = 0.0
    for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_IMAGE,), max_depth=4):
        left, bottom, right, top = obj.get_bounds()
        w = max(0.0, min(right, width) - max(left, 0.0))
        h = max(0.0, min(top, height) - max(bottom, 0.0))
        area += w * h
    return min(1.0, area / (width * height))


def page_text_stats(page) -> TextLayerStats:
    """The text layer of one PDFium page, in content (reading) order, with its quality signals."""
    import pypdfium2.raw as raw

    textpage = page.get_textpage()
    try:
        n = textpage.count_chars()
        text = textpage.get_text_range() if n else ""
        unmapped = sum(raw.FPDFText_HasUnicodeMapError(textpage, i) == 1 for i in range(n))
    finally:
        textpage.close()
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return TextLayerStats(
        text=text,
        image_coverage=_image_coverage(page),
        unmapped_chars=unmapped,
        n_objects=raw.FPDFPage_CountObjects(page),
    )


def _pdf_meta(pdf) -> dict[str, str]:
    try:
        meta = pdf.get_metadata_dict(skip_empty=True)
    except Exception:  # metadata is a nicety; a broken info dict must not fail the document
        return {}
    return {f"pdf:{k}": str(v) for k, v in sorted(meta.items())}


def pdf_pages(
    data: bytes,
    doc_id: str,
    passwords: Sequence[str] = (),
    limits: Limits | None = None,
) -> tuple[list[Page], dict[str, str]]:
    """One page per PDF page: text layer and OCR decision (auto mode); plus the PDF's metadata."""
    limits = limits or Limits()
    pdf = open_pdf(data, passwords)
    try:
        check_page_count(len(pdf), limits)
        pages: list[Page] = []
        for i in range(len(pdf)):
            try:
                page = pdf[i]
                try:
                    stats = page_text_stats(page)
                finally:
                    page.close()
            except Exception as exc:  # one broken page: OCR may still read it, the rest go on
                log.warning("%s page %d: text layer unreadable (%s)", doc_id, i + 1, exc)
                pages.append(
                    Page(doc_id, i + 1, "", PDF_SOURCE, needs_ocr=True, ocr_reason=UNREADABLE)
                )
                continue
            decision = decide_ocr(stats)
            if decision.detail:
                log.info("%s page %d: %s (%s)", doc_id, i + 1, decision.reason, decision.detail)
            pages.append(
                Page(
                    doc_id=doc_id,
                    page=i + 1,
                    text=stats.text,
                    source=PDF_SOURCE,
                    needs_ocr=decision.needs_ocr,
                    ocr_reason=decision.reason,
                )
            )
        return pages, _pdf_meta(pdf)
    finally:
        pdf.close()


class _ImageBytes(io.BytesIO):
    """An image file's bytes; its repr names no memory address, so that Pillow's messages
    ("cannot identify image file …") are the same in every run."""

    def __repr__(self) -> str:
        return "(the file's bytes)"


def _open_image(data: bytes, limits: Limits):
    try:
        img = open_image(_ImageBytes(data))
        check_image_pixels(img.width, img.height, limits)
    except (OSError, ValueError, SyntaxError) as exc:
        reason = str(exc).replace(" (the file's bytes)", "").rstrip(".")
        raise InvalidImageError(
            f"not a readable image ({reason}): the file is damaged or has the wrong extension"
        ) from None
    return img


def image_pages(data: bytes, doc_id: str, limits: Limits | None = None) -> list[Page]:
    """One page per image frame (multi-page TIFF, animated WebP), each to be OCR'd."""
    limits = limits or Limits()
    with _open_image(data, limits) as img:
        n = getattr(img, "n_frames", 1)
        check_page_count(n, limits)
    return [
        Page(
            doc_id=doc_id,
            page=i + 1,
            text="",
            source=IMAGE_SOURCE,
            needs_ocr=True,
            ocr_reason=IMAGE_FILE,
        )
        for i in range(n)
    ]


def render_scale(width_pt: float, height_pt: float, dpi: int, max_pixels: int) -> float:
    """PDFium scale (pixels per point) for ``dpi``, lowered so the page stays under max_pixels
    (``limits.max_page_pixels``)."""
    scale = dpi / 72.0
    pixels = width_pt * scale * height_pt * scale
    if pixels > max_pixels:
        scale *= (max_pixels / pixels) ** 0.5
    return scale


def pdf_page_images(
    data: bytes,
    page_numbers: Sequence[int],
    dpi: int,
    passwords: Sequence[str] = (),
    limits: Limits | None = None,
) -> Iterator[tuple[int, object]]:
    """(page number, grayscale PIL image) for the given 1-based pages, rendered at ``dpi``."""
    limits = limits or Limits()
    pdf = open_pdf(data, passwords)
    try:
        for number in page_numbers:
            page = pdf[number - 1]
            try:
                w, h = page.get_size()
                scale = render_scale(w, h, dpi, limits.max_page_pixels)
                if scale < dpi / 72.0:
                    log.warning(
                        "page %d rendered at %.0f dpi, not %d: limits.max_page_pixels",
                        number,
                        scale * 72,
                        dpi,
                    )
                bitmap = page.render(scale=scale, grayscale=True, may_draw_forms=False)
                image = bitmap.to_pil()
                bitmap.close()
            finally:
                page.close()
            yield number, image.convert("L")
    finally:
        pdf.close()


#: the Pillow transposition that turns an image upright, by its EXIF orientation tag (as
#: ``ImageOps.exif_transpose``, which would copy the full-size image)
_EXIF_TURNS = {
    2: "FLIP_LEFT_RIGHT",
    3: "ROTATE_180",
    4: "FLIP_TOP_BOTTOM",
    5: "TRANSPOSE",
    6: "ROTATE_270",
    7: "TRANSVERSE",
    8: "ROTATE_90",
}


def page_image(frame, max_pixels: int):
    """One decoded frame as an upright 8-bit grayscale page of at most about ``max_pixels``
    pixels.

    Memory stays near the decoded frame's own size: frames wider than 8 bits a pixel (16-bit
    and 32-bit gray: scaled by their brightest pixel, not clipped to white) and transparent
    ones (laid on white) become gray a strip at a time, without a full-size copy in another
    mode; the gray page is then scaled down (an integer box reduction) and turned upright by
    its EXIF orientation.
    """
    from PIL import Image

    turn = _EXIF_TURNS.get(frame.getexif().get(0x0112, 1))
    if frame.mode.startswith(("I", "F")):
        top = float(frame.getextrema()[1])
        gray = _gray_by_strips(frame, lambda strip: _scaled_to_8_bits(strip, top))
    elif frame.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in frame.info:
        gray = _gray_by_strips(frame, _on_white)
    else:
        gray = frame.convert("L")
    factor = math.ceil(math.sqrt(gray.width * gray.height / max_pixels))
    if factor > 1:
        gray = gray.reduce(factor)
    return gray.transpose(Image.Transpose[turn]) if turn is not None else gray


def _gray_by_strips(frame, to_gray, rows: int = 256):
    """``frame`` as an 8-bit gray image built ``rows`` rows at a time by ``to_gray``."""
    from PIL import Image

    out = Image.new("L", frame.size)
    for y in range(0, frame.height, rows):
        box = (0, y, frame.width, min(frame.height, y + rows))
        out.paste(to_gray(frame.crop(box)), (0, y))
    return out


def _scaled_to_8_bits(strip, top: float):
    """A strip of 16/32-bit or float pixels as 8 bits: scaled by ``top`` (the frame's
    brightest pixel) when it is over 255, negative values as black."""
    import numpy as np
    from PIL import Image

    a = np.asarray(strip, dtype=np.float64)
    if top > 255:
        a = a * (255.0 / top)
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L")


def _on_white(strip):
    """A strip with transparency laid on white, in 8-bit gray."""
    from PIL import Image

    rgba = strip.convert("RGBA")
    return Image.alpha_composite(Image.new("RGBA", rgba.size, "white"), rgba).convert("L")


def image_frames(
    data: bytes, page_numbers: Sequence[int], limits: Limits | None = None
) -> Iterator[tuple[int, object]]:
    """(page number, grayscale PIL image) for the given 1-based frames of an image file, each
    at most ``limits.max_page_pixels`` (:func:`page_image`)."""
    limits = limits or Limits()
    with _open_image(data, limits) as img:
        for number in page_numbers:
            img.seek(number - 1)
            if img.format == "JPEG":  # decode straight at a reduced scale
                side = math.sqrt(limits.max_page_pixels / (img.width * img.height))
                if side < 1:
                    img.draft("L", (int(img.width * side) + 1, int(img.height * side) + 1))
            yield number, page_image(img, limits.max_page_pixels)
