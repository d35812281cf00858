#!/usr/bin/env python
"""Django's command-line utility."""
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    from config import services

    try:
        from django.core.management import execute_from_command_line

        if len(sys.argv) > 1 and sys.argv[1] in {"migrate", "serve", "runserver"}:
            import django

            django.setup()
            services.check_vector_extension()
        execute_from_command_line(sys.argv)
    except services.ServiceError as exc:  # e.g. raised while the settings start the database
        services.fail(str(exc))


if __name__ == "__main__":
    main()
