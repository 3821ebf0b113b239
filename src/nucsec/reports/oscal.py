"""OSCAL exports: the framework as a catalog, an assessment as assessment results, and the review
findings' action plans as a POA&M, so compliance tools can read nucsec data without a custom parser.

Every document is built as compliance-trestle model objects and serialised by trestle, never by
hand, so what we write is what trestle validates. Exports are deterministic: UUIDs are uuid5 of
stable keys and timestamps come from the data, so exporting the same data twice gives identical
bytes (diffable, signable). Records come through the caller's session, so the visibility rule has
already removed what the caller may not see; nothing here reads around it.

trestle is an optional dependency (the `oscal` extra) and is imported only when an export runs.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime
from importlib.resources import as_file
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from nucsec.access.labels import Label
from nucsec.access.visibility import highest, principal_of
from nucsec.assessments import service as assessments
from nucsec.assessments.models import Assessment
from nucsec.catalogue import Pack, default_pack
from nucsec.catalogue.models import FrameworkVersion
from nucsec.catalogue.schema import Item
from nucsec.catalogue.service import pack_digest
from nucsec.errors import Conflict, NotFound, NucsecError
from nucsec.evidence import service as evidence
from nucsec.reviews import service as reviews
from nucsec.reviews.models import FindingEvent
from nucsec.states import service as states
from nucsec.states.models import State

if TYPE_CHECKING:
    from trestle.oscal import common
    from trestle.oscal.assessment_results import AssessmentResults
    from trestle.oscal.catalog import Catalog, Control, Group1, Group2
    from trestle.oscal.poam import PlanOfActionAndMilestones

MISSING_TRESTLE = "OSCAL export needs the 'oscal' extra: pip install 'nucsec[oscal]'"

NS = "urn:nucsec:oscal"
"""Namespace of our own props and parts: OSCAL reserves un-namespaced names for its own."""

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, NS)
"""Root of every UUID we mint: the same key always gives the same UUID."""


CONTROL_CLASS = {
    "implementation_actions": "implementation-action",
    "optional_actions": "optional-action",
    "elements": "element",
    "cycle": "cycle-step",
    "measures": "measure",
    "channels": "channel",
    "references": "reference",
}
"""OSCAL `class` of the controls of each pack section."""

CATALOG_FILE = "catalog.json"
RESULTS_FILE = "assessment-results.json"
POAM_FILE = "poam.json"


def _require_trestle() -> None:
    try:
        import trestle.oscal  # noqa: F401
    except ImportError as exc:
        raise NucsecError(MISSING_TRESTLE) from exc


def oscal_id(item_id: str) -> str:
    """Our item ID as an OSCAL token: lower case (C2-IA03 → c2-ia03), `_` before a leading digit.

    Pack IDs are upper case, digits and hyphens, so this is one-to-one and reversible.
    """
    token = item_id.lower()
    return f"_{token}" if token[:1].isdigit() else token


def _uuid(*key: object) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(str(k) for k in key)))


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _aware(moment: datetime) -> datetime:
    """A stored timestamp as UTC, to the second (SQLite returns them without a zone)."""
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0)


def _line(text: str) -> str:
    """A one-line value: OSCAL titles and prop values may not hold newlines or edge spaces."""
    return " ".join(text.split())


def _props(*pairs: tuple[str, object | None]) -> list[common.Property] | None:
    """nucsec-namespaced props, skipping empty values; None when there are none (OSCAL forbids
    empty lists)."""
    from trestle.oscal import common

    props = [
        common.Property(name=name, value=_line(str(value)), ns=NS)
        for name, value in pairs
        if value is not None and _line(str(value))
    ]
    return props or None


def _many(name: str, values: Iterable[object]) -> list[tuple[str, object]]:
    return [(name, v) for v in values]


def _metadata(
    title: str,
    version: str,
    last_modified: datetime,
    *,
    marking: Label | None = None,
    state: State | None = None,
    remarks: str | None = None,
) -> common.Metadata:
    from trestle.oscal import OSCAL_VERSION, common

    props = [common.Property(name="marking", value=marking.value)] if marking else None
    parties = (
        [
            common.Parties(
                uuid=_uuid("party", state.code),
                type="organization",
                name=_line(state.name),
                short_name=state.code,
            )
        ]
        if state is not None
        else None
    )
    return common.Metadata(
        title=_line(title),
        last_modified=last_modified,
        version=_line(version),
        oscal_version=OSCAL_VERSION,
        props=props,
        parties=parties,
        remarks=remarks,
    )


# --- catalog -------------------------------------------------------------------------------------


def _parts(item: Item, statement: str | None = None) -> list[common.Part] | None:
    from trestle.oscal import common

    token = oscal_id(item.id)
    parts = []
    if statement:
        parts.append(common.Part(id=f"{token}_smt", name="statement", prose=statement))
    if item.guidance:
        parts.append(common.Part(id=f"{token}_gdn", name="guidance", prose=item.guidance))
    if item.typical_evidence:
        parts.append(
            common.Part(
                id=f"{token}_evd",
                name="typical-evidence",
                ns=NS,
                prose="\n".join(f"- {e}" for e in item.typical_evidence),
            )
        )
    return parts or None


def _item_props(section: str, item: Item, *extra: tuple[str, object]) -> list[common.Property]:
    """Every control and group that stands for a pack item says which item (`nucsec-id`), in
    which section; `label` is OSCAL's own prop for the identifier people read."""
    from trestle.oscal import common

    return [
        common.Property(name="label", value=item.id),
        *(_props(("nucsec-id", item.id), ("nucsec-section", section), *extra) or []),
    ]


def _control(
    section: str,
    item: Item,
    *extra: tuple[str, object],
    statement: str | None = None,
    links: list[common.Link] | None = None,
) -> Control:
    from trestle.oscal.catalog import Control

    return Control(
        id=oscal_id(item.id),
        class_=CONTROL_CLASS[section],
        title=_line(item.title),
        props=_item_props(section, item, *extra),
        links=links,
        parts=_parts(item, statement or _line(item.title)),
    )


def _container(group_id: str, title: str, controls: list[Control]) -> Group2:
    """A group that holds one section; not an item itself, so it carries no nucsec-id."""
    from trestle.oscal.catalog import Group2

    return Group2(
        id=group_id,
        class_=group_id,
        title=title,
        props=_props(("nucsec-section", group_id)),
        controls=controls or None,
    )


def catalog(pack: Pack, last_modified: datetime | None = None) -> Catalog:
    """The framework pack as an OSCAL catalog; every pack item is exactly one control or group.

    Groups: one per commitment (its implementation actions, then the optional actions listed
    first under it; an optional action under several commitments links to the others), then the
    essential elements, the cycle steps, the confidence-building measures (a group per measure
    area), the reporting channels and the references.
    """
    _require_trestle()
    from trestle.oscal import common
    from trestle.oscal.catalog import Catalog, Group1, Group2

    commitment_groups = []
    for c in pack.commitments:
        controls = [
            _control(
                "implementation_actions",
                a,
                *_many("nucsec-element", a.elements),
                *_many("nucsec-reference", a.references),
                *_many("nucsec-applies-to", a.applies_to),
            )
            for a in pack.implementation_actions
            if a.commitment == c.id
        ]
        controls += [
            _control(
                "optional_actions",
                a,
                *_many("nucsec-commitment", a.commitments),
                *_many("nucsec-element", a.elements),
                *_many("nucsec-reference", a.references),
                *_many("nucsec-applies-to", a.applies_to),
                links=[
                    common.Link(
                        href=f"#{oscal_id(other)}", rel="related", text=f"Also under {other}"
                    )
                    for other in a.commitments[1:]
                ]
                or None,
            )
            for a in pack.optional_actions
            if a.commitments[0] == c.id
        ]
        commitment_groups.append(
            Group2(
                id=oscal_id(c.id),
                class_="commitment",
                title=_line(c.title),
                props=_item_props(
                    "commitments",
                    c,
                    ("nucsec-number", c.number),
                    *_many("nucsec-reference", c.references),
                ),
                parts=_parts(c, c.wording),
                controls=controls or None,
            )
        )
    elements = _container(
        "elements",
        "Essential elements",
        [_control("elements", e, ("nucsec-number", e.number)) for e in pack.elements],
    )
    cycle = _container(
        "cycle",
        "Implementation cycle",
        [
            _control(
                "cycle",
                s,
                ("nucsec-order", s.order),
                *_many("nucsec-commitment", s.commitments),
                ("nucsec-next", s.next),
                *_many("nucsec-start-for", s.start_for),
                *_many("nucsec-reference", s.references),
            )
            for s in sorted(pack.cycle, key=lambda s: s.order)
        ],
    )
    areas = [
        Group2(
            id=oscal_id(area.id),
            class_="measure-area",
            title=_line(area.title),
            props=_item_props("measure_areas", area),
            parts=_parts(area),
            controls=[
                _control(
                    "measures",
                    m,
                    *_many("nucsec-commitment", m.commitments),
                    *_many("nucsec-channel", m.channels),
                    *_many("nucsec-reference", m.references),
                )
                for m in pack.measures
                if m.area == area.id
            ]
            or None,
        )
        for area in pack.measure_areas
    ]
    measures = Group1(
        id="measures",
        class_="measures",
        title="Confidence-building measures",
        props=_props(("nucsec-section", "measures")),
        groups=areas or None,
    )
    channels = _container(
        "channels",
        "Reporting channels",
        [
            _control("channels", ch, *_many("nucsec-reference", ch.references))
            for ch in pack.channels
        ],
    )
    references = _container(
        "references",
        "References",
        [
            _control(
                "references",
                r,
                ("nucsec-kind", r.kind),
                ("nucsec-short", r.short),
                links=[common.Link(href=r.url, rel="reference")] if r.url else None,
            )
            for r in pack.references
        ],
    )
    groups: list[Group1 | Group2] = [
        *commitment_groups,
        elements,
        cycle,
        measures,
        channels,
        references,
    ]
    _check_unique_ids(groups)
    info = pack.framework
    if last_modified is None:  # when the pack was registered, or else its file's date
        last_modified = _pack_file_date()
    digest = pack_digest(pack)
    return Catalog(
        uuid=_uuid("catalog", info.id, info.version, digest),
        metadata=_metadata(
            info.title,
            info.version,
            last_modified,
            marking=Label.PUBLIC,
            remarks=info.description,
        ),
        groups=groups,
        back_matter=common.BackMatter(
            resources=[
                common.Resource(
                    uuid=_uuid("source", info.id, info.version),
                    title=_line(info.source or info.title),
                    props=_props(("nucsec-framework", info.id), ("nucsec-digest", digest)),
                )
            ]
        ),
    )


def _pack_file_date() -> datetime:
    """When the shipped pack file was last changed: a real date that stays the same between
    two exports of the same installation."""
    from nucsec.catalogue.loader import DATA, DEFAULT_PACK

    with as_file(DATA / DEFAULT_PACK) as path:
        return datetime.fromtimestamp(int(path.stat().st_mtime), tz=UTC)


def _check_unique_ids(groups: list[Any]) -> None:
    """A pack item whose token equals a section group's id would break OSCAL cross-references."""
    seen: set[str] = set()

    def walk(node: Any) -> None:
        if node.id in seen:
            raise NucsecError(f"OSCAL export: id {node.id!r} is used twice in the catalog")
        seen.add(node.id)
        for part in getattr(node, "parts", None) or []:
            walk(part)
        for child in (getattr(node, "groups", None) or []) + (
            getattr(node, "controls", None) or []
        ):
            walk(child)

    for group in groups:
        walk(group)


# --- assessment results --------------------------------------------------------------------------


def _implementation_state(status_id: str, pack: Pack) -> str | None:
    """Our status in OSCAL's implementation-status vocabulary (None: OSCAL has no word for it)."""
    status = pack.assessment.status(status_id)
    if status.value is None:
        return "not-applicable"
    if status.implemented:
        return "implemented"
    return {"planned": "planned", "in_progress": "partial"}.get(status.id)


def _chosen_assessment(session: Session, state: State, assessment_id: int | None) -> Assessment:
    history = assessments.list_for_state(session=session, state_code=state.code)
    if assessment_id is not None:
        chosen = next((a for a in history if a.id == assessment_id), None)
        if chosen is None:
            raise NotFound(f"no assessment {assessment_id} for state {state.code}")
        return chosen
    if not history:
        raise NotFound(f"state {state.code} has no assessment you can see")
    return history[-1]


def assessment_results(
    session: Session, state_code: str, assessment_id: int | None = None
) -> AssessmentResults:
    """One assessment (the latest by default) as OSCAL assessment results: one finding per item
    assessment the session can see, with status, demonstration, owner, target date and, when
    the caller may read it, the note (in `remarks`)."""
    _require_trestle()
    from trestle.oscal import common
    from trestle.oscal.assessment_results import AssessmentResults, ImportAp, Result

    pack = default_pack()
    state = states.get(session=session, code=state_code)
    assessment = _chosen_assessment(session, state, assessment_id)
    views = assessments.item_views(
        session=session, assessment=assessment, today=assessment.assessed_on
    )
    when = _at(assessment.assessed_on)
    key = ("assessment", state.code, assessment.id)
    records = {e.ref: e for e in evidence.list_for_state(session=session, state_code=state.code)}
    findings = []
    observations = []
    resources = []
    described: set[str] = set()
    evidence_labels: list[str] = []
    for view in views:
        linked = [records[r] for r in view.evidence if r in records]
        observed = None
        if linked:
            evidence_labels.extend(e.label for e in linked)
            relevant = []
            for e in linked:
                href = e.url
                if not href:  # a document without an address: described in back-matter
                    href = f"#{_uuid(*key, 'evidence', e.ref)}"
                if not e.url and e.ref not in described:
                    described.add(e.ref)
                    resources.append(
                        common.Resource(
                            uuid=_uuid(*key, "evidence", e.ref),
                            title=_line(f"{e.ref} {e.title}"),
                            props=_props(("nucsec-ref", e.ref), ("nucsec-label", e.label)),
                        )
                    )
                relevant.append(
                    common.RelevantEvidence(href=href, description=_line(f"{e.ref} {e.title}"))
                )
            observed = _uuid(*key, "observation", view.item)
            observations.append(
                common.Observation(
                    uuid=observed,
                    title=_line(f"Evidence for {view.item}"),
                    description=f"The evidence linked to {view.item} in this assessment.",
                    methods=["EXAMINE"],
                    relevant_evidence=relevant,
                    collected=when,
                )
            )
        status = pack.assessment.status(view.status)
        demonstration = pack.assessment.demonstration(view.demonstration)
        description = f"{status.title}. {demonstration.title}."
        if view.justification:
            description += f"\n\nJustification: {view.justification}"
        implementation = _implementation_state(view.status, pack)
        # OSCAL requires a status on every target; an item that does not apply has nothing
        # left to satisfy, which OSCAL says as `satisfied` with the reason `other`.
        objective = (
            common.ObjectiveStatus(
                state="satisfied",
                reason="other",
                remarks="Not applicable to this State.",
            )
            if status.value is None
            else common.ObjectiveStatus(
                state="satisfied" if status.implemented else "not-satisfied"
            )
        )
        findings.append(
            common.Finding(
                uuid=_uuid(*key, "item", view.item),
                title=_line(f"{view.item} {view.title}"),
                description=description,
                props=_props(
                    ("nucsec-id", view.item),
                    ("nucsec-status", view.status),
                    ("nucsec-demonstration", view.demonstration),
                    ("nucsec-owner", view.owner),
                    ("nucsec-target-date", view.target_date and view.target_date.isoformat()),
                    ("nucsec-label", view.label.value),
                    *_many("nucsec-evidence", view.evidence),
                    ("nucsec-note-label", view.note_label and view.note_label.value),
                ),
                target=common.FindingTarget(
                    type="statement-id",
                    target_id=f"{oscal_id(view.item)}_smt",
                    status=objective,
                    implementation_status=common.ImplementationStatus(state=implementation)
                    if implementation
                    else None,
                ),
                related_observations=[common.RelatedObservation(observation_uuid=observed)]
                if observed
                else None,
                remarks=view.note,
            )
        )
    labels = [assessment.label, *(v.label for v in views), *evidence_labels]
    labels += [v.note_label for v in views if v.note_label is not None]
    catalog_ref = _uuid(*key, "catalog")
    result = Result(
        uuid=_uuid(*key, "result"),
        title=_line(assessment.title),
        description=(
            f"{'Self-assessment' if assessment.kind == 'self' else 'External assessment'} of "
            f"{state.name} ({state.code}) against {pack.framework.id} "
            f"{assessment.framework_version} on {assessment.assessed_on.isoformat()}."
        ),
        start=when,
        end=when,
        props=_props(
            ("nucsec-state", state.code),
            ("nucsec-assessment-kind", assessment.kind),
            ("nucsec-framework", assessment.framework_id),
            ("nucsec-framework-version", assessment.framework_version),
            ("nucsec-label", assessment.label),
        ),
        reviewed_controls=common.ReviewedControls(
            description="Every item the framework has states assess.",
            control_selections=[
                common.ControlSelections(
                    include_controls=[
                        common.SelectControlById(control_id=oscal_id(item.id))
                        for _, item in pack.assessable()
                    ]
                )
            ],
        ),
        observations=observations or None,
        findings=findings or None,
    )
    return AssessmentResults(
        uuid=_uuid(*key, "results", principal_of(session).clearance.value),
        metadata=_metadata(
            f"INFCIRC/869 assessment results: {state.name} ({state.code}), {assessment.title}",
            assessment.assessed_on.isoformat(),
            when,
            marking=highest(labels),
            state=state,
        ),
        import_ap=ImportAp(
            href=f"#{catalog_ref}",
            remarks="No OSCAL assessment plan: states assess every item of the catalog.",
        ),
        results=[result],
        back_matter=common.BackMatter(
            resources=[
                common.Resource(
                    uuid=catalog_ref,
                    title=_line(pack.framework.title),
                    description="The framework catalog this assessment is made against.",
                    rlinks=[common.Rlink(href=CATALOG_FILE, media_type="application/json")],
                ),
                *resources,
            ]
        ),
    )


# --- plan of action and milestones ---------------------------------------------------------------


def poam(session: Session, state_code: str) -> PlanOfActionAndMilestones:
    """One POA&M item per review finding with an action plan (recommendation, suggestion) that
    the session can see, each related to an observation that records the finding.

    The findings' approved public summaries are observations too, as in the public report: an
    item whose finding is hidden from the session (the public export) stands on its summary.
    OSCAL requires at least one poam-item, so a plan with no such finding holds one placeholder
    item (prop `nucsec-placeholder`) that names no finding and says nothing of hidden ones.
    """
    _require_trestle()
    from trestle.oscal import common
    from trestle.oscal.poam import PlanOfActionAndMilestones, PoamItem

    pack = default_pack()
    state = states.get(session=session, code=state_code)
    by_id = {r.id: r for r in reviews.review_rows(session=session, state_code=state.code)}
    # Each finding as the board shows it, and every step of their histories, in a fixed number
    # of queries whatever the number of findings (the visibility rule applies to each).
    listed = reviews.list_findings(session=session, filters=reviews.Filters(state=state.code))
    rows = [f for f in listed.items if pack.reviews.finding_kind(f.kind).action_plan]
    summaries = reviews.published_summaries(session=session, state_code=state.code)
    summary_of = {s.finding_id: s for s in summaries}
    observations = [
        common.Observation(
            uuid=_uuid("poam-summary", state.code, s.id),
            title=_line(f"Published summary: {s.review_kind.replace('_', ' ')} {s.review_year}"),
            description=s.text,
            props=_props(
                ("nucsec-kind", s.kind),
                ("nucsec-status", s.status),
                ("nucsec-review-kind", s.review_kind),
                ("nucsec-review-year", s.review_year),
                ("nucsec-label", s.label),
            ),
            methods=["EXAMINE"],
            collected=_aware(s.approved_at),
        )
        for s in summaries
    ]
    items = []
    dates: list[datetime] = [_aware(s.approved_at) for s in summaries]
    history_of: dict[int, list[date]] = {}
    if rows:
        events = select(FindingEvent.finding_id, FindingEvent.at).where(
            FindingEvent.finding_id.in_([f.id for f in rows])
        )
        for finding_id, at in session.execute(events):
            history_of.setdefault(finding_id, []).append(at)
    for f in rows:
        history = history_of.get(f.id, [])
        dates += [_at(d) for d in history]
        remarks = [f"Actions: {f.actions}" if f.actions else None]
        remarks.append(f"Not accepted: {f.reason}" if f.reason else None)
        observed = _uuid("poam-finding", state.code, f.review, f.ref)
        observations.append(
            common.Observation(
                uuid=observed,
                title=_line(f"Review finding {f.ref}"),
                description=f.text,
                props=_props(("nucsec-ref", f.ref), ("nucsec-label", f.label.value)),
                methods=["EXAMINE"],
                collected=_at(min(history))
                if history
                else (
                    _at(by_id[f.review].started_on)
                    if f.review in by_id
                    else _aware(state.updated_at)
                ),
            )
        )
        related = [common.RelatedObservation(observation_uuid=observed)]
        if f.id in summary_of:
            related.append(
                common.RelatedObservation(
                    observation_uuid=_uuid("poam-summary", state.code, summary_of[f.id].id)
                )
            )
        items.append(
            PoamItem(
                uuid=_uuid("poam-item", state.code, f.review, f.ref),
                title=_line(f.ref),
                description=f.text,
                props=_props(
                    ("nucsec-ref", f.ref),
                    ("nucsec-kind", f.kind),
                    ("nucsec-status", f.status),
                    ("nucsec-owner", f.owner),
                    ("nucsec-due-date", f.due_on and f.due_on.isoformat()),
                    *_many("nucsec-item", f.items),
                    ("nucsec-implemented-on", f.implemented_on and f.implemented_on.isoformat()),
                    ("nucsec-verified-on", f.verified_on and f.verified_on.isoformat()),
                    ("nucsec-review", f.review_title),
                    ("nucsec-label", f.label.value),
                ),
                related_observations=related,
                remarks="\n\n".join(r for r in remarks if r) or None,
            )
        )
    shown = {row.id for row in rows}
    for s in summaries:
        if s.finding_id in shown or not pack.reviews.finding_kind(s.kind).action_plan:
            continue
        items.append(
            PoamItem(
                uuid=_uuid("poam-item", state.code, "summary", s.id),
                title=_line(
                    f"Published summary: {s.review_kind.replace('_', ' ')} {s.review_year}"
                ),
                description=s.text,
                props=_props(("nucsec-kind", s.kind), ("nucsec-status", s.status)),
                related_observations=[
                    common.RelatedObservation(
                        observation_uuid=_uuid("poam-summary", state.code, s.id)
                    )
                ],
            )
        )
    if not items:
        items.append(
            PoamItem(
                uuid=_uuid("poam-item", state.code, "none"),
                title="No action plan",
                description="This plan lists no review finding with an action plan.",
                props=_props(("nucsec-placeholder", "true")),
            )
        )
    clearance = principal_of(session).clearance.value
    modified = max(dates) if dates else _aware(state.updated_at)
    return PlanOfActionAndMilestones(
        uuid=_uuid("poam", state.code, clearance),
        metadata=_metadata(
            f"INFCIRC/869 plan of action and milestones: {state.name} ({state.code})",
            modified.date().isoformat(),
            modified,
            marking=highest([f.label for f in rows] + [s.label for s in summaries]),
            state=state,
        ),
        observations=observations or None,
        poam_items=items,
    )


# --- files ---------------------------------------------------------------------------------------


def export(session: Session, state_code: str, out_dir: Path) -> list[Path]:
    """Write catalog.json, assessment-results.json (only if the caller can see an assessment of
    the state) and poam.json into `out_dir`; return the paths written.

    Everything is built before anything is written, so a failure leaves no partial export. An
    assessment-results.json left in `out_dir` by an earlier export that this one would not
    replace is refused rather than left beside a possibly less cleared export.
    """
    _require_trestle()
    state = states.get(session=session, code=state_code)
    pack = default_pack()
    registered = session.scalar(
        select(FrameworkVersion.loaded_at).where(
            FrameworkVersion.pack_id == pack.framework.id,
            FrameworkVersion.version == pack.framework.version,
        )
    )
    documents: list[tuple[str, Any]] = [
        (CATALOG_FILE, catalog(pack, registered and _aware(registered)))
    ]
    if assessments.list_for_state(session=session, state_code=state.code):
        documents.append((RESULTS_FILE, assessment_results(session, state.code)))
    elif (out_dir / RESULTS_FILE).exists():
        raise Conflict(
            f"{out_dir / RESULTS_FILE} is from an earlier export and this one would not replace "
            "it: remove it or choose another directory"
        )
    documents.append((POAM_FILE, poam(session, state.code)))
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, document in documents:
        path = out_dir / name
        document.oscal_write(path)
        written.append(path)
    return written
