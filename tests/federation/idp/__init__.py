"""A throwaway OpenID Connect provider (django-oauth-toolkit) that the federation tests start on loopback."""
