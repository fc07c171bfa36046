"""Input limits, checked before a file is read: exceeding one is a recorded error, not a hang
or an out-of-memory kill."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from sourcebook.core.errors import InputError
from sourcebook.core.manifest import display_path
from sourcebook.core.settings import Limits


class LimitExceededError(InputError):
    kind = "limit-exceeded"


class UnreadableFileError(InputError):
    kind = "unreadable"


TEXT_FORMATS = frozenset({"txt", "md", "html"})


class OutsideInputError(InputError):
    kind = "outside-input"


def check_file(path: Path, fmt: str, limits: Limits, root: Path | None = None) -> int:
    """Check that ``path`` is a readable regular file within the size limits (and, with
    ``root``, inside that folder once links are resolved); returns its size."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise UnreadableFileError(
            "the file does not exist (a broken symbolic link, or deleted during the run); "
            "fix or remove the link, or run again"
        ) from None
    except OSError as exc:
        raise UnreadableFileError(f"the file cannot be read: {exc.strerror}") from None
    if stat.S_ISDIR(st.st_mode):
        raise UnreadableFileError(
            "a link to a folder: not followed (a link loop could hang the run); move or copy "
            "the folder into input_dir to include its files"
        )
    if not stat.S_ISREG(st.st_mode):
        raise UnreadableFileError("not a regular file (a pipe, socket or device); remove it")
    if root is not None:
        check_inside(path, root)
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


def check_inside(path: Path, root: Path) -> None:
    """Refuse a file that is a symbolic link (or lies in a linked folder) leading outside
    ``root``: whoever assembled the folder must not pull other files of the machine into the
    dossier."""
    real, top = os.path.realpath(path), os.path.realpath(root)
    if os.path.commonpath([real, top]) != top:
        raise OutsideInputError(
            f"a symbolic link to {display_path(real)}, outside input_dir: not read, so that a "
            "folder of documents cannot pull other files of this machine into the dossier; "
            "copy the file into input_dir to include it"
        )


def check_image_pixels(width: int, height: int, limits: Limits) -> None:
    if width * height > limits.max_pixels:
        raise LimitExceededError(
            f"the image declares {width}×{height} = {width * height:,} pixels, over the limit of "
            f"{limits.max_pixels:,} (a decompression bomb, or raise limits.max_pixels)"
        )


def open_image(source: object):
    """``PIL.Image.open`` (the header only) without Pillow's own decompression-bomb check, whose
    message states twice the configured limit: :func:`check_image_pixels` compares the declared
    size with ``limits.max_pixels`` before any pixel is decoded."""
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = None
    return Image.open(source)


def check_page_count(n_pages: int, limits: Limits) -> None:
    if n_pages > limits.max_pages:
        raise LimitExceededError(
            f"the document has {n_pages} pages, over the limit of {limits.max_pages} "
            "(raise limits.max_pages in config.yaml to process it)"
        )


def preflight(path: Path, fmt: str, limits: Limits, root: Path | None = None) -> None:
    """All limit checks that can be made before reading a file whole.

    Images: the pixel count declared in the header (read lazily, nothing decoded) and the
    frame count. PDFs: the page count. Files the checks cannot open are left to ingest, which
    reports them with a precise reason.
    """
    check_file(path, fmt, limits, root)
    if fmt == "image":
        try:
            with open_image(path) as img:
                check_image_pixels(img.width, img.height, limits)
                check_page_count(getattr(img, "n_frames", 1), limits)
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
