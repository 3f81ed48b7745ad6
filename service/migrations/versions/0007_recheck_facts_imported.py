"""re-check with corrected facts: the facts a job was given and by whom; imported readiness
assessments marked as imported

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 14:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('facts', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('facts_by', sa.String(length=32), nullable=True))
        batch_op.create_foreign_key('fk_jobs_facts_by_users', 'users', ['facts_by'], ['id'])
    with op.batch_alter_table('readiness_assessments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('imported', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('readiness_assessments', schema=None) as batch_op:
        batch_op.drop_column('imported')
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.drop_constraint('fk_jobs_facts_by_users', type_='foreignkey')
        batch_op.drop_column('facts_by')
        batch_op.drop_column('facts')
