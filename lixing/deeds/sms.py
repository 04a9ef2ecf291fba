"""Sending short messages (one-time codes). Pluggable: an isolated intranet has no SMS
gateway, so the default sender keeps messages in an outbox that a dev/demo-only page shows.

``LIXING_SMS_SENDER`` names a callable ``(phone, text) -> None``; the default is
``lixing.deeds.sms.outbox_sender``. ``lixing.deeds.sms.log_sender`` writes to the log
instead. A deployment with a gateway points the setting at its own function.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def outbox_sender(phone: str, text: str) -> None:
    from .models import OutboxMessage

    OutboxMessage.objects.create(phone=phone, text=text)


def log_sender(phone: str, text: str) -> None:
    logger.warning("SMS to %s: %s", phone, text)


def send_sms(phone: str, text: str) -> None:
    sender = import_string(getattr(settings, "LIXING_SMS_SENDER", "lixing.deeds.sms.outbox_sender"))
    sender(phone, text)


def outbox_visible() -> bool:
    """The outbox page exists only in development or a demo (``LIXING_DEMO_OUTBOX``)."""
    return bool(settings.DEBUG or getattr(settings, "LIXING_DEMO_OUTBOX", False))
