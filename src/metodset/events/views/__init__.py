"""Pages of the events capability: the catalogue, an event, a person's events, the organiser's."""
