"""The course notebooks: each runs top to bottom with small sizes; the committed files are clean.

Execution uses nbclient with the ``python3`` kernel and the notebooks' small switch
(``HIRINGSIM_NB_REPLICATIONS``, ``HIRINGSIM_NB_SMALL``); a failing cell fails the test.  Cells
tagged ``expect-image`` must show a figure and cells tagged ``expect-output`` must show something.
The explorer (05) runs twice: with its sliders (the first chart lands in the widget's state) and
in its static fallback.  Each runs in a temporary folder outside the repository: the notebooks
take their scenarios from the package (``hiringsim.example``), not from a checkout.

Each ``.ipynb`` is paired with a jupytext percent-format source ``NN_name.py``
(``notebooks/jupytext.toml``); the two must hold the same cells, and the committed ``.ipynb`` must
have no outputs.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
traitlets_config = pytest.importorskip("traitlets.config")

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
EXPECTED = ["01_quickstart", "02_all_at_once_or_in_phases", "03_what_matters",
            "04_build_your_own_scenario", "05_what_if_explorer", "06_what_it_takes",
            "07_calibrate_then_solve"]
SMALL = {"HIRINGSIM_NB_REPLICATIONS": "6", "HIRINGSIM_NB_SMALL": "1", "HIRINGSIM_NB_JOBS": "2",
         "MPLBACKEND": "Agg"}
#: variables that would change what a notebook runs; removed for the test
UNSET = ("HIRINGSIM_NB_STATIC", "HIRINGSIM_NB_STORE", "HIRINGSIM_DASK_SCHEDULER")
MAX_BYTES = 500_000

RUNS = [pytest.param(p, {}, id=p.stem) for p in PATHS]
RUNS += [pytest.param(p, {"HIRINGSIM_NB_STATIC": "1"}, id=f"{p.stem}-static")
         for p in PATHS if p.stem == "05_what_if_explorer"]


def _execute(path: Path, env: dict[str, str], monkeypatch,
             cwd: Path) -> tuple[nbformat.NotebookNode, float]:
    for name in UNSET:
        monkeypatch.delenv(name, raising=False)
    for name, value in {**SMALL, **env}.items():
        monkeypatch.setenv(name, value)
    # the kernel starts in ``cwd``: a relative PYTHONPATH (PYTHONPATH=src) must still name the
    # hiringsim under test
    paths = [str(Path(p).resolve()) for p in os.environ.get("PYTHONPATH", "").split(os.pathsep)
             if p]
    if paths:
        monkeypatch.setenv("PYTHONPATH", os.pathsep.join(paths))
    nb = nbformat.read(path, as_version=4)
    # The kernel talks over Unix sockets in ``cwd``, not TCP: jupyter_client picks a TCP port by
    # binding port 0 and letting it go, and another process (the other xdist worker's kernel, a
    # Dask cluster) may take it before the kernel binds it ("Address already in use", CI on
    # 3d75f75).  Socket files are named after the connection file and never collide.
    config = traitlets_config.Config()
    config.KernelManager.transport = "ipc"
    config.KernelManager.connection_file = str(cwd / "kernel.json")
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3", config=config,
                                     resources={"metadata": {"path": str(cwd)}})
    t0 = time.perf_counter()
    client.execute()  # raises CellExecutionError at the first failing cell
    return nb, time.perf_counter() - t0


def _widget_outputs(nb: nbformat.NotebookNode) -> list[dict]:
    """Outputs captured by ipywidgets Output widgets (kept in the notebook's widget state)."""
    state = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    return [out for model in state.get("state", {}).values()
            if model.get("model_name") == "OutputModel"
            for out in model.get("state", {}).get("outputs", [])]


def _has_image(outputs) -> bool:
    return any("image/png" in out.get("data", {}) for out in outputs)


@pytest.mark.parametrize(("path", "env"), RUNS)
def test_notebook_runs_top_to_bottom(path, env, monkeypatch, tmp_path):
    """The notebook executes, outside the repository, without errors or warnings and its key
    cells show their output."""
    nb, seconds = _execute(path, env, monkeypatch, cwd=tmp_path)
    print(f"{path.name}{' ' + str(env) if env else ''}: {seconds:.1f} s")
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        where = f"{path.name}, cell {i}:\n{cell.source[:300]}"
        for out in cell.outputs:
            assert out.output_type != "error", f"{where}\n{out.get('ename')}: {out.get('evalue')}"
            if out.output_type == "stream" and out.name == "stderr":
                assert "Warning" not in out.text and "Traceback" not in out.text, \
                    f"{where}\nstderr: {out.text[:2000]}"
        tags = cell.metadata.get("tags", [])
        if "expect-image" in tags:
            assert _has_image(cell.outputs), f"{where}\nno figure"
        if "expect-output" in tags:
            assert cell.outputs, f"{where}\nno output"
    if path.stem == "05_what_if_explorer":
        if env.get("HIRINGSIM_NB_STATIC"):
            assert any(_has_image(c.outputs) for c in nb.cells if c.cell_type == "code")
        else:
            captured = _widget_outputs(nb)
            assert _has_image(captured), "the explorer drew no chart in its Output widget"
            assert not [o for o in captured if o["output_type"] == "error"], captured


def test_the_course_has_its_seven_notebooks():
    """notebooks/ holds exactly the seven notebooks of the course, in order."""
    assert [p.stem for p in PATHS] == EXPECTED


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_committed_notebook_is_clean(path):
    """A committed notebook is valid nbformat 4 for python3, small, without outputs or
    execution counts, and its first code cell holds the parameters."""
    assert path.stat().st_size < MAX_BYTES, f"{path.name} is {path.stat().st_size:,} bytes"
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3"
    code = [c for c in nb.cells if c.cell_type == "code"]
    for cell in code:
        assert not cell.outputs and cell.execution_count is None, \
            (f"{path.name} is committed with outputs; clear them (in Jupyter: Edit > Clear "
             "Outputs of All Cells, or jupyter nbconvert --clear-output --inplace "
             f"notebooks/{path.name})")
    assert "parameters" in code[0].metadata.get("tags", [])
    assert "HIRINGSIM_NB_REPLICATIONS" in code[0].source


def test_every_notebook_has_a_paired_source_and_no_source_is_alone():
    """notebooks/ holds one percent-format source NN_name.py for each NN_name.ipynb, and no
    other Python file."""
    assert sorted(p.stem for p in NOTEBOOKS.glob("*.py")) == [p.stem for p in PATHS]
    config = (NOTEBOOKS / "jupytext.toml").read_text()
    assert 'formats = "ipynb,py:percent"' in config


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_notebook_matches_its_paired_source(path):
    """The .ipynb and its .py source hold the same cells: types, sources and tags (edit either,
    then jupytext --sync notebooks/*.py)."""
    jupytext = pytest.importorskip("jupytext")
    source = path.with_suffix(".py")
    text = jupytext.read(source)
    assert text.metadata.get("jupytext", {}).get("text_representation", {}).get(
        "format_name") == "percent", f"{source.name} is not in jupytext's percent format"
    committed = nbformat.read(path, as_version=4)

    def cells(nb):
        return [(c.cell_type, c.source, c.metadata.get("tags", [])) for c in nb.cells]

    assert cells(committed) == cells(text), \
        f"{path.name} and {source.name} differ: run jupytext --sync notebooks/{source.name}"
