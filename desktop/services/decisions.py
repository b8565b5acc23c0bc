"""Award decisions (quyết định): numbering, issuing, revoking.

A decision is numbered per issuing unit and year ("15/QĐ-UBND"): a number already used that
year is refused, and gaps are shown so a skipped number is noticed. Issuing creates an award in
the history of everyone it names, with the reward of ND 152/2025 (multiplier × the base salary in
force on the signing date). A revocation (thu hồi) is a later decision: the award keeps its row,
names the revoking decision, and stops counting for the rules.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.codes import DecisionKind, DecisionStatus, ItemStatus, ProposalStatus, SignMode, UserRole
from desktop.db import Database
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.models import AdminUnit, Award, Decision, Proposal, Site
from desktop.rules.engine import reward_for
from desktop.services import audit
from desktop.services.accounts import require
from desktop.services.proposal_steps import Step, open_steps
from desktop.services.proposal_workflow import move
from desktop.services.proposals import item_subject_name, live_proposal
from desktop.services.releases import parameters_in_force
from desktop.services.site import site_info
from desktop.text import nfc, search_key

LEGAL_BASIS = (
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;\n"
    "Căn cứ Nghị định số 152/2025/NĐ-CP của Chính phủ;"
)
"""The usual first lines of "Căn cứ …" (document text: Vietnamese in every language), for the
officer to complete with the unit's own bases and the proposal it answers."""
REVOCATION_SUMMARY = "Về việc thu hồi khen thưởng"
NUMBER = re.compile(r"^\s*(\d+)\s*/\s*\S")


@dataclass(frozen=True)
class DecisionFields:
    number: str
    signed_on: dt.date
    summary: str
    signer_name: str | None = None
    signer_title: str | None = None
    sign_mode: str = SignMode.OWN.value
    legal_basis: str | None = None
    issuer_unit_id: uuid.UUID | None = None
    """None: this site's own unit."""


@dataclass(frozen=True)
class NumberReport:
    year: int
    used: tuple[int, ...]
    gaps: tuple[int, ...]
    duplicates: tuple[str, ...]
    next_number: int

    def problems(self) -> list[str]:
        """The gaps and the doubles, as the officer reads them ("Số còn trống: 2, 5–9")."""
        lines = []
        if self.gaps:
            lines.append(_("Numbers not used yet: {numbers}").format(numbers=number_ranges(self.gaps)))
        if self.duplicates:
            lines.append(_("Numbers used twice: {numbers}").format(numbers=", ".join(self.duplicates)))
        return lines


def number_ranges(numbers: tuple[int, ...]) -> str:
    """1, 2, 3, 5 → "1–3, 5": a year that starts recording at number 29 shows one short range."""
    parts: list[str] = []
    start = previous = None
    for number in [*sorted(numbers), None]:
        if number is not None and previous is not None and number == previous + 1:
            previous = number
            continue
        if start is not None:
            parts.append(str(start) if start == previous else f"{start}–{previous}")
        start = previous = number
    return ", ".join(parts)


@dataclass(frozen=True)
class IssuedAward:
    id: uuid.UUID
    subject_name: str
    award_code: str
    reward_amount: Decimal | None


@dataclass(frozen=True)
class IssuedDecision:
    id: uuid.UUID
    number: str
    authority: str
    awards: tuple[IssuedAward, ...]

    @property
    def total_reward(self) -> Decimal:
        return sum((award.reward_amount or Decimal(0) for award in self.awards), Decimal(0))


@dataclass(frozen=True)
class Revocation:
    decision_id: uuid.UUID
    awards: int
    amount_to_recover: Decimal


def sequence_of(number: str) -> int | None:
    """The running number of "15/QĐ-UBND" (15), or None when the number does not start with one."""
    match = NUMBER.match(number)
    return int(match.group(1)) if match else None


def _year_decisions(session: Session, issuer_unit_id: uuid.UUID, year: int) -> list[Decision]:
    return list(
        session.scalars(
            select(Decision).where(
                Decision.issuer_unit_id == issuer_unit_id,
                Decision.signed_on >= dt.date(year, 1, 1),
                Decision.signed_on <= dt.date(year, 12, 31),
                Decision.deleted_at.is_(None),
            )
        )
    )


def number_report(db: Database, year: int, issuer_unit_id: uuid.UUID | None = None) -> NumberReport:
    """The numbers used by the unit that year, the gaps between them, numbers used twice, and the next."""
    issuer = issuer_unit_id or site_info(db).unit_id
    with db.session() as session:
        numbers = [decision.number for decision in _year_decisions(session, issuer, year)]
    sequences = sorted(n for n in (sequence_of(number) for number in numbers) if n is not None)
    seen: set[str] = set()
    duplicates = []
    for number in numbers:
        key = search_key(number)
        if key in seen:
            duplicates.append(number)
        seen.add(key)
    used = sorted(set(sequences))
    gaps = tuple(n for n in range(1, (used[-1] if used else 0) + 1) if n not in set(used))
    return NumberReport(year, tuple(used), gaps, tuple(duplicates), (used[-1] if used else 0) + 1)


def _clean_fields(
    session: Session, fields: DecisionFields, home_unit_id: uuid.UUID
) -> tuple[DecisionFields, AdminUnit]:
    number = nfc(fields.number or "").strip()
    if not number:
        raise ValidationError("number", _("The decision needs its number."))
    summary = nfc(fields.summary or "").strip()
    if not summary:
        raise ValidationError("summary", _("Write what the decision is about (trích yếu)."))
    if fields.sign_mode not in {mode.value for mode in SignMode}:
        raise ValidationError("sign_mode", _("Unknown way of signing: {code}.").format(code=fields.sign_mode))
    issuer = session.get(AdminUnit, fields.issuer_unit_id or home_unit_id)
    if issuer is None:
        raise ValidationError("issuer_unit_id", _("The issuing unit does not exist."))
    key = search_key(number)
    if any(search_key(d.number) == key for d in _year_decisions(session, issuer.id, fields.signed_on.year)):
        raise ValidationError(
            "number",
            _("Number {number} is already used by a decision of {unit} in {year}.").format(
                number=number, unit=issuer.name, year=fields.signed_on.year
            ),
        )
    clean = DecisionFields(
        number=number,
        signed_on=fields.signed_on,
        summary=summary,
        signer_name=nfc(fields.signer_name or "").strip() or None,
        signer_title=nfc(fields.signer_title or "").strip() or None,
        sign_mode=fields.sign_mode,
        legal_basis=nfc(fields.legal_basis or "").strip() or None,
        issuer_unit_id=issuer.id,
    )
    return clean, issuer


def decision_row(fields: DecisionFields, kind: str, authority: str) -> Decision:
    """A new issued decision from checked fields, with its number and name keys: the one place
    that builds one (issuing, revoking, the Excel import of old awards, the demo commune)."""
    return Decision(
        number=fields.number,
        number_key=search_key(fields.number),
        name_key=search_key(f"{fields.number} {fields.summary}"),
        signed_on=fields.signed_on,
        kind=kind,
        status=DecisionStatus.ISSUED.value,
        issuer_unit_id=fields.issuer_unit_id,
        authority=authority,
        signer_name=fields.signer_name,
        signer_title=fields.signer_title,
        sign_mode=fields.sign_mode,
        summary=fields.summary,
        legal_basis=fields.legal_basis,
    )


def _new_decision(session: Session, fields: DecisionFields, kind: str, authority: str) -> Decision:
    decision = decision_row(fields, kind, authority)
    session.add(decision)
    session.flush()
    return decision


def _next_register_number(session: Session, issuer_unit_id: uuid.UUID, year: int) -> int:
    """The next entry of the issuer's sổ vàng for `year` (numbers "0001/2026" run per issuer and year)."""
    numbers = session.scalars(
        select(Award.golden_book_number)
        .join(Decision, Decision.id == Award.decision_id)
        .where(
            Decision.issuer_unit_id == issuer_unit_id,
            Award.golden_book_number.like(f"%/{year}"),
        )
    )
    used = [int(number.split("/")[0]) for number in numbers if number.split("/")[0].isdigit()]
    return max(used, default=0) + 1


def _check_decidable(proposal: Proposal, issuer: AdminUnit, site: Site) -> None:
    """Whether the proposal's state opens the step this decision takes (`proposal_steps`): this
    unit's own decision, or the upper level's recorded here; refused with why otherwise."""
    upper = issuer.id != site.home_unit_id
    if (Step.UPPER_DECISION if upper else Step.DECIDE) in open_steps(proposal, site):
        return
    if proposal.status == ProposalStatus.SUBMITTED.value and not upper:
        raise ValidationError(
            "issuer_unit_id", _("A proposal sent up is decided by the upper level, not here.")
        )
    if upper and proposal.status != ProposalStatus.SUBMITTED.value:
        raise ValidationError("issuer_unit_id", _("This unit decides its own proposals under its own name."))
    raise ValidationError(
        "proposals",
        _("“{title}” cannot be decided yet: it must be reviewed by the council, or approved.").format(
            title=proposal.title
        ),
    )


def issue_decision(
    db: Database, username: str, fields: DecisionFields, proposal_ids: list[uuid.UUID]
) -> IssuedDecision:
    """Issue one decision for the accepted items of these proposals (from one or many units).

    Every award must be conferred by the issuing unit's level on the signing date, and by one
    authority; the proposals become decided and every person or collective gets the award."""
    if not proposal_ids:
        raise ValidationError("proposals", _("Choose the proposals this decision answers."))
    home = site_info(db).unit_id
    with db.transaction(username) as session:
        require(session, username, UserRole.APPROVER)
        site = session.scalars(select(Site)).one()
        clean, issuer = _clean_fields(session, fields, home)
        proposals = [live_proposal(session, proposal_id) for proposal_id in dict.fromkeys(proposal_ids)]
        items = []
        for proposal in proposals:
            _check_decidable(proposal, issuer, site)
            items.extend(
                (proposal, item)
                for item in proposal.items
                if item.deleted_at is None and item.status != ItemStatus.REJECTED.value
            )
        if not items:
            raise ValidationError(
                "proposals", _("No item of these proposals was agreed; there is nothing to decide.")
            )
        params = parameters_in_force(session)
        catalog = params.catalog
        authorities = set()
        for _proposal, item in items:
            entry = catalog.entry(item.award_code, clean.signed_on)
            if entry is None or entry.conferring_level != issuer.level:
                raise ValidationError(
                    "items",
                    _("{award} is not conferred by {unit} on {date}.").format(
                        award=catalog.name(item.award_code),
                        unit=issuer.name,
                        date=clean.signed_on.strftime("%d/%m/%Y"),
                    ),
                )
            authorities.add(entry.conferrer)
        if len(authorities) > 1:
            raise ValidationError(
                "items",
                _("One decision has one signing authority; these awards are conferred by: {names}.").format(
                    names=", ".join(sorted(catalog.conferrer_title(a) for a in authorities))
                ),
            )
        authority = authorities.pop()
        decision = _new_decision(session, clean, DecisionKind.AWARD.value, authority)
        decision.proposal_id = proposals[0].id if len(proposals) == 1 else None
        register = _next_register_number(session, issuer.id, clean.signed_on.year)
        issued = []
        for register_number, (proposal, item) in enumerate(items, register):
            reward = reward_for(item.award_code, clean.signed_on, params)
            award = Award(
                decision_id=decision.id,
                person_id=item.person_id,
                collective_id=item.collective_id,
                award_code=item.award_code,
                year=proposal.year,
                period_from=proposal.period_from,
                period_to=proposal.period_to,
                achievement=item.achievement,
                reward_amount=reward.amount,
                golden_book_number=f"{register_number:04d}/{clean.signed_on.year}",
            )
            session.add(award)
            session.flush()
            item.status = ItemStatus.ACCEPTED.value
            name = item_subject_name(item)
            issued.append(IssuedAward(award.id, name, item.award_code, reward.amount))
        for proposal in proposals:
            move(session, proposal, ProposalStatus.DECIDED, username, {"decision": str(decision.id)})
        result = IssuedDecision(decision.id, decision.number, authority, tuple(issued))
        audit.record(
            session,
            "decision.issue",
            username,
            "decision",
            decision.id,
            {
                "number": decision.number,
                "signed_on": clean.signed_on.isoformat(),
                "awards": len(issued),
                "proposals": [str(p.id) for p in proposals],
                "total_reward": str(result.total_reward),
            },
        )
        return result


def revoke(
    db: Database, username: str, fields: DecisionFields, award_ids: list[uuid.UUID], reason: str
) -> Revocation:
    """Revoke awards by a new decision (Law ch. VII): they stay on record, marked, and stop counting."""
    why = nfc(reason or "").strip()
    if not why:
        raise ValidationError("reason", _("A revocation states its reason."))
    if not award_ids:
        raise ValidationError("awards", _("Choose the awards to revoke."))
    home = site_info(db).unit_id
    with db.transaction(username) as session:
        require(session, username, UserRole.APPROVER)
        clean, _issuer = _clean_fields(session, fields, home)
        awards = []
        for award_id in dict.fromkeys(award_ids):
            award = session.get(Award, award_id)
            if award is None or award.deleted_at is not None:
                raise NotFoundError(_("No award has this id."))
            if award.revoked_on is not None:
                raise ValidationError("awards", _("This award was already revoked."))
            awards.append(award)
        revoked_decisions = {award.decision_id for award in awards}
        decision = _new_decision(session, clean, DecisionKind.REVOCATION.value, awards[0].decision.authority)
        decision.revokes_decision_id = revoked_decisions.pop() if len(revoked_decisions) == 1 else None
        amount = Decimal(0)
        for award in awards:
            award.revoked_by_decision_id = decision.id
            award.revoked_on = clean.signed_on
            award.revocation_reason = why
            amount += award.reward_amount or Decimal(0)
        audit.record(
            session,
            "decision.revoke",
            username,
            "decision",
            decision.id,
            {
                "number": decision.number,
                "awards": [str(a.id) for a in awards],
                "reason": why,
                "amount_to_recover": str(amount),
            },
        )
        return Revocation(decision.id, len(awards), amount)


@dataclass(frozen=True)
class DecisionSummary:
    id: uuid.UUID
    number: str
    signed_on: dt.date
    kind: str
    issuer: str
    summary: str
    awards: int
    revoked: int
    total_reward: Decimal


def decision_list(db: Database, year: int | None = None) -> list[DecisionSummary]:
    """Decisions recorded here (signed in `year`, or all), newest first, with their award counts."""
    with db.session() as session:
        statement = (
            select(
                Decision,
                AdminUnit.name,
                func.count(Award.id),
                func.count(Award.revoked_on),
                func.coalesce(func.sum(Award.reward_amount), 0),
            )
            .join(AdminUnit, AdminUnit.id == Decision.issuer_unit_id)
            .outerjoin(Award, (Award.decision_id == Decision.id) & Award.deleted_at.is_(None))
            .where(Decision.deleted_at.is_(None))
            .group_by(Decision.id, AdminUnit.name)
            .order_by(Decision.signed_on.desc(), Decision.number_key.desc())
        )
        if year is not None:
            statement = statement.where(
                Decision.signed_on >= dt.date(year, 1, 1), Decision.signed_on <= dt.date(year, 12, 31)
            )
        return [
            DecisionSummary(
                d.id, d.number, d.signed_on, d.kind, issuer, d.summary, awards, revoked, Decimal(total)
            )
            for d, issuer, awards, revoked, total in session.execute(statement)
        ]
