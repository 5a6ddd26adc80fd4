"""The use cases the GUI and the CLI share: one function a rep's action, one transaction.

The faces (ui/, cli.py) import nothing from store/: the failures they catch are re-exported
by the service that raises them (``session.StoreUnavailable``, ``backups.BackupFailed`` and
``backups.SourceDamaged``, ``followups.NotFound``, ``exports.ExportProblem``). They live
there, not here, so importing one service never loads the others (start-up reads its first
look without SQLAlchemy)."""
