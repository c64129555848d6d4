"""The web front: server-rendered pages for residents and officials (no domain data of its own)."""
