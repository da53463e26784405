"""The log goes to the stderr of the moment, even when logging was set up while another stream
stood in for it (a test capturing output, a command started in-process)."""

import io
import logging
import sys

from metodset.core.logs import StderrHandler


def test_a_handler_made_while_stderr_was_replaced_writes_to_the_current_one(monkeypatch):
    stand_in = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stand_in)
    handler = StderrHandler()
    stand_in.close()
    now = io.StringIO()
    monkeypatch.setattr(sys, "stderr", now)
    logger = logging.getLogger("metodset.test_logs")
    logger.addHandler(handler)
    monkeypatch.setattr(logger, "propagate", False)
    try:
        logger.warning("Не найдено: %s", "/expertise/rubrics/0/")
    finally:
        logger.removeHandler(handler)
    assert now.getvalue() == "Не найдено: /expertise/rubrics/0/\n"


def test_the_settings_log_through_it():
    from django.conf import settings

    handler = settings.LOGGING["handlers"]["console"]["class"]
    assert handler == "metodset.core.logs.StderrHandler"
