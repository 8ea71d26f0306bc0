"""Refresh ``docs/app/app.png``, the README's picture of the app.

    python docs/app/screenshot.py [OUT.png]

Starts ``hiringsim app`` (the shipped baseline, its default) (20 replications, seed 2017) on a free
localhost port, opens it in headless Chromium (1300 x 940), runs it once unchanged, moves
"Background investigators" from 1,000 to 2,000, runs again and saves the page.  It drives the
page with the helpers of ``tests/test_app.py`` (the browser test), so it needs what that test
needs: ``pip install -e ".[test]"`` and Debian's ``chromium`` and ``chromium-driver``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

import test_app as t  # noqa: E402  (the browser test's page helpers)

LEVER = "Background investigators (concurrent cases)"


def main(out: Path) -> None:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    port = t._free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "MPLBACKEND": "Agg"}
    app = subprocess.Popen([sys.executable, "-m", "hiringsim", "app", "--port", str(port),
                            "--no-browser", "-n", "20", "--seed", "2017"], env=env, cwd=ROOT)
    with tempfile.TemporaryDirectory() as profile:
        opts = webdriver.ChromeOptions()
        opts.binary_location = str(t.CHROMIUM)
        for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    "--window-size=1300,940", f"--user-data-dir={profile}"):
            opts.add_argument(arg)
        driver = webdriver.Chrome(service=Service(str(t.CHROMEDRIVER)), options=opts)
        try:
            url = f"http://localhost:{port}/"
            t._wait("the server to answer", lambda: t._answers(url), 60, proc=app)
            driver.get(url)
            t._wait("the page", lambda: t._lever_input(driver, LEVER), 30)
            t._run_and_wait(driver, "", t._readout(driver))
            chart, text = t._chart(driver), t._readout(driver)
            t._set_lever(driver, LEVER, 2000)
            t._run_and_wait(driver, chart, text)
            driver.save_screenshot(str(out))
            print(t._readout(driver))
        finally:
            driver.quit()
            app.kill()
            app.wait(timeout=10)
    print(f"wrote {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "app" / "app.png")
