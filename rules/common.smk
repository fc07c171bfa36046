# Helpers shared by the stage rules: the document manifest, shard lookups, wildcard constraints.
# The logic lives in the sourcebook package; these are thin bindings to this run's config.
from sourcebook.core.manifest import build_manifest, by_shard, is_hidden
from sourcebook.core.settings import stage_config
from sourcebook.core.smk import (
    check_input_folder,
    environment_problems,
    ocr_shards_of,
    ocr_threads_of,
    mark_forced_jobs,
    shard_entries_of,
    record_input_folder,
    shard_files_key,
)

MANIFEST = build_manifest(config["input_dir"], config["shards"])
# a missing, empty or other folder than results/ was built from fails here, before any job
check_input_folder(config["input_dir"], sum(not is_hidden(e.path) for e in MANIFEST))
SHARDS = by_shard(MANIFEST)
OCR_SHARDS = ocr_shards_of(SHARDS)


onstart:
    # once, before the first job: the spaCy model and (when OCR may be needed) Tesseract
    problems = environment_problems(
        config["spacy"]["model"],
        (
            config["ocr"]["languages"]
            if OCR_SHARDS and config["ocr"]["mode"] != "never"
            else None
        ),
    )
    if problems:
        raise SystemExit("sourcebook: cannot start:\n" + "\n".join(problems))
    record_input_folder(config["input_dir"])
    # a job the user forced (--forcerun, -F, -f) reads nothing from its cache: it really reruns
    mark_forced_jobs(workflow)


wildcard_constraints:
    shard=r"\d+",


def shard_files(wildcards):
    """A digest of the shard's files (path, size, time): changes when one of them does."""
    return shard_files_key(SHARDS, wildcards.shard, config["input_dir"])


def shard_entries(wildcards):
    """[doc_id, relative path] pairs of one shard, passed to ingest as a param."""
    return shard_entries_of(SHARDS, wildcards.shard)


def ocr_threads(wildcards):
    """2 threads for the only shard with PDFs or images, else 1 (see ocr_threads_of)."""
    return ocr_threads_of(OCR_SHARDS, wildcards.shard)


def all_shards(pattern):
    """One path per non-empty shard."""
    return expand(pattern, shard=sorted(SHARDS))


def strict_targets():
    """The strict check joins the default target only when config `strict` is on."""
    return [rules.strict_check.output.ok] if config["strict"] else []
