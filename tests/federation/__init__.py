"""Tests of sign-in with an organisation's account, against a real OpenID Connect provider on loopback."""
