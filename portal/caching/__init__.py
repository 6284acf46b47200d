"""Everything the portal keeps between requests, and the content version that keeps it fresh (docs/caching.md)."""
