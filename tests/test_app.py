"""The app: its levers and what-if run in plain Python, and the page driven in a real browser.

The browser test starts ``python -m hiringsim app`` on a free localhost port and drives it with
Selenium and headless Chromium (installed by ``.ci/run`` from Debian's packages): load a scenario,
move a lever, run, see the chart and the answer change, download the workbook.
"""

from __future__ import annotations

import base64
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import zipfile
from pathlib import Path
from typing import IO

import pytest

import hiringsim as hs
from hiringsim.app import levers, whatif
from hiringsim.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT / "tests" / "scenarios" / "small.toml"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


# -- levers and the what-if run, without a browser ------------------------------------------------
def test_levers_read_the_start_values():
    """The levers show the target role's seats, class spacing, investigators and recruiting."""
    sc = hs.example("surge")
    assert levers.current(sc) == {"seats": 60, "every_days": 7, "servers": 1000,
                                  "per_week": 6000}


def test_moving_a_lever_scales_its_schedule():
    """Doubling investigators doubles the later expansion too; unchanged levers stay."""
    sc = hs.example("surge")
    v = levers.apply(sc, {"servers": 2000, "seats": 60})
    assert v.get("resources.background.servers") == 2000
    assert [c["servers"] for c in v.get("resources.background.changes")] == [5000]
    assert v.get("roles.officer.academy.changes") == sc.get("roles.officer.academy.changes")
    assert v.get("roles.officer.recruiting") == sc.get("roles.officer.recruiting")


def test_recruiting_lever_sets_the_first_rate_and_scales_the_rest():
    """Recruiting 3,000 instead of 6,000 a week halves the later rates."""
    v = levers.apply(hs.example("surge"), {"per_week": 3000})
    assert [r["per_week"] for r in v.get("roles.officer.recruiting")] == [3000, 1500, 450]


def test_an_invalid_lever_is_an_input_error():
    """Zero days between classes is refused with the field's message, not a traceback."""
    with pytest.raises(InputError, match="every_days: must be >= 1"):
        levers.apply(hs.example("baseline"), {"every_days": 0})


def test_upload_errors_name_the_uploaded_file():
    """An uploaded TOML with mistakes lists every problem under the file's own name."""
    text = SMALL.read_text().replace("growth = 300", "growth = -3").replace(
        "pass_rate = 0.5\n", "pass_rate = 1.5\n", 1)
    with pytest.raises(InputError) as info:
        whatif.load_upload(text.encode(), "mine.toml")
    msg = str(info.value)
    assert "mine.toml: target.growth" in msg and "pass_rate" in msg
    assert "hiringsim-upload-" not in msg


def test_upload_loads_a_valid_scenario():
    """A valid upload becomes the scenario, named by its file."""
    sc = whatif.load_upload(SMALL.read_bytes(), "small.toml")
    assert sc.name == "small" and sc.source == "small.toml"


def test_whatif_reports_progress_and_compares_with_common_random_numbers():
    """Both plans run with one seed; progress adds up to both runs; the table has four answers."""
    seen: list[int] = []
    sc = hs.load_scenario(SMALL)
    out = whatif.run_whatif(sc, {"seats": 30}, replications=4, seed=7, on_progress=seen.append)
    assert sum(seen) == 8
    assert out.moved == {"seats": (15, 30)}
    assert out.unchanged.seed == out.changed.seed == 7
    assert len(out.table) == 4 and list(out.table.columns)[:2] == [whatif.UNCHANGED,
                                                                     whatif.CHANGED]
    same = whatif.run_whatif(sc, {}, replications=4, seed=7)
    assert (same.unchanged.kpis["growth_at_deadline"].to_numpy()
            == same.changed.kpis["growth_at_deadline"].to_numpy()).all()
    assert whatif.figure(out).axes


def test_the_command_checks_its_scenario_before_serving(tmp_path, capsys):
    """``hiringsim app --scenario`` with a bad file fails at once with the input error."""
    from hiringsim.cli import main

    bad = tmp_path / "bad.toml"
    bad.write_text(SMALL.read_text().replace("growth = 300", "growth = -3"))
    assert main(["app", "--scenario", str(bad), "--no-browser", "--port", "5999"]) == 2
    assert "target.growth" in capsys.readouterr().err


def test_import_hiringsim_does_not_import_panel():
    """``import hiringsim`` (and the CLI's parser) stay light: Panel loads only for the app."""
    code = ("import sys, hiringsim, hiringsim.cli; hiringsim.cli.parser(); "
            "print('panel' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, check=True)
    assert out.stdout.strip() == "False"


# -- the page in a real browser -------------------------------------------------------------------
#: finds elements through Bokeh's shadow roots (Panel renders every widget in one)
DEEP = """
function deep(root, sel, out) {
  root.querySelectorAll(sel).forEach(e => out.push(e));
  root.querySelectorAll('*').forEach(e => { if (e.shadowRoot) deep(e.shadowRoot, sel, out); });
  return out;
}
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(what, predicate, timeout: float, *, proc=None, fail: bool = True):
    """``predicate()``'s first truthy value within ``timeout`` seconds, else fail (or None)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc is not None and proc.poll() is not None:
            pytest.fail(f"the app exited ({proc.returncode}) while waiting for {what}")
        value = predicate()
        if value:
            return value
        time.sleep(0.25)
    if fail:
        pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")
    return None


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def _start_app(env: dict[str, str]) -> tuple[subprocess.Popen, str, IO[bytes]]:
    """The app started on a free port: (process, url, its log), once it answers or exits."""
    port = _free_port()
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(
        [sys.executable, "-m", "hiringsim", "app", "--port", str(port), "--no-browser",
         "--scenario", str(SMALL), "-n", "6"], stdout=log, stderr=subprocess.STDOUT, env=env,
        cwd=ROOT)
    url = f"http://localhost:{port}/"
    _wait("the server to answer", lambda: proc.poll() is not None or _answers(url), 60,
          fail=False)
    return proc, url, log


@pytest.fixture
def app_url():
    """The app serving the small test scenario on a free port; killed afterwards.

    A free port is only free until the app binds it: another process (the other xdist worker's
    Dask cluster or notebook kernel) may take it first.  The app then exits with "Address
    already in use", and the fixture starts it again on another port, at most twice."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "MPLBACKEND": "Agg"}
    proc, url, log = _start_app(env)
    try:
        for _ in range(2):
            log.seek(0)
            if proc.poll() is None or b"Address already in use" not in log.read():
                break
            log.close()
            proc, url, log = _start_app(env)
        _wait("the server to answer", lambda: _answers(url), 1, proc=proc)
        yield url
    finally:
        proc.kill()
        proc.wait(timeout=10)
        log.seek(0)
        sys.stdout.write(log.read().decode(errors="replace")[-4000:])  # shown on failure
        log.close()


@pytest.fixture
def browser(tmp_path):
    """Headless Chromium through Selenium, downloading into ``tmp_path/downloads``."""
    missing = ("" if CHROMIUM.exists() and CHROMEDRIVER.exists() else
               "no /usr/bin/chromium and chromedriver (apt-get install chromium chromium-driver;"
               " .ci/run does)")
    try:
        from selenium import webdriver
    except ImportError:
        missing = "no selenium (pip install -e '.[test]')"
    if missing:  # in CI the browser test must run, never skip quietly
        (pytest.fail if os.environ.get("CI") else pytest.skip)(missing)
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path / "downloads"
    downloads.mkdir()
    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--window-size=1300,1100",
                f"--user-data-dir={tmp_path / 'profile'}"):
        opts.add_argument(arg)
    opts.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                           "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=opts)
    try:
        driver.set_page_load_timeout(30)
        driver.set_script_timeout(10)
        driver.execute_cdp_cmd("Browser.setDownloadBehavior",
                               {"behavior": "allow", "downloadPath": str(downloads)})
        driver.downloads = downloads
        yield driver
    finally:
        driver.quit()


def _texts(driver, selector: str) -> list[str]:
    """The text of every element matching ``selector``, in every shadow root."""
    return driver.execute_script(
        DEEP + "return deep(document, arguments[0], []).map(e => e.textContent);", selector)


def _click(driver, selector: str, text: str) -> bool:
    """Click the first enabled element matching ``selector`` whose text is ``text``."""
    return driver.execute_script(
        DEEP + "const e = deep(document, arguments[0], []).find(e => !e.disabled && "
               "e.textContent.trim() === arguments[1]); if (e) { e.click(); } return !!e;",
        selector, text)


def _button(driver, text: str) -> str:
    """'enabled', 'disabled' or '' (no such button)."""
    return driver.execute_script(
        DEEP + "const e = deep(document, 'button', []).find(e => e.textContent.trim() === "
               "arguments[0]); return e ? (e.disabled ? 'disabled' : 'enabled') : '';", text)


def _lever_input(driver, label: str):
    return driver.execute_script(
        DEEP + "const l = deep(document, 'label', []).find(e => e.textContent.trim() === "
               "arguments[0]); return l ? l.getRootNode().querySelector('input') : null;", label)


def _chart(driver) -> str:
    return driver.execute_script(
        DEEP + "const i = deep(document, 'img', []).find(e => (e.src || '').startsWith("
               "'data:image/png')); return i ? i.src : '';")


def _readout(driver) -> str:
    texts = _texts(driver, "#hs-readout")
    return texts[0] if texts else ""


def _set_lever(driver, label: str, value: int) -> None:
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.keys import Keys

    for _ in range(5):  # Bokeh may re-render the input between finding and typing
        try:
            box = _lever_input(driver, label)
            box.send_keys(Keys.END, Keys.BACKSPACE * 12, str(value), Keys.ENTER)
            box.send_keys(Keys.TAB)
            if box.get_attribute("value") == str(value):
                return
        except StaleElementReferenceException:
            time.sleep(0.3)
    pytest.fail(f"could not type into {label!r}")


def _run_and_wait(driver, before_chart: str, before_text: str) -> None:
    def started() -> bool:  # a click before the page's connection is up is lost: click again
        if _button(driver, "Running...") or _chart(driver) != before_chart:
            return True
        _click(driver, "button", "Run")
        return _wait("the busy state or the answer", lambda: _button(driver, "Running...")
                     or _chart(driver) != before_chart, 5, fail=False)

    _wait("the run to start", started, 30)
    if not _wait("a new chart and answer", lambda: _chart(driver) not in ("", before_chart)
                 and _readout(driver) != before_text and _button(driver, "Run") == "enabled",
                 60, fail=False):
        state = (f"chart changed: {_chart(driver) != before_chart}, readout: "
                 f"{_readout(driver)!r}, messages: {_texts(driver, '#hs-error')}, "
                 f"buttons: {[t.strip() for t in _texts(driver, 'button') if t.strip()]}")
        pytest.fail(f"timed out after 60 s waiting for a new chart and answer; {state}")


def _is_workbook(path: Path) -> bool:
    if not zipfile.is_zipfile(path):
        return False
    with zipfile.ZipFile(path) as z:
        return "xl/workbook.xml" in z.namelist()


def test_browser_load_move_a_lever_run_and_download(app_url, browser, tmp_path):
    """In headless Chromium: load, run, move a lever, run again (the chart and the answer
    change), download the workbook (an .xlsx appears and opens)."""

    t0 = time.monotonic()
    browser.get(app_url)
    _wait("the page", lambda: _lever_input(browser, "Academy seats per class"), 30)
    assert any("small" in t for t in _texts(browser, "b"))

    _run_and_wait(browser, "", _readout(browser))
    first_chart, first_text = _chart(browser), _readout(browser)
    assert "Levers moved: none" in first_text

    assert _lever_input(browser, "Academy seats per class").get_attribute("value") == "15"
    recruiting = "Recruiting: applications per week"
    assert _lever_input(browser, recruiting).get_attribute("value") == "60"
    _set_lever(browser, recruiting, 120)
    _run_and_wait(browser, first_chart, first_text)
    text = _readout(browser)
    assert f"{recruiting} 60 -> 120" in text, text
    assert text.split("growth at")[-1] != first_text.split("growth at")[-1]
    assert base64.b64decode(_chart(browser).split(",", 1)[1])[:4] == b"\x89PNG"
    browser.save_screenshot(str(tmp_path / "app.png"))
    if os.environ.get("HIRINGSIM_APP_SCREENSHOT"):  # refresh docs/app/app.png for the README
        shutil.copy(tmp_path / "app.png", os.environ["HIRINGSIM_APP_SCREENSHOT"])

    download = _wait("the workbook download button", lambda: browser.execute_script(
        DEEP + "return deep(document, 'button', []).find(e => e.textContent.trim() === "
               "'Download the workbook (.xlsx)' && !e.disabled);"), 10)
    download.click()  # a real click: Panel's download button ignores a scripted click()
    book = _wait("the downloaded workbook", lambda: [
        p for p in browser.downloads.glob("*.xlsx") if p.stat().st_size > 0
        and _is_workbook(p)], 30)[0]
    try:
        import openpyxl
    except ImportError:
        pass
    else:
        assert openpyxl.load_workbook(book).sheetnames
    assert time.monotonic() - t0 < 120
