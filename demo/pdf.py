"""One-page PDFs for the demo's files (periodical issues, party documents), with no font embedded."""

import io
from collections.abc import Callable

DEMO_FONT = "STSong-Light"  # a CID font every PDF reader has: the demo PDFs embed no font


def demo_pdf(title: str, draw: Callable) -> bytes:
    """A one-page A4 PDF for demo files: `draw(canvas, width, height)` writes on it in DEMO_FONT."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if DEMO_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(DEMO_FONT))
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4, invariant=1)
    page.setTitle(title)
    draw(page, *A4)
    page.showPage()
    page.save()
    return out.getvalue()
