"""Rebuild the PDF and PNG documents of the metadata gold set from their text sources.

Input: ``sources/<name>.txt``. Each source starts with ``key: value`` header lines, then a line
``---``, then the page text. Output: ``docs/<name>.pdf`` or ``docs/<name>.png`` (header ``kind``).

Page-text markup (one source line = one printed paragraph, wrapped when too long):

``!! text``  masthead (large, bold, centred)      ``# text``   headline (bold)
``## text``  sub-heading (bold)                     ``~ text``   small print
``----``     a horizontal rule                      ``<<page>>`` new page (PDF only)
blank line   vertical gap                           other lines  body text

PDF header keys: ``paper`` (a4|letter) and the Info-dictionary entries ``Title``, ``Author``,
``Subject``, ``Keywords``, ``Creator``, ``Producer``, ``CreationDate``, ``ModDate`` (written as
given, in that order; none given = no Info dictionary). The PDF is written by hand (standard
Helvetica fonts, WinAnsiEncoding, uncompressed streams) so it has a real text layer and carries no
clock time or random file id.

PNG header keys: ``dpi``, ``width_in``, ``height_in`` (0 = fit the text), ``margin_in``, ``font``
(serif|sans|condensed|mono), ``size`` (body size in points), ``angle`` (degrees), ``seed``,
``speckle`` (dark specks per pixel), ``blur`` (Gaussian radius in pixels), ``paper`` (grey level).
Noise comes from a seeded xorshift generator, so a rerun in the same environment (same Pillow and
FreeType build) writes byte-identical files.

Usage: ``python make_binary.py`` rebuilds every binary; ``python make_binary.py --check`` rebuilds
in memory and exits 1 when any file in docs/ differs.
"""

from __future__ import annotations

import argparse
import io
import sys
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"
DOCS = HERE / "docs"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")

INFO_KEYS = (
    "Title",
    "Author",
    "Subject",
    "Keywords",
    "Creator",
    "Producer",
    "CreationDate",
    "ModDate",
)

# Helvetica advance widths (1/1000 em) for characters 32..126, from the standard AFM metrics.
_HELVETICA = (
    "278 278 355 556 556 889 667 191 333 333 389 584 278 333 278 278 556 556 556 556 556 556 556 "
    "556 556 556 278 278 584 584 584 556 1015 667 667 722 722 667 611 778 722 278 500 667 556 833 "
    "722 778 667 778 722 667 611 722 667 944 667 667 611 278 278 278 469 556 333 556 556 500 556 "
    "556 278 556 556 222 222 500 222 833 556 556 556 556 333 500 278 556 500 722 500 500 500 334 "
    "260 334 584"
)
HELVETICA_WIDTHS = {chr(32 + i): int(w) for i, w in enumerate(_HELVETICA.split())}


@dataclass
class Source:
    """One parsed source file: its name, header settings and page-text lines."""

    name: str
    header: dict[str, str]
    lines: list[str]

    @property
    def kind(self) -> str:
        """The output kind, ``pdf`` or ``png``."""
        return self.header["kind"]


def read_source(path: Path) -> Source:
    """Parse a source file into its header mapping and page-text lines."""
    text = path.read_text(encoding="utf-8")
    head, sep, body = text.partition("\n---\n")
    if not sep:
        raise ValueError(f"{path}: no '---' line between header and page text")
    header: dict[str, str] = {}
    for line in head.splitlines():
        if line.strip():
            key, _, value = line.partition(":")
            header[key.strip()] = value.strip()
    if header.get("kind") not in {"pdf", "png"}:
        raise ValueError(f"{path}: header 'kind' must be pdf or png")
    return Source(path.stem, header, body.rstrip("\n").split("\n"))


def style_of(line: str) -> tuple[str, str]:
    """Split a markup line into (style, text): mast, h1, h2, small, rule, page, gap or body."""
    for prefix, style in (("!! ", "mast"), ("## ", "h2"), ("# ", "h1"), ("~ ", "small")):
        if line.startswith(prefix):
            return style, line[len(prefix) :]
    if line.strip() == "----":
        return "rule", ""
    if line.strip() == "<<page>>":
        return "page", ""
    if not line.strip():
        return "gap", ""
    return "body", line


def wrap(text: str, width: float, measure: object) -> list[str]:
    """Greedy word wrap of ``text`` so that ``measure(line) <= width`` where possible."""
    words = text.split(" ")
    lines: list[str] = []
    current = ""
    for word in words:
        trial = word if not current else f"{current} {word}"
        if current and measure(trial) > width:  # type: ignore[operator]
            lines.append(current)
            current = word
        else:
            current = trial
    lines.append(current)
    return lines


# ----------------------------------------------------------------------------------------------
# PDF
# ----------------------------------------------------------------------------------------------

PDF_STYLES = {  # style -> (font resource, size in points, leading factor)
    "mast": ("F2", 20.0, 1.35),
    "h1": ("F2", 16.0, 1.3),
    "h2": ("F2", 12.0, 1.3),
    "small": ("F1", 8.5, 1.3),
    "body": ("F1", 10.5, 1.38),
}
PAPER = {"a4": (595.0, 842.0), "letter": (612.0, 792.0)}


def helvetica_width(text: str, size: float, bold: bool) -> float:
    """Approximate width of ``text`` in points (bold widened by 8 %)."""
    units = sum(HELVETICA_WIDTHS.get(ch, 600) for ch in text)
    return units * size / 1000.0 * (1.08 if bold else 1.0)


def pdf_string(text: str) -> bytes:
    """A PDF literal string for page text, encoded in WinAnsi (cp1252)."""
    out = bytearray(b"(")
    for byte in text.encode("cp1252"):
        if byte in (0x28, 0x29, 0x5C):
            out += b"\\" + bytes([byte])
        elif byte < 32 or byte > 126:
            out += f"\\{byte:03o}".encode("ascii")
        else:
            out.append(byte)
    out += b")"
    return bytes(out)


def info_string(text: str) -> bytes:
    """A PDF text string for the Info dictionary: literal when ASCII, else UTF-16BE hex."""
    if text.isascii():
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return f"({escaped})".encode("ascii")
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def pdf_pages(source: Source) -> tuple[tuple[float, float], list[bytes]]:
    """Lay the source text out on pages; return the page size and one content stream per page."""
    width, height = PAPER[source.header.get("paper", "a4")]
    margin = 64.0
    usable = width - 2 * margin
    pages: list[list[bytes]] = [[]]
    y = height - margin

    def new_page() -> None:
        nonlocal y
        pages.append([])
        y = height - margin

    for raw in source.lines:
        style, text = style_of(raw)
        if style == "page":
            new_page()
            continue
        if style == "gap":
            y -= 7.0
            continue
        if style == "rule":
            y -= 4.0
            pages[-1].append(
                f"0.5 w {margin:.2f} {y:.2f} m {width - margin:.2f} {y:.2f} l S".encode()
            )
            y -= 8.0
            continue
        font, size, leading = PDF_STYLES[style]
        bold = font == "F2"

        def measure(s: str, size: float = size, bold: bool = bold) -> float:
            return helvetica_width(s, size, bold)

        for line in wrap(text, usable, measure):
            if y - size < margin:
                new_page()
            y -= size
            x = margin
            if style == "mast":
                x = max(margin, (width - measure(line)) / 2)
            op = f"BT /{font} {size:g} Tf 1 0 0 1 {x:.2f} {y:.2f} Tm ".encode()
            pages[-1].append(op + pdf_string(line) + b" Tj ET")
            y -= size * (leading - 1.0) + 2.0
    return (width, height), [b"\n".join(ops) + b"\n" for ops in pages]


def build_pdf(source: Source) -> bytes:
    """Write the whole PDF file for one source."""
    (width, height), streams = pdf_pages(source)
    objects: list[bytes] = []
    n_pages = len(streams)
    page_ids = [5 + 2 * i for i in range(n_pages)]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{pid} 0 R" for pid in page_ids)
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>".encode())
    for base in ("Helvetica", "Helvetica-Bold"):
        objects.append(
            f"<< /Type /Font /Subtype /Type1 /BaseFont /{base} "
            f"/Encoding /WinAnsiEncoding >>".encode()
        )
    for i, stream in enumerate(streams):
        content_id = page_ids[i] + 1
        objects.append(
            (
                f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width:g} {height:g}] "
                f"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {content_id} 0 R >>"
            ).encode()
        )
        objects.append(f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"endstream")
    info = [(k, source.header[k]) for k in INFO_KEYS if k in source.header]
    info_id = None
    if info:
        entries = b" ".join(b"/" + k.encode() + b" " + info_string(v) for k, v in info)
        objects.append(b"<< " + entries + b" >>")
        info_id = len(objects)

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    trailer = f"<< /Size {len(objects) + 1} /Root 1 0 R"
    if info_id is not None:
        trailer += f" /Info {info_id} 0 R"
    out += f"trailer\n{trailer} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


# ----------------------------------------------------------------------------------------------
# PNG
# ----------------------------------------------------------------------------------------------

FONT_FILES = {
    "serif": ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf"),
    "sans": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    "condensed": ("DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf"),
    "mono": ("DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf"),
}
PNG_STYLES = {  # style -> (bold, size factor relative to the body size, leading factor)
    "mast": (True, 2.3, 1.25),
    "h1": (True, 1.6, 1.25),
    "h2": (True, 1.2, 1.3),
    "small": (False, 0.8, 1.35),
    "body": (False, 1.0, 1.4),
}


class XorShift:
    """xorshift64* generator: the same stream on every Python version and platform."""

    def __init__(self, seed: int) -> None:
        self.state = (seed * 0x9E3779B97F4A7C15 + 1) & 0xFFFFFFFFFFFFFFFF or 1

    def next(self) -> int:
        """The next 64-bit output."""
        x = self.state
        x ^= x >> 12
        x ^= (x << 25) & 0xFFFFFFFFFFFFFFFF
        x ^= x >> 27
        self.state = x
        return (x * 0x2545F4914F6CDD1D) & 0xFFFFFFFFFFFFFFFF

    def below(self, n: int) -> int:
        """An integer in [0, n)."""
        return self.next() % n


def render_png(source: Source) -> bytes:
    """Render the source text as a slightly rotated, noisy grey-scale scan; return PNG bytes."""
    h = source.header
    dpi = int(h.get("dpi", "200"))
    regular_file, bold_file = FONT_FILES[h.get("font", "serif")]
    body_pt = float(h.get("size", "11"))
    width = round(float(h.get("width_in", "8.27")) * dpi)
    margin = round(float(h.get("margin_in", "0.8")) * dpi)
    paper = int(h.get("paper", "246"))
    usable = width - 2 * margin

    fonts: dict[str, ImageFont.FreeTypeFont] = {}
    for style, (bold, factor, _lead) in PNG_STYLES.items():
        size_px = round(body_pt * factor * dpi / 72)
        fonts[style] = ImageFont.truetype(
            str(FONT_DIR / (bold_file if bold else regular_file)), size_px
        )

    placed: list[tuple[str, str, int]] = []  # (style, text, top y)
    y = margin
    for raw in source.lines:
        style, text = style_of(raw)
        if style == "page":
            raise ValueError(f"{source.name}: <<page>> is not supported in a scan")
        if style == "gap":
            y += round(body_pt * 0.6 * dpi / 72)
            continue
        if style == "rule":
            placed.append(("rule", "", y + round(0.04 * dpi)))
            y += round(0.12 * dpi)
            continue
        font = fonts[style]
        lead = PNG_STYLES[style][2]
        for line in wrap(text, usable, font.getlength):
            placed.append((style, line, y))
            y += round(font.size * lead)
    height_in = float(h.get("height_in", "0"))
    height = round(height_in * dpi) if height_in else y + margin

    img = Image.new("L", (width, height), paper)
    draw = ImageDraw.Draw(img)
    ink = int(h.get("ink", "28"))
    for style, text, top in placed:
        if style == "rule":
            draw.line([(margin, top), (width - margin, top)], fill=ink, width=max(2, dpi // 100))
            continue
        font = fonts[style]
        x = margin
        if style == "mast":
            x = max(margin, round((width - font.getlength(text)) / 2))
        draw.text((x, top), text, font=font, fill=ink)

    rng = XorShift(int(h.get("seed", "1")))
    # dust and toner specks
    n_specks = int(width * height * float(h.get("speckle", "0.0006")))
    for _ in range(n_specks):
        sx, sy = rng.below(width), rng.below(height)
        r = 1 + rng.below(3) // 2
        shade = 40 + rng.below(120)
        draw.ellipse([sx, sy, sx + r, sy + r], fill=shade)
    # a faint fold or scanner streak
    streak_x = margin // 3 + rng.below(max(1, width - margin))
    draw.line([(streak_x, 0), (streak_x + rng.below(9) - 4, height)], fill=paper - 18, width=2)

    angle = float(h.get("angle", "0.8"))
    img = img.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=paper)
    blur = float(h.get("blur", "0.6"))
    if blur:
        img = img.filter(ImageFilter.GaussianBlur(blur))
    buf = io.BytesIO()
    img.save(buf, format="PNG", dpi=(dpi, dpi), optimize=False, compress_level=9)
    return buf.getvalue()


def build(source: Source) -> tuple[str, bytes]:
    """The output file name and bytes for one source."""
    if source.kind == "pdf":
        return f"{source.name}.pdf", build_pdf(source)
    return f"{source.name}.png", render_png(source)


def main(argv: list[str] | None = None) -> int:
    """Rebuild all binaries (or, with --check, compare them with docs/); return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    status = 0
    for path in sorted(SOURCES.glob("*.txt")):
        name, data = build(read_source(path))
        target = DOCS / name
        if args.check:
            if not target.exists() or target.read_bytes() != data:
                print(f"differs: {name}")
                status = 1
        else:
            target.write_bytes(data)
            print(f"wrote {name} ({len(data)} bytes)")
    return status


if __name__ == "__main__":
    sys.exit(main())
