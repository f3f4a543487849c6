"""Reading our own A4 label PDFs back: draw each page's filled rectangles and decode the QR codes
with zxing-cpp, as a phone camera would read the printed sheet."""

import re

import pytest

PX_PER_PT = 3
RECT_RE = re.compile(rb"^([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) re$", re.MULTILINE)
STREAM_RE = re.compile(rb"stream\n(.*?)\nendstream", re.DOTALL)
MEDIABOX_RE = re.compile(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]")


def pdf_pages_qr_texts(pdf: bytes) -> list[list[str]]:
    """The decoded QR texts of every page, in reading order (top to bottom, left to right)."""
    zxingcpp = pytest.importorskip("zxingcpp", reason="zxing-cpp is the QR decoder")
    import numpy as np

    width_pt, height_pt = (float(v) for v in MEDIABOX_RE.search(pdf).groups())
    pages = []
    for stream in STREAM_RE.findall(pdf):
        image = np.full(
            (int(height_pt * PX_PER_PT) + 1, int(width_pt * PX_PER_PT) + 1), 255, dtype=np.uint8
        )
        for x, y, w, h in RECT_RE.findall(stream):
            x, y, w, h = (float(v) * PX_PER_PT for v in (x, y, w, h))
            top = int(round(height_pt * PX_PER_PT - (y + h)))
            image[top : int(round(top + h)), int(round(x)) : int(round(x + w))] = 0
        results = zxingcpp.read_barcodes(image)
        results.sort(key=lambda r: (round(r.position.top_left.y / 50), r.position.top_left.x))
        pages.append([result.text for result in results])
    return pages


def pdf_texts(pdf: bytes) -> list[str]:
    """The text strings drawn on the pages (the `(...) Tj` operands, unescaped)."""
    return [
        m.decode("latin-1").replace("\\(", "(").replace("\\)", ")").replace("\\\\", "\\")
        for m in re.findall(rb"\((.*?)(?<!\\)\) Tj", pdf)
    ]
