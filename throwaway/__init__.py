"""Throwaway servers on loopback (PostgreSQL, Redis, the production stack) for tests, benchmarks, CI and
`make serve-prod`: started, used and deleted; never part of the site itself."""
