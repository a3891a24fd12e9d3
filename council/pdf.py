"""A minimal valid one-page PDF written byte by byte (for the demo's and tests' materials; no PDF library).

Japanese text needs no font file: the page uses the Type0 font HeiseiKakuGo-W5 with the predefined
CMap UniJIS-UCS2-H (character codes are UCS-2, mapped to CIDs of the Adobe-Japan1 collection), which
PDF viewers substitute from their own Japanese fonts and text extractors (pdfminer.six) decode
through their bundled CMaps. Lines of ASCII only are drawn in Helvetica, as before.
"""

from __future__ import annotations


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _ucs2_hex(text: str) -> str:
    """The line as UCS-2 big-endian hex; characters outside the BMP (no UCS-2 code) become 〓."""
    return "".join(f"{ord(ch) if ord(ch) <= 0xFFFF else 0x3013:04X}" for ch in text)


def minimal_pdf(lines: list[str]) -> bytes:
    """A PDF 1.4 of one A4 page showing `lines`: ASCII in Helvetica, anything else in HeiseiKakuGo-W5."""
    stream_lines = ["BT", "72 770 Td", "18 TL"]
    for line in lines:
        if line.isascii():
            stream_lines.append(f"/F1 14 Tf ({_escape(line)}) Tj T*")
        else:
            stream_lines.append(f"/F2 12 Tf <{_ucs2_hex(line)}> Tj T*")
    stream_lines.append("ET")
    stream = "\n".join(stream_lines).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /HeiseiKakuGo-W5 /Encoding /UniJIS-UCS2-H "
        b"/DescendantFonts [7 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /HeiseiKakuGo-W5 "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 2 >> "
        b"/FontDescriptor 8 0 R /DW 1000 >>",
        b"<< /Type /FontDescriptor /FontName /HeiseiKakuGo-W5 /Flags 4 /FontBBox [-92 -250 1010 922] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
