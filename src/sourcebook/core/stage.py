"""What several stage runners share about their inputs."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ShardPages:
    """One shard's documents and pages tables: what the OCR and normalise runners read."""

    documents: str
    pages: str
