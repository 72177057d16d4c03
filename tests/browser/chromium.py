"""Find the Chromium the browser tests drive, and install one if there is none.

    python -m tests.browser.chromium --ensure   # print path and version; install if missing

The tests use a system Chromium (Debian's `chromium` package) through Playwright's
`executable_path`; Playwright's own browser download is only a fallback for machines that
can reach its download host.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

ENV_VAR = "BARNBARO_CHROMIUM"
NAMES = ("chromium", "chromium-browser", "google-chrome")
# How the browser tests and bench.browser start it. Never --disable-software-rasterizer: WebGL
# (the pydeck map) needs the software rasterizer on a machine without a GPU.
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

HOW_TO_INSTALL = f"""\
No Chromium found for the browser tests. Install one, then run `make test` again:
  Debian/Ubuntu:  sudo apt-get update && sudo apt-get install -y chromium
                  (Ubuntu: chromium-browser, or Google Chrome's .deb)
  macOS:          brew install --cask chromium   (or install Google Chrome)
  with internet:  .venv/bin/python -m playwright install chromium
  any other:      export {ENV_VAR}=/path/to/chrome-or-chromium
`make test-fast` runs the tests that need no browser."""


def _playwright_chromium() -> str | None:
    """The browser `playwright install chromium` downloads, if it is there."""
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            path = p.chromium.executable_path
    except Exception:
        return None
    return path if path and os.access(path, os.X_OK) else None


def find_chromium() -> str | None:
    """Path of a Chromium to drive, or None. $BARNBARO_CHROMIUM wins when set."""
    explicit = os.environ.get(ENV_VAR)
    if explicit:
        return explicit if os.access(explicit, os.X_OK) else None
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    for name in NAMES:
        path = shutil.which(name)
        if path:
            return path
    return _playwright_chromium()


def version(path: str) -> str:
    # Debian's wrapper script prints shell noise on stderr; the version is on stdout.
    out = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=60)
    return out.stdout.strip() or f"(no version; exit {out.returncode})"


def _run(cmd: list[str]) -> bool:
    print("+", " ".join(cmd), flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    return subprocess.run(cmd, env=env).returncode == 0


def ensure() -> int:
    path = find_chromium()
    if path is None and os.environ.get(ENV_VAR):
        print(f"{ENV_VAR}={os.environ[ENV_VAR]} is not an executable file.", file=sys.stderr)
        return 1
    if path is None:
        if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
            print("No Chromium found; installing Debian's chromium package with apt-get.")
            _run(["apt-get", "update"]) and _run(["apt-get", "install", "-y", "chromium"])
        else:
            print(
                "No Chromium found and not root with apt-get; trying Playwright's own "
                "browser download (needs internet access to Playwright's download host)."
            )
            _run([sys.executable, "-m", "playwright", "install", "chromium"])
        path = find_chromium()
    if path is None:
        print(HOW_TO_INSTALL, file=sys.stderr)
        return 1
    print(f"Chromium for browser tests: {path} ({version(path)})")
    return 0


if __name__ == "__main__":
    if sys.argv[1:] != ["--ensure"]:
        print(__doc__)
        sys.exit(0 if sys.argv[1:] in ([], ["-h"], ["--help"]) else 2)
    sys.exit(ensure())
