"""Pages of the programmes capability."""
