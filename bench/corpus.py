"""A synthetic corpus for benchmarks: N documents derived from seeds/ with realistic variation.

    python bench/corpus.py OUT_DIR --n 1000 [--seed 0] [--seeds seeds]

Each document is one seed article rewritten the way many outlets retell one story: names
respelled (consistently within a document), numbers changed, paragraphs reordered and dropped,
an outlet and a dateline added. Most are saved as .txt or .md; a share as HTML, a share as PDF
(a text layer written by :func:`pdf_bytes`), and a small share "scanned": rendered to a PNG with
the DejaVu font, one page per document, for the OCR stage.

The output depends only on the seed articles, ``n``, ``seed`` and the shares: running it twice
gives byte-identical files (no timestamps in PDFs or PNGs, one RNG per document). Files go into
one folder per outlet, so the manifest's recursive scan is exercised too.
"""

from __future__ import annotations

import argparse
import html
import io
import random
import re
import zlib
from dataclasses import dataclass
from pathlib import Path

OUTLETS = (
    "Harbour Times",
    "The Northern Ledger",
    "Daily Meridian",
    "Coastline Post",
    "Valley Herald",
    "The Evening Courier",
    "Metro Observer",
    "Capital Wire",
    "Riverside Gazette",
    "The Continental",
    "Plains Tribune",
    "Weekly Sentinel",
)

CITIES = ("Brussels", "Washington", "Berlin", "Kyiv", "London", "Warsaw", "Vilnius", "Paris")

#: shares of each output format (the rest is .txt); scanned is deliberately small: OCR is slow
DEFAULT_SHARES = {"md": 0.15, "html": 0.10, "pdf": 0.08, "png": 0.005}

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@dataclass(frozen=True)
class Article:
    title: str
    paragraphs: list[str]


@dataclass(frozen=True)
class GeneratedDoc:
    relpath: str
    seed_name: str
    fmt: str
    words: int


def parse_article(text: str) -> Article:
    """Split a seed into a title (first non-empty line, '#' dropped) and its paragraphs."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]
    title = blocks[0].lstrip("#").strip() if blocks else "Untitled"
    return Article(title=title, paragraphs=blocks[1:])


def load_seeds(seeds_dir: Path) -> list[tuple[str, Article]]:
    out = []
    for p in sorted(seeds_dir.iterdir()):
        if p.is_file() and not p.name.startswith("."):
            out.append((p.name, parse_article(p.read_text(encoding="utf-8"))))
    if not out:
        raise SystemExit(f"no seed articles in {seeds_dir}")
    return out


# --- variation -----------------------------------------------------------------------------

_VOWEL_SWAPS = (("y", "i"), ("i", "y"), ("ie", "y"), ("y", "iy"), ("o", "ou"), ("e", "a"))
_CONS_SWAPS = (("k", "c"), ("c", "k"), ("ph", "f"), ("f", "ph"), ("sch", "sh"), ("v", "w"))


def respell(name: str, rng: random.Random) -> str:
    """One plausible alternative spelling of a proper name (transliteration-style)."""
    candidates: list[str] = []
    low = name.lower()
    for a, b in _VOWEL_SWAPS + _CONS_SWAPS:
        i = low.find(a, 1)
        if i > 0:
            candidates.append(name[:i] + b + name[i + len(a) :])
    for i in range(1, len(name) - 1):
        if name[i] == name[i + 1]:
            candidates.append(name[:i] + name[i + 1 :])  # undouble
    if len(name) > 4 and name[-1] in "aeiouy":
        candidates.append(name + name[-1] if name[-1] == "y" else name[:-1] + "y")
    if not candidates:
        return name
    return rng.choice(candidates)


_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-z]{4,})\b", re.M)
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\w])")


def vary_names(paragraphs: list[str], rng: random.Random, share: float = 0.3) -> list[str]:
    """Respell a share of the capitalised words (mid-sentence), the same way in every paragraph."""
    names = sorted({m.group(1) for p in paragraphs for m in _NAME.finditer(p)})
    mapping = {n: respell(n, rng) for n in names if rng.random() < share}
    if not mapping:
        return paragraphs
    pat = re.compile(r"\b(" + "|".join(map(re.escape, mapping)) + r")\b")
    return [pat.sub(lambda m: mapping[m.group(1)], p) for p in paragraphs]


def vary_number(token: str, rng: random.Random) -> str:
    digits = token.replace(",", "")
    if not digits.isdigit():
        return token
    value = int(digits)
    if 1900 <= value <= 2100:  # a year: rarely changed, by one
        return str(value + rng.choice((-1, 1))) if rng.random() < 0.1 else token
    if value < 10:
        new = max(0, value + rng.choice((-1, 1)))
    else:
        new = max(1, round(value * rng.uniform(0.8, 1.2)))
    return f"{new:,}" if "," in token else str(new)


def vary_numbers(paragraphs: list[str], rng: random.Random, share: float = 0.25) -> list[str]:
    def sub(m: re.Match[str]) -> str:
        return (
            vary_number(m.group(1), rng) + m.group(0)[len(m.group(1)) :]
            if (rng.random() < share)
            else m.group(0)
        )

    return [_NUMBER.sub(sub, p) for p in paragraphs]


def reorder_and_drop(paragraphs: list[str], rng: random.Random) -> list[str]:
    """Keep the lead; drop ~15 % of the rest (at least 3 kept); swap a few neighbours."""
    if len(paragraphs) <= 3:
        return list(paragraphs)
    lead, rest = paragraphs[0], paragraphs[1:]
    kept = [p for p in rest if rng.random() > 0.15] or rest[:2]
    for _ in range(rng.randint(0, max(1, len(kept) // 4))):
        if len(kept) > 1:
            i = rng.randrange(len(kept) - 1)
            kept[i], kept[i + 1] = kept[i + 1], kept[i]
    return [lead, *kept]


def variant(article: Article, rng: random.Random) -> tuple[str, str, str, list[str]]:
    """(title, outlet, dateline, paragraphs) of one retelling of ``article``."""
    paras = reorder_and_drop(article.paragraphs, rng)
    paras = vary_names(paras, rng)
    paras = vary_numbers(paras, rng)
    (title,) = vary_numbers(vary_names([article.title], rng, share=0.2), rng, share=0.2)
    outlet = rng.choice(OUTLETS)
    day = rng.randint(5, 12)
    dateline = f"{rng.choice(CITIES)}, {day} July 2024"
    return title, outlet, dateline, paras


# --- writers -------------------------------------------------------------------------------


def as_text(title: str, outlet: str, dateline: str, paras: list[str], markdown: bool) -> str:
    head = f"# {title}" if markdown else title
    by = f"*{outlet}* — {dateline}" if markdown else f"{outlet} — {dateline}"
    return "\n\n".join([head, by, *paras]) + "\n"


def as_html(title: str, outlet: str, dateline: str, paras: list[str], rng: random.Random) -> str:
    """A news page: navigation, the article, a footer — boilerplate the ingest stage must drop."""
    e = html.escape
    nav = "".join(
        f'<li><a href="/{s.lower()}">{s}</a></li>' for s in ("World", "Politics", "Opinion")
    )
    body = "\n".join(f"<p>{e(p)}</p>" for p in paras)
    related = "".join(
        f'<li><a href="/story/{rng.randrange(10**6)}">More from {e(outlet)}</a></li>'
        for _ in range(3)
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{e(title)} | {e(outlet)}</title></head>\n<body>\n"
        f'<header><div class="brand">{e(outlet)}</div><nav><ul>{nav}</ul></nav></header>\n'
        f'<main><article><h1>{e(title)}</h1>\n<p class="dateline">{e(dateline)}</p>\n'
        f"{body}\n</article></main>\n"
        f"<aside><h2>Related</h2><ul>{related}</ul></aside>\n"
        f"<footer>© 2024 {e(outlet)}. All rights reserved.</footer>\n</body></html>\n"
    )


def wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for para in text.split("\n"):
        line = ""
        for word in para.split():
            if line and len(line) + 1 + len(word) > width:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line)
    return lines


def _pdf_string(s: str) -> bytes:
    raw = s.encode("cp1252", errors="replace")
    out = bytearray(b"(")
    for b in raw:
        if b in (0x28, 0x29, 0x5C):
            out += b"\\" + bytes([b])
        elif 32 <= b < 127:
            out.append(b)
        else:
            out += b"\\%03o" % b
    return bytes(out + b")")


def pdf_bytes(text: str, title: str = "", width: int = 90, lines_per_page: int = 54) -> bytes:
    """A minimal, valid PDF 1.4 with a text layer: Helvetica, WinAnsi, A4 pages, no timestamps."""
    lines = wrap(text, width)
    pages = [lines[i : i + lines_per_page] for i in range(0, len(lines), lines_per_page)] or [[]]
    objs: list[bytes] = []
    # 1 catalog, 2 pages, 3 font, 4 info, then (content, page) pairs
    n_pages = len(pages)
    page_ids = [6 + 2 * i for i in range(n_pages)]
    objs.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = b" ".join(b"%d 0 R" % i for i in page_ids)
    objs.append(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n_pages))
    objs.append(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    objs.append(b"<< /Title %s /Producer (sourcebook bench) >>" % _pdf_string(title))
    for page in pages:
        ops = [b"BT /F1 10 Tf 13 TL 50 800 Td"]
        for line in page:
            ops.append(_pdf_string(line) + b" Tj T*")
        ops.append(b"ET")
        stream = zlib.compress(b"\n".join(ops), 9)
        objs.append(
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(stream), stream)
        )
        objs.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (len(objs))
        )
    return pdf_file(objs, b"/Info 4 0 R", header=b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")


def pdf_file(objs: list[bytes], trailer: bytes, header: bytes = b"%PDF-1.4\n") -> bytes:
    """A PDF file from its object bodies (object 1 is the catalogue): objects, cross-reference
    table, and a trailer with ``trailer`` added to its dictionary."""
    out = bytearray(header)
    offsets = []
    for i, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objs) + 1,
        trailer,
        xref,
    )
    return bytes(out)


def png_bytes(text: str, rng: random.Random, max_lines: int = 60) -> bytes:
    """One scanned page: the text rendered in DejaVu Sans at ~150 dpi, slightly skewed, grey."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(FONT), 22)
    lines = wrap(text, 95)[:max_lines]
    img = Image.new("L", (1240, 1754), 250)
    draw = ImageDraw.Draw(img)
    y = 80
    for line in lines:
        draw.text((80, y), line, fill=rng.randint(20, 50), font=font)
        y += 27
    img = img.rotate(rng.uniform(-0.6, 0.6), resample=Image.BICUBIC, fillcolor=250)
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=False)
    return buf.getvalue()


# --- the corpus ----------------------------------------------------------------------------


def pick_format(rng: random.Random, shares: dict[str, float]) -> str:
    r = rng.random()
    acc = 0.0
    for fmt, share in sorted(shares.items()):
        acc += share
        if r < acc:
            return fmt
    return "txt"


def slug(text: str, n: int = 40) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:n].rstrip("-")


def render_document(
    i: int,
    seeds: list[tuple[str, Article]],
    seed: int,
    shares: dict[str, float],
) -> tuple[str, bytes, GeneratedDoc]:
    """Document ``i`` of the corpus: (relative path, bytes, description)."""
    rng = random.Random(f"sourcebook-bench:{seed}:{i}")
    seed_name, article = seeds[rng.randrange(len(seeds))]
    title, outlet, dateline, paras = variant(article, rng)
    fmt = pick_format(rng, shares)
    stem = f"{slug(outlet)}/{i:06d}-{slug(title)}"
    text = as_text(title, outlet, dateline, paras, markdown=(fmt == "md"))
    words = len(text.split())
    if fmt in ("txt", "md"):
        data = text.encode("utf-8")
    elif fmt == "html":
        data = as_html(title, outlet, dateline, paras, rng).encode("utf-8")
    elif fmt == "pdf":
        data = pdf_bytes(text, title)
    else:
        data = png_bytes(text, rng)
        words = len(" ".join(wrap(text, 95)[:60]).split())
    return f"{stem}.{fmt}", data, GeneratedDoc(f"{stem}.{fmt}", seed_name, fmt, words)


def generate(
    out_dir: Path,
    n: int,
    seeds_dir: Path,
    seed: int = 0,
    shares: dict[str, float] | None = None,
) -> list[GeneratedDoc]:
    """Write ``n`` documents under ``out_dir``; files already identical are not rewritten."""
    seeds = load_seeds(seeds_dir)
    shares = DEFAULT_SHARES if shares is None else shares
    docs = []
    for i in range(n):
        rel, data, info = render_document(i, seeds, seed, shares)
        path = out_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if not (path.exists() and path.read_bytes() == data):
            path.write_bytes(data)
        docs.append(info)
    return docs


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--seeds", type=Path, default=Path(__file__).resolve().parents[1] / "seeds")
    args = ap.parse_args(argv)
    docs = generate(args.out_dir, args.n, args.seeds, args.seed)
    by_fmt: dict[str, int] = {}
    for d in docs:
        by_fmt[d.fmt] = by_fmt.get(d.fmt, 0) + 1
    words = sum(d.words for d in docs)
    print(f"{len(docs)} documents, {words} words in {args.out_dir}: {by_fmt}")


if __name__ == "__main__":
    main()
