"""Compile once, run every test in the sandbox, and give each a verdict.

Verdicts: AC, WA, TLE (CPU time over the limit or the wall-clock watchdog fired), MLE (the
cgroup's memory limit was hit, or the JVM ran out of heap), RE (non-zero exit, a signal, or
more output than allowed), CE (the compiler refused the code) and SE: anything that is the
grader's fault (sandbox unavailable, bwrap failed, a broken checker) is never the candidate's.
"""
from __future__ import annotations

import logging
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from grading import sandbox
from grading.choices import Language, Verdict

logger = logging.getLogger(__name__)

JAVA_HOME = "/usr/lib/jvm/java-17-openjdk-amd64"
PYTHON = "/usr/bin/python3"
MB = 1024 * 1024
COMPILE_LIMITS = sandbox.Limits(cpu_seconds=20, wall_seconds=40, memory_bytes=1024 * MB, pids=128,
                                output_bytes=64 * MB, tmp_bytes=128 * MB, open_files=256)


@dataclass(frozen=True)
class LanguageSpec:
    key: str
    source: str
    compile: list[str] | None
    run: list[str]
    time_factor: float = 1.0
    time_extra_ms: int = 0
    memory_extra_mb: int = 0


def language_spec(language: str, memory_limit_mb: int) -> LanguageSpec:
    if language == Language.PYTHON3:
        check = "import ast,sys; ast.parse(open('main.py','rb').read(), 'main.py')"
        return LanguageSpec(language, "main.py", [PYTHON, "-B", "-c", check], [PYTHON, "-B", "main.py"],
                            time_factor=2.0)
    if language == Language.CPP17:
        return LanguageSpec(language, "main.cpp",
                            ["/usr/bin/g++", "-std=c++17", "-O2", "-pipe", "-o", "main", "main.cpp"], ["./main"])
    if language == Language.JAVA17:
        heap = max(32, memory_limit_mb)
        return LanguageSpec(language, "Main.java",
                            [f"{JAVA_HOME}/bin/javac", "-J-Xmx512m", "-J-XX:+UseSerialGC", "-J-XX:TieredStopAtLevel=1",
                             "-encoding", "UTF-8", "Main.java"],
                            [f"{JAVA_HOME}/bin/java", f"-Xmx{heap}m", "-Xss64m", "-XX:+UseSerialGC",
                             "-XX:ActiveProcessorCount=1", "-XX:TieredStopAtLevel=1", "-cp", "/box", "Main"],
                            time_factor=2.0, time_extra_ms=500, memory_extra_mb=160)
    raise ValueError(f"unsupported language {language!r}")


def _java_class(lang: LanguageSpec, code: str) -> LanguageSpec:
    """javac wants a public class in a file of its name: follow the candidate's class name."""
    match = re.search(r"\bpublic\s+(?:final\s+)?class\s+([A-Za-z_][A-Za-z0-9_]{0,63})\b", code)
    if not match or match.group(1) == "Main":
        return lang
    name = match.group(1)
    return LanguageSpec(lang.key, f"{name}.java", [*lang.compile[:-1], f"{name}.java"], [*lang.run[:-1], name],
                        lang.time_factor, lang.time_extra_ms, lang.memory_extra_mb)


@dataclass
class TestOutcome:
    test_id: int
    ordinal: int
    is_sample: bool
    verdict: str
    time_ms: int = 0
    memory_kb: int = 0
    exit_code: int | None = None
    message: str = ""


@dataclass
class Judgement:
    verdict: str
    compile_output: str = ""
    tests: list[TestOutcome] = field(default_factory=list)
    error: str = ""


@dataclass(frozen=True)
class TestData:
    id: int
    ordinal: int
    is_sample: bool
    input_data: str
    expected_output: str


def _tokens_equal(expected: bytes, actual: bytes) -> bool:
    return expected.split() == actual.split()


def _is_bwrap_failure(result: sandbox.RunResult) -> bool:
    return result.exit_code not in (None, 0) and result.stderr.startswith("bwrap:")


def _classify(result: sandbox.RunResult, *, cpu_limit_ms: int) -> tuple[str | None, str]:
    """The verdict a finished run earns before its output is compared (None: compare it)."""
    if _is_bwrap_failure(result):
        return Verdict.SE, result.stderr.strip()[:300]
    if result.memory_exceeded or "java.lang.OutOfMemoryError" in result.stderr or "std::bad_alloc" in result.stderr:
        return Verdict.MLE, "memory limit exceeded"
    if result.timed_out:
        return Verdict.TLE, "wall-clock limit exceeded"
    if result.cpu_ms > cpu_limit_ms or result.signal == 24:
        return Verdict.TLE, "time limit exceeded"
    if result.output_exceeded:
        return Verdict.RE, "output limit exceeded"
    if result.signal:
        return Verdict.RE, f"killed by {SIGNALS.get(result.signal, f'signal {result.signal}')}"
    if result.exit_code:
        return Verdict.RE, f"exit code {result.exit_code}: {result.stderr.strip()[-500:]}"
    return None, ""


KNOWN_ERRORS = ("IndexError", "KeyError", "ZeroDivisionError", "RecursionError", "ValueError", "TypeError", "NameError",
                "AttributeError", "EOFError", "MemoryError", "OverflowError", "AssertionError", "UnboundLocalError",
                "ArrayIndexOutOfBoundsException", "StringIndexOutOfBoundsException", "NullPointerException",
                "NumberFormatException", "ArithmeticException", "StackOverflowError", "InputMismatchException",
                "NoSuchElementException", "NegativeArraySizeException", "ClassCastException", "std::out_of_range",
                "std::length_error", "std::bad_alloc", "std::logic_error", "std::runtime_error")
SIGNALS = {6: "SIGABRT (abort)", 8: "SIGFPE (arithmetic error)", 9: "SIGKILL", 11: "SIGSEGV (invalid memory access)",
           24: "SIGXCPU", 25: "SIGXFSZ (output limit)"}


def error_name(stderr: str) -> str:
    """The known error type in a program's stderr (never free text: hidden tests must not leak)."""
    found = [(stderr.rfind(name), name) for name in KNOWN_ERRORS if name in stderr]
    return max(found)[1] if found else ""


def _for_hidden(verdict: str, message: str, result: sandbox.RunResult) -> str:
    """Hidden tests report no program output: a program could print the hidden input to stderr."""
    if verdict != Verdict.RE:
        return message
    if result.signal:
        return f"killed by {SIGNALS.get(result.signal, f'signal {result.signal}')}"
    if result.output_exceeded:
        return message
    name = error_name(result.stderr)
    return f"exit code {result.exit_code}" + (f" ({name})" if name else "")


def _run_checker(checker: str, test: TestData, output: Path, work: Path) -> tuple[str, str]:
    box = sandbox.prepare_box(work)
    try:  # the checker sees the expected answer, so it gets its own box
        (box / "checker.py").write_text(checker)
        (box / "input.txt").write_text(test.input_data)
        (box / "expected.txt").write_text(test.expected_output)
        shutil.copyfile(output, box / "output.txt")
        result = sandbox.run([PYTHON, "-B", "checker.py", "input.txt", "expected.txt", "output.txt"], box=box,
                             limits=sandbox.Limits(cpu_seconds=5, wall_seconds=10, memory_bytes=512 * MB),
                             out_dir=Path(tempfile.mkdtemp(dir=work)))
    finally:
        sandbox.remove_box(box)
    if result.exit_code == 0:
        return Verdict.AC, ""
    if result.exit_code == 1:
        return Verdict.WA, result.stdout(300).decode("utf-8", "replace").strip()
    return Verdict.SE, f"checker failed: {result.stderr.strip()[-300:]}"


def judge(*, code: str, language: str, tests: list[TestData], time_limit_ms: int, memory_limit_mb: int,
          checker: str = "", on_test=None) -> Judgement:
    """Grade `code` against `tests`. `on_test(outcome)` is called after each test (live verdicts)."""
    lang = language_spec(language, memory_limit_mb)
    if language == Language.JAVA17:
        lang = _java_class(lang, code)
    work = Path(tempfile.mkdtemp(prefix="grading-"))
    work.chmod(0o711)  # the sandbox uid may pass through to its box, not list the test files
    try:
        box = sandbox.prepare_box(work)
        (box / lang.source).write_text(code)
        compile_output = ""
        if lang.compile:
            result = sandbox.run(lang.compile, box=box, limits=COMPILE_LIMITS, writable_box=True,
                                 out_dir=Path(tempfile.mkdtemp(dir=work)))
            compile_output = (result.stderr + result.stdout(4000).decode("utf-8", "replace")).strip()[:4000]
            if _is_bwrap_failure(result):
                return Judgement(Verdict.SE, compile_output, error="sandbox failed to start the compiler")
            if result.timed_out or result.signal or result.exit_code:
                if result.timed_out:
                    compile_output = "compilation took too long\n" + compile_output
                return Judgement(Verdict.CE, compile_output)
        cpu_limit_ms = int(time_limit_ms * lang.time_factor) + lang.time_extra_ms
        limits = sandbox.Limits(cpu_seconds=cpu_limit_ms / 1000, wall_seconds=cpu_limit_ms * 2 / 1000 + 1,
                                memory_bytes=(memory_limit_mb + lang.memory_extra_mb) * MB, pids=64)
        outcomes = []
        for test in tests:
            input_path = work / f"input-{test.ordinal}"
            input_path.write_text(test.input_data)
            result = sandbox.run(lang.run, box=box, limits=limits, stdin_path=input_path,
                                 out_dir=Path(tempfile.mkdtemp(dir=work)))
            verdict, message = _classify(result, cpu_limit_ms=cpu_limit_ms)
            if not test.is_sample:
                message = _for_hidden(verdict, message, result)
            if verdict is None:
                if checker:
                    verdict, message = _run_checker(checker, test, result.stdout_path, work)
                elif _tokens_equal(test.expected_output.encode(), result.stdout()):
                    verdict = Verdict.AC
                else:
                    verdict, message = Verdict.WA, "output differs from the expected answer"
            outcome = TestOutcome(test.id, test.ordinal, test.is_sample, verdict, min(result.cpu_ms, 10**9),
                                  result.peak_memory_kb, result.exit_code, message[:1000])
            outcomes.append(outcome)
            result.stdout_path.unlink(missing_ok=True)
            if on_test:
                on_test(outcome)
        return Judgement(overall(outcomes), compile_output, outcomes)
    except sandbox.SandboxUnavailable as exc:
        logger.error("sandbox unavailable: %s", exc)
        return Judgement(Verdict.SE, error=f"sandbox unavailable: {exc}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def overall(outcomes: list[TestOutcome]) -> str:
    """SE beats everything (re-grade), then the first failing verdict in test order."""
    if any(o.verdict == Verdict.SE for o in outcomes):
        return Verdict.SE
    for outcome in outcomes:
        if outcome.verdict != Verdict.AC:
            return outcome.verdict
    return Verdict.AC if outcomes else Verdict.SE
