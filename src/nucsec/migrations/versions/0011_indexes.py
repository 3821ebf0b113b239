"""indexes on every foreign key and filter column

Without them every list of a state's records is a full scan of its table, and a cascading
delete of a state scans every child table once per parent row.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 10:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES: list[tuple[str, str, list[str]]] = [
    ("ix_api_tokens_user_id", "api_tokens", ["user_id"]),
    ("ix_assessments_state_id", "assessments", ["state_id", "assessed_on"]),
    ("ix_assessments_carried_from_id", "assessments", ["carried_from_id"]),
    ("ix_score_releases_state_id", "score_releases", ["state_id", "assessed_on"]),
    ("ix_score_releases_assessment_id", "score_releases", ["assessment_id"]),
    ("ix_reviews_state_id", "reviews", ["state_id", "started_on"]),
    ("ix_reviews_follows_id", "reviews", ["follows_id"]),
    ("ix_findings_kind", "findings", ["kind"]),
    ("ix_findings_status", "findings", ["status"]),
    ("ix_findings_owner", "findings", ["owner"]),
    ("ix_findings_verified_by_review_id", "findings", ["verified_by_review_id"]),
    ("ix_finding_events_finding_id", "finding_events", ["finding_id"]),
    ("ix_published_summaries_state_id", "published_summaries", ["state_id", "review_year"]),
    ("ix_report_releases_state_id", "report_releases", ["state_id", "kind"]),
    ("ix_release_files_release_id", "release_files", ["release_id", "format"]),
    ("ix_evidence_links_evidence_id", "evidence_links", ["evidence_id"]),
    ("ix_positions_state_id", "positions", ["state_id"]),
    ("ix_trainings_state_id", "trainings", ["state_id"]),
    ("ix_certifications_state_id", "certifications", ["state_id"]),
    ("ix_culture_activities_state_id", "culture_activities", ["state_id"]),
    ("ix_cooperation_activities_state_id", "cooperation_activities", ["state_id"]),
]


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(op.f(name), table, columns, unique=False)


def downgrade() -> None:
    for name, table, _ in reversed(INDEXES):
        op.drop_index(op.f(name), table_name=table)
