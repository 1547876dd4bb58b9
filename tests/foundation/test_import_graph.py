"""Each module of ours says what it depends on at its top, and those imports go one way.

An import inside a function hides a dependency from readers and tools, and is how a cycle
between two modules gets papered over (``workflow`` ↔ ``notify``, ``services`` ↔ ``tasks``,
``importing`` ↔ ``tasks``). These tests read the source with ``ast``: no function imports
(apart from the exceptions listed, each with its reason), and the module-level imports between
our modules form no cycle.
"""

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)

# (file, function): why the import cannot be at the top.
ALLOWED = {
    ("accounts/apps.py", "sync_site_with_site_url"): (
        "a post_migrate receiver in apps.py, which Django imports before any model can be"
    ),
}
# Every ``AppConfig.ready`` imports its receivers and checks there, for their side effect of
# registering: Django's documented place for it (apps.py is read before the models exist).
READY = "ready"


def _packages() -> list[Path]:
    """The top-level packages of our apps (and the project's), from the installed apps."""
    tops = {Path(config.path).relative_to(ROOT).parts[0] for config in _our_app_configs()}
    return sorted(ROOT / top for top in tops)


def _our_app_configs():
    return [config for config in apps.get_app_configs() if _ours(Path(config.path))]


def _ours(path: Path) -> bool:
    return path.is_relative_to(ROOT) and ".venv" not in path.relative_to(ROOT).parts


def _modules() -> dict[str, Path]:
    found = {}
    for package in _packages():
        for path in package.rglob("*.py"):
            if "migrations" in path.relative_to(ROOT).parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def function_imports(tree: ast.AST) -> list[tuple[str, int]]:
    """``(function name, line)`` of every import statement inside a function."""
    found = set()
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            for node in ast.walk(function):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    found.add((function.name, node.lineno))
    return sorted(found, key=lambda pair: pair[1])


def _module_level_imports(tree: ast.Module):
    """Import statements run when the module loads (at its top, or under a top-level if/try)."""
    pending = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            pending.extend(ast.iter_child_nodes(node))


def _targets(module: str, is_package: bool, node) -> list[str]:
    """The dotted names an import statement may load (the module, and each name as a submodule)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module
    return [target] + [f"{target}.{alias.name}" for alias in node.names]


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Module → the modules of ours it imports when it loads (packages included; a module's own
    parent packages are left out: Python loads them first, before the module itself)."""
    graph = {}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        edges = set()
        for node in _module_level_imports(tree):
            for target in _targets(module, path.name == "__init__.py", node):
                parts = target.split(".")
                for end in range(1, len(parts) + 1):
                    name = ".".join(parts[:end])
                    if name in modules and name != module and not module.startswith(name + "."):
                        edges.add(name)
        graph[module] = edges
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for neighbour in graph.get(node, ()):
            if neighbour not in index:
                visit(neighbour)
                low[node] = min(low[node], low[neighbour])
            elif neighbour in on_stack:
                low[node] = min(low[node], index[neighbour])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_scan_covers_every_app_of_ours():
    packages = {path.name for path in _packages()}
    assert {"accounts", "applications", "reviews", "honor_wall", "forges"} <= packages
    assert "allauth" not in packages and "django" not in packages


def test_no_module_of_ours_imports_inside_a_function():
    offending = []
    for path in _modules().values():
        relative = path.relative_to(ROOT).as_posix()
        for function, line in function_imports(ast.parse(path.read_text(encoding="utf-8"))):
            if (relative, function) in ALLOWED:
                continue
            if path.name == "apps.py" and function == READY:
                continue
            offending.append(f"{relative}:{line} in {function}()")
    assert offending == []


def test_every_allowed_exception_is_still_needed():
    for relative, function in ALLOWED:
        tree = ast.parse((ROOT / relative).read_text(encoding="utf-8"))
        assert function in {name for name, _line in function_imports(tree)}, relative


def test_our_modules_import_each_other_in_one_direction():
    assert cycles(import_graph(_modules())) == []


def test_the_checks_would_see_a_function_import_and_a_cycle():
    tree = ast.parse("import os\n\ndef f():\n    from . import notify\n    return notify\n")
    assert function_imports(tree) == [("f", 4)]
    graph = {"a.workflow": {"a.notify"}, "a.notify": {"a.workflow"}, "a.models": set()}
    assert cycles(graph) == [["a.notify", "a.workflow"]]
