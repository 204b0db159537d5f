"""summary derived from confidential

A focus area's summary written while the area had confidential input (a confidential
proposal or assessment, or a response confidential as a whole) is marked
``derived_from_confidential``; it stays out of public output until the secretariat confirms
a rewrite (who and when).

Revision ID: 8d4f0b52e3c9
Revises: 7c3e9a41d2b8
Create Date: 2026-12-03 06:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8d4f0b52e3c9'
down_revision = '7c3e9a41d2b8'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('consolidation_summaries', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                'derived_from_confidential', sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch_op.add_column(
            sa.Column('rewrite_confirmed_at', sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column('rewrite_confirmed_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_consolidation_summaries_rewrite_confirmed_by_id_users'),
            'users',
            ['rewrite_confirmed_by_id'],
            ['id'],
        )
        batch_op.create_check_constraint(
            batch_op.f('ck_consolidation_summaries_rewrite_confirmed_iff_by'),
            '(rewrite_confirmed_at IS NULL) = (rewrite_confirmed_by_id IS NULL)',
        )
    # Existing summaries: marked when their hearing has any confidential part (the areas
    # it touches are not known to SQL here; the secretariat confirms or rewrites).
    op.execute(
        """
        UPDATE consolidation_summaries SET derived_from_confidential = TRUE
        WHERE hearing_id IN (
            SELECT r.hearing_id FROM responses r
            JOIN response_versions v ON v.response_id = r.id
            LEFT JOIN response_proposals p ON p.version_id = v.id
            LEFT JOIN response_assessments a ON a.version_id = v.id
            WHERE v.confidential = TRUE OR p.confidential = TRUE OR a.confidential = TRUE
        )
        """
    )


def downgrade():
    with op.batch_alter_table('consolidation_summaries', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('ck_consolidation_summaries_rewrite_confirmed_iff_by'), type_='check'
        )
        batch_op.drop_constraint(
            batch_op.f('fk_consolidation_summaries_rewrite_confirmed_by_id_users'),
            type_='foreignkey',
        )
        batch_op.drop_column('rewrite_confirmed_by_id')
        batch_op.drop_column('rewrite_confirmed_at')
        batch_op.drop_column('derived_from_confidential')
