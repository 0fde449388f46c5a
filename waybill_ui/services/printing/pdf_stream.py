"""A PDF written page by page: reportlab draws each page, this writes it to the file at once and
forgets it, so 10,000 labels take the memory of one (docs/printing.md "Streamed label PDFs").

reportlab's own `Canvas.save()` cannot do that: its document keeps every finished page (and its
content stream) until `save()`, then formats the whole file in memory. Here the canvas is only a
drawing surface: its document's `addPage` — what `Canvas.showPage()` hands each finished page
to — is replaced by `_page`, which compresses the page's content stream and writes it and the page
object to the file. What every page shares is written once at the end: the fonts (formatted by
reportlab itself, so they are exactly what its own PDFs carry — nothing is embedded: Helvetica
and the CID font STSong-Light), one resource dictionary, the page tree, the catalog, the info
and the cross-reference table. Only the objects' offsets (8 bytes each) are kept meanwhile.

Pages may use fonts and vector drawing only (what labels use): images, forms, annotations,
transparency or shadings raise, rather than write a PDF that lacks them.
"""

from __future__ import annotations

import io
import zlib
from array import array
from datetime import datetime, timezone
from typing import Any, BinaryIO

from reportlab import Version as REPORTLAB_VERSION
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

CATALOG, PAGES, RESOURCES, INFO = 1, 2, 3, 4  # numbers fixed up front: pages refer to them
FIRST_FREE = 5


def _text_string(text: str) -> bytes:
    """A PDF text string any viewer shows (UTF-16BE with its mark, hex-written)."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


class StreamedPdf:
    """Draw on `.canvas`, call `.canvas.showPage()` after each page, `.close()` at the end."""

    def __init__(self, out: BinaryIO, *, pagesize: tuple[float, float], title: str, initial_font: str):
        self.out = out
        self.title = title
        self.canvas = Canvas(io.BytesIO(), pagesize=pagesize, initialFontName=initial_font)  # type: ignore[arg-type]  # a font name; types-reportlab says float
        self._doc: Any = self.canvas._doc  # type: ignore[attr-defined]  # reportlab's document: fonts only
        self._doc.addPage = self._page  # showPage() hands its page here instead of keeping it
        self._offsets = array("q", [0] * (FIRST_FREE - 1))  # file offset of object n at [n - 1]
        self._page_numbers = array("q")  # object numbers of the pages, in order
        self._position = 0
        self._write(b"%PDF-1.4\n%\x93\x8c\x8b\x9e waybill_ui\n")

    @property
    def pages(self) -> int:
        return len(self._page_numbers)

    def _write(self, data: bytes) -> None:
        self.out.write(data)
        self._position += len(data)

    def _object(self, number: int, body: bytes) -> None:
        if number > len(self._offsets):
            self._offsets.extend([0] * (number - len(self._offsets)))
        self._offsets[number - 1] = self._position
        self._write(b"%d 0 obj\n" % number + body + b"\nendobj\n")

    def _page(self, page: Any) -> None:  # a reportlab PDFPage
        unsupported = page.XObjects or page.Annots or page._colorsUsed or page._shadingUsed
        if unsupported or getattr(page, "ExtGState", None):
            raise ValueError("streamed PDF pages take text and vector drawing only")
        content = zlib.compress(page.stream.encode("utf8"))
        contents = len(self._offsets) + 1
        self._object(
            contents, b"<< /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream" % (len(content), content)
        )
        box = " ".join(fp_str(v) for v in (0, 0, page.pagewidth, page.pageheight)).encode()
        self._object(
            contents + 1,
            b"<< /Type /Page /Parent %d 0 R /MediaBox [%s] /Resources %d 0 R /Contents %d 0 R >>"
            % (PAGES, box, RESOURCES, contents),
        )
        self._page_numbers.append(contents + 1)
        self._doc.inObject = None  # what reportlab's own addPage resets after a page

    def close(self) -> None:
        """Write what the pages share and the file's end; the caller closes `out`."""
        if not self._page_numbers:  # a PDF has at least one page
            self.canvas.showPage()
        fonts = self._write_fonts()
        self._object(RESOURCES, b"<< /Font %d 0 R /ProcSet [/PDF /Text] >>" % fonts)
        kids = b" ".join(b"%d 0 R" % n for n in self._page_numbers)
        self._object(PAGES, b"<< /Type /Pages /Count %d /Kids [%s] >>" % (len(self._page_numbers), kids))
        self._object(CATALOG, b"<< /Type /Catalog /Pages %d 0 R >>" % PAGES)
        made = datetime.now(timezone.utc).strftime("D:%Y%m%d%H%M%S+00'00'").encode()
        self._object(
            INFO,
            b"<< /Title %s /Creator (waybill_ui) /Producer (ReportLab %s, streamed) /CreationDate (%s) >>"
            % (_text_string(self.title), REPORTLAB_VERSION.encode(), made),
        )
        xref = self._position
        self._write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(self._offsets) + 1))
        for start in range(0, len(self._offsets), 1000):  # 20 bytes an object, a thousand at a time
            self._write(b"".join(b"%010d 00000 n \n" % offset for offset in self._offsets[start : start + 1000]))
        self._write(
            b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(self._offsets) + 1, CATALOG, INFO, xref)
        )

    def _write_fonts(self) -> int:
        """reportlab's font objects under our object numbers; returns the font dictionary's."""
        doc = self._doc
        formatted: set[str] = set()
        while pending := [name for name in doc.idToObject if name not in formatted]:
            for name in pending:  # a dry run: formatting may register objects it refers to
                pdfdoc.PDFIndirectObject(name, doc.idToObject[name]).format(doc)
                formatted.add(name)
        names = sorted(doc.idToObject, key=lambda name: doc.idToObjectNumberAndVersion[name][0])
        first = len(self._offsets) + 1
        for number, name in enumerate(names, start=first):
            doc.idToObjectNumberAndVersion[name] = (number, 0)  # references inside now use ours
        for number, name in enumerate(names, start=first):
            body = pdfdoc.format(doc.idToObject[name], doc, toplevel=1)
            self._object(number, body.rstrip(b"\n"))
        return int(doc.idToObjectNumberAndVersion[pdfdoc.BasicFonts][0])
