"""QR labels for appliance passports: SVG, PNG and one-code PDF via segno, and A4 label sheets.

The A4 sheets are a small hand-written PDF 1.4 (a page per 24 labels, Helvetica, filled
rectangles), so no PDF library is needed.
"""

import io

import segno

ERROR_LEVEL = "m"
BORDER = 4  # modules of quiet zone, as ISO/IEC 18004 requires

A4_WIDTH_PT = 595.28
A4_HEIGHT_PT = 841.89
SHEET_COLUMNS = 3
SHEET_ROWS = 8
LABEL_MARGIN_PT = 8.0
QR_SIDE_PT = 88.0
LABELS_PER_SHEET = SHEET_COLUMNS * SHEET_ROWS


def qr_code(url: str) -> segno.QRCode:
    """The QR code of a passport URL; every output format is drawn from this one code."""
    return segno.make(url, error=ERROR_LEVEL, micro=False)


def qr_svg(url: str, *, scale: int = 4) -> bytes:
    out = io.BytesIO()
    qr_code(url).save(out, kind="svg", scale=scale, border=BORDER, xmldecl=True, title=url)
    return out.getvalue()


def qr_png(url: str, *, scale: int = 8) -> bytes:
    out = io.BytesIO()
    qr_code(url).save(out, kind="png", scale=scale, border=BORDER)
    return out.getvalue()


def qr_pdf(url: str, *, scale: int = 4) -> bytes:
    out = io.BytesIO()
    qr_code(url).save(out, kind="pdf", scale=scale, border=BORDER)
    return out.getvalue()


def _pdf_text(text: str) -> str:
    """A PDF literal string in WinAnsi (Latin-1 subset), with the special characters escaped."""
    safe = text.encode("latin-1", errors="replace").decode("latin-1")
    return "(" + safe.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def _qr_rectangles(matrix, *, x0: float, y_top: float, module: float) -> list[str]:
    """Dark modules as filled rectangles; horizontal runs are merged to keep the file small."""
    ops = []
    for row_index, row in enumerate(matrix):
        y = y_top - (row_index + 1) * module
        col = 0
        while col < len(row):
            if row[col]:
                start = col
                while col < len(row) and row[col]:
                    col += 1
                ops.append(
                    f"{x0 + start * module:.3f} {y:.3f} {(col - start) * module:.3f} "
                    f"{module:.3f} re"
                )
            else:
                col += 1
    ops.append("f")
    return ops


def label_sheet_pdf(*, url: str, lines: list[str]) -> bytes:
    """An A4 page of 3 x 8 identical labels: the QR code of `url` and a few lines of text."""
    return labels_pdf(labels=[(url, lines)] * LABELS_PER_SHEET)


def _label_ops(*, url: str, lines: list[str], slot: int) -> list[str]:
    """Drawing operations of one label in position `slot` (0-23, row by row) of a sheet."""
    matrix = qr_code(url).matrix
    module = QR_SIDE_PT / (len(matrix) + 2 * BORDER)
    label_w = A4_WIDTH_PT / SHEET_COLUMNS
    label_h = A4_HEIGHT_PT / SHEET_ROWS
    r, c = divmod(slot, SHEET_COLUMNS)
    left = c * label_w + LABEL_MARGIN_PT
    top = A4_HEIGHT_PT - r * label_h - (label_h - QR_SIDE_PT) / 2
    ops = _qr_rectangles(
        matrix, x0=left + BORDER * module, y_top=top - BORDER * module, module=module
    )
    text_x = left + QR_SIDE_PT + 2
    for i, line in enumerate(lines[:5]):
        font_size = 8 if i == 0 else 6.5
        y = top - 20 - i * 11
        ops.append(f"BT /F1 {font_size} Tf {text_x:.3f} {y:.3f} Td {_pdf_text(line[:28])} Tj ET")
    return ops


def labels_pdf(*, labels: list[tuple[str, list[str]]]) -> bytes:
    """A4 pages of 3 x 8 labels, one label per (url, text lines), filled row by row."""
    pages = [
        labels[start : start + LABELS_PER_SHEET]
        for start in range(0, max(len(labels), 1), LABELS_PER_SHEET)
    ]
    font = len(pages) * 2 + 3  # object number of the one font, after the pages and contents
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(len(pages))), len(pages)),
    ]
    for index, page in enumerate(pages):
        ops = ["0 g"]
        for slot, (url, lines) in enumerate(page):
            ops += _label_ops(url=url, lines=lines, slot=slot)
        content = "\n".join(ops).encode("latin-1")
        objects.append(
            (
                f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {A4_WIDTH_PT} {A4_HEIGHT_PT}] "
                f"/Resources << /Font << /F1 {font} 0 R >> >> /Contents {4 + 2 * index} 0 R >>"
            ).encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    objects.append(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref_at = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, xref_at)
    )
    return out.getvalue()
