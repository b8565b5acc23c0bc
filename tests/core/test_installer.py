"""The Windows installer script agrees with the app (it cannot be compiled here, see README)."""

from __future__ import annotations

import re
from pathlib import Path

from desktop.instance import APP_MUTEX

INSTALLER = Path(__file__).resolve().parents[2] / "installer"


def setting(script: str, name: str) -> str:
    found = re.search(rf"^{name}=(.*)$", script, re.MULTILINE)
    assert found, name
    return found.group(1).strip()


def test_the_setup_waits_for_the_running_app_and_installs_without_administrator_rights():
    script = (INSTALLER / "sovang.iss").read_text(encoding="utf-8")
    assert setting(script, "AppMutex") == APP_MUTEX
    assert setting(script, "PrivilegesRequired") == "lowest"
    assert setting(script, "MinVersion") == "10.0.17763"
    assert re.fullmatch(r"\{\{[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}\}", setting(script, "AppId"))
    assert 'MessagesFile: "Vietnamese.isl"' in script.split("[Languages]")[1].splitlines()[2]


def test_the_vietnamese_messages_are_unicode_and_every_message_is_filled():
    raw = (INSTALLER / "Vietnamese.isl").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Inno Setup reads a UTF-8 file as Unicode only with a BOM
    text = raw.decode("utf-8-sig")
    assert "LanguageID=$042A" in text
    messages = text.split("[Messages]")[1].split("[CustomMessages]")[0]
    entries = [line for line in messages.splitlines() if line and not line.startswith(";")]
    empty_allowed = {"HelpTextNote", "BeveledLabel", "AboutSetupNote"}
    names = [entry.split("=", 1)[0] for entry in entries]
    assert len(names) == len(set(names)) > 250
    for entry in entries:
        name, value = entry.split("=", 1)
        assert value or name in empty_allowed, name
