"""superseded without approval

A consulted draft that a hearing decision replaces is superseded without ever having
been approved, so a superseded version may lack ``approved_at``; an approved one must
still have it and a draft must not.

Revision ID: ae1ad5477e66
Revises: d156d59ae424
Create Date: 2026-11-25 01:18:11.693485

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ae1ad5477e66'
down_revision = 'd156d59ae424'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('catalogue_versions', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_catalogue_versions_approved_at_iff_not_draft'), type_='check')
        batch_op.create_check_constraint(
            op.f('ck_catalogue_versions_approved_at_by_status'),
            "status = 'superseded' OR (status = 'draft') = (approved_at IS NULL)",
        )


def downgrade():
    # The old rule cannot hold a version that was never approved: such a version gets the
    # moment it was superseded as its approval time.
    versions = sa.table(
        'catalogue_versions',
        sa.column('status', sa.String),
        sa.column('approved_at', sa.DateTime(timezone=True)),
        sa.column('superseded_at', sa.DateTime(timezone=True)),
    )
    op.execute(
        versions.update()
        .where(versions.c.status == 'superseded', versions.c.approved_at.is_(None))
        .values(approved_at=versions.c.superseded_at)
    )
    with op.batch_alter_table('catalogue_versions', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_catalogue_versions_approved_at_by_status'), type_='check')
        batch_op.create_check_constraint(
            op.f('ck_catalogue_versions_approved_at_iff_not_draft'),
            "(status = 'draft') = (approved_at IS NULL)",
        )
