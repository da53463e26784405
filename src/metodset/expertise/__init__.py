"""Expertise: rubrics, campaigns, assignment of experts, reviews and conclusions, contests."""
