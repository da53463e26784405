"""The demo network «Образование без границ»: realistic, reproducible data for ``metodset demo``."""
