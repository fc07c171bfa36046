"""Typed settings: config.yaml → one validated settings object per stage.

The defaults live in one place, ``schemas/config.schema.yaml`` (every key has a ``default``):
Snakemake and :func:`sourcebook.core.config.load_config` fill them in when they validate a
config, and the option dataclasses of the stages take theirs from the schema too
(:func:`schema_default`). Both the workflow's step scripts and the debugging CLI build a stage's
settings with ``<Stage>Settings.from_config(stage_config(config, stage))``, so the two cannot
drift. :func:`stage_config` is also what each rule passes as its ``config`` param: a change to
one of those keys reruns exactly the stages that read it.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[3]
SCHEMA = REPO / "schemas" / "config.schema.yaml"

#: The config sections each stage reads.
STAGE_SECTIONS: dict[str, tuple[str, ...]] = {
    "ingest": ("input_dir", "limits", "pdf"),
    "ocr": ("input_dir", "ocr", "pdf", "limits"),
    "normalise": ("sources", "outlets"),
    "extract": ("spacy", "gazetteer"),
    "merge": ("merge", "gazetteer"),
    "report": ("report",),
}


@functools.cache
def _schema() -> dict[str, Any]:
    return yaml.safe_load(SCHEMA.read_text(encoding="utf-8"))


def schema_default(section: str, key: str) -> Any:
    """The schema's default of ``section.key`` (the one place defaults are written)."""
    return _schema()["properties"][section]["properties"][key]["default"]


def schema_defaults(section: str) -> dict[str, Any]:
    """Every default of a config section, from the schema."""
    props = _schema()["properties"][section]["properties"]
    return {k: v["default"] for k, v in props.items() if "default" in v}


def stage_config(config: Mapping[str, Any], stage: str) -> dict[str, Any]:
    """The part of a validated config that ``stage`` reads (plain values, picklable)."""
    return {k: _plain(config[k]) for k in STAGE_SECTIONS[stage]}


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


@dataclass(frozen=True)
class Limits:
    """The ``limits`` section of config.yaml."""

    max_file_mb: float = schema_default("limits", "max_file_mb")
    max_text_mb: float = schema_default("limits", "max_text_mb")
    max_pages: int = schema_default("limits", "max_pages")
    max_pixels: int = schema_default("limits", "max_pixels")
    max_page_pixels: int = schema_default("limits", "max_page_pixels")
    max_ocr_pixels: int = schema_default("limits", "max_ocr_pixels")


@dataclass(frozen=True)
class OcrOptions:
    """OCR settings, from the ``ocr`` section of config.yaml (described in the config schema)."""

    mode: str = schema_default("ocr", "mode")  # auto | always | never
    languages: str = schema_default("ocr", "languages")
    psm: int = schema_default("ocr", "psm")
    dpi: int = schema_default("ocr", "dpi")
    timeout_s: int = schema_default("ocr", "timeout_s")
    deskew: bool = schema_default(
        "ocr", "deskew"
    )  # straighten small skew (own projection-profile estimate)
    orientation: bool = schema_default(
        "ocr", "orientation"
    )  # tesseract OSD for pages read with low confidence (90°/180°/270°)
    low_confidence: float = schema_default(
        "ocr", "low_confidence"
    )  # pages whose mean word confidence is below are flagged


@dataclass(frozen=True)
class MergeOptions:
    """Thresholds of the merge (config ``merge``; the rest are fixed here)."""

    entity_similarity: float = schema_default("merge", "entity_similarity")
    claim_similarity: float = schema_default("merge", "claim_similarity")
    claim_similarity_shared: float = 0.35

    shingle: int = 3
    n_perm: int = 128
    bands: int = 32
    copy_jaccard: float = schema_default("merge", "copy_jaccard")
    min_sentence_words: int = 4
    sentence_similarity: float = schema_default("merge", "sentence_similarity")
    index_words: int = 5
    max_posting: int = 200
    rewrite_min_sentences: int = schema_default("merge", "rewrite_min_sentences")
    rewrite_fraction: float = schema_default("merge", "rewrite_fraction")
    min_paragraph_words: int = 8
    boilerplate_min_docs: int = schema_default("merge", "boilerplate_min_docs")


@dataclass(frozen=True)
class ReportOptions:
    """Limits that keep the page fast on large corpora; every capped list says how many more."""

    max_rows: int = field(
        default=schema_default("report", "max_rows"),
        metadata={"doc": "most rows shown per table (sources, entities, ...)"},
    )
    max_sources: int = field(
        default=schema_default("report", "max_sources"),
        metadata={"doc": "most per-source views (documents with their text)"},
    )
    max_paragraphs: int = field(
        default=schema_default("report", "max_paragraphs"),
        metadata={"doc": "most paragraphs shown in full in one source view"},
    )
    heatmap_entities: int = 30
    heatmap_sources: int = 40


@dataclass(frozen=True)
class GazetteerSettings:
    """The ``gazetteer`` section: the shipped list on or off, extra entries, extra files."""

    builtin: bool = True
    extra: tuple[Mapping[str, Any], ...] = ()
    files: tuple[str, ...] = ()

    @classmethod
    def from_config(cls, section: Mapping[str, Any]) -> GazetteerSettings:
        return cls(
            builtin=bool(section.get("builtin", schema_default("gazetteer", "builtin"))),
            extra=tuple(dict(e) for e in section.get("extra", ())),
            files=tuple(str(f) for f in section.get("files", ())),
        )

    def load(self):
        """The :class:`~sourcebook.core.gazetteer.Gazetteer` these settings describe."""
        from sourcebook.core.gazetteer import load_gazetteer

        return load_gazetteer(extra=self.extra, files=self.files, builtin=self.builtin)


def _limits(section: Mapping[str, Any]) -> Limits:
    return Limits(**section)


@dataclass(frozen=True)
class IngestSettings:
    input_dir: str
    limits: Limits
    pdf_passwords: tuple[str, ...] = ()

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> IngestSettings:
        return cls(
            input_dir=str(config["input_dir"]),
            limits=_limits(config["limits"]),
            pdf_passwords=tuple(config["pdf"]["passwords"]),
        )


@dataclass(frozen=True)
class OcrSettings:
    input_dir: str
    options: OcrOptions
    limits: Limits
    pdf_passwords: tuple[str, ...] = ()
    cache_dir: str | None = None
    refresh: bool = False  # a forced job: read no cached page, OCR every one again

    @classmethod
    def from_config(
        cls, config: Mapping[str, Any], cache_dir: str | None = None, refresh: bool = False
    ) -> OcrSettings:
        return cls(
            input_dir=str(config["input_dir"]),
            options=OcrOptions(**config["ocr"]),
            limits=_limits(config["limits"]),
            pdf_passwords=tuple(config["pdf"]["passwords"]),
            cache_dir=cache_dir,
            refresh=refresh,
        )


@dataclass(frozen=True)
class NormaliseSettings:
    sources: Mapping[str, str] = field(default_factory=dict)
    outlets: Mapping[str, str] = field(default_factory=dict)  # domain or name → display name

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> NormaliseSettings:
        return cls(
            sources=dict(config.get("sources") or {}),
            outlets=dict(config.get("outlets") or {}),
        )


@dataclass(frozen=True)
class ExtractSettings:
    model: str
    batch_size: int
    gazetteer: GazetteerSettings = GazetteerSettings()
    cache_dir: str | None = None
    refresh: bool = False  # a forced job: read no cached document, extract every one again

    @classmethod
    def from_config(
        cls, config: Mapping[str, Any], cache_dir: str | None = None, refresh: bool = False
    ) -> ExtractSettings:
        return cls(
            model=str(config["spacy"]["model"]),
            batch_size=int(config["spacy"]["batch_size"]),
            gazetteer=GazetteerSettings.from_config(config["gazetteer"]),
            cache_dir=cache_dir,
            refresh=refresh,
        )


@dataclass(frozen=True)
class MergeSettings:
    options: MergeOptions
    gazetteer: GazetteerSettings = GazetteerSettings()
    memo_dir: str | None = None

    @classmethod
    def from_config(cls, config: Mapping[str, Any], memo_dir: str | None = None) -> MergeSettings:
        return cls(
            options=MergeOptions(**config["merge"]),
            gazetteer=GazetteerSettings.from_config(config["gazetteer"]),
            memo_dir=memo_dir,
        )


@dataclass(frozen=True)
class ReportSettings:
    options: ReportOptions

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> ReportSettings:
        return cls(options=ReportOptions(**config["report"]))
