"""Models of the surveys capability."""
