"""Find an optional module (routing, demo, …) in every installed app."""
import importlib
from collections.abc import Iterator
from types import ModuleType

from django.apps import apps


def app_submodules(name: str) -> Iterator[ModuleType]:
    """Yield `<app>.<name>` for each installed app that has it, in INSTALLED_APPS order."""
    for app_config in apps.get_app_configs():
        try:
            yield importlib.import_module(f"{app_config.name}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app_config.name}.{name}":
                raise  # a real import error inside the module must not be hidden
