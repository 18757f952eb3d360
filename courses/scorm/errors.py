"""The refusal every check of a SCORM package raises: a short rule name and a message for the editor."""
# The archive gate's exception, so a refusal from the zip checks and from the manifest are caught alike.
from courses.archive import ArchiveRejected as PackageRejected

__all__ = ["PackageRejected"]
