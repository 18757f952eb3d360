"""LTI 1.3 tool (LTI Advantage): partners' learning systems launch our modules, deep-link them and receive grades.

Built on django-lti 0.10.1 (app `lti_tool`) and the PyLTI1p3 2.0 it wraps, both maintained: django-lti gives the
models for platforms, deployments, platform users and our signing keys, and its JWKS; PyLTI1p3 reads and checks
launch tokens against the platform's key set, builds the signed deep linking response and posts scores (AGS)
with a signed client assertion. Where they are looser than we need, this app holds the rule itself
(partners/lti/launch.py): audience and expiry required, deployments only as registered by staff, state and
nonce kept in the database and spent once (so a launch works in a frame without cookies and a replay fails).
OIDC login initiation and dynamic registration are short enough to write here, since PyLTI1p3's login keeps
its state in a cookie a frame may not get.
"""
