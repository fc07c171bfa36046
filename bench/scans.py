"""Scanned-looking pages made from text, for the OCR tests and bench/ocr.py.

- :func:`seed_lines` turns a seed article into plain lines of text (Markdown marks dropped);
- :func:`render_page` draws lines in DejaVu Sans on a white 300-dpi page, the way a clean scan
  looks; :func:`degrade` rotates, blurs, adds noise and JPEG-compresses it like a poor scan;
- :func:`image_pdf` wraps page images in an image-only PDF (no text layer), a "printed to image"
  PDF; :func:`encrypted_pdf` writes a one-page text PDF encrypted with a user password
  (RC4 40-bit, the PDF standard security handler revision 2).
- :func:`cer` is the character error rate after whitespace is collapsed.
"""

from __future__ import annotations

import hashlib
import io
import random
import re
from pathlib import Path

from corpus import pdf_file

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def seed_lines(text: str) -> list[str]:
    """Paragraphs of a seed article as plain text: Markdown emphasis, headings, links dropped."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[*_#`>]+", "", text).replace("\\", "")
    return [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]


def wrap_px(paragraphs: list[str], font, width: int) -> list[str]:
    """Lines no wider than ``width`` pixels; an empty line between paragraphs."""
    lines: list[str] = []
    for para in paragraphs:
        line = ""
        for word in para.split():
            cand = f"{line} {word}" if line else word
            if line and font.getlength(cand) > width:
                lines.append(line)
                line = word
            else:
                line = cand
        lines.append(line)
        lines.append("")
    return lines[:-1]


def render_page(lines: list[str], dpi: int = 300, pt: float = 10.0, width_in: float = 8.5):
    """A clean grayscale page (PIL image) holding ``lines``, as tall as they need."""
    from PIL import Image, ImageDraw, ImageFont

    size = round(pt * dpi / 72)
    font = ImageFont.truetype(str(FONT), size)
    margin = dpi // 2
    width = round(width_in * dpi)
    wrapped = wrap_px(lines, font, width - 2 * margin)
    step = round(size * 1.35)
    img = Image.new("L", (width, 2 * margin + step * len(wrapped)), 255)
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(wrapped):
        draw.text((margin, margin + i * step), line, fill=0, font=font)
    img.info["dpi"] = (dpi, dpi)
    return img, "\n".join(wrapped)


def degrade(img, angle: float = 1.5, blur: float = 1.0, quality: int = 40, seed: int = 0):
    """A poor scan of ``img``: rotated, blurred, noisy, JPEG-compressed; returns JPEG bytes."""
    import numpy as np
    from PIL import Image, ImageFilter

    out = img.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=255)
    out = out.filter(ImageFilter.GaussianBlur(blur))
    rng = np.random.default_rng(seed)
    a = np.asarray(out, dtype=np.float32) * 0.85 + 25 + rng.normal(0, 8, (out.height, out.width))
    out = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L")
    buf = io.BytesIO()
    out.save(buf, format="JPEG", quality=quality, dpi=img.info.get("dpi", (300, 300)))
    return buf.getvalue()


def image_pdf(images, dpi: int = 300) -> bytes:
    """An image-only PDF, one page per PIL image (no text layer at all)."""
    buf = io.BytesIO()
    first, *rest = [im.convert("L") for im in images]
    first.save(buf, format="PDF", resolution=float(dpi), save_all=True, append_images=rest)
    return buf.getvalue()


def cer(hypothesis: str, reference: str) -> float:
    """Character error rate (edit distance / reference length), whitespace collapsed."""
    from rapidfuzz.distance import Levenshtein

    hyp, ref = " ".join(hypothesis.split()), " ".join(reference.split())
    return Levenshtein.distance(hyp, ref) / max(1, len(ref))


# --- an encrypted PDF (standard security handler, R2, RC4 40-bit) -------------------------

_PAD = bytes.fromhex("28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a")


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for b in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(b ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def _padded(pw: str) -> bytes:
    return (pw.encode("latin-1") + _PAD)[:32]


def encrypted_pdf(text: str, user_password: str, owner_password: str = "owner") -> bytes:
    """A one-page Helvetica PDF showing ``text``, openable only with ``user_password``."""
    file_id = hashlib.md5(text.encode()).digest()
    perms = -4  # all permissions
    o_key = hashlib.md5(_padded(owner_password)).digest()[:5]
    o_entry = _rc4(o_key, _padded(user_password))
    key = hashlib.md5(
        _padded(user_password) + o_entry + perms.to_bytes(4, "little", signed=True) + file_id
    ).digest()[:5]
    u_entry = _rc4(key, _PAD)

    def enc(num: int, data: bytes) -> bytes:
        obj_key = hashlib.md5(key + num.to_bytes(3, "little") + b"\0\0").digest()[:10]
        return _rc4(obj_key, data)

    content = enc(4, f"BT /F1 24 Tf 72 700 Td ({text}) Tj ET".encode("latin-1"))
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>"
        % (o_entry.hex().encode(), u_entry.hex().encode(), perms),
    ]
    fid = file_id.hex().encode()
    return pdf_file(objs, b"/Encrypt 6 0 R /ID [<%s> <%s>]" % (fid, fid))


def random_lines(n: int, seed: int = 0) -> list[str]:
    """Filler sentences for bench pages when no seed text is at hand."""
    rng = random.Random(seed)
    words = ["the", "alliance", "said", "on", "Friday", "that", "its", "command", "in", "aid"]
    return [" ".join(rng.choice(words) for _ in range(14)).capitalize() + "." for _ in range(n)]
