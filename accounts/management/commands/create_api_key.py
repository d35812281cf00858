"""`manage.py create_api_key --user <username|email> --name <name>`: prints the new key once."""
from django.core.management.base import BaseCommand, CommandError

from accounts import selectors, services


class Command(BaseCommand):
    help = "Create an API key for a user and print it (only a hash is stored)."

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="username or email of the key's owner")
        parser.add_argument("--name", required=True, help="what the key is for")

    def handle(self, *args, user, name, **options):
        owner = selectors.user_find_for_login(user, prefer_email="@" in user)
        if owner is None:
            raise CommandError(f"no user with username or email {user!r}")
        if not name.strip() or len(name) > 100:
            raise CommandError("--name must be 1 to 100 characters")
        api_key, raw = services.api_key_create(owner=owner, name=name)
        # the key alone on stdout so scripts can capture it; the note goes to stderr
        self.stderr.write(f"API key {api_key.pk} \"{api_key.name}\" for {owner.username}. "
                          "Store it now: it cannot be shown again.")
        self.stdout.write(raw)
