"""Static checks on a candidate's code, used by the helper (what is missing) and the report
(complexity, naming, dead code). Python goes through `ast`; C++ and Java through a light scan."""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

SHORT_OK = {"i", "j", "k", "n", "m", "x", "y", "a", "b", "c", "s", "t", "q", "u", "v", "w", "l", "r", "_", "dp",
            "ok", "lo", "hi", "mid", "cnt", "ans", "res", "idx", "arr", "num", "val"}
SNAKE = re.compile(r"^_{0,2}[a-z][a-z0-9_]*$|^_$")
CONST = re.compile(r"^[A-Z][A-Z0-9_]*$")
CLASS = re.compile(r"^[A-Z][A-Za-z0-9]*$")


@dataclass
class CodeFacts:
    language: str
    lines: int = 0
    parses: bool = True
    syntax_error: str = ""
    reads_input: bool = False
    prints_output: bool = False
    max_loop_depth: int = 0
    recursion: list[str] = field(default_factory=list)
    memoized: bool = False
    sorts: bool = False
    functions: list[dict] = field(default_factory=list)     # name, complexity, lines
    bad_names: list[str] = field(default_factory=list)
    unreachable: list[int] = field(default_factory=list)     # line numbers
    unused_functions: list[str] = field(default_factory=list)
    unused_imports: list[str] = field(default_factory=list)
    unused_variables: list[str] = field(default_factory=list)
    max_complexity: int = 1


_BRANCHES = (ast.If, ast.For, ast.While, ast.IfExp, ast.ExceptHandler, ast.With, ast.Assert, ast.comprehension,
             ast.AsyncFor, ast.match_case)


def _complexity(node: ast.AST) -> int:
    score = 1
    for child in ast.walk(node):
        if isinstance(child, _BRANCHES):
            score += 1
        elif isinstance(child, ast.BoolOp):
            score += len(child.values) - 1
    return score


def _loop_depth(node: ast.AST, depth: int = 0) -> int:
    best = depth
    for child in ast.iter_child_nodes(node):
        inner = depth + 1 if isinstance(child, (ast.For, ast.While)) else depth
        if isinstance(child, ast.comprehension):
            inner = depth + 1
        best = max(best, _loop_depth(child, inner))
    return best


def _unreachable(tree: ast.AST) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        for attr in ("body", "orelse", "finalbody"):
            block = getattr(node, attr, None)
            if not isinstance(block, list):
                continue
            for index, stmt in enumerate(block[:-1]):
                if isinstance(stmt, (ast.Return, ast.Raise, ast.Break, ast.Continue)):
                    lines.append(block[index + 1].lineno)
                    break
        if isinstance(node, (ast.If, ast.While)) and isinstance(node.test, ast.Constant) and not node.test.value:
            lines.append(node.lineno)
    return sorted(set(lines))


def analyse_python(code: str) -> CodeFacts:
    facts = CodeFacts("python3", lines=len([ln for ln in code.splitlines() if ln.strip()]))
    try:
        tree = ast.parse(code)
    except SyntaxError as exc:
        facts.parses = False
        facts.syntax_error = f"line {exc.lineno}: {exc.msg}"
        return facts
    loaded: set[str] = set()
    called: set[str] = set()
    stored: dict[str, int] = {}
    imports: dict[str, int] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            if isinstance(node.ctx, ast.Load):
                loaded.add(node.id)
            else:
                stored.setdefault(node.id, node.lineno)
        elif isinstance(node, ast.Attribute):
            loaded.add(node.attr)
        elif isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            called.add(name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            if isinstance(node, ast.ImportFrom) and node.module == "__future__":
                continue
            for alias in node.names:
                imports[(alias.asname or alias.name).split(".")[0]] = node.lineno
    facts.reads_input = bool({"input", "readline", "read", "readlines"} & called) or "stdin" in loaded
    facts.prints_output = bool({"print", "write"} & called)
    facts.sorts = bool({"sort", "sorted"} & called)
    facts.memoized = "lru_cache" in loaded or "cache" in loaded or "memo" in " ".join(stored)
    facts.max_loop_depth = _loop_depth(tree)
    module_level = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            module_level.add(node.name)
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            complexity = _complexity(node)
            facts.functions.append({"name": node.name, "complexity": complexity,
                                    "lines": (node.end_lineno or node.lineno) - node.lineno + 1})
            if any(isinstance(c, ast.Call) and getattr(c.func, "id", None) == node.name for c in ast.walk(node)):
                facts.recursion.append(node.name)
            if not SNAKE.match(node.name):
                facts.bad_names.append(node.name)
            for arg in node.args.args:
                if len(arg.arg) == 1 and arg.arg not in SHORT_OK or not SNAKE.match(arg.arg) and arg.arg != "self":
                    facts.bad_names.append(arg.arg)
        elif isinstance(node, ast.ClassDef) and not CLASS.match(node.name):
            facts.bad_names.append(node.name)
    for name in stored:
        if not (SNAKE.match(name) or CONST.match(name)) or (len(name) == 1 and name not in SHORT_OK):
            facts.bad_names.append(name)
    facts.bad_names = sorted(set(facts.bad_names))
    facts.max_complexity = max([f["complexity"] for f in facts.functions] + [_complexity(tree) if not facts.functions else 1])
    facts.unreachable = _unreachable(tree)
    facts.unused_functions = sorted(f for f in module_level if f not in loaded and f not in called and f != "main")
    facts.unused_imports = sorted(name for name in imports if name not in loaded)
    facts.unused_variables = sorted(name for name in stored if name not in loaded and name != "_"
                                    and name not in module_level)
    return facts


_C_BRANCH = re.compile(r"\b(if|for|while|case|catch)\b|&&|\|\||\?")
_C_LOOP = re.compile(r"\b(for|while)\s*\(")


def analyse_c_like(code: str, language: str) -> CodeFacts:
    """Brace-matched scan for C++ and Java: no parser ships for them, so only robust signals."""
    stripped = re.sub(r"//[^\n]*|/\*.*?\*/|\"(?:\\.|[^\"\\])*\"", "", code, flags=re.S)
    facts = CodeFacts(language, lines=len([ln for ln in code.splitlines() if ln.strip()]))
    facts.reads_input = bool(re.search(r"\b(cin|scanf|getline|Scanner|BufferedReader|System\.in|read)\b", code))
    facts.prints_output = bool(re.search(r"\b(cout|printf|puts|System\.out|PrintWriter|BufferedWriter)\b", code))
    facts.sorts = bool(re.search(r"\bsort\s*\(|Arrays\.sort|Collections\.sort", code))
    depth = best = 0
    loop_stack: list[bool] = []
    pending_loop = False
    for token in re.finditer(r"\b(for|while)\s*\(|\{|\}", stripped):
        text = token.group(0)
        if text.startswith(("for", "while")):
            pending_loop = True
        elif text == "{":
            loop_stack.append(pending_loop)
            depth += pending_loop
            best = max(best, depth)
            pending_loop = False
        else:
            if loop_stack and loop_stack.pop():
                depth -= 1
    facts.max_loop_depth = max(best, 1 if _C_LOOP.search(stripped) else 0)
    facts.max_complexity = 1 + len(_C_BRANCH.findall(stripped))
    for match in re.finditer(r"\b[A-Za-z_][\w<>,:\s\[\]]*?\s+([A-Za-z_]\w*)\s*\([^;{)]*\)\s*\{", stripped):
        name = match.group(1)
        if name in ("if", "for", "while", "switch", "catch", "main"):
            continue
        body_calls = len(re.findall(rf"\b{name}\s*\(", stripped))
        facts.functions.append({"name": name, "complexity": 0, "lines": 0})
        if body_calls <= 1:
            facts.unused_functions.append(name)
        elif body_calls > 2 or re.search(rf"\b{name}\s*\(.*\b{name}\s*\(", stripped, re.S):
            facts.recursion.append(name)
    facts.memoized = bool(re.search(r"\bmemo|\bdp\b|\bcache", stripped))
    for name in set(re.findall(r"\b(?:int|long|double|String|auto|bool|boolean|char)\s+([A-Za-z_]\w*)", stripped)):
        if len(name) == 1 and name not in SHORT_OK:
            facts.bad_names.append(name)
    facts.bad_names = sorted(set(facts.bad_names))
    return facts


def analyse(code: str, language: str) -> CodeFacts:
    return analyse_python(code) if language == "python3" else analyse_c_like(code, language)


def _numbers(text: str) -> list[int]:
    values = [10 ** int(p) for p in re.findall(r"10\s*\^\s*(\d+)", text)]
    values += [int(float(m)) for m in re.findall(r"\b\d+(?:\.\d+)?e\d+\b", text)]
    values += [int(m.replace(",", "")) for m in re.findall(r"\b\d{1,3}(?:,\d{3})+\b|\b\d{2,}\b", text)]
    return values


def max_n(constraints: str) -> int | None:
    """The input size the constraints allow: the bound on N (or Q, M), else the largest number."""
    text = constraints.replace("⁵", "^5").replace("⁶", "^6").replace("⁴", "^4").replace("⁹", "^9")
    sized = re.findall(r"\b[NQM](?:\s*,\s*[NQM])*\s*(?:≤|<=|<)\s*([0-9,^·e ]+)", text)
    values = [v for part in sized for v in _numbers(part)] or _numbers(text)
    return max(values) if values else None
