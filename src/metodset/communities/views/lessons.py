"""Lesson-study cycles: planning, map versions, case children, predictions, lessons."""
