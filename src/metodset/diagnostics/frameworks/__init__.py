"""Competency frameworks: area → competency → indicator, with levels and a deficit threshold;
versions imported from YAML or XLSX, the shipped ones loaded by a migration."""
