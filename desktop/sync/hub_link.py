"""Where this office's hub is, and how often the app tries it by itself.

The address is kept in the database beside the records (a backup or a copied database keeps
exchanging with the same office). While the hub cannot be reached the waits between tries grow,
so an office offline for a week does not knock every minute; once it answers, the app comes back
every quarter of an hour for what the office above has sent down.
"""

from __future__ import annotations

import datetime as dt
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from desktop.db import Database
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.models import Setting
from desktop.services import audit
from desktop.text import nfc

PREFIX = "hub."
EVERY = dt.timedelta(minutes=15)
"""Between exchanges while the hub answers: decisions sent down arrive within the quarter hour."""
FIRST_RETRY = dt.timedelta(minutes=1)
LONGEST_WAIT = dt.timedelta(minutes=30)
"""The wait stops growing here: a connection that returns is noticed within half an hour."""


@dataclass(frozen=True)
class HubLink:
    url: str = ""
    """The hub's address, e.g. https://tdkt.caobang.gov.vn:8765; empty when there is none."""
    certificate: str = ""
    """The certificate that signed the hub's own, when the hub's TLS is self-signed."""
    automatic: bool = False
    """Exchange by itself whenever the hub can be reached."""

    @property
    def certificate_path(self) -> Path | None:
        return Path(self.certificate) if self.certificate else None


def wait_after(failures: int) -> dt.timedelta:
    """How long to wait before the next try, after `failures` tries in a row that failed."""
    if failures <= 0:
        return EVERY
    return min(FIRST_RETRY * 2 ** (failures - 1), LONGEST_WAIT)


def hub_link(db: Database) -> HubLink:
    with db.session() as session:
        rows = session.execute(select(Setting.key, Setting.value).where(Setting.key.like(f"{PREFIX}%")))
        saved = {key.removeprefix(PREFIX): value for key, value in rows}
    return HubLink(saved.get("url", ""), saved.get("certificate", ""), saved.get("automatic") == "yes")


def checked(link: HubLink) -> HubLink:
    """The link as it will be saved, or ValidationError saying what is wrong with it."""
    url = nfc(link.url).strip().rstrip("/")
    certificate = nfc(link.certificate).strip()
    if url:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.path or parts.query:
            raise ValidationError(
                "url",
                _("Write the hub's address as the office above gave it, e.g. {example}.").format(
                    example="https://tdkt.caobang.gov.vn:8765"
                ),
            )
        try:
            parts.port  # noqa: B018 - read for its check of the number
        except ValueError:
            raise ValidationError(
                "url", _("The port after the colon must be a number up to 65535.")
            ) from None
    elif link.automatic:
        raise ValidationError("url", _("Write the hub's address first."))
    if certificate and not Path(certificate).is_file():
        raise ValidationError("certificate", _("There is no file {path}.").format(path=certificate))
    if certificate and not url.startswith("https://"):
        raise ValidationError("certificate", _("A certificate is only used with an https:// address."))
    return HubLink(url, certificate, link.automatic)


def save_hub_link(db: Database, username: str | None, link: HubLink) -> HubLink:
    clean = checked(link)
    values = {
        "url": clean.url,
        "certificate": clean.certificate,
        "automatic": "yes" if clean.automatic else "no",
    }
    with db.transaction(username) as session:
        for name, value in values.items():
            row = session.get(Setting, PREFIX + name)
            if row is None:
                session.add(Setting(key=PREFIX + name, value=value))
            else:
                row.value = value
        audit.record(session, "settings.hub", username, "setting", None, values)
    return clean
