"""Real-text gold set over Reuters-21578 and AllSides: document selection, loader, checker."""
