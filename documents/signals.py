"""Keep private storage in step with the database: a deleted document takes its file with it."""
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from documents.models import Document


@receiver(post_delete, sender=Document, dispatch_uid="documents.delete_file")
def delete_document_file(sender, instance: Document, **kwargs) -> None:
    # Also runs for cascades (a deleted user) and admin bulk deletes; only after the commit.
    name = instance.file.name
    if name:
        transaction.on_commit(lambda: default_storage.delete(name))
