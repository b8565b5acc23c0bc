"""The `sovang` command: every use case reachable headless, through the same services as the GUI.

Exit codes (design.md §6): 0 done; 1 a check failed or input was rejected; 2 usage error or
unreadable input. Output is Vietnamese unless `--lang en`; `--json` prints for machines.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import os
import sys
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop import __version__
from desktop.codes import ReleaseKind
from desktop.errors import SoVangError, ValidationError
from desktop.i18n import DEFAULT_LANGUAGE, LANGUAGES, _, format_date, format_number, set_language
from desktop.labels import RELEASE_KIND, ROLE, label
from desktop.paths import default_db_path

if TYPE_CHECKING:  # the database layer loads only for the commands that open one
    from desktop.db import Database

PASSWORD_ENV = "SOVANG_ADMIN_PASSWORD"
USER_PASSWORD_ENV = "SOVANG_PASSWORD"
NEW_PASSWORD_ENV = "SOVANG_NEW_PASSWORD"
EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2
GUI_PAGES = (
    "wizard",
    "login",
    "overview",
    "people",
    "collectives",
    "movements",
    "registrations",
    "models",
    "proposals",
    "decisions",
    "awards",
    "sync",
    "settings",
)
"""The screens `gui --page` can render (kept equal to `desktop.ui.app.SCREENS` by a test)."""


class UsageError(SoVangError):
    exit_code = EXIT_USAGE


def _emit(args: argparse.Namespace, data: dict[str, Any], lines: list[str]) -> None:
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    else:
        print("\n".join(lines))


def _read_file(path: str) -> bytes:
    """The file's content; UsageError saying why, in the user's language, when it cannot be read."""
    from desktop.files import read_reason

    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise UsageError(
            _("Cannot read {path}: {reason}").format(path=path, reason=read_reason(error))
        ) from None


def _open(args: argparse.Namespace, create: bool = False) -> Database:
    from desktop.db import Database

    return Database.open(args.db, create=create)


def _admin_password(user: str, confirm: bool = False, env: str = PASSWORD_ENV) -> str:
    """A password from the environment variable `env`, or typed at the prompt (twice when new)."""
    password = os.environ.get(env)
    if password is not None:
        return password
    if not sys.stdin.isatty():
        raise UsageError(_("Give the password in {env} or type it at the prompt.").format(env=env))
    password = getpass.getpass(_("Password for {user}: ").format(user=user))
    if confirm and getpass.getpass(_("Repeat the password: ")) != password:
        raise ValidationError("password", _("The two passwords differ."))
    return password


@dataclass(frozen=True)
class _SignedIn:
    username: str
    password: str
    is_admin: bool

    def keys_password(self) -> str:
        """The password that opens the site's keys, which are sealed with an administrator's."""
        if self.is_admin:
            return self.password
        return _admin_password(_("an administrator"))


def _sign_in(args: argparse.Namespace, db: Database) -> _SignedIn:
    """Who a command that writes acts for, as the window's sign-in says: the account named with
    --user and its password (SOVANG_PASSWORD or the prompt), or else the administrator whose
    password is given (SOVANG_ADMIN_PASSWORD or the prompt). Refused before anything is done."""
    from desktop.codes import UserRole
    from desktop.services import accounts

    if args.user:
        password = _admin_password(args.user, env=USER_PASSWORD_ENV)
        user = accounts.authenticate(db, args.user, password)
    else:
        password = _admin_password(_("the administrator"))
        user = accounts.authenticate_administrator(db, password)
    return _SignedIn(user.username, password, user.role == UserRole.ADMIN)


def cmd_init(args: argparse.Namespace) -> int:
    from desktop.services.setup import init_site

    password = _admin_password(args.admin, confirm=True)
    db = _open(args, create=True)
    try:
        info = init_site(db, args.role, args.unit, args.admin, password, args.district)
    finally:
        db.close()
    _emit(
        args,
        {
            "site_id": str(info.site_id),
            "role": info.role,
            "unit": info.unit_name,
            "unit_code": info.unit_code,
            "province": info.province_name,
        },
        [
            _("Set up {db} for {unit} ({role}).").format(db=args.db, unit=info.unit_name, role=info.role),
            _("Administrator: {user}").format(user=args.admin),
        ],
    )
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from desktop.demo.builder import build_demo

    db = _open(args)
    try:
        summary = build_demo(db, _sign_in(args, db).username, seed=args.seed, persons=args.persons)
    finally:
        db.close()
    _emit(
        args,
        vars(summary),
        [
            _("Demo data built with seed {seed}.").format(seed=summary.seed),
            _("People: {n}").format(n=summary.people),
            _("Collectives: {n}").format(n=summary.collectives),
            _("Decisions: {n}").format(n=summary.decisions),
            _("Awards: {n}").format(n=summary.awards),
            _("Proposals: {n}").format(n=summary.proposals),
        ],
    )
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from desktop.services.maintenance import check_database

    db = _open(args)
    try:
        report = check_database(db)
    finally:
        db.close()
    lines = [
        _("Schema version: {found} (current: {head})").format(
            found=report.schema_revision, head=report.schema_head
        ),
        _("People: {n}").format(n=report.counts.get("people", 0)),
        _("Collectives: {n}").format(n=report.counts.get("collectives", 0)),
        _("Decisions: {n}").format(n=report.counts.get("decisions", 0)),
        _("Awards: {n}").format(n=report.counts.get("awards", 0)),
        _("Content digest: {digest}").format(digest=report.content_digest),
    ]
    lines.extend(_("Problem: {problem}").format(problem=p) for p in report.problems)
    lines.append(_("The database is sound.") if report.ok else _("The database has problems."))
    _emit(
        args,
        {
            "ok": report.ok,
            "schema_revision": report.schema_revision,
            "schema_head": report.schema_head,
            "counts": report.counts,
            "problems": report.problems,
            "content_digest": report.content_digest,
        },
        lines,
    )
    return EXIT_OK if report.ok else EXIT_REJECTED


def cmd_search(args: argparse.Namespace) -> int:
    from desktop.services.search import KIND_LABELS, search

    db = _open(args)
    try:
        hits = search(db, args.text, limit=args.limit)
    finally:
        db.close()
    lines = [
        f"[{_(KIND_LABELS[h.kind])}] {h.title}" + (f" — {h.detail}" if h.detail else "") for h in hits
    ] or [_("Nothing found.")]
    _emit(
        args,
        {
            "query": args.text,
            "results": [
                {"kind": h.kind, "id": str(h.id), "title": h.title, "detail": h.detail} for h in hits
            ],
        },
        lines,
    )
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    from desktop.services.backups import make_backup

    db = _open(args)
    try:
        signed = _sign_in(args, db)
    finally:
        db.close()
    out = make_backup(Path(args.db), Path(args.out), username=signed.username)
    _emit(args, {"backup": str(out)}, [_("Backup written and verified: {path}").format(path=out)])
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from desktop.services.backups import restore_backup
    from desktop.services.sealed_backups import is_sealed

    db = _open(args)
    try:
        signed = _sign_in(args, db)
    finally:
        db.close()
    password = signed.keys_password() if is_sealed(Path(args.file)) else None
    epoch = restore_backup(Path(args.db), Path(args.file), username=signed.username, password=password)
    _emit(
        args,
        {"restored": args.file, "epoch": epoch},
        [
            _("Restored {file} into {db}.").format(file=args.file, db=args.db),
            _("The previous database was kept in the backups folder."),
        ],
    )
    return EXIT_OK


def cmd_print(args: argparse.Namespace) -> int:
    import uuid

    from desktop.files import replacing
    from desktop.reports.printing import Selection, render

    try:
        record_id = uuid.UUID(args.id) if args.id else None
    except ValueError as error:
        raise UsageError(_("Not a record id: {value}").format(value=args.id)) from error
    chosen = Selection(record_id, args.number, args.year, args.award, args.preprinted, args.printer or "")
    out = Path(args.out)
    with replacing(out) as partial:
        count = render(_open(args), args.kind, partial, chosen)
    _emit(args, {"out": str(out), "kind": args.kind, "count": count}, [_("Written: {path}").format(path=out)])
    return EXIT_OK


def cmd_excel(args: argparse.Namespace) -> int:
    if args.action == "export":
        from desktop.files import replacing
        from desktop.reports.excel_export import export_list

        db = _open(args)
        if args.with_sensitive:  # ethnicity leaves the machine only for someone signed in
            _sign_in(args, db)
        with replacing(Path(args.out)) as partial:
            count = export_list(db, args.kind, partial, sensitive=args.with_sensitive)
        _emit(
            args,
            {"out": args.out, "rows": count},
            [_("{count} rows written to {path}").format(count=count, path=args.out)],
        )
        return EXIT_OK
    from desktop.reports.excel_import import commit, read_sheet, write_rejects
    from desktop.reports.import_rows import Options

    db = _open(args)
    signed = _sign_in(args, db) if args.commit else None
    options = Options(add_villages=args.add_villages, add_people=args.add_people)
    preview = read_sheet(db, args.kind, Path(args.file), options=options, sheet=args.sheet)
    if preview.missing:
        raise UsageError(preview.missing_message())
    lines = [
        _("Header found on row {row}; text encoding: {encoding}.").format(
            row=preview.header_row, encoding=preview.encoding
        ),
        _("{valid} valid rows, {errors} errors, {duplicates} already recorded.").format(
            valid=len(preview.valid), errors=len(preview.errors), duplicates=len(preview.duplicates)
        ),
    ]
    if preview.document:
        lines.append(_("From the document: {facts}.").format(facts=_document_facts(preview.document)))
    if preview.villages_to_create:
        names = ", ".join(preview.villages_to_create)
        lines.append(
            _("Villages to create: {names}.").format(names=names)
            if args.add_villages
            else _("Villages not recorded: {names}. Add --add-villages to create them.").format(names=names)
        )
    if preview.people_not_recorded:
        names = ", ".join(preview.people_not_recorded)
        lines.append(
            _("People to create: {names}.").format(names=names)
            if args.add_people
            else _("People not recorded: {names}. Add --add-people to create them.").format(names=names)
        )
    if preview.unknown_awards:
        lines.append(
            _("Award names not understood: {names}.").format(names=", ".join(preview.unknown_awards))
        )
    lines += [
        _("Row {row}, column {column}: {reason}").format(row=e.row, column=e.column, reason=e.reason)
        for e in preview.errors
    ]
    lines += [
        _("Row {row}: {name} is already recorded.").format(row=d.row, name=d.name) for d in preview.duplicates
    ]
    lines += [
        _("Row {row}: {name} — the list fills {fields}.").format(
            row=u.row, name=u.name, fields=", ".join(u.filled)
        )
        for u in preview.updates
    ]
    if args.rejects and preview.rejected:
        from desktop.files import replacing

        with replacing(Path(args.rejects)) as partial:
            write_rejects(preview, partial)
        lines.append(
            _("{count} rows to correct written to {path}.").format(
                count=len(preview.rejected), path=args.rejects
            )
        )
    saved = commit(db, signed.username, preview, fill_blanks=args.fill_blanks) if signed else 0
    lines.append(
        _("{count} rows saved.").format(count=saved) if args.commit else _("Dry run: nothing saved.")
    )
    data = {
        "encoding": preview.encoding,
        "valid": len(preview.valid),
        "errors": [vars(error) for error in preview.errors],
        "duplicates": [{"row": d.row, "name": d.name} for d in preview.duplicates],
        "updates": [{"row": u.row, "name": u.name, "fields": list(u.filled)} for u in preview.updates],
        "villages_to_create": preview.villages_to_create,
        "people_to_create": preview.people_to_create,
        "people_not_recorded": preview.people_not_recorded,
        "unknown_awards": preview.unknown_awards,
        "rejects": args.rejects if args.rejects and preview.rejected else None,
        "saved": saved,
    }
    _emit(args, data, lines)
    return EXIT_REJECTED if preview.errors and not args.commit else EXIT_OK


def _document_facts(facts: dict[str, object]) -> str:
    """What a Word list's own text gave every row: "decision 25/QĐ-UBND, signed 10/01/2025 …"."""
    from desktop.reports.excel_import import FIELD_TITLES

    def shown(value: object) -> str:
        return value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else str(value)

    return "; ".join(f"{FIELD_TITLES[name]}: {shown(value)}" for name, value in facts.items())


def cmd_eligibility(args: argparse.Namespace) -> int:
    """Judge one case read from JSON; any verdict is a success, a bad case is a usage error."""
    from desktop.rules.case import case_from_dict
    from desktop.rules.engine import evaluate
    from desktop.rules.verdict import OUTCOME_LABELS, STATUS_LABELS

    content = _read_file(args.input)
    try:
        data = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UsageError(
            _("{file} is not valid JSON: {reason}").format(file=args.input, reason=error)
        ) from None
    try:
        verdict = evaluate(case_from_dict(data))
    except ValidationError as error:
        raise UsageError(
            _("Invalid value for {field}: {message}").format(field=error.field, message=error.message)
        ) from None
    lines = [f"{_(OUTCOME_LABELS[verdict.outcome]).upper()} — {verdict.award} {verdict.year}"]
    for reason in verdict.reasons:
        lines.append(f"  [{_(STATUS_LABELS[reason.status])}] {reason.rule}: {reason.text()}")
        if reason.legal_basis:
            lines.append(f"      {reason.legal_basis}")
        lines.extend(f"      · {item}" for item in reason.evidence)
    if verdict.missing:
        lines.append(_("Missing: {items}").format(items="; ".join(verdict.missing)))
    if verdict.reward.amount is not None:
        lines.append(_("Reward: {amount} VND").format(amount=format_number(verdict.reward.amount)))
    _emit(args, verdict.to_dict(), lines)
    return EXIT_OK


def cmd_gui(args: argparse.Namespace) -> int:
    try:
        from desktop.ui.app import run_app
    except ImportError as error:
        raise UsageError(
            _("The window needs PySide6, which is not installed: {reason}").format(reason=error)
        ) from error
    if args.page not in GUI_PAGES:
        raise UsageError(
            _("No screen is called {page}; the screens are: {pages}.").format(
                page=args.page, pages=", ".join(GUI_PAGES)
            )
        )
    return run_app(
        Path(args.db),
        screenshot=Path(args.screenshot) if args.screenshot else None,
        page=args.page,
        lang=args.lang if args.lang_given else None,
    )


def _common_options(with_defaults: bool) -> argparse.ArgumentParser:
    """Options accepted before and after the command; only the top level holds their defaults,
    so a value given before the command is not overwritten by the command's default."""

    def default(value: object) -> object:
        return value if with_defaults else argparse.SUPPRESS

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        default=default(str(default_db_path())),
        help=_("SQLite file or PostgreSQL URL (default: the per-user data folder)"),
    )
    common.add_argument(
        "--json", action="store_true", default=default(False), help=_("print JSON for machines")
    )
    common.add_argument("--lang", choices=LANGUAGES, default=default(DEFAULT_LANGUAGE), help=_("language"))
    common.add_argument(
        "--user",
        default=default(None),
        metavar="NAME",
        help=_(
            "the account a command that writes acts for (password: SOVANG_PASSWORD or the prompt); "
            "without it, the administrator (SOVANG_ADMIN_PASSWORD)"
        ),
    )
    return common


def _recipient(target: str) -> uuid.UUID:
    """A site id, or the card file that names it."""
    try:
        return uuid.UUID(target)
    except ValueError:
        pass
    from desktop.sync import cards

    return cards.read_card(_read_file(target)).site_id


def _sync_transfer(args: argparse.Namespace) -> int:
    """Export one bundle, or import bundles and receipts; a refused file is reported, the others go on."""
    from desktop.services.key_renewal import open_keys
    from desktop.sync import exchange, stick

    db = _open(args)
    try:
        signed = _sign_in(args, db)
        secrets = open_keys(db, signed.keys_password())
        if args.action == "export":
            result = exchange.export_bundle(db, signed.username, secrets, _recipient(args.to), Path(args.out))
            manifest = result.manifest
            data = {
                "bundle": str(result.path),
                "bundle_id": str(manifest.bundle_id),
                "changes": result.change_count,
                "bundles": [str(path) for path in result.paths],
            }
            lines = [
                _("{count} changes for {unit} written to {path}.").format(
                    count=result.change_count, unit=manifest.to_unit, path=result.path
                )
            ]
            if result.following:
                lines = [
                    _(
                        "{count} changes for {unit} written in {bundles} bundles to {folder}; import "
                        "them in the order of their names."
                    ).format(
                        count=result.change_count,
                        unit=manifest.to_unit,
                        bundles=len(result.paths),
                        folder=result.path.parent,
                    )
                ]
            _emit(args, data, lines)
            return EXIT_OK
        receipts = Path(args.receipts) if args.receipts else None
        outcomes = stick.import_files(db, signed.username, secrets, [Path(t) for t in args.targets], receipts)
        stick.look_for_duplicates(db, outcomes)
        imports = []
        for outcome in outcomes:
            item: dict[str, Any] = {"file": str(outcome.path)}
            if outcome.receipt_taken:
                item["receipt"] = True
            elif outcome.already:
                item["already_imported"] = outcome.refused
            elif outcome.refused:
                item["refused"] = outcome.refused
            else:
                assert outcome.result is not None
                item.update(
                    counts=outcome.result.counts,
                    receipt=str(outcome.receipt),
                    possible_duplicates=outcome.possible_duplicates,
                )
                if outcome.result.audit_rebuilt_from is not None:
                    item["audit_rebuilt_from"] = outcome.result.audit_rebuilt_from
                if outcome.result.refused:
                    item["refused_changes"] = outcome.result.refused
                if outcome.result.receipt_refused:
                    item["receipt_refused"] = True
            imports.append(item)
        _emit(args, {"imports": imports}, [outcome.summary() for outcome in outcomes])
        return EXIT_REJECTED if any(outcome.failed for outcome in outcomes) else EXIT_OK
    finally:
        db.close()


def _hub_exchange(args: argparse.Namespace) -> int:
    from desktop.services.key_renewal import open_keys
    from desktop.services.site import site_info
    from desktop.sync.hub_client import HubClient, exchange_with_hub, work_folder

    db = _open(args)
    try:
        signed = _sign_in(args, db)
        secrets = open_keys(db, signed.keys_password())
        client = HubClient(args.url, site_info(db).site_id, secrets, Path(args.ca) if args.ca else None)
        result = exchange_with_hub(db, signed.username, secrets, client, work_folder(db))
        lines = [_("{count} changes sent to the hub.").format(count=result.sent)]
        lines += [outcome.summary() for outcome in result.received]
        data = {"sent": result.sent, "received": [outcome.summary() for outcome in result.received]}
        _emit(args, data, lines)
        return EXIT_REJECTED if any(outcome.refused for outcome in result.received) else EXIT_OK
    finally:
        db.close()


def cmd_serve(args: argparse.Namespace) -> int:
    """Run the hub until stopped (Ctrl+C)."""
    import uvicorn

    from desktop.services.auto_backup import DAILY, automatic_backup
    from desktop.services.key_renewal import open_keys
    from desktop.sync.hub import Hub

    if bool(args.cert) != bool(args.key):
        raise UsageError(_("Give both --cert and --key, or neither."))
    db = _open(args)
    try:
        signed = _sign_in(args, db)
        secrets = open_keys(db, signed.keys_password())
        automatic_backup(db, DAILY)
        folder = db.path.parent / "hub" if db.path else Path.cwd() / "hub"
        scheme = "https" if args.cert else "http"
        print(
            _("Hub listening on {url}; stop it with Ctrl+C.").format(
                url=f"{scheme}://{args.host}:{args.port}"
            )
        )
        sys.stdout.flush()
        config = uvicorn.Config(
            Hub(
                db,
                signed.username,
                secrets,
                folder,
                max_body=args.max_body_mb * 1024**2,
                uploads_per_site=args.uploads_per_site,
            ).app(),
            host=args.host,
            port=args.port,
            ssl_certfile=args.cert,
            ssl_keyfile=args.key,
            log_level="warning",
        )
        uvicorn.Server(config).run()
        return EXIT_OK
    finally:
        db.close()


def cmd_sync(args: argparse.Namespace) -> int:
    from desktop.services.key_renewal import open_keys
    from desktop.services.site_keys import ensure_keys, public_keys
    from desktop.sync import cards

    if args.action in ("export", "import"):
        return _sync_transfer(args)
    if args.action == "hub":
        return _hub_exchange(args)
    db = _open(args)
    data: dict[str, Any]
    try:
        if args.action == "card":
            password = _admin_password(args.admin or _("the administrator"))
            if public_keys(db) is None:  # a database from before keys were made at set-up
                if args.admin is None:
                    raise UsageError(
                        _("This site has no keys yet: name the administrator who makes them (--admin).")
                    )
                ensure_keys(db, args.admin, password)
            card = cards.own_card(db)
            path = cards.write_card(Path(args.out), card, open_keys(db, password))
            data = {
                "card": str(path),
                "site_id": str(card.site_id),
                "unit": card.unit_name,
                "role": card.role,
            }
            lines = [_("Card of {unit} written to {path}.").format(unit=card.unit_name, path=path)]
        elif args.action == "enroll":
            acting = _sign_in(args, db).username
            peer = cards.enroll(db, acting, cards.read_card(_read_file(args.target)))
            data = {"site_id": str(peer.id), "unit": peer.unit_name, "role": peer.role}
            lines = [_("{unit} is enrolled.").format(unit=peer.unit_name)]
        elif args.action == "revoke":
            try:
                site_id = uuid.UUID(args.target)
            except ValueError:
                raise UsageError(_("{value} is not a site id.").format(value=args.target)) from None
            peer = cards.revoke(db, _sign_in(args, db).username, site_id, args.reason)
            data = {"site_id": str(peer.id), "revoked_at": str(peer.revoked_at)}
            lines = [_("{unit} is revoked; its bundles will be refused.").format(unit=peer.unit_name)]
        else:
            listed = cards.peers(db)
            data = {
                "peers": [
                    {
                        "site_id": str(p.id),
                        "role": p.role,
                        "unit": p.unit_name,
                        "revoked": p.revoked_at is not None,
                        "vouched_by": p.vouched_by or None,
                    }
                    for p in listed
                ]
            }
            lines = [
                f"{p.id}  {p.unit_name} ("
                + ", ".join(
                    [label(ROLE, p.role)] + ([cards.vouched_note(p.vouched_by)] if p.vouched_by else [])
                )
                + ")"
                + (f"  — {_('revoked')}" if p.revoked_at else "")
                for p in listed
            ] or [_("No site enrolled yet.")]
    finally:
        db.close()
    _emit(args, data, lines)
    return EXIT_OK


def cmd_rules(args: argparse.Namespace) -> int:
    """Show the rule parameters and base salary in force, or publish a newer version below."""
    import datetime as dt

    from desktop.services import releases

    db = _open(args)
    try:
        if args.action == "publish":
            if args.kind is None or args.file is None:
                raise UsageError(_("Name the kind and the file: sovang rules publish KIND FILE"))
            content = _read_file(args.file)
            release = releases.publish(db, _sign_in(args, db).username, args.kind, content, dt.date.today())
            listed = [release]
            lines = [
                _(
                    "{kind}: version {version} is published; the units below get it with the next bundles."
                ).format(version=release.version, kind=label(RELEASE_KIND, release.kind))
            ]
        else:
            listed = releases.releases_in_force(db)
            lines = [
                _("{kind}: version {version}, {source}").format(
                    kind=label(RELEASE_KIND, release.kind),
                    version=release.version,
                    source=(
                        _("published by {unit} on {date}").format(
                            unit=release.issued_by, date=format_date(release.issued_on)
                        )
                        if release.issued_on
                        else _("shipped with the app")
                    ),
                )
                for release in listed
            ]
    finally:
        db.close()
    data = {
        "releases": [
            {
                "kind": release.kind,
                "version": release.version,
                "issued_on": release.issued_on.isoformat() if release.issued_on else None,
                "issued_by": release.issued_by or None,
            }
            for release in listed
        ]
    }
    _emit(args, data, lines)
    return EXIT_OK


def cmd_audit(args: argparse.Namespace) -> int:
    """`sovang audit verify`: the hash chain of the audit trail, entry by entry."""
    from sqlalchemy import func, select

    from desktop.models import AuditEntry
    from desktop.services.audit import verify_chain

    db = _open(args)
    try:
        with db.session() as session:
            breaks = verify_chain(session)
            count = session.scalar(select(func.count()).select_from(AuditEntry)) or 0
    finally:
        db.close()
    lines = [
        _("Audit entry {id}: {reason}").format(id=item.entry_id, reason=_(item.reason)) for item in breaks
    ] or [
        _("The audit trail holds: {count} entries, none altered, removed or reordered.").format(count=count)
    ]
    _emit(
        args,
        {"entries": count, "ok": not breaks, "breaks": [vars(item) for item in breaks]},
        lines,
    )
    return EXIT_REJECTED if breaks else EXIT_OK


def cmd_selftest(args: argparse.Namespace) -> int:
    from desktop.selftest import run_selftest

    return run_selftest(window=not args.no_window)


def cmd_user(args: argparse.Namespace) -> int:
    """Accounts: list them, add one, reset a forgotten password, change a role or deactivate."""
    from desktop.labels import USER_ROLE
    from desktop.services import accounts

    db = _open(args)
    try:
        if args.action != "list" and not args.name:
            raise UsageError(_("Name the account: sovang user {action} NAME").format(action=args.action))
        acting = _sign_in(args, db).username if args.action != "list" else ""
        if args.action == "add":
            if not args.role:
                raise UsageError(_("Give the account's role with --role."))
            password = _admin_password(args.name, confirm=True, env=NEW_PASSWORD_ENV)
            accounts.create_account(db, acting, args.name, args.full_name or "", args.role, password)
            lines = [_("Account {name} created.").format(name=args.name)]
        elif args.action == "reset":
            password = _admin_password(args.name, confirm=True, env=NEW_PASSWORD_ENV)
            accounts.reset_password(db, acting, args.name, password)
            lines = [_("The password of {name} is reset; its lock-out is lifted.").format(name=args.name)]
        elif args.action in ("role", "deactivate"):
            current = {a.username: a for a in accounts.accounts(db)}.get(args.name.strip().lower())
            role = args.role or (current.role if current else "")
            accounts.set_role(db, acting, args.name, role, active=args.action == "role")
            lines = [_("Account {name} saved.").format(name=args.name)]
        listed = accounts.accounts(db)
    finally:
        db.close()
    if args.action == "list":
        lines = [
            f"{a.username:20} {label(USER_ROLE, a.role):18} {a.full_name}"
            + ("" if a.active else f"  — {_('deactivated')}")
            for a in listed
        ]
    data = {
        "accounts": [
            {"username": a.username, "full_name": a.full_name, "role": a.role, "active": a.active}
            for a in listed
        ]
    }
    _emit(args, data, lines)
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    common = _common_options(with_defaults=False)
    parser = argparse.ArgumentParser(
        prog="sovang",
        parents=[_common_options(with_defaults=True)],
        description=_("Sổ Vàng: records of emulation and commendation work."),
    )
    parser.add_argument("--version", action="version", version=f"sovang {__version__}")
    parser.set_defaults(handler=cmd_gui, screenshot=None, page="overview")
    commands = parser.add_subparsers(title=_("commands"), metavar="COMMAND")

    Handler = Callable[[argparse.Namespace], int]

    def command(name: str, handler: Handler, text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, parents=[common], help=text, description=text)
        sub.set_defaults(handler=handler)
        return sub

    gui = command("gui", cmd_gui, _("open the application window (the default)"))
    gui.add_argument("--screenshot", help=_("render the window to this PNG file and exit"))
    gui.add_argument("--page", default="overview", help=_("the screen to show"))

    init = command("init", cmd_init, _("set up a new database for this site"))
    init.add_argument("--role", required=True, choices=("commune", "district", "province"))
    init.add_argument("--unit", required=True, help=_("official code of the commune or province"))
    init.add_argument("--admin", required=True, help=_("user name of the first administrator"))
    init.add_argument("--district", help=_("name of the district (district sites only)"))

    demo = command("demo", cmd_demo, _("fill a new commune database with realistic demo data"))
    demo.add_argument("--seed", type=int, default=1, help=_("the same seed builds the same data"))
    demo.add_argument("--persons", type=int, default=300, help=_("how many people to create"))

    command("check", cmd_check, _("check integrity and schema version"))

    search = command("search", cmd_search, _("find people, collectives and decisions by name"))
    search.add_argument("text", help=_("any part of a name, with or without accents"))
    search.add_argument("--limit", type=int, default=50, help=_("at most this many results"))

    backup = command("backup", cmd_backup, _("write a verified backup of the database"))
    backup.add_argument("--out", required=True, help=_("the backup file to write"))

    restore = command("restore", cmd_restore, _("replace the database with a backup"))
    restore.add_argument("file", help=_("the backup file to restore"))

    eligibility = command(
        "eligibility", cmd_eligibility, _("judge one proposed award against the rules (docs/eligibility.md)")
    )
    eligibility.add_argument("--input", required=True, help=_("the case, as JSON"))

    from desktop.reports.kinds import KINDS

    printing = command("print", cmd_print, _("write an official document as PDF"))
    printing.add_argument("kind", choices=KINDS, help=_("which document"))
    printing.add_argument("--out", required=True, help=_("the PDF file to write"))
    printing.add_argument("--id", help=_("the record's id (a person or collective for achievement reports)"))
    printing.add_argument("--number", help=_("the decision's number, e.g. 15/QĐ-UBND"))
    printing.add_argument("--year", type=int, help=_("the year of the report or list"))
    printing.add_argument("--award", help=_("award code an achievement report supports"))
    printing.add_argument("--preprinted", action="store_true", help=_("certificates: variable fields only"))
    printing.add_argument("--printer", help=_("certificates: the printer whose offsets to apply"))

    excel_text = _("export a list to Excel, or import people, collectives or award history from a list")
    excel = commands.add_parser("excel", help=excel_text, description=excel_text)
    excel_actions = excel.add_subparsers(title=_("actions"), metavar="ACTION", required=True)
    lists = ("people", "collectives", "awards")

    def excel_action(name: str, text: str) -> argparse.ArgumentParser:
        sub = excel_actions.add_parser(name, parents=[common], help=text, description=text)
        sub.set_defaults(handler=cmd_excel, action=name)
        sub.add_argument("kind", choices=lists, help=_("which list"))
        return sub

    excel_export = excel_action("export", _("write a list as an Excel workbook"))
    excel_export.add_argument("--out", required=True, help=_("the workbook to write"))
    excel_export.add_argument(
        "--with-sensitive",
        action="store_true",
        help=_("also write the sensitive columns (ethnicity, ID number); the file travels unencrypted"),
    )
    excel_import = excel_action(
        "import", _("read a list (.xlsx, .xls, .ods, .csv or a Word table): a dry run unless --commit")
    )
    excel_import.add_argument("file", metavar="FILE", help=_("the list to import"))
    excel_import.add_argument("--sheet", metavar="NAME", help=_("the sheet to read (default: the first)"))
    excel_import.add_argument(
        "--add-villages",
        action="store_true",
        help=_("create the villages the list names that are not recorded"),
    )
    excel_import.add_argument(
        "--add-people",
        action="store_true",
        help=_("award lists: create the people they name who are not recorded (name, birth year, village)"),
    )
    excel_import.add_argument(
        "--fill-blanks",
        action="store_true",
        help=_("fill the empty fields of the people already recorded from the list"),
    )
    excel_import.add_argument(
        "--rejects",
        metavar="OUT.xlsx",
        help=_("write the rows that cannot be taken, with the reason, to this file"),
    )
    excel_import.add_argument(
        "--commit", action="store_true", help=_("save the valid rows (default: a dry run)")
    )

    rules = command(
        "rules",
        cmd_rules,
        _(
            "show the rule parameters, base salary and award catalog in force, or publish newer ones "
            "for the units below"
        ),
    )
    rules.add_argument("action", choices=("show", "publish"))
    rules.add_argument(
        "kind", nargs="?", choices=[kind.value for kind in ReleaseKind], help=_("what the file holds")
    )
    rules.add_argument("file", nargs="?", help=_("the JSON file, shaped like the one shipped with the app"))

    audit_command = command("audit", cmd_audit, _("check that the audit trail was not altered"))
    audit_command.add_argument("action", choices=("verify",))

    user = command("user", cmd_user, _("list the accounts, add one, reset a password, change a role"))
    user.add_argument("action", choices=("list", "add", "reset", "role", "deactivate"))
    user.add_argument("name", nargs="?", help=_("the account's user name"))
    user.add_argument(
        "--role", choices=("viewer", "officer", "approver", "admin"), help=_("the account's role")
    )
    user.add_argument("--full-name", help=_("the person's full name"))

    selftest = command(
        "selftest",
        cmd_selftest,
        _("check that this copy of Sổ Vàng has every part it needs (a scratch folder)"),
    )
    selftest.add_argument("--no-window", action="store_true", help=_("skip opening the main window"))

    sync = commands.add_parser(
        "sync",
        help=_("exchange records with other offices"),
        description=_("exchange records with other offices"),
    )
    actions = sync.add_subparsers(title=_("actions"), metavar="ACTION", required=True)

    def sync_action(name: str, text: str) -> argparse.ArgumentParser:
        sub = actions.add_parser(name, parents=[common], help=text, description=text)
        sub.set_defaults(handler=cmd_sync, action=name)
        return sub

    card = sync_action("card", _("write this site's public card (unit, level, keys) for the other office"))
    card.add_argument("--out", required=True, help=_("the card file to write"))
    card.add_argument("--admin", help=_("the administrator who makes the keys, where this site has none yet"))
    sync_action("enroll", _("register another office from its card")).add_argument(
        "target", metavar="CARD", help=_("the card file")
    )
    revoke = sync_action("revoke", _("revoke a lower site: its bundles are refused from now on"))
    revoke.add_argument("target", metavar="SITE", help=_("the site id"))
    revoke.add_argument("--reason", required=True, help=_("why the site is revoked"))
    sync_action("peers", _("list the enrolled sites"))
    export = sync_action("export", _("write a bundle of the changes another office has not received"))
    export.add_argument(
        "--to", required=True, metavar="SITE", help=_("the site id or card file of the recipient")
    )
    export.add_argument("--out", required=True, metavar="DIR", help=_("the folder to write the bundle in"))
    take = sync_action("import", _("verify and apply bundles (and receipts) from other offices"))
    take.add_argument("targets", nargs="+", metavar="BUNDLE", help=_("bundle or receipt files"))
    take.add_argument(
        "--receipts", metavar="DIR", help=_("where to write receipts (default: beside each bundle)")
    )
    hub = sync_action("hub", _("send to the office above over the network and take in what it has for us"))
    hub.add_argument("url", help=_("the hub's address, e.g. https://tdkt.caobang.gov.vn:8765"))
    hub.add_argument(
        "--ca", metavar="FILE", help=_("the certificate that signed the hub's (self-signed TLS)")
    )

    serve = command("serve", cmd_serve, _("run the hub that lower offices reach over the network"))
    serve.add_argument("--host", default="127.0.0.1", help=_("the address to listen on"))
    serve.add_argument("--port", type=int, default=8765, help=_("the port to listen on"))
    serve.add_argument("--cert", help=_("TLS certificate (PEM); without it the hub speaks plain HTTP"))
    serve.add_argument("--key", help=_("the TLS certificate's private key (PEM)"))
    serve.add_argument(
        "--max-body-mb", type=int, default=256, help=_("the largest upload taken, in MB (default 256)")
    )
    serve.add_argument(
        "--uploads-per-site",
        type=int,
        default=2,
        help=_("uploads one site may have under way at once (default 2)"),
    )
    return parser


def _language_from(argv: Sequence[str]) -> str:
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv) and argv[index + 1] in LANGUAGES:
            return argv[index + 1]
        if arg.startswith("--lang=") and arg.split("=", 1)[1] in LANGUAGES:
            return arg.split("=", 1)[1]
    return DEFAULT_LANGUAGE


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    set_language(_language_from(argv))
    args = build_parser().parse_args(argv)
    args.lang_given = any(arg == "--lang" or arg.startswith("--lang=") for arg in argv)
    try:
        return args.handler(args)
    except ValidationError as error:
        print(
            _("Invalid value for {field}: {message}").format(field=error.field, message=error.message),
            file=sys.stderr,
        )
        return EXIT_REJECTED
    except SoVangError as error:
        print(str(error), file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print(_("Stopped."), file=sys.stderr)
        return EXIT_REJECTED
