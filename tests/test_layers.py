"""The apps form layers, each importing only those below it:

    xianfeng (settings, API plumbing) <- cms (content, organisations, members, pledges)
        <- learning (study, points) <- search (adapters reading declared documents)

Every module of the four packages is parsed (migrations aside: they name apps by label, and
their dependencies are the migration graph's business); every import, at the top or inside a
function, is checked. What one layer needs to tell a higher one goes through a signal or a
registry the higher one fills (cms.pledges.signals, cms.selectors.register_home_section, the
xf_load_demo hook). The root URLconf and settings name apps by dotted string, never by import.

Also: no import cycle between modules inside the packages (the module-level imports, which are
what makes a cycle fail at start-up or hide an order dependency)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS = {"xianfeng": 0, "cms": 1, "learning": 2, "search": 3}


def modules():
    for package in LAYERS:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.relative_to(ROOT).parts:
                yield path


def module_name(path, root=ROOT):
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path, *, top_level_only=False, root=ROOT):
    """(line, imported module) for each import in the file; relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module_name(path, root).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    nodes = tree.body if top_level_only else ast.walk(tree)
    for node in nodes:
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module
            yield node.lineno, target
            # `from package import module` imports the module too.
            for alias in node.names:
                yield node.lineno, f"{target}.{alias.name}"


def layer_violations():
    found = {}
    for path in modules():
        own = LAYERS[path.relative_to(ROOT).parts[0]]
        for line, target in imports(path):
            top = target.split(".")[0]
            if top in LAYERS and LAYERS[top] > own:
                # One line per import statement: the module it names.
                found.setdefault((str(path.relative_to(ROOT)), line), target)
    return [f"{path}:{line} imports {target}" for (path, line), target in sorted(found.items())]


def test_no_layer_imports_a_higher_one():
    violations = layer_violations()
    assert not violations, "imports from a lower layer into a higher one:\n" + "\n".join(violations)


def module_graph(*, top_level_only):
    known = {module_name(path): path for path in modules()}
    graph = {}
    for name, path in known.items():
        targets = set()
        for _line, target in imports(path, top_level_only=top_level_only):
            # The longest known module the import names (a package's names resolve to it).
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                targets.add(target)
        graph[name] = targets
    return graph


def cycles(graph):
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def without_packages(graph):
    """A package's __init__ importing its own modules is how packages work, not a cycle."""
    return {
        name: {t for t in targets if not name.startswith(f"{t}.") and not t.startswith(f"{name}.")}
        for name, targets in graph.items()
    }


def test_no_import_cycles_between_modules():
    found = cycles(without_packages(module_graph(top_level_only=True)))
    assert not found, "modules that import each other:\n" + "\n".join(map(str, found))


def test_reads_never_depend_on_writes():
    """No chain of imports, deferred ones included, leads from a selectors module back to
    itself: reads (selectors) may be used by writes (services, tasks), never the reverse."""
    found = [
        component
        for component in cycles(without_packages(module_graph(top_level_only=False)))
        if any(name.rpartition(".")[2] == "selectors" for name in component)
    ]
    assert not found, "selectors in an import cycle:\n" + "\n".join(map(str, found))


def test_the_check_sees_what_it_must(tmp_path):
    """The checks catch what they are for: an import inside a function, a relative import and
    a cycle (so a passing suite means something)."""
    lower = tmp_path / "cms" / "x.py"
    lower.parent.mkdir()
    lower.write_text("def f():\n    from learning.models import Quiz\n", encoding="utf-8")
    assert list(imports(lower, root=tmp_path)) == [
        (2, "learning.models"),
        (2, "learning.models.Quiz"),
    ]
    relative = tmp_path / "cms" / "y.py"
    relative.write_text("from .models import Member\n", encoding="utf-8")
    assert list(imports(relative, root=tmp_path))[0] == (1, "cms.models")
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
