"""Reads of expertise, by area."""
