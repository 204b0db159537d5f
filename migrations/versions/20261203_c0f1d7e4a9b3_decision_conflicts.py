"""decision conflicts, and a decision's draft may be discarded

A decision's approved change that touches what changed in the catalogue since the hearing's
version (the three-way check) is not applied: its outcome keeps the conflict (JSON) until
the secretariat resolves it ("applied" or "kept"), with who and when. Discarding the draft
a decision made leaves the decision in place without it (``draft_version_id`` set to NULL
instead of refusing the delete).

Revision ID: c0f1d7e4a9b3
Revises: b13f0a7c5e21
Create Date: 2026-12-03 08:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c0f1d7e4a9b3'
down_revision = 'b13f0a7c5e21'
branch_labels = None
depends_on = None


_DRAFT_FK = 'fk_hearing_decisions_draft_version_id_catalogue_versions'


def _draft_fk(ondelete):
    with op.batch_alter_table('hearing_decisions', schema=None) as batch_op:
        batch_op.drop_constraint(_DRAFT_FK, type_='foreignkey')
        batch_op.create_foreign_key(
            _DRAFT_FK, 'catalogue_versions', ['draft_version_id'], ['id'], ondelete=ondelete
        )


def upgrade():
    _draft_fk('SET NULL')
    with op.batch_alter_table('hearing_decision_outcomes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('conflict', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('conflict_resolution', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('resolved_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_hearing_decision_outcomes_resolved_by_id_users'),
            'users',
            ['resolved_by_id'],
            ['id'],
        )
        batch_op.create_check_constraint(
            batch_op.f('ck_hearing_decision_outcomes_resolution'),
            "conflict_resolution IS NULL OR "
            "(conflict IS NOT NULL AND conflict_resolution IN ('applied', 'kept'))",
        )


def downgrade():
    _draft_fk(None)
    with op.batch_alter_table('hearing_decision_outcomes', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('ck_hearing_decision_outcomes_resolution'), type_='check'
        )
        batch_op.drop_constraint(
            batch_op.f('fk_hearing_decision_outcomes_resolved_by_id_users'), type_='foreignkey'
        )
        batch_op.drop_column('resolved_by_id')
        batch_op.drop_column('resolved_at')
        batch_op.drop_column('conflict_resolution')
        batch_op.drop_column('conflict')
