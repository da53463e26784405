"""The analysis, learning plan, meetings and expected results of a community."""
