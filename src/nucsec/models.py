"""Every table, imported in one place so migrations, sessions and tests see the whole schema.

Importing this module also installs the session hooks: the visibility rule and the audit log.
"""

from nucsec.access import audit, visibility
from nucsec.access.models import ApiToken, AuditEntry, AuditHead, LoginThrottle, User
from nucsec.catalogue.models import FrameworkVersion
from nucsec.states.models import State

__all__ = [
    "ApiToken",
    "AuditEntry",
    "AuditHead",
    "FrameworkVersion",
    "LoginThrottle",
    "State",
    "User",
    "audit",
    "visibility",
]
