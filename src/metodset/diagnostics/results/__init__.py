"""Children's results by area: tables of a group's or class's results imported or typed in,
and which areas fall (see ``trends``). Who sees them: see ``permissions``; the decisions are
written down in ``diagnostics.instruments``."""
