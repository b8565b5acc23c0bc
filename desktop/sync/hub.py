"""The hub: the upper office's endpoint that lower offices reach over the network when they have
one (`sovang serve`). It takes the same bundles as a stick and answers with the same receipts.

Every request names its site and is signed with that site's key over the method, the path, the
body's declared length and hash, a time and a nonce. The hub checks all of it from the headers
before it keeps a byte of the body: a stranger, a forged or replayed request (a nonce seen
before, or a time more than five minutes off), a body larger than the cap, or one upload too many
at once from one site are refused at once. The body is then hashed as it streams and must be
what was signed. Bundles go through the one import path the stick uses; the database is written
by one request at a time. A site fetches its down-bundle the same way: made on request, sent, not
kept (what it has not acknowledged is sent again next time).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import logging
import secrets
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey
from sqlalchemy import select
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from desktop.db import Database
from desktop.i18n import _
from desktop.models import PeerSite, Site
from desktop.services.site_keys import SiteSecrets
from desktop.sync import bundle, stick
from desktop.sync.exchange import export_bundle

SITE_HEADER, SIGNATURE_HEADER = "X-SoVang-Site", "X-SoVang-Signature"
TIME_HEADER, NONCE_HEADER, LENGTH_HEADER, BODY_HEADER = (
    "X-SoVang-Time",
    "X-SoVang-Nonce",
    "X-SoVang-Length",
    "X-SoVang-Body",
)
API = "/v1"
log = logging.getLogger(__name__)
CHUNK = 1024 * 1024
MAX_SKEW_SECONDS = 300
"""How far a request's time may be from the hub's: a replay later than this is refused by it, an
earlier one by its nonce."""
MAX_BODY_BYTES = 256 * 1024**2
MAX_UPLOADS_PER_SITE = 2


def loopback_port() -> int:
    """A port free on this PC now, for a hub started on loopback (selftest, tests, bench)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def request_text(method: str, path: str, length: int, body_sha256: str, at: int, nonce: str) -> bytes:
    """What a request's signature covers."""
    return f"sovang-request/2\n{method.upper()}\n{path}\n{length}\n{body_sha256}\n{at}\n{nonce}".encode()


def sign_request(
    key: SigningKey, site_id: uuid.UUID, method: str, path: str, body: bytes, at: int | None = None
) -> dict[str, str]:
    """The headers that make one request this site's: signed anew for every try."""
    at = int(time.time()) if at is None else at
    nonce, digest = secrets.token_hex(16), hashlib.sha256(body).hexdigest()
    signature = key.sign(request_text(method, path, len(body), digest, at, nonce)).signature
    return {
        SITE_HEADER: str(site_id),
        SIGNATURE_HEADER: base64.b64encode(signature).decode(),
        TIME_HEADER: str(at),
        NONCE_HEADER: nonce,
        LENGTH_HEADER: str(len(body)),
        BODY_HEADER: digest,
    }


@dataclass(frozen=True)
class Signed:
    """What a request's checked headers say of its body."""

    site: uuid.UUID
    length: int
    body_sha256: str


class Nonces:
    """The nonces of the requests heard within the allowed skew: one heard again is a replay."""

    def __init__(self) -> None:
        self._seen: dict[str, float] = {}
        self._lock = threading.Lock()

    def first_time(self, nonce: str, now: float) -> bool:
        with self._lock:
            for old in [key for key, at in self._seen.items() if at < now - 2 * MAX_SKEW_SECONDS]:
                del self._seen[old]
            if nonce in self._seen:
                return False
            self._seen[nonce] = now
            return True


class _Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class Hub:
    """The endpoint's state: the database, the keys, where uploads wait while they are imported."""

    def __init__(
        self,
        db: Database,
        username: str,
        secrets: SiteSecrets,
        folder: Path,
        max_body: int = MAX_BODY_BYTES,
        uploads_per_site: int = MAX_UPLOADS_PER_SITE,
    ) -> None:
        self.db, self.username, self.secrets = db, username, secrets
        self.inbox, self.outbox = folder / "inbox", folder / "outbox"
        self.inbox.mkdir(parents=True, exist_ok=True)
        self.outbox.mkdir(parents=True, exist_ok=True)
        self.writing = threading.Lock()
        """One writer at a time: an import is one transaction."""
        self.max_body, self.uploads_per_site = max_body, uploads_per_site
        self.nonces = Nonces()
        self.uploading: dict[uuid.UUID, int] = {}

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/health", self.health, methods=["GET"]),
                Route(f"{API}/site", self.site, methods=["GET"]),
                Route(f"{API}/bundles", self.upload, methods=["POST"]),
                Route(f"{API}/bundles/mine", self.download, methods=["GET"]),
            ]
        )

    @staticmethod
    async def health(_request: Request) -> JSONResponse:
        """Up and listening: what a lower office asks, cheaply, before it starts an exchange."""
        return JSONResponse({"status": "ok"})

    async def site(self, _request: Request) -> JSONResponse:
        """Which site this hub is, so a client can check it is the office it enrolled."""

        def read() -> str:
            with self.db.session() as session:
                return str(session.scalars(select(Site.id)).one())

        return JSONResponse({"site_id": await run_in_threadpool(read)})

    def _sender(self, request: Request) -> tuple[uuid.UUID, VerifyKey]:
        try:
            site_id = uuid.UUID(request.headers[SITE_HEADER])
        except (KeyError, ValueError):
            raise _Refused(401, _("The request does not say which site sends it.")) from None
        with self.db.session() as session:
            peer = session.get(PeerSite, site_id)
            if peer is None:
                raise _Refused(403, _("This site is not enrolled at the hub: enrol its card first."))
            if peer.revoked_at is not None:
                raise _Refused(403, _("This site was revoked; the hub refuses it."))
            return site_id, VerifyKey(peer.signing_public)

    async def _signed(self, request: Request) -> Signed:
        """The request's site and what it says of its body, from the headers alone: the site
        enrolled and not revoked, the signature its key's, the time near, the nonce new, the
        declared length within the cap. _Refused otherwise, before any of the body is read."""
        site_id, key = await run_in_threadpool(self._sender, request)
        headers = request.headers
        if SIGNATURE_HEADER in headers and TIME_HEADER not in headers:  # signed as before version 2
            raise _Refused(
                426, _("The hub needs a newer Sổ Vàng on this PC to hear it; update Sổ Vàng, then try again.")
            )
        try:
            signature = base64.b64decode(headers[SIGNATURE_HEADER], validate=True)
            at, length = int(headers[TIME_HEADER]), int(headers[LENGTH_HEADER])
            nonce, digest = headers[NONCE_HEADER], headers[BODY_HEADER]
            key.verify(request_text(request.method, request.url.path, length, digest, at, nonce), signature)
        except (KeyError, ValueError, binascii.Error, BadSignatureError):
            raise _Refused(
                401, _("The request's signature does not match the enrolled site's key.")
            ) from None
        now = time.time()
        if abs(now - at) > MAX_SKEW_SECONDS:
            raise _Refused(
                401, _("The request's time is more than five minutes off the hub's: check the PC's clock.")
            )
        if not self.nonces.first_time(nonce, now):
            raise _Refused(401, _("This request was heard before; a replayed request is refused."))
        if length > self.max_body:
            raise _Refused(413, _("The bundle is larger than a bundle may be."))
        if request.headers.get("content-length", str(length)) != str(length):
            raise _Refused(400, _("The request's body is not the one that was signed."))
        return Signed(site_id, length, digest)

    async def upload(self, request: Request) -> Response:
        try:
            signed = await self._signed(request)
            with self._upload_turn(signed.site):
                path = self.inbox / f"upload-{uuid.uuid4().hex}{bundle.SUFFIX}"
                try:
                    await self._receive(request, path, signed)
                    outcome = await run_in_threadpool(self._import, path)
                finally:
                    path.unlink(missing_ok=True)
        except _Refused as refused:
            return JSONResponse({"refused": str(refused)}, status_code=refused.status)
        except ClientDisconnect:
            log.info("a site went away during its upload")
            return Response(status_code=400)
        if outcome.failed:
            return JSONResponse({"refused": outcome.refused}, status_code=422)
        receipt = json.loads(outcome.receipt.read_text(encoding="utf-8")) if outcome.receipt else None
        if outcome.receipt:
            outcome.receipt.unlink(missing_ok=True)
        return JSONResponse({"receipt": receipt, "already": outcome.already})

    @contextmanager
    def _upload_turn(self, site: uuid.UUID) -> Iterator[None]:
        """One of the uploads a site may have under way at once; _Refused beyond them."""
        if self.uploading.get(site, 0) >= self.uploads_per_site:
            raise _Refused(429, _("This site is already sending bundles; wait until they are taken in."))
        self.uploading[site] = self.uploading.get(site, 0) + 1
        try:
            yield
        finally:
            self.uploading[site] -= 1

    @staticmethod
    async def _receive(request: Request, path: Path, signed: Signed) -> None:
        """Stream the body to a file, hashing it on the way: no more than declared, and exactly
        what was signed."""
        digest, size = hashlib.sha256(), 0
        with path.open("wb") as handle:
            async for chunk in request.stream():
                size += len(chunk)
                if size > signed.length:
                    raise _Refused(400, _("The request carries more than it declared."))
                digest.update(chunk)
                handle.write(chunk)
        if size != signed.length or digest.hexdigest() != signed.body_sha256:
            raise _Refused(400, _("The request's body is not the one that was signed."))

    def _import(self, path: Path) -> stick.FileOutcome:
        with self.writing:
            (outcome,) = stick.import_files(
                self.db, self.username, self.secrets, [path], receipts_folder=self.inbox, backup=False
            )
        return outcome

    async def download(self, request: Request) -> Response:
        try:
            signed = await self._signed(request)
            if signed.length != 0:
                raise _Refused(400, _("The request carries more than it declared."))
            content = await run_in_threadpool(self._export, signed.site)
        except _Refused as refused:
            return JSONResponse({"refused": str(refused)}, status_code=refused.status)
        return Response(content, media_type="application/octet-stream")

    def _export(self, site_id: uuid.UUID) -> bytes:
        """The first bundle of what the site should have; the others follow at its next
        exchanges, once its receipt says where the first ended."""
        with self.writing:
            result = export_bundle(self.db, self.username, self.secrets, site_id, self.outbox)
        try:
            return result.path.read_bytes()
        finally:
            for path in result.paths:
                path.unlink(missing_ok=True)
