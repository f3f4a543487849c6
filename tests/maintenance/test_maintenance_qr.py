"""QR labels: every format encodes the passport URL and opens that page when scanned."""

import re
import struct
import zlib

import pytest
import segno

from maintenance.qr import BORDER, label_sheet_pdf, qr_code
from tests.maintenance.factories import ApplianceFactory


def _png_pixels(data: bytes) -> list[list[int]]:
    """Decode a greyscale PNG (as segno writes it) to rows of 0 (black) / 255 (white)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour_type = header[:4]
    assert (depth, colour_type) in ((1, 0), (8, 0))
    raw = zlib.decompress(idat)
    stride = (width * depth + 7) // 8
    rows, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        filter_type, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - 1] if i else 0
            up, up_left = previous[i], previous[i - 1] if i else 0
            if filter_type == 1:
                line[i] = (line[i] + left) & 0xFF
            elif filter_type == 2:
                line[i] = (line[i] + up) & 0xFF
            elif filter_type == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif filter_type == 4:
                p = left + up - up_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else up_left
                line[i] = (line[i] + pred) & 0xFF
        previous = line
        if depth == 1:
            rows.append([255 if line[x // 8] >> (7 - x % 8) & 1 else 0 for x in range(width)])
        else:
            rows.append(list(line[:width]))
    return rows


@pytest.fixture
def appliance(catalogue):
    return ApplianceFactory()


def _page_url(appliance) -> str:
    return f"http://testserver{appliance.get_absolute_url()}"


def test_the_png_label_decodes_to_the_page_url(client, appliance):
    zxingcpp = pytest.importorskip("zxingcpp", reason="zxing-cpp is the QR decoder")
    import numpy as np

    png = client.get(f"{appliance.get_absolute_url()}qr.png").content

    image = np.array(_png_pixels(png), dtype=np.uint8)
    results = zxingcpp.read_barcodes(image)
    assert [r.text for r in results] == [_page_url(appliance)]


def test_the_png_label_holds_exactly_the_matrix_of_the_page_url(client, appliance):
    png = client.get(f"{appliance.get_absolute_url()}qr.png").content
    pixels = _png_pixels(png)
    expected = segno.make(_page_url(appliance), error="m").matrix
    scale = len(pixels) // (len(expected) + 2 * BORDER)

    read_back = [
        [pixels[(BORDER + r) * scale][(BORDER + c) * scale] == 0 for c in range(len(expected))]
        for r in range(len(expected))
    ]
    assert read_back == [[bool(v) for v in row] for row in expected]


def test_the_svg_label_is_the_qr_code_of_the_page_url(client, appliance):
    response = client.get(f"{appliance.get_absolute_url()}qr.svg")

    assert response["Content-Type"] == "image/svg+xml"
    svg = response.content.decode()
    expected = qr_code(_page_url(appliance)).svg_inline(scale=4, border=BORDER)
    path = re.search(r' d="([^"]+)"', svg).group(1)
    assert path == re.search(r' d="([^"]+)"', expected).group(1)
    assert _page_url(appliance) in svg  # as the title


def test_the_single_code_pdf_is_a_pdf(client, appliance):
    response = client.get(f"{appliance.get_absolute_url()}qr.pdf")

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_a4_label_sheet_has_24_codes_of_the_page_url_and_a_valid_xref(client, appliance):
    pdf = client.get(f"{appliance.get_absolute_url()}etiketten.pdf").content

    assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF")
    xref_at = int(re.search(rb"startxref\n(\d+)", pdf).group(1))
    assert pdf[xref_at:].startswith(b"xref")
    offsets = [int(m) for m in re.findall(rb"(\d{10}) 00000 n", pdf)]
    for number, offset in enumerate(offsets, start=1):
        assert pdf[offset:].startswith(b"%d 0 obj" % number)
    assert b"/MediaBox [0 0 595.28 841.89]" in pdf
    # The filled area equals 24 times the dark modules of the page URL's code.
    matrix = segno.make(_page_url(appliance), error="m").matrix
    dark = sum(sum(1 for v in row if v) for row in matrix)
    rects = re.findall(rb"[\d.]+ [\d.]+ ([\d.]+) ([\d.]+) re", pdf)
    module = float(rects[0][1])
    modules = sum(round(float(w) / module) * round(float(h) / module) for w, h in rects)
    assert modules == 24 * dark


def test_label_sheet_text_escapes_pdf_special_characters():
    pdf = label_sheet_pdf(url="http://x/apparaat/t/", lines=["a (b) \\ c"])

    assert b"(a \\(b\\) \\\\ c) Tj" in pdf
