"""Fuzzing the command line with hostile scenario files (issue #15).

Hostile files are made from the shipped baseline: random fields replaced by hostile values (huge
or negative numbers, nan/inf, strings, lists, tables, booleans, dates, path-like and unicode
text), required keys dropped, unknown keys added; and file-level cases (empty, binary, not
UTF-8, a directory, a FIFO, a symlink loop, /dev/zero, very long lines, deep nesting, broken
``extends``).  Each is validated (``hiringsim validate FILE``, in this process under a time and
memory limit) and, when it validates, run (``hiringsim run FILE -n 1`` in a subprocess with a
timeout and an address-space limit).  Every case must end in one of two ways:

* **ran**: exit 0, and everything it wrote is inside ``--out``;
* **error**: exit 1 or 2 with a message naming the file, no traceback;

never a traceback, a crash, a hang, a MemoryError or a file written elsewhere.

The default run tries a few dozen derandomized examples (the ``ci`` profile); set
``HIRINGSIM_FUZZ_EXAMPLES=500`` for a longer local search, or survey without stopping at the first
failure and print how the inputs ended::

    PYTHONPATH=src python tests/test_fuzz.py 400          # mixed hostile fields and files
    PYTHONPATH=src python tests/test_fuzz.py 100 huge     # one number scaled up
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import resource
import signal
import subprocess
import sys
import tempfile
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st

from hiringsim.cli import main
from strategies import toml_key, toml_value

BASELINE = Path(__file__).resolve().parents[1] / "src" / "hiringsim" / "scenarios" / "baseline.toml"
#: wall-clock limit of one validate (in process) or run (subprocess)
VALIDATE_SECONDS, RUN_SECONDS = 20, 60
#: address-space limit of a run; extra address space a validate may take in this process
RUN_BYTES, VALIDATE_BYTES = 3 * 2**30, 2 * 2**30
#: hypothesis examples of the mixed hostile-field test and of the huge-number test (each scaled
#: number is run: slow until item 1's bounds refuse them); the env var sets both
EXAMPLES = int(os.environ.get("HIRINGSIM_FUZZ_EXAMPLES", "25"))
HUGE_EXAMPLES = int(os.environ.get("HIRINGSIM_FUZZ_EXAMPLES", "5"))
OK = {"ran", "error"}


# -- TOML out ----------------------------------------------------------------------------------

def dumps(table: dict[str, Any], prefix: tuple[str, ...] = ()) -> str:
    """``table`` as TOML: scalars and lists inline, sub-tables as ``[a.b]`` sections."""
    lines = [f"{toml_key(k)} = {toml_value(v)}" for k, v in table.items()
             if not isinstance(v, dict)]
    for k, v in table.items():
        if isinstance(v, dict):
            path = (*prefix, k)
            lines.append("\n[" + ".".join(map(toml_key, path)) + "]")
            lines.append(dumps(v, path))
    return "\n".join(lines)


# -- hostile values and mutations ------------------------------------------------------------

HUGE = [2**31, 2**53 + 1, 2**63 - 1, 2**63, 2**64, 10**30, -(2**63) - 1, 10**9, 10**15, -1,
        1e9, 1e15, 1e30, 1e300, -1e15, 5e-324, -0.0, float("nan"), float("inf"), float("-inf")]
TEXT = ["", " ", "x", "../x", "../../../../escaped", "/etc/passwd", "/dev/zero", ".", "..",
        "nan", "1e15", "gamma", "fixed", "日本語", "\u202eevil", "a\x00b", "\x7f", "x" * 10_000,
        "${HOME}", "%s%n", "'; DROP TABLE x; --"]
OTHER = [True, False, [], [1], ["x"], [[]], [{}], [float("nan")], {}, {"dist": "x"},
         {"dist": ["x"]}, {"dist": "gamma", "mean": 1e15, "cv": 1000}, {"from": "x"},
         dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.time(7, 32), dt.datetime(2020, 1, 1, 1, 1)]
UNKNOWN_KEYS = ["unknown", "extends", "set", "source", "name", "dist", "servers", "__class__",
                "", " ", "a.b", "日本"]


def hostile(original: Any) -> st.SearchStrategy[Any]:
    """Values that should be refused or survived where ``original`` stood."""
    options: list[st.SearchStrategy[Any]] = [
        st.sampled_from(HUGE), st.sampled_from(TEXT), st.sampled_from(OTHER),
        st.integers(), st.floats(), st.text(max_size=30)]
    if isinstance(original, int | float) and not isinstance(original, bool):
        # huge but valid-looking: the value scaled up, or its type changed
        options.append(st.sampled_from([10**3, 10**6, 10**9, 10**15, -1]).map(
            lambda f: original * f))
        options.append(st.just(str(original)))
    if isinstance(original, list):
        options.append(st.just(original * 1000))
    return st.one_of(options)


def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    """Every key path into a TOML table (dict keys and list indices)."""
    out = []
    items = node.items() if isinstance(node, dict) else enumerate(node) \
        if isinstance(node, list) else ()
    for k, v in items:
        out.append((*prefix, k))
        out.extend(_paths(v, (*prefix, k)))
    return out


def _get(node: Any, path: tuple) -> Any:
    for k in path:
        node = node[k]
    return node


@st.composite
def hostile_scenario(draw) -> tuple[dict[str, Any], list[str]]:
    """The baseline's raw table with one to three hostile mutations, and what they were."""
    raw = tomllib.loads(BASELINE.read_text())
    what = []
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_paths(raw)))
        parent, key = _get(raw, path[:-1]), path[-1]
        op = draw(st.sampled_from(["replace"] * 4 + ["delete", "add"]))
        if op == "replace":
            parent[key] = draw(hostile(parent[key]))
            what.append(f"{'.'.join(map(str, path))} = {_short(parent[key])}")
        elif op == "delete":
            del parent[key]
            what.append(f"del {'.'.join(map(str, path))}")
        else:
            table = parent[key] if isinstance(parent[key], dict) else raw
            name = draw(st.sampled_from(UNKNOWN_KEYS) | st.text(min_size=1, max_size=10))
            table[name] = draw(hostile(None))
            what.append(f"add {name!r} = {_short(table[name])} at {'.'.join(map(str, path))}")
    return raw, what


@st.composite
def huge_scenario(draw) -> tuple[dict[str, Any], list[str]]:
    """The baseline with one number scaled up: huge but valid-looking (issue #15, item 1)."""
    raw = tomllib.loads(BASELINE.read_text())
    numbers = [p for p in _paths(raw) if isinstance(_get(raw, p), int | float)
               and not isinstance(_get(raw, p), bool)]
    path = draw(st.sampled_from(numbers))
    parent, key = _get(raw, path[:-1]), path[-1]
    factor = draw(st.sampled_from([10**3, 10**6, 10**9, 10**15, 2**31, 2**63]))
    parent[key] = parent[key] * factor
    return raw, [f"{'.'.join(map(str, path))} = {_short(parent[key])}"]


def _short(v: Any) -> str:
    text = repr(v)
    return text if len(text) <= 60 else text[:57] + "..."


# -- running a case ----------------------------------------------------------------------------

class _Hang(BaseException):  # noqa: N818 - not an Exception: nothing may swallow it
    """The wall-clock alarm of an in-process validate."""


@contextlib.contextmanager
def _bounded(seconds: float, extra_bytes: int):
    """This process under a wall-clock alarm and ``extra_bytes`` more address space."""
    def alarm(signum, frame):
        raise _Hang

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    with open("/proc/self/statm") as f:
        used = int(f.read().split()[0]) * resource.getpagesize()
    limit = used + extra_bytes if hard == resource.RLIM_INFINITY else min(hard, used + extra_bytes)
    old = signal.signal(signal.SIGALRM, alarm)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
        signal.signal(signal.SIGALRM, old)


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    resource.setrlimit(resource.RLIMIT_AS, (RUN_BYTES, RUN_BYTES))


def _tree(root: Path) -> set[Path]:
    return set(root.rglob("*"))


@dataclass
class Outcome:
    kind: str       # ran, error, traceback, crash, hang, memory, unclear, escaped
    step: str       # validate or run
    detail: str = ""


def _judge(step: str, code: int | None, err: str, names: list[str], escaped: list[Path]
           ) -> Outcome:
    last = err.strip().splitlines()[-1][:200] if err.strip() else ""
    if code is None:
        return Outcome("hang", step)
    if "MemoryError" in err or code in (-signal.SIGKILL, -signal.SIGSEGV, -signal.SIGABRT):
        return Outcome("memory", step, f"exit {code}: {last}")
    if "Traceback" in err:
        return Outcome("traceback", step, last)
    if code not in (0, 1, 2):
        return Outcome("crash", step, f"exit {code}: {last}")
    if escaped:
        return Outcome("escaped", step, ", ".join(map(str, escaped[:3])))
    if code and not any(n in err for n in names):
        return Outcome("unclear", step, last)
    return Outcome("error" if code else "ran", step, "" if not code else last)


def validate_in_process(paths: list[str], names: list[str]) -> Outcome:
    """``hiringsim validate PATHS`` via :func:`hiringsim.cli.main`, bounded in time and memory."""
    err = io.StringIO()
    try:
        with _bounded(VALIDATE_SECONDS, VALIDATE_BYTES), contextlib.redirect_stderr(err), \
                contextlib.redirect_stdout(io.StringIO()):
            code: int | None = main(["validate", *paths])
    except _Hang:
        code = None
    except MemoryError:
        return Outcome("memory", "validate", "MemoryError")
    except BaseException as exc:  # noqa: BLE001 - any escape from main is a traceback
        return Outcome("traceback", "validate", f"{type(exc).__name__}: {exc}"[:200])
    return _judge("validate", code, err.getvalue(), names, [])


def run_subprocess(args: list[str], cwd: Path, seconds: float = RUN_SECONDS
                   ) -> tuple[int | None, str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    try:
        proc = subprocess.run([sys.executable, "-m", "hiringsim", *args], cwd=cwd, env=env,
                              capture_output=True, text=True, timeout=seconds,
                              preexec_fn=_limit_memory, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return None, ""
    return proc.returncode, proc.stderr


def attempt(path: str, root: Path, *, names: list[str] | None = None,
            in_process: bool = True) -> Outcome:
    """Validate ``path`` (from ``root``/work) and, when it validates, run it into root/work/out.

    ``root`` is watched: anything new outside root/work/out is "escaped".
    """
    names = names or [path, Path(path).name]
    work = root / "work"
    work.mkdir(exist_ok=True)
    if in_process:
        cwd = Path.cwd()
        os.chdir(work)
        try:
            outcome = validate_in_process([path], names)
        finally:
            os.chdir(cwd)
    else:
        code, err = run_subprocess(["validate", path], work, VALIDATE_SECONDS)
        outcome = _judge("validate", code, err, names, [])
    if outcome.kind != "ran":
        return outcome
    out = work / "out"
    before = _tree(root)
    code, err = run_subprocess(["run", path, "-n", "1", "-j", "1", "-q", "--out", str(out)], work)
    escaped = sorted(p for p in _tree(root) - before if p != out and out not in p.parents)
    return _judge("run", code, err, names, escaped)


def attempt_scenario(raw: dict[str, Any]) -> Outcome:
    with tempfile.TemporaryDirectory(prefix="hiringsim-fuzz-") as tmp:
        root = Path(tmp)
        path = root / "work" / "hostile.toml"
        path.parent.mkdir()
        path.write_text(dumps(raw), encoding="utf-8")
        return attempt(str(path), root)


# -- the tests ---------------------------------------------------------------------------------

# no shrinking and one bug at a time: a failing case may take a run's whole time limit
FUZZ = settings(max_examples=EXAMPLES, phases=[Phase.explicit, Phase.generate],
                report_multiple_bugs=False, suppress_health_check=list(HealthCheck))


def test_dumps_round_trips_the_baseline():
    """The test's TOML writer writes what tomllib reads back (nan aside)."""
    raw = tomllib.loads(BASELINE.read_text())
    assert tomllib.loads(dumps(raw)) == raw


def test_baseline_runs_in_the_harness():
    """The unmodified baseline validates and runs within the limits: the harness itself works."""
    outcome = attempt_scenario(tomllib.loads(BASELINE.read_text()))
    assert (outcome.kind, outcome.step) == ("ran", "run"), outcome


@FUZZ
@given(hostile_scenario())
def test_hostile_scenarios_run_or_give_a_clear_error(case):
    """A baseline with hostile fields either runs or gives a clear error naming the file."""
    raw, what = case
    outcome = attempt_scenario(raw)
    event(f"{outcome.kind} at {outcome.step}")
    assert outcome.kind in OK, (what, outcome)


@settings(FUZZ, max_examples=HUGE_EXAMPLES)
@given(huge_scenario())
def test_huge_numbers_run_or_give_a_clear_error(case):
    """A baseline with one number scaled by up to 2**63 either runs within the time and memory
    limits or is refused with a clear error; never a MemoryError, a hang or a traceback."""
    raw, what = case
    outcome = attempt_scenario(raw)
    event(f"{outcome.kind} at {outcome.step}")
    assert outcome.kind in OK, (what, outcome)


def _set(path: str, value: Any):
    def patch(raw: dict[str, Any]) -> None:
        *head, last = [int(k) if k.isdigit() else k for k in path.split(".")]
        _get(raw, tuple(head))[last] = value
    return patch


#: hostile fields that failed when this test was written, each a class found by fuzzing or named
#: in the issue (#15 items 1 and 6), kept as regression cases
KNOWN = [
    pytest.param(_set("roles.legal.stages.2.duration.dist", ["x"]), id="stage dist list"),
    pytest.param(_set("roles.officer.onboarding.dist", {"a": 1}), id="onboarding dist table"),
    pytest.param(_set("resources.background.servers", 2**63 - 1), id="servers 2**63"),
    pytest.param(_set("roles.support.recruiting.1.per_week", 2**31), id="per_week 2**31"),
    pytest.param(_set("roles.legal.initial", 10**30), id="initial 1e30"),
    pytest.param(_set("name", "x" * 100_000), id="very long name"),
]


@pytest.mark.parametrize("patch", KNOWN)
def test_known_hostile_fields(patch):
    """Hostile fields that fuzzing found failing: each must run or be refused clearly."""
    raw = tomllib.loads(BASELINE.read_text())
    patch(raw)
    outcome = attempt_scenario(raw)
    assert outcome.kind in OK, outcome


def _file_cases(root: Path) -> dict[str, tuple[str, list[str]]]:
    """File-level cases: name -> (path as given on the command line, names the error must show)."""
    w = root / "work"
    w.mkdir(exist_ok=True)
    base = BASELINE.read_text()
    cases: dict[str, tuple[str, list[str]]] = {}

    def file(name: str, data: bytes | str) -> str:
        p = w / name
        p.write_bytes(data.encode() if isinstance(data, str) else data)
        return str(p)

    cases["empty"] = (file("empty.toml", b""), [])
    cases["binary"] = (file("binary.toml", bytes(range(256)) * 4), [])
    cases["not utf-8"] = (file("latin1.toml", base.replace("baseline", "b\xe9").encode("latin-1")),
                          [])
    cases["utf-8 bom"] = (file("bom.toml", b"\xef\xbb\xbf" + base.encode()), [])
    cases["nul bytes"] = (file("nul.toml", base.replace("\n", "\n\x00", 3)), [])
    cases["very long line"] = (file("long.toml", "#" + "z" * 5_000_000 + "\n" + base), [])
    cases["very long name"] = (file("longname.toml", base.replace(
        'name = "baseline"', 'name = "' + "x" * 100_000 + '"', 1)), [])
    cases["long comment lines"] = (file("comment.toml", ("#" + "y" * 100_000 + "\n") * 50 + base),
                                   [])
    cases["deep nesting"] = (file("deep.toml", "x = " + "[" * 50_000 + "]" * 50_000 + "\n"), [])
    cases["deep inline tables"] = (file("deept.toml", "x = " + "{a = " * 5_000 + "1" + "}" * 5_000
                                        + "\n"), [])
    big = w / "big.toml"
    with open(big, "wb") as f:
        f.truncate(65 * 2**20)  # sparse: larger than files.MAX_BYTES
    cases["over the size cap"] = (str(big), [])
    (w / "folder.toml").mkdir()
    cases["a directory"] = (str(w / "folder.toml"), [])
    os.mkfifo(w / "fifo.toml")
    cases["a FIFO"] = (str(w / "fifo.toml"), [])
    os.symlink(w / "loop_b.toml", w / "loop_a.toml")
    os.symlink(w / "loop_a.toml", w / "loop_b.toml")
    cases["a symlink loop"] = (str(w / "loop_a.toml"), [])
    os.symlink("/dev/zero", w / "zero.toml")
    cases["/dev/zero"] = (str(w / "zero.toml"), [])
    os.symlink(w / "missing.toml", w / "dangling.toml")
    cases["a dangling symlink"] = (str(w / "dangling.toml"), [])
    cases["no such file"] = (str(w / "nope.toml"), [])
    cases["empty name"] = ("", ["''", "'.'"])  # argparse's Path('') is '.'
    cases["dot"] = (".", ["'.'"])
    for name, target in [("self", "ext_self.toml"), ("directory", "folder.toml"),
                         ("FIFO", "fifo.toml"), ("/dev/zero", "/dev/zero"), ("empty", ""),
                         ("dot", "."), ("symlink loop", "loop_a.toml"),
                         ("escaping path", "../../../../../../../../../../etc/passwd")]:
        slug = "ext_" + "".join(c if c.isalnum() else "_" for c in name) + ".toml"
        slug = "ext_self.toml" if name == "self" else slug
        cases[f"extends {name}"] = (file(slug, f"extends = {toml_key(target)}\n{base}"), [])
    file("cycle_b.toml", 'extends = "cycle_a.toml"\nname = "b"\n')
    cases["extends cycle"] = (file("cycle_a.toml", 'extends = "cycle_b.toml"\nname = "a"\n'), [])
    return cases


FILE_CASES = [
    "empty", "binary", "not utf-8", "utf-8 bom", "nul bytes", "very long line",
    "long comment lines", "over the size cap", "a directory", "a FIFO", "/dev/zero",
    "a dangling symlink", "no such file", "empty name", "dot", "extends self", "extends cycle",
    "deep nesting", "deep inline tables", "a symlink loop", "extends symlink loop",
    "extends directory", "extends FIFO", "extends /dev/zero", "extends empty", "extends dot",
    "extends escaping path",
]


@pytest.mark.parametrize("case", FILE_CASES)
def test_hostile_files_give_a_clear_error(tmp_path, case):
    """Files that are no scenario (or point at none) give a clear error, no traceback or hang;
    validated in a subprocess (a FIFO or /dev/zero could block this process)."""
    path, names = _file_cases(tmp_path)[case]
    outcome = attempt(path, tmp_path, names=names or None, in_process=False)
    assert outcome.kind in OK, outcome


def test_validate_reports_every_bad_file(tmp_path):
    """``validate a b c`` names each bad file, not only the first."""
    cases = _file_cases(tmp_path)
    paths = [cases[c][0] for c in ("binary", "not utf-8", "a directory", "empty")]
    code, err = run_subprocess(["validate", *paths], tmp_path / "work", VALIDATE_SECONDS)
    assert code in (1, 2) and "Traceback" not in err
    assert all(p in err for p in paths), err


# -- a survey: PYTHONPATH=src python tests/test_fuzz.py N -------------------------------------

def survey(n: int, strategy: st.SearchStrategy | None = None, files: bool = True) -> Counter:
    """Try ``n`` hostile scenarios and every file case without stopping; print each failure."""
    tally: Counter = Counter()
    with tempfile.TemporaryDirectory(prefix="hiringsim-fuzz-") as tmp:
        for name, (path, names) in _file_cases(Path(tmp)).items():
            if not files:
                break
            outcome = attempt(path, Path(tmp), names=names or None, in_process=False)
            tally[outcome.kind] += 1
            if outcome.kind not in OK:
                print(f"FILE {name}: {outcome}", flush=True)
    seen = 0

    @settings(max_examples=n, phases=[Phase.generate], database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(strategy if strategy is not None else hostile_scenario())
    def one(case):
        nonlocal seen
        raw, what = case
        outcome = attempt_scenario(raw)
        seen += 1
        tally[outcome.kind] += 1
        tally[f"{outcome.kind} at {outcome.step}"] += 1
        if outcome.kind not in OK:
            print(f"{seen}: {'; '.join(what)} -> {outcome}", flush=True)
        elif seen % 25 == 0:
            print(f"{seen} done: {dict(tally)}", flush=True)

    one()
    return tally


if __name__ == "__main__":
    huge = sys.argv[2:3] == ["huge"]
    print(dict(survey(int(sys.argv[1]) if len(sys.argv) > 1 else 100,
                      huge_scenario() if huge else None, files=not huge)))
