"""polls.matched_at: when a complete poll's matching finished (the tick re-queues the rest)

Revision ID: 0008
Revises: 0006
Create Date: 2026-11-27

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('polls', schema=None) as batch_op:
        batch_op.add_column(sa.Column('matched_at', sa.DateTime(), nullable=True))
        batch_op.create_index('ix_polls_matched_at', ['matched_at'], unique=False)
    # Polls read before this revision were matched (or had no one to match): none is re-queued.
    op.execute('UPDATE polls SET matched_at = finished_at')


def downgrade():
    with op.batch_alter_table('polls', schema=None) as batch_op:
        batch_op.drop_index('ix_polls_matched_at')
        batch_op.drop_column('matched_at')
