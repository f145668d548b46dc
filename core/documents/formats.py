"""
The kinds of document accepted, and how each is recognised: by what the file holds, never by its
name or by the type the browser says it has, both of which the uploader chooses.

- PDF: starts with ``%PDF-1.`` or ``%PDF-2.``, ends with ``%%EOF`` (in its last kilobyte, as PDF
  readers look for it), and has no HTML in its first kilobyte, where a browser guessing a type looks.
- Word, Excel, PowerPoint (.docx, .xlsx, .pptx): a ZIP package whose ``[Content_Types].xml`` names
  the main part of one of them, present in its folder (``word/``, ``xl/``, ``ppt/``).
- OpenDocument (.odt, .ods, .odp): a ZIP whose first entry, ``mimetype``, names a text, a
  spreadsheet or a presentation, with a ``content.xml``.
- Office 97–2003 (.doc, .xls, .ppt): an OLE2 compound file holding a "WordDocument", "Workbook"
  or "PowerPoint Document" stream (``compound``).

Anything else is refused with a ``ValidationError`` that says what the file is, when that can be
told (a web page, a program, a picture, an archive), and what is accepted. So are documents with
macros (programs that run on the computer of whoever opens them), PDFs with scripts, embedded files or
launch actions (``pdf_content``), documents that open only with a password, and ZIP files that would unpack
to far more than any document does (a "zip bomb"). Only the package's small index is ever unpacked.
"""

import re
import zipfile
import zlib
from typing import NamedTuple
from xml.etree import ElementTree

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.documents import compound, pdf_content


class Format(NamedTuple):
    extension: str
    content_type: str


PDF = Format("pdf", "application/pdf")
DOCX = Format("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = Format("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
PPTX = Format("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation")
ODT = Format("odt", "application/vnd.oasis.opendocument.text")
ODS = Format("ods", "application/vnd.oasis.opendocument.spreadsheet")
ODP = Format("odp", "application/vnd.oasis.opendocument.presentation")
DOC = Format("doc", "application/msword")
XLS = Format("xls", "application/vnd.ms-excel")
PPT = Format("ppt", "application/vnd.ms-powerpoint")

# The main part's content type in [Content_Types].xml, and the folder the part must be in. Templates,
# slide shows, binary and macro-enabled workbooks have other types, and are not accepted.
OFFICE_OPEN_XML = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": (DOCX, "word/"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": (XLSX, "xl/"),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": (PPTX, "ppt/"),
}
CONTENT_TYPES_NAMESPACE = "{http://schemas.openxmlformats.org/package/2006/content-types}"
OPEN_DOCUMENT = {kind.content_type.encode(): kind for kind in (ODT, ODS, ODP)}
# The streams that say which Office 97–2003 document a compound file is, in that order: a Word
# document may hold an Excel chart's "Workbook"; Excel 5 named its stream "Book". Names are case-blind.
COMPOUND_STREAMS = [("worddocument", DOC), ("powerpoint document", PPT), ("workbook", XLS), ("book", XLS)]
# Word's and Excel's macros live in a storage of their own at the top of the file.
COMPOUND_MACROS = {"macros", "_vba_project_cur", "vba"}

# How much of a file's start is read to tell what it is, and of a PDF's end to find its %%EOF.
HEAD, TAIL = 1024, 1024
# Only the package's index is unpacked, and only this much of it.
INDEX_LIMIT = 1024 * 1024
# A document unpacks to a few times its size, rarely a hundred (XML compresses ten to twenty times); a
# zip bomb to thousands. Small files may unpack to UNPACKED_FLOOR whatever their size, none past UNPACKED_CEILING.
UNPACKED_RATIO = 100
UNPACKED_FLOOR = 10 * 1024 * 1024
UNPACKED_CEILING = 1024 * 1024 * 1024

# What browsers take for a web page when they guess (the WHATWG's sniffing patterns), after spaces and a BOM.
HTML_START = re.compile(
    rb"\s*<(!doctype\s+html|html|head|body|script|iframe|h1|div|font|table|a|style|title|b|br|p|!--)[\s>]",
    re.IGNORECASE,
)
HTML_ANYWHERE = re.compile(rb"<(!doctype\s+html|html|head|body|script|iframe|svg|object|embed)[\s>/]", re.IGNORECASE)
PROGRAMS = (
    b"MZ",  # Windows and DOS programs and libraries
    b"\x7fELF",  # Linux and other Unix programs
    b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe",  # macOS programs
    b"\xca\xfe\xba\xbe",  # macOS universal programs, Java classes
    b"#!",  # scripts
    b"\x00asm",  # WebAssembly
)
PICTURES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*")

NOT_ACCEPTED = _(
    "This file is neither a PDF nor an office document of a kind accepted. "
    "Upload a PDF, a Word, Excel or PowerPoint document (.docx, .xlsx, .pptx, or the older .doc, .xls, .ppt) "
    "or an OpenDocument text, spreadsheet or presentation (.odt, .ods, .odp)."
)


def refused(message, code):
    return ValidationError(message, code=code)


def web_page():
    return refused(_(
        "This file is a web page (HTML), not a PDF or an office document, whatever its name says. "
        "Open it in a browser, save or print it as a PDF, and upload the PDF."
    ), "document_html")


def damaged():
    return refused(_(
        "This file looks like a PDF or an office document but cannot be read: it may be damaged or incomplete. "
        "Save or export it again, then upload the new file."
    ), "document_damaged")


def macros():
    return refused(_(
        "This document contains macros, small programs that run on the computer of whoever opens it. "
        "Save a copy without macros (from Word, Excel or PowerPoint: as .docx, .xlsx or .pptx) and upload that."
    ), "document_macros")


def password():
    return refused(_(
        "This document is protected by a password, so visitors could not open it. "
        "Remove the password, save the document and upload it again."
    ), "document_password")


def other_office_file():
    return refused(_(
        "This office file is not of a kind accepted (a template, a slide show or an installer, say). "
        "Open it and save it as a document: .docx, .xlsx, .pptx, .odt, .ods or .odp."
    ), "document_format")


def unknown(head):
    """The refusal of a file that is none of the accepted kinds, saying what it is when that can be told."""
    if HTML_START.match(head.removeprefix(b"\xef\xbb\xbf")):
        return web_page()
    if head.startswith(PROGRAMS):
        return refused(_(
            "This file is a program, not a document: programs are never accepted. "
            "Upload a PDF or an office document."
        ), "document_program")
    if head.startswith(PICTURES) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        return refused(_(
            "This file is a picture, not a document. Put it in a PDF or an office document and upload that."
        ), "document_picture")
    return refused(NOT_ACCEPTED, "document_format")


def identify(file):
    """The ``Format`` of ``file`` (an open file, read from its start), or ``ValidationError`` saying why none.

    The file is left at its start, to be stored or sent.
    """
    try:
        file.seek(0)
        head = file.read(HEAD)
        if head.startswith(b"%PDF-"):
            return pdf(file, head)
        if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
            return package(file)
        if head.startswith(compound.MAGIC):
            return office_97(file)
        raise unknown(head)
    finally:
        file.seek(0)


def pdf(file, head):
    if HTML_ANYWHERE.search(head):
        # A page that starts with %PDF- to pass for a PDF: a browser that guessed would run its scripts.
        raise web_page()
    if not re.match(rb"%PDF-[12]\.\d", head):
        raise damaged()
    file.seek(max(file.size - TAIL, 0))
    if b"%%EOF" not in file.read(TAIL):
        raise damaged()
    file.seek(0)
    try:
        if pdf_content.acts(file):
            raise refused(_(
                "This PDF contains scripts, embedded files or actions that launch programs, which a PDF reader may "
                "run on the computer of whoever opens it. Print it to a new PDF (File, Print, Save as PDF) and upload "
                "that."
            ), "document_pdf_actions")
    except pdf_content.Unreadable as error:
        raise damaged() from error
    except PermissionError as error:
        raise password() from error
    return PDF


def package(file):
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
            if unpacks_too_far(sum(member.file_size for member in members), file.size):
                raise refused(_(
                    "This file would unpack to far more than any document of its size: it cannot be accepted. "
                    "Save the document again and upload the new file."
                ), "document_unpacked_size")
            if any(member.flag_bits & 0x1 for member in members):
                raise password()
            names = {member.filename for member in members}
            if "[Content_Types].xml" in names:
                return office_open_xml(archive, names)
            if members and members[0].filename == "mimetype":
                return open_document(archive, names)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError) as error:
        raise damaged() from error
    raise refused(_(
        "This file is a ZIP archive, not an office document. Upload the documents it holds one at a time."
    ), "document_archive")


def unpacks_too_far(unpacked, size):
    return unpacked > UNPACKED_CEILING or (unpacked > UNPACKED_FLOOR and unpacked > UNPACKED_RATIO * size)


def small_member(archive, name):
    with archive.open(name) as member:
        data = member.read(INDEX_LIMIT + 1)
    if len(data) > INDEX_LIMIT:
        raise damaged()
    return data


def office_open_xml(archive, names):
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise macros()
    index = small_member(archive, "[Content_Types].xml")
    if b"<!DOCTYPE" in index.upper():  # Office never writes one; a parser would expand its entities
        raise damaged()
    try:
        root = ElementTree.fromstring(index)
    except ElementTree.ParseError as error:
        raise damaged() from error
    for override in root.iter(f"{CONTENT_TYPES_NAMESPACE}Override"):
        kind = OFFICE_OPEN_XML.get(override.get("ContentType", ""))
        part = override.get("PartName", "").removeprefix("/")
        if kind is not None:
            found, folder = kind
            if not part.startswith(folder) or part not in names:
                raise damaged()
            return found
    # A few writers give the main part's type to every part with its extension instead.
    for default in root.iter(f"{CONTENT_TYPES_NAMESPACE}Default"):
        kind = OFFICE_OPEN_XML.get(default.get("ContentType", ""))
        extension = "." + default.get("Extension", "").lower()
        if kind is not None:
            found, folder = kind
            if not any(name.startswith(folder) and name.lower().endswith(extension) for name in names):
                raise damaged()
            return found
    raise other_office_file()


def open_document(archive, names):
    kind = small_member(archive, "mimetype").strip()
    if kind not in OPEN_DOCUMENT:
        raise other_office_file()
    if "content.xml" not in names:
        raise damaged()
    if any(name.startswith(("Basic/", "Scripts/")) for name in names):
        raise macros()
    return OPEN_DOCUMENT[kind]


def office_97(file):
    try:
        names = {name.casefold() for name in compound.top_level_names(file)}
    except compound.Damaged as error:
        raise damaged() from error
    if "encryptedpackage" in names:  # a .docx, .xlsx or .pptx with a password is kept in a compound file
        raise password()
    for stream, found in COMPOUND_STREAMS:
        if stream in names:
            if names & COMPOUND_MACROS:
                raise macros()
            return found
    raise other_office_file()
