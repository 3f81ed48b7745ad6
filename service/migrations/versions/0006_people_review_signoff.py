"""people, review workflow and sign-off: retention days, dismissal reason codes and assignees,
version approvals

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 11:45:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('retention_days', sa.Integer(), nullable=True))
    with op.batch_alter_table('finding_reviews', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reason_code', sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column('assignee_id', sa.String(length=32), nullable=True))
        batch_op.create_foreign_key('fk_finding_reviews_assignee_id_users', 'users', ['assignee_id'], ['id'])
    op.create_table('version_approvals',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('organisation_id', sa.String(length=32), nullable=False),
    sa.Column('version_id', sa.String(length=32), nullable=False),
    sa.Column('job_id', sa.String(length=32), nullable=True),
    sa.Column('rule_pack', sa.String(length=64), nullable=False),
    sa.Column('approved_by', sa.String(length=32), nullable=True),
    sa.Column('approved_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['approved_by'], ['users.id'], ),
    sa.ForeignKeyConstraint(['job_id'], ['jobs.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], ),
    sa.ForeignKeyConstraint(['version_id'], ['versions.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('version_id')
    )
    with op.batch_alter_table('version_approvals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_version_approvals_organisation_id'), ['organisation_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('version_approvals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_version_approvals_organisation_id'))
    op.drop_table('version_approvals')
    with op.batch_alter_table('finding_reviews', schema=None) as batch_op:
        batch_op.drop_constraint('fk_finding_reviews_assignee_id_users', type_='foreignkey')
        batch_op.drop_column('assignee_id')
        batch_op.drop_column('reason_code')
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_column('retention_days')
