"""The layering the README draws, checked on the source with `ast` (no import is executed).

- Inside an app, every import of the app's own modules is at module level, and those imports
  form no cycle: a cycle that only works because one side imports inside a function is still a
  cycle, just hidden. (`core` and `ai` are held to no cycles too; their remaining function-level
  imports of their own modules defer a heavy library until a capability is used - ctranslate2
  behind ai.stt, the OpenAI SDK behind ai.openai_client - or the model registry: ai.services
  imports ai.models late because ai.embeddings also runs where no Django app is installed.)
- An app reaches another app only through its `services`, `selectors` or `models`. Models are
  Django's shared surface: a foreign key names the other app's model, and a selector's queryset
  is filtered on it, so the model classes are public; everything else (ai, local, api, demo,
  tasks, text ...) is the owning app's internals.
- `core` and `ai` are the layers under the apps and import none of them.

Exclusions, each for a reason:
- Functions in apps.py: `AppConfig.ready()` is Django's documented hook for importing models,
  signals and checks once the app registry is loaded (and the checks it registers run later
  still); a module-level import in apps.py runs before the registry is ready.
- The name of another app inside a string (a lazy FK "app.Model", a URL name) is not an import.
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("accounts", "assistant", "avatar", "calendarparse", "coverletters", "documents", "grading", "interviews",
        "masking", "postings")
LAYERS = ("core", "ai")
PUBLIC = ("services", "selectors", "models")


def _modules(package: str) -> dict[str, Path]:
    out = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


MODULES = {name: path for package in APPS + LAYERS for name, path in _modules(package).items()}


def _imported(node: ast.Import | ast.ImportFrom, module: str, path: Path) -> list[str]:
    """The modules an import statement names: `from x import y` is x.y when y is a module, else x."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        base = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
        base = base[:len(base) - node.level + 1]
        source = ".".join(base + ([node.module] if node.module else []))
    else:
        source = node.module or ""
    return [f"{source}.{alias.name}" if f"{source}.{alias.name}" in MODULES else source for alias in node.names]


def _imports(path: Path, module: str):
    """(imported module, line, inside a function?) for every import in the file."""
    found = []

    def visit(node: ast.AST, function: str | None) -> None:
        for child in ast.iter_child_nodes(node):
            inner = child.name if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else function
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                found.extend((name, child.lineno, function) for name in _imported(child, module, path))
            visit(child, inner)

    visit(ast.parse(path.read_text(encoding="utf-8"), str(path)), None)
    return list(dict.fromkeys(found))


def _app(module: str) -> str:
    return module.split(".")[0]


def _exempt(path: Path, function: str | None) -> bool:
    return path.name == "apps.py" and function is not None


def test_an_app_imports_its_own_modules_at_module_level():
    late = [f"{path.relative_to(ROOT)}:{line} imports {name} inside {function}()"
            for module, path in MODULES.items() for name, line, function in _imports(path, module)
            if function and _app(module) in APPS and _app(name) == _app(module) and not _exempt(path, function)]
    assert not late, "\n".join(late)


def test_no_import_cycle_inside_an_app():
    graph = {module: {name for name, _, function in _imports(path, module)
                      if not function and name in MODULES and name != module and _app(name) == _app(module)}
             for module, path in MODULES.items()}
    cycles, state = [], {}

    def walk(module: str, stack: list[str]) -> None:
        state[module] = "open"
        for name in sorted(graph[module]):
            if state.get(name) == "open":
                cycles.append(" -> ".join(stack[stack.index(name):] + [module, name]))
            elif name not in state:
                walk(name, stack + [module])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            walk(module, [])
    assert not cycles, "\n".join(cycles)


def test_apps_reach_each_other_through_services_selectors_and_models():
    reached = []
    for module, path in MODULES.items():
        for name, line, function in _imports(path, module):
            target = _app(name)
            if target not in APPS or target == _app(module):
                continue
            if _app(module) in LAYERS:
                reached.append(f"{path.relative_to(ROOT)}:{line} imports {name}: {_app(module)} is under the apps")
            elif name.split(".")[1:2] not in ([p] for p in PUBLIC):
                reached.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    assert not reached, "\n".join(reached)
