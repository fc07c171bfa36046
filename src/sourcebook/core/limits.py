"""Input limits, checked before a file is read: exceeding one is a recorded error, not a hang
or an out-of-memory kill."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from sourcebook.core.errors import InputError
from sourcebook.core.settings import Limits


class LimitExceededError(InputError):
    kind = "limit-exceeded"


class UnreadableFileError(InputError):
    kind = "unreadable"


TEXT_FORMATS = frozenset({"txt", "md", "html"})


def check_file(path: Path, fmt: str, limits: Limits) -> int:
    """Check that ``path`` is a readable regular file within the size limits; returns its size."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise UnreadableFileError(
            "the file does not exist (a broken symbolic link?); fix or remove the link"
        ) from None
    except OSError as exc:
        raise UnreadableFileError(f"the file cannot be read: {exc.strerror}") from None
    if not stat.S_ISREG(st.st_mode):
        raise UnreadableFileError("not a regular file (a pipe, socket or device); remove it")
    if not os.access(path, os.R_OK):
        raise UnreadableFileError("permission denied: make the file readable (chmod +r)")
    mb = st.st_size / 1e6
    limit = limits.max_text_mb if fmt in TEXT_FORMATS else limits.max_file_mb
    key = "max_text_mb" if fmt in TEXT_FORMATS else "max_file_mb"
    if mb > limit:
        raise LimitExceededError(
            f"the file is {mb:.1f} MB, over the limit of {limit:g} MB for {fmt} files "
            f"(raise limits.{key} in config.yaml to process it)"
        )
    return st.st_size


def check_image_pixels(width: int, height: int, limits: Limits) -> None:
    if width * height > limits.max_pixels:
        raise LimitExceededError(
            f"the image declares {width}×{height} = {width * height:,} pixels, over the limit of "
            f"{limits.max_pixels:,} (a decompression bomb, or raise limits.max_pixels)"
        )


def check_page_count(n_pages: int, limits: Limits) -> None:
    if n_pages > limits.max_pages:
        raise LimitExceededError(
            f"the document has {n_pages} pages, over the limit of {limits.max_pages} "
            "(raise limits.max_pages in config.yaml to process it)"
        )


def preflight(path: Path, fmt: str, limits: Limits) -> None:
    """All limit checks that can be made before reading a file whole.

    Images: the pixel count declared in the header (read lazily, nothing decoded) and the
    frame count. PDFs: the page count. Files the checks cannot open are left to ingest, which
    reports them with a precise reason.
    """
    check_file(path, fmt, limits)
    if fmt == "image":
        from PIL import Image

        Image.MAX_IMAGE_PIXELS = limits.max_pixels
        try:
            with Image.open(path) as img:
                check_image_pixels(img.width, img.height, limits)
                check_page_count(getattr(img, "n_frames", 1), limits)
        except Image.DecompressionBombError as exc:
            raise LimitExceededError(f"{exc} (raise limits.max_pixels to process it)") from None
        except (OSError, ValueError, SyntaxError):
            return
    elif fmt == "pdf":
        import pypdfium2 as pdfium

        try:
            pdf = pdfium.PdfDocument(str(path))
        except Exception:
            return
        try:
            check_page_count(len(pdf), limits)
        finally:
            pdf.close()
