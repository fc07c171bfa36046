"""The shipped gazetteer and its extension through config."""

from __future__ import annotations

from pathlib import Path

import pytest

from sourcebook.core.gazetteer import GazetteerError, builtin_entries, load_gazetteer, name_key


def test_shipped_gazetteer_has_countries_capitals_and_organisations() -> None:
    entries = builtin_entries()
    ids = {e.id for e in entries}
    assert sum(i.startswith("country:") for i in ids) >= 190
    assert {"city:kyiv", "city:moscow", "org:nato", "org:eu", "org:un"} <= ids
    assert len(ids) == len(entries), "duplicate ids"


def test_transliteration_variants_share_one_id() -> None:
    gaz = load_gazetteer()
    assert {gaz.lookup(n).id for n in ("Kyiv", "Kiev", "kyiv’s", "KYIV")} == {"city:kyiv"}
    assert gaz.lookup("the Kremlin's").id == "org:kremlin"


def test_ambiguous_names_are_matched_only_as_written() -> None:
    forms = {form for form, e in load_gazetteer().surface_forms() if e.id == "country:TR"}
    assert "Turkey" in forms and "turkey" not in forms
    forms = {form for form, e in load_gazetteer().surface_forms() if e.id == "city:kyiv"}
    assert {"Kyiv", "kyiv", "KYIV", "Kiev"} <= forms


def test_user_entries_extend_and_win(tmp_path: Path) -> None:
    extra_file = tmp_path / "more.tsv"
    extra_file.write_text("org:osce-smm\tORG\tSpecial Monitoring Mission|SMM\texact\n")
    gaz = load_gazetteer(
        extra=[{"id": "org:nmu", "label": "ORG", "names": ["NATO Mission Ukraine", "NMU"]}],
        files=[str(extra_file)],
    )
    assert gaz.lookup("NMU").id == "org:nmu"
    assert gaz.lookup("SMM").id == "org:osce-smm"
    assert gaz.lookup("Kyiv").id == "city:kyiv"
    assert load_gazetteer(builtin=False).lookup("Kyiv") is None


@pytest.mark.parametrize(
    ("extra", "match"),
    [
        ([{"id": "x", "label": "CITY", "names": ["X"]}], "label 'CITY'"),
        ([{"id": "", "label": "ORG", "names": ["X"]}], "needs an id"),
        ([{"id": "x", "label": "ORG", "names": ["X"], "case": "loose"}], "case must be"),
    ],
)
def test_bad_user_entries_name_the_problem(extra: list, match: str) -> None:
    with pytest.raises(GazetteerError, match=match):
        load_gazetteer(extra=extra)


def test_missing_gazetteer_file_names_the_fix(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match=r"gazetteer\.files"):
        load_gazetteer(files=[str(tmp_path / "nope.tsv")])


def test_name_key_folds_case_accents_possessives() -> None:
    assert name_key("Kyiv’s") == name_key("KYIV") == "kyiv"
    assert name_key("Brasília") == "brasilia"
