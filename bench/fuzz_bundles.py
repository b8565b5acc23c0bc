"""Hostile bundles: feed a province thousands of malformed bundles and prove it never crashes and
never changes its records for a bundle it refuses.

    python bench/fuzz_bundles.py [--count 10000] [--seed 1]

Every bundle is made from one real bundle of a commune (its people, an attached file), by one of:

- **bytes**: bits flipped, bytes overwritten, inserted or cut, the file truncated;
- **zip**: entries dropped, doubled, renamed, added, compressed, swapped or emptied;
- **manifest**: a field removed, or given a wrong type, a huge, negative or strange value, then
  signed again with the commune's real key (what broken or hostile software could send);
- **changes**: the changes themselves mangled (wrong types, unknown tables and fields, huge,
  control-character, right-to-left and emoji text, broken ids, bases that do not exist), then
  encrypted and signed properly.

Each import must end in a refusal with a message (`BundleRejected`), or in an import whose bad
changes are quarantined: any other exception is a crash. A refused import must leave the database
exactly as it was (a fingerprint of its rows, taken before and after). At the end the database
passes its integrity and audit checks. Prints the counts; exit 1 on any crash or change.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import io
import json
import os
import random
import sys
import tempfile
import time
import traceback
import uuid
import zipfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("SOVANG_DATA_DIR", tempfile.mkdtemp(prefix="sovang-fuzz-"))

from linked_sites import linked_sites  # noqa: E402
from nacl.public import PublicKey  # noqa: E402
from sqlalchemy import text  # noqa: E402

from desktop.db import Database  # noqa: E402
from desktop.services.maintenance import check_database  # noqa: E402
from desktop.services.people import PersonFields, create_person  # noqa: E402
from desktop.services.site_keys import unlock  # noqa: E402
from desktop.sync import bundle, cards, zip_layout  # noqa: E402
from desktop.sync.bundle import BundleRejected, Manifest, Range  # noqa: E402
from desktop.sync.exchange import export_bundle, import_bundle  # noqa: E402

PASSWORD = "matkhau-thu-nghich"
FINGERPRINT = text(
    "SELECT (SELECT count(*) FROM person), (SELECT count(*) FROM sync_change),"
    " (SELECT count(*) FROM sync_quarantine), (SELECT count(*) FROM sync_bundle),"
    " (SELECT count(*) FROM peer_site WHERE revoked_at IS NULL), (SELECT count(*) FROM attachment),"
    " (SELECT max(id) FROM audit_entry), (SELECT count(*) FROM reference_release)"
)
STRANGE = [
    None,
    True,
    -1,
    0,
    2**63,
    1e308,
    "",
    "x" * 100_000,
    "\u202eđảo chiều",
    "😀" * 50,
    "\x00\x01\x1b[31m",
    [],
    {},
    {"a": [1, {"b": None}]},
    "9999-99-99",
    "00000000-0000-0000-0000-000000000000",
]


def fingerprint(db: Database) -> tuple:
    with db.engine.connect() as connection:
        return tuple(connection.execute(FINGERPRINT).one())


def entries_of(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, archive.read(info.filename)) for info in archive.infolist()]


def zipped(entries: list[tuple[str, bytes]], compressed: set[str] = frozenset()) -> bytes:  # type: ignore[assignment]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in entries:
            method = zipfile.ZIP_DEFLATED if name in compressed else zipfile.ZIP_STORED
            archive.writestr(zip_layout.entry(name), data, compress_type=method)  # as Sổ Vàng lays it out
    return out.getvalue()


class Fuzzer:
    def __init__(self, rng: random.Random, original: Path, commune, province_card, province) -> None:  # type: ignore[no-untyped-def]
        """`commune` and `province` are the two sites' unlocked keys."""
        self.rng = rng
        self.data = original.read_bytes()
        self.entries = entries_of(self.data)
        self.manifest_json = json.loads(dict(self.entries)["manifest.json"])
        self.commune = commune
        self.recipient = PublicKey(province_card.encryption_key)
        contents = bundle.open_sealed(
            bundle.check_sealed(*self._opened(original), commune.signing.verify_key), province.encryption
        )
        self.changes = contents.changes
        self.blobs = contents.blobs

    @staticmethod
    def _opened(path: Path):  # type: ignore[no-untyped-def]
        manifest, manifest_bytes, signature, archive = bundle.read_manifest(path)
        return archive, manifest, manifest_bytes, signature

    def make(self, kind: str, path: Path) -> None:
        getattr(self, f"_{kind}")(path)

    def _bytes(self, path: Path) -> None:
        data = bytearray(self.data)
        for _ in range(self.rng.randint(1, 8)):
            action = self.rng.choice(("flip", "set", "insert", "cut", "truncate"))
            at = self.rng.randrange(len(data)) if data else 0
            if action == "flip" and data:
                data[at] ^= 1 << self.rng.randrange(8)
            elif action == "set" and data:
                data[at] = self.rng.randrange(256)
            elif action == "insert":
                data[at:at] = self.rng.randbytes(self.rng.randint(1, 64))
            elif action == "cut":
                del data[at : at + self.rng.randint(1, 256)]
            else:
                del data[self.rng.randrange(len(data) + 1) :]
        path.write_bytes(bytes(data))

    def _zip(self, path: Path) -> None:
        entries = list(self.entries)
        compressed: set[str] = set()
        action = self.rng.choice(("drop", "double", "rename", "add", "compress", "swap", "empty", "slip"))
        index = self.rng.randrange(len(entries))
        name, data = entries[index]
        if action == "drop":
            del entries[index]
        elif action == "double":
            entries.append((name, data))
        elif action == "rename":
            entries[index] = (
                self.rng.choice(["MANIFEST.JSON", "blobs/x.bin", "changes.bin ", "a/b/c"]),
                data,
            )
        elif action == "add":
            entries.append(
                (f"blobs/{self.rng.randbytes(32).hex()}.bin", self.rng.randbytes(self.rng.randint(0, 4096)))
            )
        elif action == "compress":
            compressed.add(name)
        elif action == "swap":
            other = self.rng.randrange(len(entries))
            entries[index], entries[other] = (name, entries[other][1]), (entries[other][0], data)
        elif action == "empty":
            entries[index] = (name, b"")
        else:
            entries.append((self.rng.choice(["../x", "/etc/x", "..\\x", "C:/x"]), b"x"))
        path.write_bytes(zipped(entries, compressed))

    def _manifest(self, path: Path) -> None:
        manifest = copy.deepcopy(self.manifest_json)
        for _ in range(self.rng.randint(1, 3)):
            target, key = self._pick(manifest)
            if key is None:
                continue
            if self.rng.random() < 0.3 and isinstance(target, dict):
                del target[key]
            else:
                target[key] = copy.deepcopy(self.rng.choice(STRANGE))
        manifest_bytes = json.dumps(manifest, ensure_ascii=False).encode("utf-8", "surrogatepass")
        entries = [
            (name, manifest_bytes if name == "manifest.json" else data)
            for name, data in self.entries
            if name != "manifest.sig"
        ]
        entries.append(("manifest.sig", self.commune.signing.sign(manifest_bytes).signature))
        path.write_bytes(zipped(entries))

    def _pick(self, tree):  # type: ignore[no-untyped-def]
        """A random place (container, key) anywhere in a JSON tree."""
        container, key = tree, self.rng.choice(list(tree)) if tree else None
        while (
            key is not None
            and isinstance(container[key], (dict, list))
            and container[key]
            and self.rng.random() < 0.6
        ):
            container = container[key]
            key = (
                self.rng.choice(list(container))
                if isinstance(container, dict)
                else self.rng.randrange(len(container))
            )
        return container, key

    def _changes(self, path: Path) -> None:
        """Under a fresh epoch of the commune, so every change is new to the province and goes
        through the merge (the same numbers again would only be skipped as already held), and
        about new records: the same twenty edited again in every bundle would pile up a history
        (and conflicts) that makes each import slower than the last."""
        changes = copy.deepcopy(self.changes)
        epoch = self.rng.randint(2, 2**31)
        renamed: dict[str, str] = {}
        for change in changes:
            change["epoch"] = epoch
            change["record"] = renamed.setdefault(change["record"], str(uuid.uuid4()))
        for change in changes:  # references among them follow the new names
            change["fields"] = {
                name: renamed.get(value, value) if isinstance(value, str) else value
                for name, value in change["fields"].items()
            }
        for _ in range(self.rng.randint(1, 4)):
            change = self.rng.choice(changes)
            action = self.rng.choice(("field", "table", "record", "bases", "unit", "value", "drop", "extra"))
            if action == "field":
                change["fields"][self.rng.choice(["khong_co", "id", "seq", "row_version", ""])] = 1
            elif action == "table":
                change["table"] = self.rng.choice(["app_user", "sqlite_master", "site", "khong_co", ""])
            elif action == "record":
                change["record"] = self.rng.choice(["khong-phai-uuid", str(uuid.uuid4()), ""])
            elif action == "bases":
                change["bases"] = [f"{uuid.uuid4()}:1:{self.rng.randint(1, 99)}"]
            elif action == "unit":
                change["unit"] = str(uuid.uuid4())
            elif action == "value" and change["fields"]:
                change["fields"][self.rng.choice(list(change["fields"]))] = copy.deepcopy(
                    self.rng.choice(STRANGE)
                )
            elif action == "drop" and change["fields"]:
                del change["fields"][self.rng.choice(list(change["fields"]))]
            else:
                change["fields"]["full_name"] = self.rng.choice(STRANGE[6:11])
        manifest = Manifest.from_json(self.manifest_json)
        manifest.ranges = [Range(r.origin, epoch, r.first, r.last, r.count) for r in manifest.ranges]
        manifest.bundle_id = uuid.uuid4()
        manifest.created_at = dt.datetime(2026, 11, 22, 8, 0)
        bundle.write(path, manifest, changes, self.blobs, self.commune.signing, self.recipient)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="sovang-fuzz-") as temporary:
        folder = Path(temporary)
        commune, province = linked_sites(folder, PASSWORD)
        province_card = cards.own_card(province)
        for number in range(20):
            create_person(commune, "admin", PersonFields(full_name=f"Hoàng Thị Thử {number}"))
        commune_keys = unlock(commune, PASSWORD)
        province_secrets = unlock(province, PASSWORD)
        original = export_bundle(commune, "admin", commune_keys, province_card.site_id, folder / "usb").path
        fuzzer = Fuzzer(rng, original, commune_keys, province_card, province_secrets)
        kinds = ("bytes", "zip", "manifest", "changes")
        outcomes: Counter = Counter()
        messages: Counter = Counter()
        crashes, changed = [], 0
        started = time.perf_counter()
        for number in range(args.count):
            kind = kinds[number % len(kinds)]
            path = folder / f"fuzz-{number}.svb"
            fuzzer.make(kind, path)
            before = fingerprint(province)
            try:
                result = import_bundle(province, "admin", province_secrets, path)
                outcomes[f"{kind}: imported"] += 1
                for outcome, count in result.counts.items():
                    outcomes[f"  changes {outcome}"] += count
            except BundleRejected as refusal:
                outcomes[f"{kind}: refused"] += 1
                messages[str(refusal)[:70]] += 1
                if fingerprint(province) != before:
                    changed += 1
            except Exception as error:  # a crash: anything but a refusal with its message
                where = traceback.extract_tb(error.__traceback__)[-1]
                crashes.append(
                    f"{kind} #{number}: {type(error).__name__}: {str(error)[:120]}"
                    f" at {Path(where.filename).name}:{where.lineno}"
                )
            path.unlink()
        spent = time.perf_counter() - started
        report = check_database(province)
        commune.close()
        province.close()
    print(f"fuzzed bundles: {args.count} in {spent:.0f} s ({args.count / spent:.0f}/s)")
    for name, count in sorted(outcomes.items()):
        print(f"  {name}: {count}")
    print(f"  crashes: {len(crashes)}")
    print(f"  refused bundles that changed the database: {changed}")
    print(f"  database sound at the end: {report.ok}")
    print("most frequent refusals:")
    for message, count in messages.most_common(8):
        print(f"  {count:6}  {message}")
    for line in crashes[:10]:
        print("CRASH", line)
    if crashes or changed or not report.ok:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
