"""What every column of the report's tables means: a tooltip on each column heading and a
legend above each table of report.html, a closing section of report.md.

The explanations live here, once, keyed by the table's id and the heading's text; a heading
without one is left as it is (a column added to a template only needs its line here).
"""

from __future__ import annotations

import re
from html import escape

#: table id (in report.html) → its title and {column heading: what it means}
HELP: dict[str, tuple[str, dict[str, str]]] = {
    "sources-table": ("Sources", {
        "Document": "the document's id (from its file name) and its path in the input folder",
        "Outlet": "who published it: from the page's metadata, its text or config `sources`",
        "Author": "the byline, as the document gives it",
        "Date": "publication date (ISO), from the metadata or the text",
        "Title": "the document's title",
        "Format": "file format the text was read from (txt, md, html, pdf, image)",
        "Pages": "pages of the document (1 for text and web pages)",
        "OCR pages": "pages whose text was read by OCR (scans, images, PDFs without text)",
        "OCR confidence": "Tesseract's mean word confidence on those pages, 0-100",
        "Status": "ok; partial (some pages or steps failed); error (nothing could be read)",
    }),
    "figures-table": ("Key figures", {
        "Status": "agree: the sources give the same value (within the rounding of their "
        "wording); conflict: they give contradicting values at the same time; update: a later "
        "source revises the value or refines a bound (more than 60, later 140); single: one "
        "source only",
        "Subject": "what the number counts, as the sentences say it",
        "Unit": "unit class of the values (people, troops, countries, usd, percent, …)",
        "Values": "each value given (about 700, at least 150,000) with how many sources give "
        "it, the rule behind the status, and which sources give each value",
        "Sources": "documents that give a value for it; independent ones count copies, "
        "rewrites and one outlet's articles once",
        "What each source says": "each source's value with the sentence it comes from; the "
        "link opens the highlighted passage",
    }),
    "entities-table": ("Entities", {
        "Entity": "one person, organisation or place, however the sources spell it",
        "Type": "PERSON, ORG, GPE (country, city), LOC, NORP (group), EVENT, …",
        "Sources": "documents that mention it",
        "Mentions": "times it is mentioned in all; the links open its first mention in the "
        "sources that mention it most",
        "Variants": "other spellings merged into it",
        "Merge rules": "why the variants were merged (alias data, acronym, surname, …)",
    }),
    "duplicates-table": ("Duplicates and rewrites", {
        "Kind": "copy (near-identical text), rewrite (same sentences reworded) or "
        "shared_paragraph (an identical paragraph)",
        "Document A": "one document of the pair",
        "Document B": "the other document",
        "Score": "copy: Jaccard similarity of the texts; rewrite: share of the shorter "
        "document's sentences aligned; shared paragraph: 1",
        "Evidence": "what the two documents share",
    }),
    "claims-table": ("Corroborated claims", {
        "Status": "corroborated (two or more independent sources), contested (another "
        "source gives a contradicting value of one of its figures: a figure conflict) or single "
        "source",
        "Independent sources": "sources that state it on their own: copies, rewrites and "
        "articles of one outlet count once",
        "Claim": "a representative sentence of the statement",
        "Reported by": "every source that states it; each link opens its sentence",
    }),
    "speakers-table": ("Who said what", {
        "Speaker": "the person or organisation quoted, and its entity id",
        "Quotes": "quotes attributed to them",
        "Sources": "documents that quote them",
        "What they said": "their quotes, each linking to its passage",
    }),
    "quote-clusters-table": ("Quoted across sources", {
        "Status": "same speaker in every source, or an attribution conflict",
        "Quote": "the quotation as it first appeared",
        "First appearance": "the earliest source (by publication date) that carries it",
        "Sources": "documents that carry it, and in how many wordings",
        "Wordings and speakers": "each source's wording and whom it attributes it to; of many "
        "sources, 12 are listed (the first of each wording and of each speaker, then the "
        "earliest others) and the rest counted",
    }),
    "anonymous-table": ("Anonymous sourcing", {
        "Outlet": "the publisher",
        "Quotes": "quotes found in its documents",
        "Anonymous": "quotes from unnamed sources (“officials said”)",
        "Share": "anonymous quotes as a share of all its quotes",
    }),
    "timeline-table": ("Timeline", {
        "Date": "ISO date: day 2024-07-09, week 2024-W28, month 2024-07, year, or an interval",
        "Event": "the sentence that gives the date, or the publication of a source",
        "Source": "where it is said; the link opens the passage",
    }),
    "ocr-table": ("OCR decisions", {
        "Document": "a document OCR read or was considered for",
        "Pages": "its pages",
        "Needing OCR": "pages without a usable text layer",
        "OCR pages": "pages read by OCR",
        "Mean confidence": "Tesseract's mean word confidence, 0-100",
        "Decisions": "why each page was or was not read by OCR",
    }),
    "removed-table": ("Removed boilerplate", {
        "Reason": "why the text was set aside (page furniture, a repeated paragraph of one "
        "outlet, …); its names and figures are left out of the dossier",
        "Text": "the text set aside",
        "Times": "times it was set aside",
        "Documents": "documents it was set aside from",
    }),
    "errors-table": ("Errors", {
        "File": "the input file",
        "Stage": "the step that failed (ingest, ocr, normalise, extract)",
        "Page": "the page, when one page failed",
        "Kind": "the kind of problem",
        "Reason": "what went wrong and, where there is one, the fix",
    }),
}  # fmt: skip

_TABLE = re.compile(r'<table class="data" id="([\w-]+)">(.*?)</table>', re.DOTALL)
_TH = re.compile(r"<th>([^<]+)</th>")


def _annotate(match: re.Match[str]) -> str:
    """One table with a tooltip on each explained heading and a legend above it."""
    table_id, body = match.group(1), match.group(2)
    help_ = HELP.get(table_id, ("", {}))[1]
    shown = [label for label in _TH.findall(body.split("</thead>", 1)[0]) if label in help_]
    if not shown:
        return match.group(0)
    body = _TH.sub(
        lambda m: f'<th title="{escape(help_[m[1]])}">{m[1]}</th>' if m[1] in help_ else m[0],
        body,
        count=body.count("<th>", 0, body.find("</thead>")),
    )
    items = "".join(f"<dt>{label}</dt><dd>{escape(help_[label])}</dd>" for label in shown)
    legend = (
        f'<details class="legend"><summary>What the columns mean</summary><dl>{items}</dl>'
        "</details>"
    )
    return f'{legend}<table class="data" id="{table_id}">{body}</table>'


def annotate_html(html: str) -> str:
    """``html`` with every data table's headings explained (tooltip and legend)."""
    return _TABLE.sub(_annotate, html)


def legend_markdown() -> str:
    """The closing section of report.md: every table's columns and what they mean."""
    lines = ["## What the columns mean", ""]
    for title, columns in HELP.values():
        lines.append(f"**{title}**")
        lines.append("")
        lines.extend(f"- *{label}*: {text}" for label, text in columns.items())
        lines.append("")
    return "\n".join(lines)
