"""Backups that leave the PC (on the office's stick or second disk) travel encrypted.

A lost stick must not give away the personal data of a whole commune. The copy is encrypted to
this site's own X25519 key, and carries that key's private half as it is stored (sealed under
the administrator's password by Argon2id). So making the copy needs no password, and opening it
needs only the administrator's password, even when the PC and its database are gone.

The file: a first line naming the format; a JSON line with the site, the sealed keys and the
stream key sealed to the site; then the database, encrypted in chunks with libsodium's
secretstream (XChaCha20-Poly1305), whose last chunk is marked final, so a truncated, reordered
or altered file is refused rather than restored half.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import tempfile
import threading
from pathlib import Path
from typing import Any, BinaryIO

from nacl import bindings
from nacl.exceptions import CryptoError
from nacl.public import PublicKey, SealedBox

from desktop.errors import DatabaseError
from desktop.files import replacing, write_failure
from desktop.i18n import _
from desktop.progress import Progress, step
from desktop.services.site_keys import SealedKeys, open_keys, weaker_than_today

SUFFIX = ".svbak"
MAGIC = b"SOVANG-SEALED-BACKUP/1\n"
CHUNK = 1024 * 1024
_ABYTES = bindings.crypto_secretstream_xchacha20poly1305_ABYTES
_HEADER_BYTES = bindings.crypto_secretstream_xchacha20poly1305_HEADERBYTES
_FINAL = bindings.crypto_secretstream_xchacha20poly1305_TAG_FINAL
_MESSAGE = bindings.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
_MAX_HEADER_LINE = 64 * 1024


def is_sealed(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def seal(
    plain: Path,
    out: Path,
    keys: SealedKeys,
    site: str,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> Path:
    """Write the verified backup `plain` encrypted at `out`, then read it back to check the drive
    holds what was written (WriteFailed, nothing left under `out`, when it does not)."""
    stream_key = bindings.crypto_secretstream_xchacha20poly1305_keygen()
    header = json.dumps(
        {
            "site": site,
            "made_at": dt.datetime.now().replace(microsecond=0).isoformat(),
            "keys": {
                "signing_public": _b64(keys.signing_public),
                "encryption_public": _b64(keys.encryption_public),
                "sealed_private": _b64(keys.sealed_private),
                "kdf_salt": _b64(keys.kdf_salt),
                "kdf_ops": keys.kdf_ops,
                "kdf_mem": keys.kdf_mem,
            },
            "stream_key": _b64(SealedBox(PublicKey(keys.encryption_public)).encrypt(stream_key)),
            "chunk": CHUNK,
        }
    ).encode("utf-8")
    written = hashlib.sha256()
    total = plain.stat().st_size
    with replacing(out) as partial, open(plain, "rb") as source, open(partial, "wb") as target:
        state = bindings.crypto_secretstream_xchacha20poly1305_state()
        stream_header = bindings.crypto_secretstream_xchacha20poly1305_init_push(state, stream_key)
        for part in (MAGIC, header, b"\n", stream_header):
            target.write(part)
            written.update(part)
        done, chunk = 0, source.read(CHUNK)
        first = True
        while True:
            following = source.read(CHUNK)
            tag = _MESSAGE if following else _FINAL
            sealed = bindings.crypto_secretstream_xchacha20poly1305_push(
                state, chunk, header if first else None, tag
            )
            target.write(sealed)
            written.update(sealed)
            done, first = done + len(chunk), False
            step(progress, cancel, done, total)
            if not following:
                break
            chunk = following
        target.flush()
    _check_written(out, written.hexdigest())
    return out


def _check_written(path: Path, digest: str) -> None:
    try:
        read = hashlib.sha256()
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(CHUNK), b""):
                read.update(block)
    except OSError as error:
        raise write_failure(error, path) from error
    if read.hexdigest() != digest:
        path.unlink(missing_ok=True)
        raise DatabaseError(
            _("The drive did not keep {path} as it was written; try another drive.").format(path=path.name)
        )


def read_header(path: Path) -> dict[str, Any]:
    """The readable part of a sealed backup (the site and when it was made)."""
    with open(path, "rb") as handle:
        return _header(handle, path)[0]


def _header(handle: BinaryIO, path: Path) -> tuple[dict[str, Any], bytes]:
    if handle.read(len(MAGIC)) != MAGIC:
        raise DatabaseError(_("{path} is not a Sổ Vàng backup.").format(path=path.name))
    line = handle.readline(_MAX_HEADER_LINE)
    try:
        return json.loads(line), line.rstrip(b"\n")
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise _damaged(path) from None


def _damaged(path: Path) -> DatabaseError:
    return DatabaseError(
        _("The backup {path} is damaged or incomplete; use another one.").format(path=path.name)
    )


def seal_again(path: Path, password: str, keys: SealedKeys) -> bool:
    """Write the sealed copy at `path` again with `keys` (sealed at today's setting) when it
    carries the keys sealed weaker; whether it did. Decrypted into a private temporary file beside
    nothing else, written back under its own name only once verified."""
    header = read_header(path)
    try:
        weak = weaker_than_today(int(header["keys"]["kdf_ops"]), int(header["keys"]["kdf_mem"]))
    except (KeyError, TypeError, ValueError):
        raise _damaged(path) from None
    if not weak:
        return False
    with tempfile.TemporaryDirectory(prefix="sovang-reseal-") as folder:
        plain = open_sealed(path, password, Path(folder) / "plain.sqlite")
        seal(plain, path, keys, str(header.get("site", "")))
    return True


def open_sealed(path: Path, password: str, out: Path) -> Path:
    """Decrypt the sealed backup at `path` into `out` with the administrator's password
    (KeysLocked when it is not theirs, DatabaseError when the file is damaged or cut short)."""
    with open(path, "rb") as handle:
        header, header_bytes = _header(handle, path)
        try:
            stored = header["keys"]
            keys = SealedKeys(
                base64.b64decode(stored["signing_public"]),
                base64.b64decode(stored["encryption_public"]),
                base64.b64decode(stored["sealed_private"]),
                base64.b64decode(stored["kdf_salt"]),
                int(stored["kdf_ops"]),
                int(stored["kdf_mem"]),
            )
            sealed_stream_key = base64.b64decode(header["stream_key"])
            chunk = int(header["chunk"])
        except (KeyError, TypeError, ValueError):
            raise _damaged(path) from None
        secrets = open_keys(keys, password)
        try:
            stream_key = SealedBox(secrets.encryption).decrypt(sealed_stream_key)
            state = bindings.crypto_secretstream_xchacha20poly1305_state()
            bindings.crypto_secretstream_xchacha20poly1305_init_pull(
                state, handle.read(_HEADER_BYTES), stream_key
            )
            with replacing(out) as partial, open(partial, "wb") as target:
                first, tag = True, _MESSAGE
                while tag != _FINAL:
                    sealed = handle.read(chunk + _ABYTES)
                    if not sealed:
                        raise _damaged(path)  # cut short: the final chunk never came
                    plain, tag = bindings.crypto_secretstream_xchacha20poly1305_pull(
                        state, sealed, header_bytes if first else None
                    )
                    target.write(plain)
                    first = False
                if handle.read(1):
                    raise _damaged(path)  # something after the final chunk
        except (CryptoError, ValueError, TypeError):
            raise _damaged(path) from None
    return out
