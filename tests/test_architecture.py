"""The house on floors (issue 18), read from the source: imports point one way and go round in no circle.

The graph is built with `ast` from every module of our apps, imports inside functions and methods included
(an import placed in a function to dodge a circle is still an arrow). Only imports under `if TYPE_CHECKING:`
are left out, as they never run. Each failure lists every offending arrow as `file:line imports module`.
"""
import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ["foundation", "accounts", "certificates", "courses", "schools", "partners", "lms"]
TOP = "lms"
GROUND = "foundation"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    found = {}
    for app in APPS:
        if not (ROOT / app).is_dir():
            continue
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            found[_module_name(path)] = path
    return found


def _type_checking_only(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST):
    """Every import statement that can run, at any depth."""
    todo = [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, ast.If) and _type_checking_only(node):
            todo.extend(node.orelse)
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        todo.extend(ast.iter_child_nodes(node))


def _targets(node, module: str, is_package: bool, modules: dict[str, Path]) -> list[str]:
    """The modules of ours that an import statement loads (the most specific one per name)."""
    def ours(name: str) -> str | None:
        while name:
            if name in modules:
                return name
            name = name.rpartition(".")[0]
        return None

    names = []
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:
            package = module if is_package else module.rpartition(".")[0]
            for _ in range(node.level - 1):
                package = package.rpartition(".")[0]
            base = f"{package}.{base}" if base else package
        for alias in node.names:
            full = f"{base}.{alias.name}"
            names.append(full if full in modules else base)
    return sorted({target for target in map(ours, names) if target and target != module})


def import_graph() -> dict[str, dict[str, list[int]]]:
    """{module: {imported module of ours: [line, ...]}}."""
    modules = _modules()
    graph: dict[str, dict[str, list[int]]] = {name: defaultdict(list) for name in modules}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in _imports(tree):
            for target in _targets(node, name, path.name == "__init__.py", modules):
                graph[name][target].append(node.lineno)
    return graph


def _app(module: str) -> str:
    return module.split(".")[0]


def _where(graph, source: str, target: str) -> str:
    modules = _modules()
    lines = ", ".join(str(line) for line in sorted(set(graph[source][target])))
    return f"{modules[source].relative_to(ROOT)}:{lines} imports {target}"


def _allowed_in_a_circle(source: str, target: str) -> bool:
    """A services module may import its own app's tasks module (to enqueue them after the commit)."""
    parent, _, leaf = source.rpartition(".")
    return leaf == "services" and target == f"{parent}.tasks"


def _circles(graph) -> list[list[str]]:
    """Strongly connected groups of two or more modules (Tarjan), without the allowed arrows."""
    edges = {source: sorted(t for t in targets if not _allowed_in_a_circle(source, t))
             for source, targets in graph.items()}
    index, low, on_stack, stack, groups, counter = {}, {}, set(), [], [], [0]

    def visit(node):
        # Iterative, so a deep graph cannot reach Python's recursion limit.
        work = [(node, iter(edges.get(node, [])))]
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        while work:
            current, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter[0]
                    counter[0] += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(edges.get(child, []))))
                    break
                if child in on_stack:
                    low[current] = min(low[current], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[current])
                if low[current] == index[current]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == current:
                            break
                    if len(group) > 1:
                        groups.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return sorted(groups)


def test_no_module_of_ours_is_in_an_import_circle():
    graph = import_graph()
    report = []
    for group in _circles(graph):
        members = set(group)
        arrows = [_where(graph, source, target) for source in group for target in sorted(graph[source])
                  if target in members and not _allowed_in_a_circle(source, target)]
        report.append(f"circle of {len(group)} modules: {', '.join(group)}\n    " + "\n    ".join(arrows))
    assert not report, "Import circles (break each by passing what the lower module needs as an argument, or by " \
                       "a signal):\n" + "\n".join(report)


def test_no_lower_app_imports_the_top_floor():
    graph = import_graph()
    arrows = [_where(graph, source, target) for source in sorted(graph) if _app(source) != TOP
              for target in sorted(graph[source]) if _app(target) == TOP]
    assert not arrows, f"Arrows from a lower app into `{TOP}` (announce with a signal instead):\n" + "\n".join(arrows)


def test_the_ground_floor_imports_no_app_of_ours():
    graph = import_graph()
    arrows = [_where(graph, source, target) for source in sorted(graph) if _app(source) == GROUND
              for target in sorted(graph[source]) if _app(target) != GROUND]
    assert not arrows, f"`{GROUND}` must import no other app of ours:\n" + "\n".join(arrows)


def test_the_graph_sees_imports_inside_functions_and_relative_ones():
    """The reader itself: a circle dodged with an import inside a function still counts."""
    graph = import_graph()
    # foundation.locking imports `.errors` relatively at the top; the app's ready() imports spreadsheets inside a method.
    assert "foundation.errors" in graph["foundation.locking"]
    assert "foundation.spreadsheets" in graph["foundation.apps"]


# --- raw SQL (README, "Raw SQL") -------------------------------------------------------------------------------
# Reads run through foundation.plain_sql; these modules run statements that are not reads, each for its reason.
RAW_SQL_ELSEWHERE = {
    "foundation.plain_sql": "the helper every plain-SQL read goes through",
    "foundation.locking": "sets lock_timeout for a block (a transaction setting, not a read)",
    "lms.reporting.summaries": "set-based INSERT ... SELECT rebuilding the summary tables (a write the ORM cannot express)",
    "lms.reporting.stale": "an upsert that only raises a mark (ON CONFLICT ... WHERE: a write the ORM cannot express)",
}
RAW_SQL_CALLS = {"cursor", "raw", "extra", "RawSQL"}


def _raw_sql_sites() -> list[str]:
    sites = []
    for name, path in sorted(_modules().items()):
        if name in RAW_SQL_ELSEWHERE or ".management.commands." in name:  # commands: data tools, not requests
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                called = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                if called in RAW_SQL_CALLS:
                    sites.append(f"{path.relative_to(ROOT)}:{node.lineno} calls {called}()")
    return sites


def test_raw_sql_runs_only_through_the_helper():
    sites = _raw_sql_sites()
    assert not sites, ("SQL run outside foundation.plain_sql (write the read in a selector and run it with "
                       "plain_sql.select or plain_sql.fetch, pinned by a query-count test):\n" + "\n".join(sites))
