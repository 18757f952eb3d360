"""Sign-in with a partner organisation's own identity provider (OpenID Connect, Microsoft Entra ID) via allauth."""
