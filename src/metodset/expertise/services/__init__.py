"""Writes of expertise, by area: campaigns, reviews, contests, conference, collective products."""
