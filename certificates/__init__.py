"""Certificates: issue, revoke and renew, PDF, public verification and Open Badges."""
