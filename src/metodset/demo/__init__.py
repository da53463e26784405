"""The demo network «Учитель в цифровой образовательной среде»: realistic, reproducible data."""
