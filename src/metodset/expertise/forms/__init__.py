"""Forms of expertise, by area."""
