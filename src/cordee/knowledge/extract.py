"""Text, title and date out of a document: PDF, DOCX, ODT, Markdown, HTML, plain text.

:func:`extract_document` reads the bytes of one file and returns an
:class:`Extracted` whose ``body`` is Markdown (HTML is turned into Markdown,
Markdown is kept, plain text is left as it is). The type is checked from the
content, not only from the extension. A file that cannot be read raises
:class:`ExtractionError` with a ``reason`` (one of
:class:`~cordee.knowledge.models.ArchiveEntry.Reason`) and a message a person
can act on; any other exception is a bug, not a bad file.

Only pure Python parsers are used, on bytes in memory: nothing is written to
disk and no external program runs.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import PurePosixPath

from defusedxml import ElementTree
from django.utils.translation import gettext as _

# A document inside an office file (DOCX, ODT) may not expand past this: such a
# file is a ZIP, and could be a ZIP bomb of its own.
MAX_OFFICE_UNCOMPRESSED = 100 * 1024 * 1024

SUPPORTED = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".html": "text/html",
    ".htm": "text/html",
    ".txt": "text/plain",
}


class ExtractionError(Exception):
    """The file cannot be turned into an article; ``reason`` says which kind of problem."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass
class Extracted:
    body: str
    content_type: str
    title: str = ""
    date: date | None = None


def extract_document(name: str, content: bytes) -> Extracted:
    """The text of the file called ``name`` (its path: only the extension is used)."""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in SUPPORTED:
        raise ExtractionError(
            "unsupported",
            _("Files of this type (%(suffix)s) are not imported: save it as PDF, DOCX or ODT.")
            % {"suffix": suffix or _("no extension")},
        )
    reader = {
        ".pdf": _pdf,
        ".docx": _docx,
        ".odt": _odt,
        ".md": _markdown,
        ".markdown": _markdown,
        ".html": _html,
        ".htm": _html,
        ".txt": _text,
    }[suffix]
    extracted = reader(content)
    extracted.content_type = SUPPORTED[suffix]
    extracted.body = _tidy(extracted.body)
    extracted.title = " ".join(extracted.title.split())[:200]
    if not extracted.body.strip():
        raise ExtractionError(
            "empty",
            _(
                "No text could be read from it (an empty file, or a scan made only of "
                "pictures): attach it to an article by hand, with a summary."
            ),
        )
    return extracted


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _corrupt(kind: str) -> ExtractionError:
    return ExtractionError(
        "corrupt",
        _("The file is damaged or is not really a %(kind)s: open it, save it again and retry.")
        % {"kind": kind},
    )


# PDF.


def _pdf(content: bytes) -> Extracted:
    from pypdf import PdfReader

    if not content.lstrip()[:5].startswith(b"%PDF"):
        raise _corrupt("PDF")
    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ExtractionError(
                "encrypted",
                _("The PDF is protected by a password: save an unprotected copy and import that."),
            )
        pages = [page.extract_text() or "" for page in reader.pages]
        metadata = reader.metadata
        title = (metadata.title or "") if metadata else ""
        created = metadata.creation_date if metadata else None
    except ExtractionError:
        raise
    except Exception:  # pypdf raises many kinds of errors on a damaged file.
        raise _corrupt("PDF") from None
    if reader.is_encrypted and not any(page.strip() for page in pages):
        raise ExtractionError(
            "encrypted", _("The PDF is protected: save an unprotected copy and import that.")
        )
    body = "\n\n".join(page.strip() for page in pages)
    return Extracted(
        body=body,
        content_type="",
        title=str(title).strip() or _first_line(body),
        date=created.date() if isinstance(created, datetime) else None,
    )


# Office documents.


def _office_zip(content: bytes, kind: str) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        raise _corrupt(kind) from None
    if sum(info.file_size for info in archive.infolist()) > MAX_OFFICE_UNCOMPRESSED:
        raise ExtractionError(
            "too_large",
            _("Its content is over %(size)s MB once uncompressed: it is not imported.")
            % {"size": MAX_OFFICE_UNCOMPRESSED // (1024 * 1024)},
        )
    return archive


def _docx(content: bytes) -> Extracted:
    import docx

    _office_zip(content, "DOCX")
    try:
        document = docx.Document(io.BytesIO(content))
        lines = []
        heading = ""
        for paragraph in document.paragraphs:
            text = paragraph.text.strip()
            if not text:
                continue
            style = (paragraph.style.name if paragraph.style is not None else "") or ""
            level = re.match(r"Heading (\d)", style) or re.match(r"Titre (\d)", style)
            if style == "Title" or level:
                depth = int(level.group(1)) if level else 1
                lines.append(f"{'#' * min(depth, 6)} {text}")
                heading = heading or text
            elif "List" in style:
                lines.append(f"- {text}")
            else:
                lines.append(text)
            lines.append("")
        for table in document.tables:
            for row in table.rows:
                lines.append(" | ".join(cell.text.strip() for cell in row.cells))
            lines.append("")
        properties = document.core_properties
        title = properties.title or ""
        created = properties.created
    except Exception:  # python-docx raises many kinds of errors on a damaged file.
        raise _corrupt("DOCX") from None
    body = "\n".join(lines)
    return Extracted(
        body=_drop_title_heading(body, title.strip() or heading),
        content_type="",
        title=title.strip() or heading or _first_line(body),
        date=created.date() if isinstance(created, datetime) else None,
    )


_ODF = {
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
}


def _odf_text(element: ElementTree.Element) -> str:
    """The text of an ODF element, with its spaces, tabs and line breaks."""
    parts = [element.text or ""]
    for child in element:
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "s":
            parts.append(" " * int(child.get(f"{{{_ODF['text']}}}c", "1")))
        elif tag == "tab":
            parts.append("\t")
        elif tag == "line-break":
            parts.append("\n")
        else:
            parts.append(_odf_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _odt(content: bytes) -> Extracted:
    archive = _office_zip(content, "ODT")
    try:
        if archive.read("mimetype").strip() != b"application/vnd.oasis.opendocument.text":
            raise _corrupt("ODT")
        root = ElementTree.fromstring(archive.read("content.xml"))
        meta = None
        if "meta.xml" in archive.namelist():
            meta = ElementTree.fromstring(archive.read("meta.xml"))
    except ExtractionError:
        raise
    except Exception:  # A missing part, a broken XML, a forbidden entity...
        raise _corrupt("ODT") from None
    text_ns = f"{{{_ODF['text']}}}"
    lines = []
    heading = ""
    in_lists = _list_paragraphs(root)
    for element in root.iter():
        if element.tag == f"{text_ns}h":
            text = _odf_text(element).strip()
            level = int(element.get(f"{text_ns}outline-level", "1") or 1)
            if text:
                lines.extend([f"{'#' * min(level, 6)} {text}", ""])
                heading = heading or text
        elif element.tag == f"{text_ns}p":
            text = _odf_text(element).strip()
            if text:
                lines.extend([f"- {text}" if id(element) in in_lists else text, ""])
    title, created = "", None
    if meta is not None:
        title = (meta.findtext(".//dc:title", "", _ODF) or "").strip()
        raw = meta.findtext(".//meta:creation-date", "", _ODF) or meta.findtext(
            ".//dc:date", "", _ODF
        )
        created = _iso_date(raw or "")
    body = "\n".join(lines)
    return Extracted(
        body=_drop_title_heading(body, title or heading),
        content_type="",
        title=title or heading or _first_line(body),
        date=created,
    )


def _list_paragraphs(root: ElementTree.Element) -> set[int]:
    """The ids of the paragraphs that are items of a list."""
    item = f"{{{_ODF['text']}}}list-item"
    return {
        id(paragraph)
        for element in root.iter(item)
        for paragraph in element.iter(f"{{{_ODF['text']}}}p")
    }


# Text formats.


def _decode(content: bytes) -> str:
    if content.startswith(b"\xef\xbb\xbf"):
        content = content[3:]
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        # Old Windows files of French networks.
        return content.decode("cp1252", errors="replace")


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """``key: value`` lines between two ``---`` at the top of a Markdown file, and the rest."""
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    if not match:
        return {}, text
    values = {}
    for line in match.group(1).splitlines():
        key, _sep, value = line.partition(":")
        if _sep:
            values[key.strip().lower()] = value.strip().strip("\"'")
    return values, text[match.end() :]


def _markdown(content: bytes) -> Extracted:
    values, body = _front_matter(_decode(content).replace("\r\n", "\n"))
    heading = re.search(r"^#{1,6}\s+(.+?)\s*#*\s*$", body, re.M)
    title = values.get("title") or (heading.group(1) if heading else "") or _first_line(body)
    return Extracted(
        body=_drop_title_heading(body, title),
        content_type="",
        title=title,
        date=_iso_date(values.get("date", "")),
    )


def _text(content: bytes) -> Extracted:
    body = _decode(content).strip()
    title = _first_line(body)
    _first, _newline, rest = body.partition("\n")
    # The first line is the title, shown apart; a one-line note keeps it as its text.
    return Extracted(body=rest if rest.strip() else body, content_type="", title=title)


class _HtmlToMarkdown(HTMLParser):
    """HTML to Markdown, keeping headings, paragraphs, lists and links; scripts, styles
    and every attribute but a web link's address are dropped, so nothing active survives."""

    BLOCKS = {"p", "div", "section", "article", "br", "tr", "table", "ul", "ol", "blockquote"}
    DROPPED = {"script", "style", "template", "noscript", "iframe", "object", "svg", "head"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title = ""
        self.heading = ""
        self.date: date | None = None
        self._dropped = 0
        self._in_title = False
        self._in_heading = False
        self._href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        if tag == "title":
            self._in_title = True
        if tag == "meta" and values.get("name", "").lower() in {
            "date",
            "dcterms.created",
            "dcterms.date",
            "dc.date",
        }:
            self.date = self.date or _iso_date(values.get("content", ""))
        if tag in self.DROPPED:
            self._dropped += 1
            return
        if re.fullmatch(r"h[1-6]", tag):
            self.parts.append("\n\n" + "#" * int(tag[1]) + " ")
            self._in_heading = not self.heading
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in self.BLOCKS:
            self.parts.append("\n\n" if tag != "br" else "\n")
        elif tag in {"td", "th"}:
            self.parts.append(" | ")
        elif tag in {"strong", "b"}:
            self.parts.append("**")
        elif tag in {"em", "i"}:
            self.parts.append("*")
        elif tag == "a" and re.match(r"https?://", values.get("href", "")):
            self._href = values["href"]
            self.parts.append("[")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in self.DROPPED:
            self._dropped = max(0, self._dropped - 1)
            return
        if re.fullmatch(r"h[1-6]", tag):
            self.parts.append("\n\n")
            self._in_heading = False
        elif tag in {"strong", "b"}:
            self.parts.append("**")
        elif tag in {"em", "i"}:
            self.parts.append("*")
        elif tag == "a" and self._href:
            self.parts.append(f"]({self._href})")
            self._href = None
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
            return
        if self._dropped:
            return
        text = re.sub(r"\s+", " ", data)
        if self._in_heading:
            self.heading += text
        self.parts.append(text)


def _html(content: bytes) -> Extracted:
    parser = _HtmlToMarkdown()
    parser.feed(_decode(content))
    parser.close()
    body = "\n".join(line.strip() for line in "".join(parser.parts).split("\n"))
    title = parser.title.strip() or parser.heading.strip()
    return Extracted(
        body=_drop_title_heading(body, title),
        content_type="",
        title=title or _first_line(body),
        date=parser.date,
    )


# Titles and dates.


def _first_line(text: str) -> str:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:200]
    return ""


def _drop_title_heading(body: str, title: str) -> str:
    """The body without its first heading when that heading is the title (shown apart)."""
    if not title:
        return body
    stripped = body.lstrip()
    match = re.match(r"#{1,6}\s+(.+?)\s*#*\s*(\n|$)", stripped)
    if match and " ".join(match.group(1).split()) == " ".join(title.split()):
        return stripped[match.end() :]
    return body


def _iso_date(value: str) -> date | None:
    match = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", value or "")
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


# Years an archive of the network may hold: a four-digit number outside is not a date.
_YEARS = r"(19[89]\d|20[0-4]\d)"


def date_from_path(path: str) -> date | None:
    """A date written in a file's name or folders ("2019-05-14", "2019-05", "2019"), deepest first."""
    parts = list(reversed(PurePosixPath(path).parts))
    for pattern, build in (
        (rf"(?<!\d){_YEARS}[-_.]?(0[1-9]|1[0-2])[-_.]?([0-2]\d|3[01])(?!\d)", _ymd),
        (rf"(?<!\d){_YEARS}[-_.](0[1-9]|1[0-2])(?!\d)", _ym),
        (rf"(?<!\d){_YEARS}(?!\d)", _y),
    ):
        for part in parts:
            match = re.search(pattern, part)
            if match:
                found = build(match)
                if found is not None:
                    return found
    return None


def _ymd(match: re.Match[str]) -> date | None:
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _ym(match: re.Match[str]) -> date:
    return date(int(match.group(1)), int(match.group(2)), 1)


def _y(match: re.Match[str]) -> date:
    return date(int(match.group(1)), 1, 1)


def title_from_name(path: str) -> str:
    """A title from a file name: "fiche_usure-outils.pdf" gives "Fiche usure outils"."""
    stem = PurePosixPath(path).stem
    words = " ".join(re.sub(r"[_\-.]+", " ", stem).split())
    return (words[:1].upper() + words[1:])[:200] or stem[:200]
