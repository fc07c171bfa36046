"""The stage caches' keys: content hashes, and the code a cached result depends on."""

from __future__ import annotations

from sourcebook.cache import JsonCache, code_fingerprint, content_key, module_closure


def test_extract_code_is_what_extract_imports() -> None:
    closure = module_closure(["extract", "nlp", "gazetteer"])
    assert {"extract", "figures", "dates", "align", "schema", "nlp", "gazetteer"} <= closure
    # the merge, the report and the manifest can change without re-running spaCy
    assert not closure & {"dossier", "merge", "report", "manifest", "ocr", "normalise"}


def test_code_fingerprint_is_stable_and_covers_extra_sources() -> None:
    a = code_fingerprint(["extract"], ["def f(): return 1"])
    assert a == code_fingerprint(["extract"], ["def f(): return 1"])
    assert a != code_fingerprint(["extract"], ["def f(): return 2"])
    assert a != code_fingerprint(["extract", "ocr"], ["def f(): return 1"])


def test_json_cache_round_trip(tmp_path) -> None:
    cache = JsonCache(tmp_path)
    key = content_key({"b": 1, "a": [1, 2]})
    assert key == content_key({"a": [1, 2], "b": 1})
    assert cache.get(key) is None
    cache.put(key, {"x": "ü"})
    assert cache.get(key) == {"x": "ü"}
    assert JsonCache(None).get(key) is None
