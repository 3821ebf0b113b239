"""JSON routes of reviews, findings, their measures and published summaries."""

from __future__ import annotations

from fastapi import APIRouter, status

from nucsec.access.principal import Permission
from nucsec.paging import Page
from nucsec.reviews import service
from nucsec.reviews.schemas import (
    DueWithin,
    FindingCreate,
    FindingPublic,
    FindingUpdate,
    PublishedSummaryPublic,
    ReviewCreate,
    ReviewPublic,
    ReviewWithFindings,
    SummaryApproval,
)
from nucsec.validation import RecordId
from nucsec.web.deps import PageDep, SessionDep, require

router = APIRouter(tags=["reviews"])


@router.get("/states/{code}/reviews")
def list_reviews(code: str, session: SessionDep) -> list[ReviewPublic]:
    """A state's reviews, oldest first (a state has a handful; not paged)."""
    return service.list_reviews(session=session, state_code=code).items


@router.post(
    "/reviews",
    status_code=status.HTTP_201_CREATED,
    dependencies=[require(Permission.write_records)],
)
def create_review(data: ReviewCreate, session: SessionDep) -> ReviewPublic:
    return service.review_public(session, service.create_review(session=session, data=data))


@router.get("/reviews/{review_id}")
def get_review(review_id: RecordId, session: SessionDep) -> ReviewWithFindings:
    review = service.get_review(session=session, review_id=review_id)
    findings = service.list_findings(session=session, filters=service.Filters(review=review.id))
    return ReviewWithFindings(
        **service.review_public(session, review).model_dump(), findings=findings.items
    )


@router.get("/findings")
def list_findings(
    session: SessionDep,
    paging: PageDep,
    state: str | None = None,
    review: RecordId | None = None,
    kind: str | None = None,
    status: str | None = None,
    owner: str | None = None,
    item: str | None = None,
    overdue: bool = False,
) -> Page[FindingPublic]:
    """The findings board: one page of what the caller may see, filtered; `total` counts only
    those. Sort keys: review (default), ref, due, status, owner."""
    return service.list_findings(
        session=session,
        page=paging,
        filters=service.Filters(
            state=state,
            review=review,
            kind=kind,
            status=status,
            owner=owner,
            item=item,
            overdue=overdue,
        ),
    )


@router.post(
    "/findings",
    status_code=status.HTTP_201_CREATED,
    dependencies=[require(Permission.write_records)],
)
def add_finding(data: FindingCreate, session: SessionDep) -> FindingPublic:
    return service.finding_public(session, service.add_finding(session=session, data=data))


@router.patch("/findings/{finding_id}")
def update_finding(finding_id: RecordId, data: FindingUpdate, session: SessionDep) -> FindingPublic:
    finding = service.update_finding(session=session, finding_id=finding_id, data=data)
    return service.finding_public(session, finding)


@router.post("/findings/{finding_id}/summary-approval", dependencies=[require(Permission.approve)])
def approve_summary(finding_id: RecordId, session: SessionDep) -> SummaryApproval:
    summary = service.approve_summary(session=session, finding_id=finding_id)
    return SummaryApproval(finding=finding_id, text=summary.text, status=summary.status)


@router.get("/states/{code}/published-summaries")
def published_summaries(code: str, session: SessionDep) -> list[PublishedSummaryPublic]:
    """A state's approved public summaries of findings, by review year."""
    return [
        PublishedSummaryPublic(
            review_kind=s.review_kind,
            review_year=s.review_year,
            kind=s.kind,
            text=s.text,
            status=s.status,
        )
        for s in service.published_summaries(session=session, state_code=code)
    ]


@router.get("/findings/due")
def findings_due(
    session: SessionDep, within: DueWithin = 30, state: str | None = None
) -> list[FindingPublic]:
    return service.due(session=session, within_days=within, state=state)
