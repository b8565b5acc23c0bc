"""A file attached is kept under its base name with the extension of its real kind, and opens as
that kind: a name cannot make it run."""

from __future__ import annotations

import hashlib

import pytest

from desktop.errors import ValidationError
from desktop.services import attachments, dossier
from desktop.services.proposals import ProposalFields, create_proposal

PDF = b"%PDF-1.4\n% to trinh\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(16)


@pytest.mark.parametrize(
    ("name", "content", "kept"),
    [
        ("ho-so.pdf.bat", PDF, "ho-so.pdf"),
        ("../../Startup/x.bat", PDF, "x.pdf"),
        ("C:\\Users\\cb\\AppData\\Startup\\x.cmd", PDF, "x.pdf"),
        ("anh the.JPG.exe", b"\xff\xd8\xff\xe0", "anh the.JPG"),
        ("Bien ban.PDF", PDF, "Bien ban.PDF"),
        ("scan", PNG, "scan.png"),
        ("to\u202etxt.pdf", PDF, "totxt.pdf"),
        ("...", PDF, "tep.pdf"),
    ],
)
def test_a_name_keeps_no_folder_and_ends_as_its_real_kind(name, content, kept):
    assert attachments.stored_name(name, attachments.check_content(content, name)) == kept


def test_a_dossier_file_named_to_run_is_kept_and_opened_as_what_it_is(commune_db):
    proposal = create_proposal(
        commune_db, "admin", ProposalFields(title="Đề nghị", year=2025, to_level="commune")
    )
    dossier.attach_content(commune_db, "admin", proposal, "to_trinh", PDF, "../../Startup/ho-so.pdf.bat")
    (document,) = dossier.documents(commune_db, proposal)
    assert document.file_name == "ho-so.pdf"
    copy = attachments.temporary_copy(dossier.document_content(commune_db, document.id))
    assert copy.name == hashlib.sha256(PDF).hexdigest() + ".pdf" and copy.read_bytes() == PDF


def test_a_file_of_a_kind_not_accepted_is_never_written_out_to_open():
    with pytest.raises(ValidationError, match="không phải PDF, JPEG, PNG hay TIFF"):
        attachments.temporary_copy(b"MZ\x90\x00 a program")
