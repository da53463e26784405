"""Views of questionnaires: builder, distribution, answering, results."""
