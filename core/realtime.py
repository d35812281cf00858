"""Messages to open WebSockets from any process (a request, a worker), through the channel layer."""
from __future__ import annotations

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

logger = logging.getLogger(__name__)


def group_send(group: str, message: dict) -> None:
    """Send `message` to every socket in `group`, best effort: the state that matters is in the
    database, and a socket that misses the message learns it on its next check."""
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(group, message)
    except Exception:  # noqa: BLE001 - see above
        logger.warning("could not send %s to %s", message.get("type"), group, exc_info=True)
