"""The manifest: stable, unique, file-system-safe doc ids and shard assignment."""

from __future__ import annotations

import os
import random
import re

import pytest

from sourcebook.core.manifest import (
    assign_ids,
    build_manifest,
    by_shard,
    detect_format,
    display_path,
    is_hidden,
    scan,
    shard_count,
    shard_of,
    slugify,
    source_path,
)

SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("000_540fe0fb6f08b3be.txt", "000_540fe0fb6f08b3be"),
        ("Zürich report (final).PDF", "Zurich-report-final"),
        ("a b;c$(rm -rf ~)`x`.html", "a-b-c-rm-rf-x"),
        ("../../etc/passwd", "passwd"),
        ("Київ.md", "doc"),
        (".hidden", "hidden"),
    ],
)
def test_slugify_is_safe(name: str, expected: str) -> None:
    slug = slugify(name.rsplit("/", 1)[-1])
    assert slug == expected
    assert SAFE.match(slug)


def test_ids_unique_and_independent_of_order() -> None:
    paths = ["a.txt", "a.md", "sub/a.txt", "b.html", "Київ.md", "Львів.md", "doc.txt"]
    ids = assign_ids(paths)
    assert len(set(ids.values())) == len(paths)
    assert all(SAFE.match(i) for i in ids.values())
    shuffled = paths[:]
    random.Random(1).shuffle(shuffled)
    assert assign_ids(shuffled) == ids
    # the path that sorts first keeps the plain slug
    assert ids["a.md"] == "a"
    assert ids["a.txt"].startswith("a-") and ids["sub/a.txt"].startswith("a-")


def test_shard_is_stable_and_padded() -> None:
    assert shard_of("000_540fe0fb6f08b3be", 32) == shard_of("000_540fe0fb6f08b3be", 32)
    assert all(len(shard_of(f"d{i}", 32)) == 2 for i in range(50))
    assert all(len(shard_of(f"d{i}", 1000)) == 3 for i in range(50))
    assert shard_of("x", 1) == "0"
    counts = {}
    for i in range(3200):
        s = shard_of(f"doc-{i}", 32)
        counts[s] = counts.get(s, 0) + 1
    assert len(counts) == 32 and min(counts.values()) > 50  # spread, not lumped


def test_auto_shard_count_follows_the_corpus_size() -> None:
    # about 512 documents a shard, a power of two, at least 4; an integer is taken as given
    sizes = [0, 5, 1000, 2048, 2049, 10_000, 100_000]
    assert [shard_count("auto", n) for n in sizes] == [4, 4, 4, 4, 8, 32, 256]
    assert shard_count(32, 5) == 32 and shard_count(1, 10_000) == 1


def test_auto_shards_in_the_manifest(tmp_path) -> None:
    for i in range(10):
        (tmp_path / f"d{i}.txt").write_text("x")
    assert {e.shard for e in build_manifest(tmp_path, "auto")} <= {"0", "1", "2", "3"}


def test_scan_lists_hidden_entries_and_folder_links_without_entering_them(tmp_path) -> None:
    (tmp_path / "sub" / "deep").mkdir(parents=True)
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "sub" / "deep" / "b.md").write_text("b")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("x")
    (tmp_path / ".DS_Store").write_text("x")
    os.symlink(tmp_path, tmp_path / "sub" / "loop")
    os.symlink(tmp_path / "missing.txt", tmp_path / "broken.txt")
    # listed so that ingest records why they are skipped: one entry per hidden folder, the
    # folder link (a loop here) not followed
    assert scan(tmp_path) == [
        ".DS_Store",
        ".git",
        "a.txt",
        "broken.txt",
        "sub/deep/b.md",
        "sub/loop",
    ]
    assert [is_hidden(p) for p in scan(tmp_path)] == [True, True, False, False, False, False]


def test_hidden_files_never_take_a_visible_file_s_id() -> None:
    ids = assign_ids(["report.pdf", "._report.pdf", ".report.txt"])
    assert ids["report.pdf"] == "report"


def test_names_that_are_not_utf8_are_shown_escaped_and_found_again(tmp_path) -> None:
    name = os.fsdecode(b"bad\xff\xfename.txt")
    (tmp_path / name).write_text("x")
    assert display_path(name) == "bad\\xff\\xfename.txt"
    assert display_path("plain ü.txt") == "plain ü.txt"
    assert source_path(tmp_path, display_path(name)).read_text() == "x"


def test_build_manifest_groups_by_shard(tmp_path) -> None:
    for i in range(20):
        (tmp_path / f"doc {i}.txt").write_text(str(i))
    entries = build_manifest(tmp_path, 4)
    assert [e.doc_id for e in entries] == sorted(e.doc_id for e in entries)
    groups = by_shard(entries)
    assert sum(len(v) for v in groups.values()) == 20
    assert all(v for v in groups.values())  # no empty shard makes a job
    assert set(groups) <= {"0", "1", "2", "3"}


def test_detect_format() -> None:
    assert detect_format("x/y.HTM") == "html"
    assert detect_format("scan.TIFF") == "image"
    assert detect_format("notes.docx") == "unsupported"
    assert detect_format("README") == "unsupported"
