"""The text of a material file, for the search: PDF through pdfminer.six (Japanese CID fonts are
decoded with its bundled Adobe-Japan1 CMaps, no font files needed), Word, Excel and PowerPoint
files from their XML parts (they are zip files; no Office library needed)."""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree

from django.utils.translation import gettext as _

MAX_CHARS = 1_000_000  # the index keeps this much of a file's text
MAX_XML_BYTES = 50 * 1024 * 1024  # uncompressed, over all parts read: a zip bomb stops here
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


class ExtractionError(Exception):
    """The file's text cannot be read; str(error) says why, for the secretariat."""


def extract_text(data: bytes, file_format: str) -> str:
    """The text of a material file of a known format (at most MAX_CHARS characters)."""
    if file_format == "pdf":
        text = _pdf(data)
    elif file_format in ("docx", "xlsx", "pptx"):
        text = _office(data, file_format)
    else:
        raise ExtractionError(_("この形式のテキストは抽出できません。"))
    return text[:MAX_CHARS]


def _pdf(data: bytes) -> str:
    from pdfminer.high_level import extract_text as pdf_text
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        return pdf_text(io.BytesIO(data))
    except (PDFEncryptionError, PDFPasswordIncorrect) as error:
        raise ExtractionError(_("パスワードで保護されたPDFのため、テキストを抽出できません。")) from error


def _parts(archive: zipfile.ZipFile, file_format: str) -> list[str]:
    names = archive.namelist()
    if file_format == "docx":
        return [n for n in names if re.fullmatch(r"word/(document|header\d*|footer\d*|footnotes)\.xml", n)]
    if file_format == "xlsx":
        return [
            n for n in names if n == "xl/sharedStrings.xml" or re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)
        ]
    slides = [n for n in names if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)]
    return sorted(slides, key=lambda n: int(re.search(r"(\d+)\.xml$", n).group(1)))


def _office(data: bytes, file_format: str) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as error:
        raise ExtractionError(_("Officeファイルとして読み取れません。")) from error
    with archive:
        parts = _parts(archive, file_format)
        if sum(archive.getinfo(n).file_size for n in parts) > MAX_XML_BYTES:
            raise ExtractionError(_("展開後のファイルが大きすぎるため、テキストを抽出できません。"))
        return "\n".join(_xml_text(archive.read(name)) for name in parts).strip()


def _xml_text(xml: bytes) -> str:
    # Office parts never declare a DTD; refusing one rules out entity expansion attacks.
    if b"<!DOCTYPE" in xml[:4096].upper() or b"<!ENTITY" in xml.upper():
        raise ExtractionError(_("ファイルの内容を読み取れませんでした。"))
    try:
        root = ElementTree.fromstring(xml)  # noqa: S314 (no DTD, checked above)
    except ElementTree.ParseError as error:
        raise ExtractionError(_("ファイルの内容を読み取れませんでした。")) from error
    lines, line = [], []
    for element in root.iter():
        if element.tag in (f"{W}t", f"{S}t", f"{A}t") and element.text:
            line.append(element.text)
        elif element.tag in (f"{W}p", f"{A}p", f"{S}si", f"{S}row") and line:
            lines.append("".join(line))
            line = []
    if line:
        lines.append("".join(line))
    return "\n".join(lines)
