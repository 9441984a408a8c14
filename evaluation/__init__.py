"""The gold set and scorer behind `make eval` (see README.md)."""
