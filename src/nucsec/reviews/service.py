"""Review and finding use cases: record, import, move through the workflow, measure."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

from sqlalchemy import Row, Select, String, cast, select
from sqlalchemy.orm import Session

from nucsec.access.labels import Label
from nucsec.access.principal import Permission, Principal, Role
from nucsec.access.visibility import aggregate_reader, check_label, principal_of
from nucsec.catalogue import default_pack
from nucsec.errors import Conflict, Forbidden, Invalid, NotFound, check_version
from nucsec.paging import ALL, Page, PageParams, order_of, paginate
from nucsec.reviews import workflow
from nucsec.reviews.models import Finding, FindingEvent, PublishedSummary, Review
from nucsec.reviews.schemas import (
    FindingCreate,
    FindingPublic,
    FindingUpdate,
    ReviewChoice,
    ReviewCreate,
    ReviewPublic,
)
from nucsec.states import service as states
from nucsec.states.models import State

REF_PREFIX = {"recommendation": "R", "suggestion": "S", "good_practice": "GP"}


def _check_items(items: list[str]) -> list[str]:
    known = default_pack().item_ids()
    unknown = [i for i in items if i not in known]
    if unknown:
        raise Invalid(f"items: unknown framework item {unknown[0]!r}")
    return list(dict.fromkeys(items))


# --- reviews -----------------------------------------------------------------------------------


def review_public(
    session: Session, review: Review, codes: dict[int, str] | None = None
) -> ReviewPublic:
    return ReviewPublic(
        id=review.id,
        state=(codes or {}).get(review.state_id) or _state_code(session, review.state_id),
        kind=review.kind,
        title=review.title,
        started_on=review.started_on,
        ended_on=review.ended_on,
        items=review.items,
        modules=review.modules,
        team=review.team,
        report_ref=review.report_ref,
        follows=review.follows_id,
        label=Label(review.label),
    )


def _state_code(session: Session, state_id: int) -> str:
    return _state_codes(session, {state_id}).get(state_id, "?")


def _state_codes(session: Session, state_ids: set[int]) -> dict[int, str]:
    """Codes of the states behind some reviews, in one query (a review names its state even
    when the reader may not open the state's profile)."""
    if not state_ids:
        return {}
    with aggregate_reader(session) as reader:
        rows = reader.execute(select(State.id, State.code).where(State.id.in_(state_ids))).all()
    return {state_id: code for state_id, code in rows}


def create_review(*, session: Session, data: ReviewCreate) -> Review:
    rules = default_pack().reviews
    if data.kind not in {k.id for k in rules.kinds}:
        raise Invalid(
            f"kind: unknown review kind {data.kind!r}; use one of "
            f"{', '.join(k.id for k in rules.kinds)}"
        )
    unknown = [m for m in data.modules if m not in {m.id for m in rules.modules}]
    if unknown:
        raise Invalid(f"modules: unknown module {unknown[0]!r}")
    label = check_label(session, data.label or rules.default_label)
    state = states.get(session=session, code=data.state)
    ended = data.ended_on or data.started_on
    if ended < data.started_on:
        raise Invalid("ended_on: a review cannot end before it starts")
    if data.follows is not None:
        followed = get_review(session=session, review_id=data.follows)
        if followed.state_id != state.id or followed.started_on >= data.started_on:
            raise Invalid("follows: must be an earlier review of the same state")
    review = Review(
        state_id=state.id,
        kind=data.kind,
        started_on=data.started_on,
        ended_on=ended,
        title=data.title or f"{rules.kind(data.kind).title} {data.started_on.year}",
        items=_check_items(data.items),
        modules=data.modules,
        team=data.team,
        report_ref=data.report_ref,
        follows_id=data.follows,
        label=label.value,
    )
    session.add(review)
    session.flush()
    return review


def get_review(*, session: Session, review_id: int) -> Review:
    review = session.scalar(select(Review).where(Review.id == review_id))
    if review is None:
        raise NotFound(f"no review {review_id}")
    return review


REVIEW_SORTS = {
    "date": (Review.started_on, Review.id),
    "title": (Review.title, Review.id),
    "kind": (Review.kind, Review.started_on, Review.id),
}


def review_rows(*, session: Session, state_code: str | None = None) -> list[Review]:
    """Every review the caller may see, oldest first (for look-ups inside a use case)."""
    query = select(Review).order_by(Review.started_on, Review.id)
    if state_code:
        query = query.where(Review.state_id == states.get(session=session, code=state_code).id)
    return list(session.scalars(query))


def list_reviews(
    *, session: Session, state_code: str | None = None, page: PageParams = ALL
) -> Page[ReviewPublic]:
    """The reviews the caller may see, one page, in two queries (rows, then state codes)."""
    query = select(*_REVIEW_COLUMNS).order_by(*order_of(page.sort, REVIEW_SORTS, "date"))
    if state_code:
        query = query.where(Review.state_id == states.get(session=session, code=state_code).id)
    rows, total = paginate(session, query, page, count_column=Review.id)
    codes = _state_codes(session, {row.state_id for row in rows})
    return Page[ReviewPublic].of([_review_of_row(codes, *row) for row in rows], total, page)


_REVIEW_COLUMNS = (
    Review.id, Review.state_id, Review.kind, Review.title, Review.started_on, Review.ended_on,
    Review.items, Review.modules, Review.team, Review.report_ref, Review.follows_id, Review.label,
)  # fmt: skip


def _review_of_row(
    codes: dict[int, str],
    id: int,
    state_id: int,
    kind: str,
    title: str,
    started_on: date,
    ended_on: date,
    items: list[str],
    modules: list[str],
    team: str | None,
    report_ref: str | None,
    follows_id: int | None,
    label: str,
) -> ReviewPublic:
    """`review_public` of a column row (a page of reviews loads no ORM rows)."""
    return ReviewPublic(
        id=id,
        state=codes.get(state_id, "?"),
        kind=kind,
        title=title,
        started_on=started_on,
        ended_on=ended_on,
        items=items,
        modules=modules,
        team=team,
        report_ref=report_ref,
        follows=follows_id,
        label=Label(label),
    )


def review_choices(*, session: Session, state_code: str | None = None) -> list[ReviewChoice]:
    """Id and title of every review the caller may see (a form's choices), in one query."""
    query = select(Review.id, Review.title).order_by(Review.started_on, Review.id)
    if state_code:  # the state a page shows is already in the session (`states.get`)
        query = query.where(Review.state_id == states.get(session=session, code=state_code).id)
    return [ReviewChoice(id=i, title=t) for i, t in session.execute(query)]


def review_titles(*, session: Session, review_ids: Iterable[int | None]) -> dict[int, str]:
    """The titles of the given reviews that the caller may see, in one query: a review that
    follows a hidden one names nothing, rather than its number."""
    wanted = {i for i in review_ids if i is not None}
    if not wanted:
        return {}
    query = select(Review.id, Review.title).where(Review.id.in_(wanted))
    return {i: t for i, t in session.execute(query)}


def review_states(*, session: Session, review_ids: list[int]) -> dict[int, str]:
    """The state code of each review (a board's State column), in one query."""
    if not review_ids:
        return {}
    query = (
        select(Review.id, State.code)
        .join(State, State.id == Review.state_id)
        .where(Review.id.in_(set(review_ids)))
    )
    return {i: c for i, c in session.execute(query)}


def later_reviews(*, session: Session, review: Review) -> list[Review]:
    """The reviews of the same state after this one ended (those that may verify its findings)."""
    query = select(Review).where(
        Review.state_id == review.state_id, Review.started_on > review.ended_on
    )
    return list(session.scalars(query.order_by(Review.started_on, Review.id)))


# --- findings ----------------------------------------------------------------------------------


def ref_scope(label: Label | str, review_label: Label | str) -> str:
    """The marker of a finding's number sequence: none at its review's label, else the label's
    initial (R-01 beside R-O01): who may see one finding of a sequence may see them all."""
    return "" if Label(label) is Label(review_label) else Label(label).value[0]


def next_ref(taken: set[str], same_label: list[str], kind: str, scope: str) -> str:
    """The next free reference of a sequence. Numbers count only findings of the same label,
    so a gap never reveals a finding the reader may not see."""
    stem = f"{REF_PREFIX.get(kind, 'F')}-{scope}"
    tails = [r[len(stem) :] for r in same_label if r.startswith(stem)]
    number = max((int(t) for t in tails if t.isdigit() and len(t) < 7), default=0) + 1
    while f"{stem}{number:02d}" in taken:  # only an explicit ref can sit on a generated one
        number += 1
    return f"{stem}{number:02d}"


def refs_by_label(session: Session, review_id: int) -> dict[str, list[str]]:
    """Every ref of a review, by label (a rule needs them all; callers never show them)."""
    with aggregate_reader(session) as reader:
        rows = reader.execute(
            select(Finding.ref, Finding.label).where(Finding.review_id == review_id)
        ).all()
    out: dict[str, list[str]] = {}
    for ref, label in rows:
        out.setdefault(label, []).append(ref)
    return out


def _next_ref(session: Session, review: Review, kind: str, label: Label) -> str:
    refs = refs_by_label(session, review.id)
    taken = {r for refs_of in refs.values() for r in refs_of}
    scope = ref_scope(label, review.label)
    return next_ref(taken, refs.get(label.value, []), kind, scope)


BAD_REF = "ref: {ref!r} cannot be used; choose another reference (letters, digits, . _ / -)"
REF_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,31}$"


def check_ref_free(session: Session, review_id: int, ref: str) -> None:
    """Refuse a ref already used in the review. One the caller cannot see is refused like any
    malformed ref, so the answer never confirms that a hidden finding exists."""
    if session.scalar(select(Finding.id).where(Finding.review_id == review_id, Finding.ref == ref)):
        raise Conflict(f"ref {ref!r} already used in this review")
    with aggregate_reader(session) as reader:
        hidden = reader.scalar(
            select(Finding.id).where(Finding.review_id == review_id, Finding.ref == ref)
        )
    if hidden is not None:
        raise Invalid(BAD_REF.format(ref=ref))


def add_finding(*, session: Session, data: FindingCreate, today: date | None = None) -> Finding:
    rules = default_pack().reviews
    if data.kind not in {k.id for k in rules.finding_kinds}:
        raise Invalid(
            f"kind: unknown finding kind {data.kind!r}; use one of "
            f"{', '.join(k.id for k in rules.finding_kinds)}"
        )
    review = get_review(session=session, review_id=data.review)
    label = check_label(session, data.label or review.label)
    if data.ref:
        check_ref_free(session, review.id, data.ref)
    has_plan = rules.finding_kind(data.kind).action_plan
    finding = Finding(
        review_id=review.id,
        ref=data.ref or _next_ref(session, review, data.kind, label),
        kind=data.kind,
        text=data.text.strip(),
        items=_check_items(data.items),
        public_summary=data.public_summary,
        owner=data.owner if has_plan else None,
        actions=data.actions if has_plan else None,
        due_on=data.due_on if has_plan else None,
        status=workflow.OPEN if has_plan else workflow.NOTED,
        shared=data.shared,
        label=label.value,
    )
    session.add(finding)
    session.flush()
    _event(session, finding, None, finding.status, "recorded", today)
    return finding


def _event(
    session: Session,
    finding: Finding,
    before: str | None,
    after: str,
    note: str | None,
    on: date | None,
) -> None:
    session.add(
        FindingEvent(
            finding_id=finding.id,
            at=on or date.today(),
            actor=principal_of(session).username,
            from_status=before,
            to_status=after,
            note=note,
            label=finding.label,
        )
    )


def get_finding(*, session: Session, finding_id: int) -> Finding:
    finding = session.scalar(select(Finding).where(Finding.id == finding_id))
    if finding is None:
        raise NotFound(f"no finding {finding_id}")
    return finding


def history(*, session: Session, finding: Finding) -> list[FindingEvent]:
    return list(
        session.scalars(
            select(FindingEvent)
            .where(FindingEvent.finding_id == finding.id)
            .order_by(FindingEvent.id)
        )
    )


def update_finding(
    *, session: Session, finding_id: int, data: FindingUpdate, today: date | None = None
) -> Finding:
    """Change the action plan and/or move the status; refused moves say why."""
    principal = principal_of(session)
    finding = get_finding(session=session, finding_id=finding_id)
    check_version(finding.ref, data.version, finding.version)
    review = get_review(session=session, review_id=finding.review_id)
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    plan_fields = {"owner", "actions", "due_on", "items", "public_summary", "shared"}
    if plan_fields & changes.keys() and not principal.can(Permission.write_records):
        raise Forbidden(f"your role ({principal.role}) may not change action plans")
    if principal.role is Role.contributor:
        _check_contributor(principal, finding, changes)
    for field in ("owner", "actions", "due_on", "public_summary", "shared"):
        if field in changes:
            setattr(finding, field, changes[field])
    if "items" in changes:
        finding.items = _check_items(changes["items"] or [])
    if data.status is not None:
        _move(session, finding, review, data, today or date.today())
    session.flush()
    return finding


def _check_contributor(principal: Principal, finding: Finding, changes: dict[str, Any]) -> None:
    """A contributor updates the findings assigned to their agency, and cannot reassign them."""
    own = bool(
        principal.agency
        and finding.owner
        and finding.owner.casefold() == principal.agency.casefold()
    )
    if not own:
        raise Forbidden(f"you may not change {finding.ref}: it is not assigned to your agency")
    if (
        "owner" in changes
        and (changes["owner"] or "").casefold() != (finding.owner or "").casefold()
    ):
        raise Forbidden("a contributor cannot reassign a finding")


def _move(
    session: Session, finding: Finding, review: Review, data: FindingUpdate, today: date
) -> None:
    principal = principal_of(session)
    rules = default_pack().reviews
    verifying = None
    if data.status == workflow.VERIFIED and data.verified_by is not None:
        verifying = get_review(session=session, review_id=data.verified_by)
        if verifying.state_id != review.state_id:
            raise Invalid("verified_by: the verifying review must be of the same state")
    if data.status != workflow.VERIFIED and not principal.can(Permission.write_records):
        raise Forbidden(f"your role ({principal.role}) may not move findings")
    why = workflow.refusal(
        finding.status,
        workflow.Move(data.status or "", data.reason, verifying.started_on if verifying else None),
        principal=principal,
        finding_review_date=review.ended_on,
        has_action_plan=rules.finding_kind(finding.kind).action_plan,
    )
    if why:
        raise Invalid(f"{finding.ref}: {why}")
    on = data.on or today
    before = finding.status
    finding.status = data.status or before
    if finding.status == workflow.IMPLEMENTED:
        finding.implemented_on = on
    elif finding.status == workflow.VERIFIED and verifying is not None:
        finding.verified_on = verifying.ended_on
        finding.verified_by_review_id = verifying.id
    elif finding.status == workflow.NOT_ACCEPTED:
        finding.reason = data.reason
    elif finding.status in workflow.ACTIVE:
        finding.implemented_on = None
    summary = session.scalar(
        select(PublishedSummary).where(PublishedSummary.finding_id == finding.id)
    )
    if summary is not None:
        summary.status = finding.status
    _event(
        session,
        finding,
        before,
        finding.status,
        data.note or data.reason or (f"verified by review {verifying.id}" if verifying else None),
        on,
    )


def approve_summary(*, session: Session, finding_id: int) -> PublishedSummary:
    """Publish the finding's public summary (a reviewer's act): a PUBLIC copy, nothing more."""
    principal = principal_of(session)
    if not principal.can(Permission.approve):
        raise Forbidden(f"your role ({principal.role}) may not approve publications")
    finding = get_finding(session=session, finding_id=finding_id)
    if not (finding.public_summary or "").strip():
        raise Invalid(f"{finding.ref}: write a public summary before approving it")
    review = get_review(session=session, review_id=finding.review_id)
    summary = session.scalar(
        select(PublishedSummary).where(PublishedSummary.finding_id == finding.id)
    )
    if summary is None:
        summary = PublishedSummary(
            finding_id=finding.id,
            state_id=review.state_id,
            label=Label.PUBLIC.value,
            review_kind=review.kind,
            review_year=review.started_on.year,
            kind=finding.kind,
            text=finding.public_summary,
            status=finding.status,
            approved_by=principal.username,
        )
        session.add(summary)
    else:
        summary.text, summary.status = finding.public_summary or "", finding.status
        summary.approved_by = principal.username
    session.flush()
    return summary


def published_summaries(*, session: Session, state_code: str) -> list[PublishedSummary]:
    state = states.get(session=session, code=state_code)
    return list(
        session.scalars(
            select(PublishedSummary)
            .where(PublishedSummary.state_id == state.id)
            .order_by(PublishedSummary.review_year, PublishedSummary.id)
        )
    )


def state_last_published_peer_review(*, session: Session, state_code: str) -> int | None:
    """`last_published_peer_review` of a state's published summaries, read as two columns."""
    state = states.get(session=session, code=state_code)
    query = select(PublishedSummary.review_year, PublishedSummary.review_kind).where(
        PublishedSummary.state_id == state.id
    )
    return last_published_peer_review(list(session.execute(query)))


def last_published_peer_review(summaries: Sequence[PublishedSummary | Row[Any]]) -> int | None:
    """The year of the last peer review named by published summaries: what the public report
    says, so a user who may not see the reviews themselves is told the same year."""
    peers = [
        s.review_year
        for s in summaries
        if "peer" in s.review_kind or s.review_kind.startswith(("ippas", "insserv"))
    ]
    return max(peers, default=None)


@dataclass(frozen=True)
class Filters:
    state: str | None = None
    review: int | None = None
    kind: str | None = None
    status: str | None = None
    owner: str | None = None
    item: str | None = None
    overdue: bool = False
    due_by: date | None = None  # active findings due on or before this day


FINDING_SORTS = {
    "review": (Review.started_on, Finding.review_id, Finding.id),
    "ref": (Finding.ref, Finding.id),
    "due": (Finding.due_on, Finding.id),
    "status": (Finding.status, Finding.id),
    "owner": (Finding.owner, Finding.id),
}


_FINDING_COLUMNS = (
    Finding.id, Finding.review_id, Finding.ref, Finding.kind, Finding.text, Finding.items,
    Finding.public_summary, Finding.status, Finding.owner, Finding.actions, Finding.due_on,
    Finding.reason, Finding.implemented_on, Finding.verified_on, Finding.verified_by_review_id,
    Finding.shared, Finding.label, Finding.version,
)  # fmt: skip
"""What a finding's view shows, read as columns for lists (a page of ORM rows cost more than
the rest of the request)."""


@cache
def _finding_select(columns: bool) -> Select[Any]:
    """The findings' SELECT before filters, built once (statements are immutable, and
    building one of twenty columns and two joins cost a list request a tenth of its time)."""
    head = _FINDING_COLUMNS if columns else (Finding,)
    return (
        select(*head, Review.title.label("review_title"), PublishedSummary.id.label("summary_id"))
        .join(Review, Review.id == Finding.review_id)
        .outerjoin(PublishedSummary, PublishedSummary.finding_id == Finding.id)
    )


def _finding_query(
    session: Session, filters: Filters, today: date, *, columns: bool = False
) -> Select[Any] | Any:
    """The findings matching `filters` (as records, or as the columns of their view), with
    their review's title and whether a summary is published, in one SELECT: every filter runs
    in SQL so a page and its count agree."""
    query = _finding_select(columns)
    if filters.state:
        query = query.where(Review.state_id == states.get(session=session, code=filters.state).id)
    if filters.review is not None:
        query = query.where(Finding.review_id == filters.review)
    if filters.kind:
        query = query.where(Finding.kind == filters.kind)
    if filters.status:
        query = query.where(Finding.status == filters.status)
    if filters.owner:
        query = query.where(Finding.owner == filters.owner)
    if filters.item:
        # items is a JSON list of ids: match the quoted id in its text
        quoted = json.dumps(filters.item)
        query = query.where(cast(Finding.items, String).contains(quoted, autoescape=True))
    if filters.overdue:
        query = query.where(
            Finding.status.in_(sorted(workflow.ACTIVE)),
            Finding.due_on.is_not(None),
            Finding.due_on < today,
        )
    if filters.due_by is not None:
        query = query.where(
            Finding.status.in_(sorted(workflow.ACTIVE)),
            Finding.due_on.is_not(None),
            Finding.due_on <= filters.due_by,
        )
    return query


def finding_rows(
    *, session: Session, filters: Filters = Filters(), today: date | None = None
) -> list[Finding]:
    """Every matching finding as a record (for use cases and exports that need the rows)."""
    query = _finding_query(session, filters, today or date.today())
    rows = session.execute(query.order_by(*FINDING_SORTS["review"])).all()
    return [row[0] for row in rows]


def list_findings(
    *,
    session: Session,
    filters: Filters = Filters(),
    page: PageParams = ALL,
    today: date | None = None,
) -> Page[FindingPublic]:
    """The findings board: one page of what the caller may see, in at most two queries."""
    today = today or date.today()
    query = _finding_query(session, filters, today, columns=True).order_by(
        *order_of(page.sort, FINDING_SORTS, "review")
    )
    rows, total = paginate(session, query, page, count_column=Finding.id)
    items = [_finding_view_of_row(tuple(row), today) for row in rows]
    return Page[FindingPublic].of(items, total, page)


def finding_owners(*, session: Session, state_code: str | None = None) -> list[str]:
    """The owners of the findings the caller may see (a filter's choices), in one query; of
    one state's findings when a state is given (the board shows one state at a time, and a
    distinct scan of every state's findings cost more than the rest of the page)."""
    query = select(Finding.owner).where(Finding.owner.is_not(None)).distinct()
    if state_code:
        state = states.get(session=session, code=state_code)
        query = query.join(Review, Review.id == Finding.review_id).where(
            Review.state_id == state.id
        )
    return sorted({o for o in session.scalars(query) if o})


def _finding_view_of_row(row: tuple[Any, ...], today: date) -> FindingPublic:
    """`_finding_view` of a row of `_FINDING_COLUMNS`, the review's title and the summary's id,
    unpacked by position (a list reads fifty; named access cost a third of the request)."""
    (ident, review, ref, kind, text, items, public_summary, status, owner, actions, due_on,
     reason, implemented_on, verified_on, verified_by, shared, label, version, review_title,
     summary_id) = row  # fmt: skip
    return FindingPublic(
        id=ident,
        review=review,
        review_title=review_title,
        ref=ref,
        kind=kind,
        text=text,
        items=items or [],
        public_summary=public_summary,
        summary_published=summary_id is not None,
        status=status,
        owner=owner,
        actions=actions,
        due_on=due_on,
        overdue=_is_overdue(status, due_on, today),
        reason=reason,
        implemented_on=implemented_on,
        verified_on=verified_on,
        verified_by=verified_by,
        shared=shared,
        label=Label(label),
        version=version,
    )


def _overdue(finding: Finding, today: date) -> bool:
    return _is_overdue(finding.status, finding.due_on, today)


def _is_overdue(status: str, due_on: date | None, today: date) -> bool:
    return status in workflow.ACTIVE and due_on is not None and due_on < today


def finding_public(
    session: Session,
    finding: Finding,
    today: date | None = None,
    reviews: dict[int, Review] | None = None,
) -> FindingPublic:
    """One finding's view (a detail page, a write's answer); lists use `list_findings`."""
    review = (reviews or {}).get(finding.review_id) or get_review(
        session=session, review_id=finding.review_id
    )
    published = (
        session.scalar(select(PublishedSummary.id).where(PublishedSummary.finding_id == finding.id))
        is not None
    )
    return _finding_view(finding, review.title, published, today or date.today())


def _finding_view(
    finding: Finding, review_title: str, published: bool, today: date
) -> FindingPublic:
    return FindingPublic(
        id=finding.id,
        review=finding.review_id,
        review_title=review_title,
        ref=finding.ref,
        kind=finding.kind,
        text=finding.text,
        items=finding.items or [],
        public_summary=finding.public_summary,
        summary_published=published,
        status=finding.status,
        owner=finding.owner,
        actions=finding.actions,
        due_on=finding.due_on,
        overdue=_overdue(finding, today),
        reason=finding.reason,
        implemented_on=finding.implemented_on,
        verified_on=finding.verified_on,
        verified_by=finding.verified_by_review_id,
        shared=finding.shared,
        label=Label(finding.label),
        version=finding.version,
    )


def due(
    *, session: Session, within_days: int, today: date | None = None, state: str | None = None
) -> list[FindingPublic]:
    """Active findings due by `today + within_days` (overdue ones included), soonest first."""
    today = today or date.today()
    filters = Filters(state=state, due_by=today + timedelta(days=within_days))
    page = PageParams(limit=None, sort="due")
    return list_findings(session=session, filters=filters, page=page, today=today).items
