"""config.yaml: validated against the schema with defaults filled, for the workflow and the CLI.

:func:`check_config` is what the Snakefile calls: values given on the command line
(``--config strict=true``, ``'limits={"max_text_mb": 50}'``) arrive as strings and are read as
YAML where the schema wants a boolean, a number or an object; then the config is validated and
its defaults filled by Snakemake's ``validate``. A bad key or value is reported in a few lines
naming the key, not with the whole schema.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[3]
SCHEMA = REPO / "schemas" / "config.schema.yaml"


class ConfigError(ValueError):
    """A config key or value the schema does not allow; the message names it."""


def _coerce(value: Any, schema: dict[str, Any]) -> Any:
    """A command-line string read as YAML where the schema wants another type."""
    types = schema.get("type")
    wanted = {types} if isinstance(types, str) else set(types or ())
    for alt in schema.get("oneOf", []) + schema.get("anyOf", []):
        if isinstance(alt.get("type"), str):
            wanted.add(alt["type"])
    if isinstance(value, str) and wanted and "string" not in wanted:
        try:
            value = yaml.safe_load(value)
        except yaml.YAMLError:
            return value
    if isinstance(value, dict) and schema.get("properties"):
        props = schema["properties"]
        return {k: _coerce(v, props[k]) if k in props else v for k, v in value.items()}
    return value


def _short(error: Any) -> str:
    """One line per schema violation: the key path and what is wrong with it."""
    path = ".".join(str(p) for p in error.absolute_path) or "(top level)"
    return f"config {path}: {error.message}"


def check_config(config: MutableMapping[str, Any], schema: str | Path = SCHEMA) -> None:
    """Coerce command-line strings, validate ``config`` and fill its defaults in place.

    Raises :class:`ConfigError` listing every bad key (at most 5 lines) and how to see the
    allowed keys."""
    import jsonschema
    from snakemake.utils import validate

    spec = yaml.safe_load(Path(schema).read_text(encoding="utf-8"))
    props = spec.get("properties", {})
    for key in list(config):
        if key in props:
            config[key] = _coerce(config[key], props[key])
    errors = sorted(
        jsonschema.Draft202012Validator(spec).iter_errors(dict(config)),
        key=lambda e: list(map(str, e.absolute_path)),
    )
    if errors:
        lines = [_short(e) for e in errors[:5]]
        raise ConfigError(
            "\n".join(lines) + f"\n(every key, with its default, is described in {schema})"
        )
    validate(config, str(schema))


def load_config(path: str | Path | None = None, schema: Path = SCHEMA) -> dict[str, Any]:
    """Read ``path`` (default ./config.yaml, else the repository's), validate, fill defaults."""
    if path is None:
        path = Path("config.yaml") if Path("config.yaml").exists() else REPO / "config.yaml"
    config = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    check_config(config, schema)
    return config


def check_workflow_config(config: MutableMapping[str, Any], schema: str | Path = SCHEMA) -> None:
    """:func:`check_config` for the Snakefile: a bad config ends the run with its message
    (``SystemExit``: Snakemake prints it without a traceback), before any job starts."""
    try:
        check_config(config, schema)
    except ConfigError as exc:
        raise SystemExit(f"sourcebook: {exc}") from None
