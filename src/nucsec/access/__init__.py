"""Users, roles, clearances, authentication, visibility rules and the audit log."""
