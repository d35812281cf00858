"""Assistant chat rooms and their messages, per user.

A room is found by the client's `room_id` (seed 000 §5) within its owner, or created on the
assistant page. An assistant message that asked the client to run a tool keeps the request
(`tool_used`: {"tool", "params"}) until the client sends `tool_result`.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ChatRoom(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_rooms")
    client_room_id = models.CharField(_("room id"), max_length=200, blank=True,
                                      help_text=_("The client's room_id (seed 000); empty for rooms made on the page."))
    client_user_id = models.CharField(_("client user id"), max_length=200, blank=True,
                                      help_text=_("The user_id label the client sent; ownership comes from authentication."))
    title = models.CharField(_("title"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("chat room")
        verbose_name_plural = _("chat rooms")
        constraints = [models.UniqueConstraint(fields=["owner", "client_room_id"], condition=~Q(client_room_id=""),
                                               name="chatroom_unique_client_id")]
        indexes = [models.Index(fields=["owner", "-updated_at"], name="chatroom_owner_updated")]

    def __str__(self) -> str:
        return self.title or self.client_room_id or f"#{self.pk}"


class ChatMessage(models.Model):
    class Role(models.TextChoices):
        USER = "user", _("User")
        ASSISTANT = "assistant", _("Assistant")
        TOOL = "tool", _("Tool result")

    room = models.ForeignKey(ChatRoom, on_delete=models.CASCADE, related_name="messages")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    content = models.TextField(_("content"), blank=True)
    tool_used = models.JSONField(_("tool requested"), null=True, blank=True)  # {"tool", "params", "call_id"}
    tool_result = models.JSONField(_("tool result"), null=True, blank=True)  # {"tool", "success", "data"}
    # [{"n", "document_pk", "document_id", "title", "doc_type", "page", "chunk_id", "quote"}]
    citations = models.JSONField(_("citations"), default=list, blank=True)
    cards = models.JSONField(_("tool cards"), default=list, blank=True)  # results of tools the server ran
    engine = models.CharField(_("engine"), max_length=10, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("chat message")
        verbose_name_plural = _("chat messages")
        indexes = [models.Index(fields=["room", "created_at"], name="chatmessage_room_created")]

    def __str__(self) -> str:
        return f"{self.role}: {self.content[:40]}"
