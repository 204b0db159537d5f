"""recommendation derived from confidential

A recommendation whose group holds a confidential proposal (or a proposal of a response
confidential as a whole) is marked ``derived_from_confidential``; its texts stay out of
public output until the secretariat confirms a rewrite (who and when).

Revision ID: 7c3e9a41d2b8
Revises: 7d3e5a1c9b42
Create Date: 2026-12-03 06:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7c3e9a41d2b8'
down_revision = '7d3e5a1c9b42'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('consolidation_recommendations', schema=None) as batch_op:
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
            batch_op.f('fk_consolidation_recommendations_rewrite_confirmed_by_id_users'),
            'users',
            ['rewrite_confirmed_by_id'],
            ['id'],
        )
        batch_op.create_check_constraint(
            batch_op.f('ck_consolidation_recommendations_rewrite_confirmed_iff_by'),
            '(rewrite_confirmed_at IS NULL) = (rewrite_confirmed_by_id IS NULL)',
        )
    # Existing recommendations: mark those whose group holds a confidential part.
    op.execute(
        """
        UPDATE consolidation_recommendations SET derived_from_confidential = TRUE
        WHERE group_id IN (
            SELECT m.group_id FROM consolidation_group_members m
            JOIN response_proposals p ON p.id = m.proposal_id
            JOIN response_versions v ON v.id = p.version_id
            WHERE p.confidential = TRUE OR v.confidential = TRUE
        )
        """
    )


def downgrade():
    with op.batch_alter_table('consolidation_recommendations', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('ck_consolidation_recommendations_rewrite_confirmed_iff_by'), type_='check'
        )
        batch_op.drop_constraint(
            batch_op.f('fk_consolidation_recommendations_rewrite_confirmed_by_id_users'),
            type_='foreignkey',
        )
        batch_op.drop_column('rewrite_confirmed_by_id')
        batch_op.drop_column('rewrite_confirmed_at')
        batch_op.drop_column('derived_from_confidential')
