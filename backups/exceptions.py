class BackupError(Exception):
    """A backup that could not be made, or an archive that could not be restored; nothing was changed.

    Its message is for the operator: it says what is wrong and, where there is one, what to do.
    """
