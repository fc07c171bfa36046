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


class EnvironmentProblem(SourcebookError):
    """Something missing on the machine: fatal, since every document would fail alike."""

    kind = "environment"


class ModelNotFoundError(EnvironmentProblem):
    kind = "spacy-model-missing"


class TesseractMissingError(EnvironmentProblem):
    kind = "tesseract-missing"
