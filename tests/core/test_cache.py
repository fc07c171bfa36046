"""The stage caches' keys: content hashes, and the code a cached result depends on."""

from __future__ import annotations

from sourcebook.core.cache import JsonCache, code_fingerprint, content_key, module_closure


def test_extract_code_is_what_extract_imports() -> None:
    closure = module_closure(["extract.run"])
    assert {
        "extract.run",
        "extract.entities",
        "extract.figures",
        "extract.nlp",
        "core.dates",
        "normalise.align",
        "core.schema",
        "core.gazetteer",
        "core.failures",
    } <= closure
    # the merge, the report and the manifest can change without re-running spaCy
    assert not {m for m in closure if m.split(".")[0] in ("merge", "report", "ocr")}
    assert not closure & {"core.manifest", "normalise.document", "cli"}


def test_code_fingerprint_is_stable_and_covers_extra_sources() -> None:
    a = code_fingerprint(["extract.run"], ["def f(): return 1"])
    assert a == code_fingerprint(["extract.run"], ["def f(): return 1"])
    assert a != code_fingerprint(["extract.run"], ["def f(): return 2"])
    assert a != code_fingerprint(["extract.run", "ocr.engine"], ["def f(): return 1"])


def test_code_fingerprint_follows_a_moved_module(tmp_path, monkeypatch) -> None:
    """A module moved to another subpackage changes the key (a stale cache after a refactor
    would be a silent wrong result), and a name that no longer resolves is not silently
    fingerprinted as nothing."""
    import shutil

    import sourcebook.core.cache as cache

    copy = tmp_path / "sourcebook"
    shutil.copytree(cache.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "PACKAGE", copy)
    before = cache.code_fingerprint(["extract.run"])
    assert before == code_fingerprint(["extract.run"])
    (copy / "extract" / "figures.py").rename(copy / "core" / "figures.py")
    text = (copy / "extract" / "entities.py").read_text(encoding="utf-8")
    moved = text.replace("sourcebook.extract.figures", "sourcebook.core.figures")
    (copy / "extract" / "entities.py").write_text(moved, encoding="utf-8")
    assert "core.figures" in cache.module_closure(["extract.run"])
    assert cache.code_fingerprint(["extract.run"]) != before


def test_json_cache_round_trip(tmp_path) -> None:
    cache = JsonCache(tmp_path)
    key = content_key({"b": 1, "a": [1, 2]})
    assert key == content_key({"a": [1, 2], "b": 1})
    assert cache.get(key) is None
    cache.put(key, {"x": "ü"})
    assert cache.get(key) == {"x": "ü"}
    assert JsonCache(None).get(key) is None
