"""`sovang selftest` passes on a whole copy and names what is missing from a broken one."""

from __future__ import annotations

import shutil

from desktop import selftest
from desktop.paths import resources_dir


def test_a_whole_copy_passes_every_check(monkeypatch):
    lines: list[str] = []
    assert selftest.run_selftest(lines.append, window=False) == 0
    assert [line.split(" ")[1].rstrip(":") for line in lines[1:-1]] == [
        "resources",
        "translations",
        "database",
        "pdf",
        "excel",
        "sync",
        "hub",
        "postgresql",
    ]
    assert lines[-1].startswith("Tự kiểm tra đạt")


def test_a_copy_without_its_fonts_fails_loudly_and_names_them(tmp_path, monkeypatch):
    broken = tmp_path / "resources"
    shutil.copytree(resources_dir(), broken)
    for font in (broken / "fonts").glob("*.ttf"):
        font.unlink()
    monkeypatch.setattr(selftest, "resource", lambda *parts: broken.joinpath(*parts))
    lines: list[str] = []
    assert selftest.run_selftest(lines.append, window=False) == 1
    failure = next(line for line in lines if line.startswith("LỖI"))
    assert "resources" in failure and "LiberationSerif-Regular.ttf" in failure
    assert not any(line.startswith("đạt database") for line in lines)  # it stopped at the first failure


def test_a_portable_copy_keeps_its_data_beside_the_program(tmp_path, monkeypatch):
    from desktop import paths

    monkeypatch.delenv(paths.DATA_DIR_ENV)
    monkeypatch.setattr(paths, "_install_dir", lambda: tmp_path)
    assert not paths.is_portable()
    (tmp_path / paths.PORTABLE_MARKER).write_text("portable")
    assert paths.is_portable()
    assert paths.default_db_path() == tmp_path / "data" / "sovang.sqlite"
