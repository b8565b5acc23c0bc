"""`sovang selftest`: prove that an installed, frozen or portable copy has every part it needs.

A build that lacks a font, a translation, a migration script or a hidden import only fails when a
user reaches that corner; this runs every corner once, on a scratch folder (never the user's data):
the resources, a database created and migrated, a Vietnamese PDF with its fonts embedded, a signed
and encrypted bundle from a commune to a province, and the main window opened offscreen. It prints
one line per check and stops loudly at the first failure.
"""

from __future__ import annotations

import os
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from desktop import __version__
from desktop.i18n import LANGUAGES, _, language, set_language
from desktop.paths import DATA_DIR_ENV, resource, resources_dir

PASSWORD = "kiem-tra-cai-dat"
REQUIRED = (
    ("fonts", "LiberationSerif-Regular.ttf"),
    ("fonts", "LiberationSerif-Bold.ttf"),
    ("fonts", "LiberationSerif-Italic.ttf"),
    ("fonts", "LiberationSerif-BoldItalic.ttf"),
    ("catalog", "award_types.json"),
    ("catalog", "base_salary.json"),
    ("catalog", "ethnic_groups.json"),
    ("catalog", "ethnic_other_names.json"),
    ("catalog", "award_other_names.json"),
    ("rules", "parameters.json"),
    ("reports", "forms", "0601.json"),
    ("icons", "sovang.png"),
    ("help", "vi", "index.html"),
    ("help", "en", "index.html"),
    *(("locale", language, "LC_MESSAGES", "sovang.mo") for language in LANGUAGES),
)
"""Files the app opens by name at some point; each must be in the build."""
SAMPLE_NAME = "Nguyễn Thị Ánh Tuyết"
"""A name with the letters a font without Vietnamese glyphs gets wrong."""


class SelftestFailed(Exception):
    pass


def run_selftest(report: Callable[[str], None] = print, window: bool = True) -> int:
    """0 when every check passed, 1 at the first that failed (with its traceback)."""
    report(
        _("Sổ Vàng {version} — selftest; resources: {path}").format(version=__version__, path=resources_dir())
    )
    saved = os.environ.get(DATA_DIR_ENV)
    try:
        with tempfile.TemporaryDirectory(prefix="sovang-selftest-") as folder:
            os.environ[DATA_DIR_ENV] = str(Path(folder) / "data")
            return _run_checks(Path(folder), report, window)
    finally:
        if saved is None:
            os.environ.pop(DATA_DIR_ENV, None)
        else:
            os.environ[DATA_DIR_ENV] = saved


def _run_checks(folder: Path, report: Callable[[str], None], window: bool) -> int:
    checks: list[tuple[str, Callable[[Path], str]]] = [
        ("resources", _resources),
        ("translations", _translations),
        ("database", _database),
        ("pdf", _pdf),
        ("excel", _excel),
        ("sync", _sync),
        ("hub", _hub),
        ("postgresql", _postgresql_driver),
    ]
    if window:
        checks.append(("window", _window))
    for name, check in checks:
        started = time.perf_counter()
        try:
            detail = check(folder)
        except Exception as error:  # every failure is reported the same way, then ends the run
            report(_("FAILED {check}: {reason}").format(check=name, reason=error))
            report(traceback.format_exc())
            return 1
        report(
            _("ok {check}: {detail} ({seconds} s)").format(
                check=name, detail=detail, seconds=f"{time.perf_counter() - started:.1f}"
            )
        )
    report(_("Selftest passed: this copy has every part it needs."))
    return 0


def _resources(_folder: Path) -> str:
    missing = [str(Path(*parts)) for parts in REQUIRED if not resource(*parts).is_file()]
    if missing:
        raise SelftestFailed(_("missing from this copy: {files}").format(files=", ".join(missing)))
    return _("{count} files present").format(count=len(REQUIRED))


def _translations(_folder: Path) -> str:
    previous = language()
    set_language("vi")
    try:
        translated = _("Cancelled.")
    finally:
        set_language(previous)
    if translated == "Cancelled.":
        raise SelftestFailed(_("the Vietnamese translations are not loaded"))
    return f"vi: “{translated}”"


def _site(folder: Path, name: str, role: str, unit: str):
    from desktop.db import Database
    from desktop.services.setup import init_site

    db = Database.open(folder / f"{name}.sqlite", create=True)
    init_site(db, role, unit, "admin", PASSWORD)
    return db


def _database(folder: Path) -> str:
    from desktop.db import migrate
    from desktop.services.maintenance import check_database

    db = _site(folder, "xa", "commune", "01290")
    try:
        report = check_database(db)
    finally:
        db.close()
    if not report.ok or report.schema_revision != migrate.head_revision():
        raise SelftestFailed(
            _("the new database is not sound: {problems}").format(problems="; ".join(report.problems))
        )
    return _("created and migrated to schema {revision}").format(revision=report.schema_revision)


def _pdf(folder: Path) -> str:
    import pypdfium2

    from desktop.db import Database
    from desktop.reports.printing import Selection, render
    from desktop.services import people

    db = Database.open(folder / "xa.sqlite")
    try:
        person = people.create_person(
            db, "admin", people.PersonFields(full_name=SAMPLE_NAME, birth_year=1985)
        )
        target = folder / "thanh-tich.pdf"
        render(db, "achievement-report", target, Selection(person.id, None, None, None, False, ""))
    finally:
        db.close()
    content = target.read_bytes()
    if b"/FontFile2" not in content:
        raise SelftestFailed(_("the PDF does not embed its fonts"))
    document = pypdfium2.PdfDocument(str(target))
    try:
        pages = len(document)
        text = document[0].get_textpage().get_text_range()
    finally:
        document.close()
    if SAMPLE_NAME not in text:
        raise SelftestFailed(_("the Vietnamese name does not read back from the PDF"))
    return _("a Vietnamese PDF of {pages} page(s) with its fonts embedded, {size} KB").format(
        pages=pages, size=len(content) // 1024
    )


def _excel(folder: Path) -> str:
    """An Excel list written, then it and a Word table read back by the importer's readers."""
    import docx

    from desktop.db import Database
    from desktop.reports.excel_export import export_list
    from desktop.reports.list_files import read_table

    db = Database.open(folder / "xa.sqlite")
    target = folder / "ca-nhan.xlsx"
    try:
        rows = export_list(db, "people", target)
    finally:
        db.close()
    document = docx.Document()
    document.add_table(rows=1, cols=1).cell(0, 0).text = SAMPLE_NAME
    document.save(str(folder / "danh-sach.docx"))
    for path in (target, folder / "danh-sach.docx"):
        cells = {cell for row in read_table(path).rows for cell in row}
        if SAMPLE_NAME not in cells:
            raise SelftestFailed(
                _("the Vietnamese name does not read back from {name}").format(name=path.name)
            )
    return _("an Excel list of {count} rows and a Word table written and read back").format(count=rows)


def _sync(folder: Path) -> str:
    from desktop.db import Database
    from desktop.services.site_keys import unlock
    from desktop.sync import cards
    from desktop.sync.exchange import export_bundle, import_bundle

    commune = Database.open(folder / "xa.sqlite")
    province = _site(folder, "tinh", "province", "04")
    try:
        cards.enroll(province, "admin", cards.own_card(commune))
        cards.enroll(commune, "admin", cards.own_card(province))
        province_id = cards.own_card(province).site_id
        exported = export_bundle(commune, "admin", unlock(commune, PASSWORD), province_id, folder / "usb")
        result = import_bundle(province, "admin", unlock(province, PASSWORD), exported.path)
    finally:
        commune.close()
        province.close()
    if result.counts["applied"] != exported.manifest.change_count or not result.counts["applied"]:
        raise SelftestFailed(_("the bundle did not apply whole: {counts}").format(counts=result.counts))
    return _("a signed, encrypted bundle of {count} changes exported and imported").format(
        count=result.counts["applied"]
    )


def _hub(folder: Path) -> str:
    """The hub's HTTP stack answers on loopback (its modules load by name, easily left out of a build)."""
    import json
    import threading
    import urllib.request

    import uvicorn

    from desktop.db import Database
    from desktop.services.site_keys import unlock
    from desktop.sync.hub import API, Hub, loopback_port

    province = Database.open(folder / "tinh.sqlite")
    port = loopback_port()
    hub = Hub(province, "admin", unlock(province, PASSWORD), folder / "hub")
    server = uvicorn.Server(uvicorn.Config(hub.app(), host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise SelftestFailed(_("the hub did not start"))
            time.sleep(0.05)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{API}/site", timeout=10) as answer:
            site_id = json.loads(answer.read())["site_id"]
    finally:
        server.should_exit = True
        thread.join(timeout=20)
        province.close()
    return _("the hub answered on loopback as site {site}").format(site=site_id[:8])


def _postgresql_driver(_folder: Path) -> str:
    """The driver an office's shared database needs: SQLAlchemy loads it by name at connect time."""
    import psycopg
    from sqlalchemy import create_engine

    engine = create_engine("postgresql+psycopg://selftest@/selftest")
    engine.dispose()
    return _("driver psycopg {version} ({implementation}) loaded").format(
        version=psycopg.__version__, implementation=psycopg.pq.__impl__
    )


def _window(folder: Path) -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop.ui.app import run_app

    shot = folder / "window.png"
    code = run_app(folder / "xa.sqlite", screenshot=shot)
    if code != 0 or not shot.is_file() or shot.stat().st_size < 10_000:
        raise SelftestFailed(_("the main window did not open"))
    return _("the main window opened offscreen and closed")
