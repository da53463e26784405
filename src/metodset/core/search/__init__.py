"""Full-text search with Russian morphology on PostgreSQL and SQLite: ``text`` (words, stems,
snippets; pure) and ``engine`` (the per-vendor index, its migration operations and queries)."""
