"""The schema revision this code reads and writes: the newest migration script's id.

Kept apart from ``migrate`` (which needs SQLAlchemy) so the first look at start-up can
tell a current store from one that must be migrated first; a test keeps it true.
"""

HEAD = "0028"
