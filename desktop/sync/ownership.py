"""What a change from another office may do here, kind by kind: the one table an import consults.

A bundle's signatures prove who wrote each change, not that its writer may make it. A commune's
validly signed change may still name the province's base salary, another commune's person, or a
new owner for a record; each is refused here, whatever the signature, and quarantined with its
reason (`desktop/sync/merge.py`), visible on the sync screen and counted in the audit trail.

The rules (design §4, ownership):
- a record is created by its owner, and changed by its owner; a level above the owner may set the
  fields it sets when it reviews the record (`Kind.reviewed`), never create one in its name;
- a record about a subject (an award about a person, a vote about a nominee, a village under a
  commune) is written only by the subject's office or a level above it (`Kind.about`);
- what the receiver obeys — the base salary, the rule parameters, the award catalog — comes only
  from its own unit or a unit above it (`Kind.from_above`);
- a record never changes owner through an import: no use case hands one over, and a change
  from below that tried would take a record from its office.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from desktop.changes.codec import BACKGROUND_COLUMNS
from desktop.services.unit_tree import UnitTree

NOT_OWNER = "not_owner"
"""The writer does not own the record (nor reviews it from above)."""
NOT_FROM_ABOVE = "not_from_above"
"""A record the receiver would obey, written by a unit not above it."""
FOREIGN_SUBJECT = "foreign_subject"
"""A record about a person, collective or record of another office."""
OWNER_CHANGE = "owner_change"
"""A record handed to another owner, not by a level above its owner."""
REFUSALS = (NOT_OWNER, NOT_FROM_ABOVE, FOREIGN_SUBJECT, OWNER_CHANGE)

Holder = Callable[[str, uuid.UUID], "uuid.UUID | None"]
"""The unit a record of a table belongs to (a unit: itself; None: not here, or no owner)."""


@dataclass(frozen=True)
class Kind:
    """Who may write one kind of record."""

    about: tuple[str, ...] = ()
    """References to the records this one is about: each must belong to the writer's unit or a
    unit under it."""
    from_above: bool = False
    """Obeyed by the receiver, so created only by the receiver's unit or a unit above it."""
    reviewed: frozenset[str] = frozenset()
    """Fields a level above the owner sets when it reviews the record."""


SUBJECTS = ("person_id", "collective_id")
KINDS: dict[str, Kind] = {
    "reference_release": Kind(from_above=True),
    "admin_unit": Kind(about=("parent_id", "successor_id")),
    "award": Kind(about=(*SUBJECTS, "decision_id", "revoked_by_decision_id")),
    "decision": Kind(about=("proposal_id", "revokes_decision_id")),
    "task_rating": Kind(about=SUBJECTS),
    "discipline": Kind(about=SUBJECTS),
    "initiative_author": Kind(about=("initiative_id", "person_id")),
    "registration": Kind(about=SUBJECTS),
    "registration_pledge": Kind(about=("registration_id",)),
    "exemplary_model": Kind(about=SUBJECTS),
    "exemplary_event": Kind(about=("model_id",)),
    "good_deed": Kind(about=SUBJECTS),
    "collective_member": Kind(about=("collective_id", "person_id")),
    "person_match": Kind(about=("kept_person_id", "other_person_id")),
    "proposal": Kind(
        about=("previous_revision_id",),
        reviewed=frozenset({"status", "received_on", "return_reason", "appraisal_note"}),
    ),
    "proposal_item": Kind(
        about=("proposal_id", *SUBJECTS), reviewed=frozenset({"status", "override_reason"})
    ),
    "dossier_document": Kind(about=("proposal_id", "item_id")),
    "council_meeting": Kind(about=("proposal_id",)),
    "council_vote": Kind(about=("meeting_id", "item_id")),
    "linked_document": Kind(about=("model_id",)),
    "movement_target": Kind(about=("movement_id",)),
    "movement_criterion": Kind(about=("movement_id",)),
    "movement_milestone": Kind(about=("movement_id",)),
}
PLAIN = Kind()


def kind(table: str) -> Kind:
    return KINDS.get(table, PLAIN)


def may_write(
    tree: UnitTree, table: str, owner: uuid.UUID | None, writer: uuid.UUID, fields: Iterable[str], new: bool
) -> bool:
    """May a site of unit `writer` make this change to a record of unit `owner`? Its owner may; a
    level above it may set the fields of a review, and never create a record in its name."""
    if owner is None:
        return False
    if owner == writer:
        return True
    if new or not tree.within(owner, writer):
        return False
    return set(fields) <= kind(table).reviewed | BACKGROUND_COLUMNS


def refusal(
    tree: UnitTree,
    table: str,
    writer: uuid.UUID,
    values: Mapping[str, Any],
    new: bool,
    owner: uuid.UUID | None,
) -> tuple[str, str] | None:
    """Why the record's own rules refuse this change (reason, detail), or None. `owner` is the
    record's owner here (for a new record, the one it names)."""
    if not may_write(tree, table, owner, writer, values, new):
        return NOT_OWNER, str(owner)
    if new and kind(table).from_above and not tree.within(tree.home, writer):
        return NOT_FROM_ABOVE, f"unit:{writer}"
    if not new and values.get("owner_unit_id", owner) != owner:
        return OWNER_CHANGE, f"owner_unit_id:{values['owner_unit_id']}"
    return None


def foreign_subject(
    tree: UnitTree,
    table: str,
    record: uuid.UUID,
    writer: uuid.UUID,
    values: Mapping[str, Any],
    targets: Mapping[str, str],
    holder: Holder,
) -> tuple[str, str] | None:
    """Why a record about another office's subject is refused (reason, detail), or None. Each
    reference of `Kind.about` set by the change must name a record of the writer's unit or of a
    unit under it (a unit's own record may name its parent). `targets` maps a column to the table
    it refers to; the records referred to are here already (the caller waited for them)."""
    for name in kind(table).about:
        value = values.get(name)
        if value is None or name not in targets or (table == "admin_unit" and record == writer):
            continue
        if not tree.within(holder(targets[name], value), writer):
            return FOREIGN_SUBJECT, f"{name}:{value}"
    return None
