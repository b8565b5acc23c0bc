"""Text typed in the TCVN3 (".VnTime") fonts, as old commune files hold it, made from Unicode for
the tests' files. Capitals were typed in the ".VnTimeH" fonts, which put a toned capital on the
small letter's code: "NGUYỄN" is stored "NGUYÔN". The conversion back is checked on samples typed
by hand in `test_excel.py`; this only writes whole files with it."""

from __future__ import annotations

import unicodedata

from desktop.reports.legacy_text import TCVN3

_CODES = {ord(text): chr(code) for code, text in TCVN3.items()}


def to_tcvn3(text: str) -> str:
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ord(ch) in _CODES:
            out.append(_CODES[ord(ch)])
        elif ch.lower() != ch and ord(ch.lower()) in _CODES:
            out.append(_CODES[ord(ch.lower())])
        else:
            out.append(ch)
    return "".join(out)
