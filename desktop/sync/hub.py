"""The hub: the upper office's endpoint that lower offices reach over the network when they have
one (`sovang serve`). It takes the same bundles as a stick and answers with the same receipts.

Every request names its site and is signed with that site's key over the method, the path and
the body's hash, so only registered, unrevoked sites are heard, before a byte of the body is
kept. Bundles go through the one import path the stick uses; the database is written by one
request at a time. A site fetches its down-bundle the same way: made on request, sent, not kept
(what it has not acknowledged is sent again next time).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import socket
import threading
import uuid
from pathlib import Path

from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey
from sqlalchemy import select
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from desktop.db import Database
from desktop.i18n import _
from desktop.models import PeerSite, Site
from desktop.services.site_keys import SiteSecrets
from desktop.sync import bundle, stick
from desktop.sync.exchange import export_bundle

SITE_HEADER, SIGNATURE_HEADER = "X-SoVang-Site", "X-SoVang-Signature"
API = "/v1"
CHUNK = 1024 * 1024


def loopback_port() -> int:
    """A port free on this PC now, for a hub started on loopback (selftest, tests, bench)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def request_text(method: str, path: str, body_sha256: str) -> bytes:
    """What a request's signature covers."""
    return f"{method.upper()} {path} {body_sha256}".encode()


def sign_request(key: SigningKey, site_id: uuid.UUID, method: str, path: str, body: bytes) -> dict[str, str]:
    """The headers that make a request this site's."""
    signature = key.sign(request_text(method, path, hashlib.sha256(body).hexdigest())).signature
    return {SITE_HEADER: str(site_id), SIGNATURE_HEADER: base64.b64encode(signature).decode()}


class _Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class Hub:
    """The endpoint's state: the database, the keys, where uploads wait while they are imported."""

    def __init__(self, db: Database, username: str, secrets: SiteSecrets, folder: Path) -> None:
        self.db, self.username, self.secrets = db, username, secrets
        self.inbox, self.outbox = folder / "inbox", folder / "outbox"
        self.inbox.mkdir(parents=True, exist_ok=True)
        self.outbox.mkdir(parents=True, exist_ok=True)
        self.writing = threading.Lock()
        """One writer at a time: an import is one transaction."""

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

    @staticmethod
    def _check_signature(request: Request, key: VerifyKey, body_sha256: str) -> None:
        try:
            signature = base64.b64decode(request.headers[SIGNATURE_HEADER], validate=True)
            key.verify(request_text(request.method, request.url.path, body_sha256), signature)
        except (KeyError, ValueError, binascii.Error, BadSignatureError):
            raise _Refused(
                401, _("The request's signature does not match the enrolled site's key.")
            ) from None

    async def upload(self, request: Request) -> Response:
        try:
            _site, key = await run_in_threadpool(self._sender, request)
            path = self.inbox / f"upload-{uuid.uuid4().hex}{bundle.SUFFIX}"
            try:
                digest = await self._receive(request, path)
                self._check_signature(request, key, digest)
                outcome = await run_in_threadpool(self._import, path)
            finally:
                path.unlink(missing_ok=True)
        except _Refused as refused:
            return JSONResponse({"refused": str(refused)}, status_code=refused.status)
        if outcome.failed:
            return JSONResponse({"refused": outcome.refused}, status_code=422)
        receipt = json.loads(outcome.receipt.read_text(encoding="utf-8")) if outcome.receipt else None
        if outcome.receipt:
            outcome.receipt.unlink(missing_ok=True)
        return JSONResponse({"receipt": receipt, "already": outcome.already})

    async def _receive(self, request: Request, path: Path) -> str:
        """Stream the body to a file (a bundle can be large), refusing one beyond the bundle limit."""
        digest, size = hashlib.sha256(), 0
        with path.open("wb") as handle:
            async for chunk in request.stream():
                size += len(chunk)
                if size > bundle.MAX_BUNDLE_BYTES:
                    raise _Refused(413, _("The bundle is larger than a bundle may be."))
                digest.update(chunk)
                handle.write(chunk)
        return digest.hexdigest()

    def _import(self, path: Path) -> stick.FileOutcome:
        with self.writing:
            (outcome,) = stick.import_files(
                self.db, self.username, self.secrets, [path], receipts_folder=self.inbox, backup=False
            )
        return outcome

    async def download(self, request: Request) -> Response:
        try:
            site_id, key = await run_in_threadpool(self._sender, request)
            self._check_signature(request, key, hashlib.sha256(b"").hexdigest())
            content = await run_in_threadpool(self._export, site_id)
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
