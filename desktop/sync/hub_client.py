"""A lower office exchanging with its hub over the network: send what the office above has not
acknowledged, take the receipt, fetch and take in what waits for this office. The same bundles
and the same import path as the stick; a connection that drops is retried with a growing wait.
"""

from __future__ import annotations

import json
import ssl
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from desktop.codes import LEVEL
from desktop.db import Database
from desktop.errors import SoVangError
from desktop.i18n import _
from desktop.models import PeerSite, Site
from desktop.paths import user_data_dir
from desktop.services.site_keys import SiteSecrets
from desktop.sync import bundle, stick
from desktop.sync.bundle import BundleRejected
from desktop.sync.exchange import export_bundle, import_receipt
from desktop.sync.hub import API, sign_request

TIMEOUT_SECONDS = 120
ATTEMPTS = 5
FIRST_WAIT_SECONDS = 2.0
PROBE_SECONDS = 5


class HubUnreachable(SoVangError):
    """No answer from the hub, after every retry: try again when the connection is back."""


@dataclass
class HubExchange:
    sent: int
    """Changes sent up."""
    received: list[stick.FileOutcome] = field(default_factory=list)


class HubClient:
    def __init__(
        self,
        url: str,
        site_id: uuid.UUID,
        secrets: SiteSecrets,
        cafile: Path | None = None,
        attempts: int = ATTEMPTS,
        first_wait: float = FIRST_WAIT_SECONDS,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.url = url.rstrip("/")
        self.site_id, self.secrets = site_id, secrets
        self.context = ssl.create_default_context(cafile=str(cafile)) if cafile else None
        self.attempts, self.first_wait, self.sleep = attempts, first_wait, sleep

    def request(self, method: str, path: str, body: bytes = b"") -> bytes:
        """One signed request, retried while the hub cannot be reached or fails on its side; a
        refusal (4xx) is final and says why."""
        wait = self.first_wait
        for attempt in range(self.attempts):
            headers = sign_request(self.secrets.signing, self.site_id, method, API + path, body)
            request = urllib.request.Request(
                self.url + API + path, data=body if method == "POST" else None, method=method, headers=headers
            )
            try:
                with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS, context=self.context) as answer:
                    return answer.read()
            except urllib.error.HTTPError as error:
                if error.code < 500:
                    raise BundleRejected(_refusal(error)) from None
            except (urllib.error.URLError, OSError):
                pass
            if attempt + 1 < self.attempts:
                self.sleep(wait)
                wait *= 2
        raise HubUnreachable(
            _("The hub at {url} does not answer; the work stays here and goes next time.").format(
                url=self.url
            )
        )


def hub_answers(url: str, cafile: Path | None = None, timeout: float = PROBE_SECONDS) -> bool:
    """Whether the hub at `url` is up: one quick unsigned question, no retry, nothing sent."""
    context = ssl.create_default_context(cafile=str(cafile)) if cafile else None
    try:
        with urllib.request.urlopen(url.rstrip("/") + "/health", timeout=timeout, context=context) as answer:
            return answer.status == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


def work_folder(db: Database) -> Path:
    """Where bundles wait for the moments they are sent or taken in: beside the database file, or
    in the user's data folder when the database is on a server."""
    return (db.path.parent if db.path else user_data_dir()) / "hub-exchange"


def _refusal(error: urllib.error.HTTPError) -> str:
    try:
        return str(json.loads(error.read().decode("utf-8"))["refused"])
    except (ValueError, KeyError, UnicodeDecodeError, OSError):
        return _("The hub refused the request ({code}).").format(code=error.code)


def exchange_with_hub(
    db: Database, username: str | None, secrets: SiteSecrets, client: HubClient, folder: Path
) -> HubExchange:
    """Send up, take the hub's receipt, then fetch and take in the down-bundle."""
    url = client.url
    with db.session() as session:
        site_role = session.scalars(select(Site.role)).one()
    hub_id = uuid.UUID(json.loads(client.request("GET", "/site"))["site_id"])
    with db.session() as session:
        hub = session.get(PeerSite, hub_id)
        if hub is None or LEVEL[hub.role] <= LEVEL[site_role]:
            raise BundleRejected(
                _("The server at {url} is not an office above this one that is connected here.").format(
                    url=url
                )
            )
    folder.mkdir(parents=True, exist_ok=True)
    exported = export_bundle(db, username, secrets, hub_id, folder)
    try:
        for path in exported.paths:  # in order: each continues where the one before ends
            answer = json.loads(client.request("POST", "/bundles", path.read_bytes()))
            if answer.get("receipt"):  # signed by the hub: taken as a receipt file is
                receipt = folder / f"receipt-{uuid.uuid4().hex[:8]}.json"
                receipt.write_text(json.dumps(answer["receipt"], ensure_ascii=False), encoding="utf-8")
                try:
                    import_receipt(db, username, receipt)
                finally:
                    receipt.unlink(missing_ok=True)
    finally:
        for path in exported.paths:
            path.unlink(missing_ok=True)
    down = folder / f"from-hub-{uuid.uuid4().hex[:8]}{bundle.SUFFIX}"
    down.write_bytes(client.request("GET", "/bundles/mine"))
    try:
        received = stick.import_files(db, username, secrets, [down], receipts_folder=folder)
    finally:
        down.unlink(missing_ok=True)
    return HubExchange(exported.change_count, received)
