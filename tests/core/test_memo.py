"""The merge's memo: per-text results kept from one run to the next."""

import pickle

from sourcebook.core.memo import Memo, memo_key
from sourcebook.merge.docsim import MergeOptions, find_copies, sentences_of

ROWS = [
    ("a", 0, "NATO will set up a command in Wiesbaden. About 700 personnel will staff it."),
    ("b", 0, "NATO will set up a command in Wiesbaden. About 700 personnel will staff it."),
    ("b", 1, "The summit in Washington runs from July 9 to 11, officials said on Monday."),
]
DOCS = {"a": ROWS[0][2], "b": ROWS[1][2] + "\n" + ROWS[2][2], "c": "A different story here."}


def test_results_from_the_memo_equal_results_computed(tmp_path) -> None:
    path = tmp_path / "sentences.pickle"
    first = Memo.load(path, "code-1")
    computed = sentences_of(ROWS, 4, first)
    assert computed == sentences_of(ROWS, 4)  # a memo changes nothing
    assert first.hits == 0 and len(first.used) == 2  # one entry per distinct paragraph text
    first.save(path)
    again = Memo.load(path, "code-1")
    assert sentences_of(ROWS, 4, again) == computed
    assert again.hits == 2


def test_copies_from_memoised_signatures_are_the_same(tmp_path) -> None:
    path = tmp_path / "signatures.pickle"
    opts = MergeOptions()
    memo = Memo.load(path, "sig")
    assert find_copies(DOCS, opts, memo) == find_copies(DOCS, opts)
    memo.save(path)
    again = Memo.load(path, "sig")
    assert find_copies(DOCS, opts, again) == find_copies(DOCS, opts)
    assert again.hits == 3


def test_a_memo_of_other_code_or_a_damaged_file_is_not_used(tmp_path) -> None:
    path = tmp_path / "m.pickle"
    memo = Memo.load(path, "v1")
    memo.keep(memo_key("text"), ("stale",))
    memo.save(path)
    assert Memo.load(path, "v1").get(memo_key("text")) == ("stale",)
    assert Memo.load(path, "v2").get(memo_key("text")) is None  # other code: recomputed
    path.write_bytes(b"not a pickle")
    assert Memo.load(path, "v1").get(memo_key("text")) is None


def test_saving_keeps_only_what_the_run_used(tmp_path) -> None:
    path = tmp_path / "m.pickle"
    memo = Memo.load(path, "v")
    memo.keep(memo_key("old document"), 1)
    memo.save(path)
    run = Memo.load(path, "v")
    run.keep(memo_key("new document"), 2)  # the old document left the corpus
    run.save(path)
    with open(path, "rb") as fh:
        assert set(pickle.load(fh)["entries"]) == {memo_key("new document")}
