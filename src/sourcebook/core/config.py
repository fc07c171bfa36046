"""config.yaml outside Snakemake: loaded and validated against the same schema, defaults filled."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]
SCHEMA = REPO / "schemas" / "config.schema.yaml"


def load_config(path: str | Path | None = None, schema: Path = SCHEMA) -> dict[str, Any]:
    """Read ``path`` (default ./config.yaml, else the repository's), validate, fill defaults."""
    from snakemake.utils import validate

    if path is None:
        path = Path("config.yaml") if Path("config.yaml").exists() else REPO / "config.yaml"
    config = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    validate(config, str(schema))
    return config
