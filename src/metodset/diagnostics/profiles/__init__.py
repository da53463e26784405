"""Competency profiles: a person's levels and deficits folded from every instrument."""
