"""The channel layer (channels-redis on the real Redis) carries messages between consumers."""
import asyncio
from concurrent.futures import ThreadPoolExecutor

from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels.testing import WebsocketCommunicator


class Relay(AsyncJsonWebsocketConsumer):
    group = "relay-test"

    async def connect(self):
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        await self.channel_layer.group_send(self.group, {"type": "relay.message", "text": content["text"],
                                                         "sender": self.channel_name})

    async def relay_message(self, event):
        if event["sender"] != self.channel_name:
            await self.send_json({"text": event["text"]})


def test_message_crosses_between_two_consumers(settings):
    assert settings.CHANNEL_LAYERS["default"]["BACKEND"] == "channels_redis.core.RedisChannelLayer"

    async def scenario():
        alice = WebsocketCommunicator(Relay.as_asgi(), "/ws/relay")
        bob = WebsocketCommunicator(Relay.as_asgi(), "/ws/relay")
        assert (await alice.connect())[0] and (await bob.connect())[0]
        await alice.send_json_to({"text": "안녕하세요"})
        received = await bob.receive_json_from(timeout=5)
        assert await alice.receive_nothing(timeout=0.2)
        await alice.disconnect()
        await bob.disconnect()
        return received

    # own thread: a browser fixture may already run an event loop in this one
    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(asyncio.run, scenario()).result() == {"text": "안녕하세요"}
