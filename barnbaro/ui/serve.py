"""Start the app's server warm: `python -m barnbaro.ui.serve [streamlit run options]`.

`streamlit run app.py` fills the per-process caches (the tables, the 48 ranked frames, the
Kolada copy and its index, the geometry) during the first visitor's run, and because the app
keeps its pages in pages/, Streamlit runs that first deep link as a page file before app.py
has called st.navigation, so the page asks for a second run. This launcher runs the same
`streamlit run app.py` with two differences:

- the app is known to route with st.navigation from the start, so no run is made twice;
- the caches are filled before the server listens; then it visits every page once itself,
  in-process (a session with no browser behind it), so that every import and every compiled
  page is ready too. /_stcore/health says ok only after that (about a second): the browser's
  frontend waits for that ok before it connects, and a balancer sends no reader to a process
  that is still warming up;
- .streamlit/config.toml is read at start and not polled for changes while the server runs
  (a change takes a restart).

`streamlit run app.py` still works as before (the app then fills the caches on the first
visit, and its pages switch to the router themselves).
"""

from __future__ import annotations

import asyncio
import sys
import threading
import time

from streamlit.logger import get_logger

from ..core import paths
from ..explore.urlstate import DEFAULT_INDICATOR, SITE

log = get_logger("barnbaro.serve")  # Streamlit's handler and level: the line shows in the server log

# The pages a visitor can open, as URL paths ("" is Översikt), with a deep link that names a
# view, so that the run takes the same way as a shared link.
WARM_PAGES = tuple("" if p is SITE[0] else p.slug for p in SITE)  # the start page at the root
WARM_QUERY = f"kommun=0180&indikator={DEFAULT_INDICATOR}&upplaga=2018"


def fill_caches() -> int:
    """The per-process caches that do not depend on a view: the clean tables, every question's
    ranked frames, the names, the published figures, the geometry and the Kolada copy with its
    index. Returns how many ranked frames were made. Safe to call from any thread."""
    from ..explore import kolada_views as KV
    from . import data as D

    D.data()
    n = D.warm(str(paths.CLEAN_DIR))
    D.names()
    D.catalogue()
    D.figures()
    D.responses()
    D.features()
    D.borders()
    D.neighbours()
    cache, _ = D.kolada_cache()
    if cache is not None:
        KV.index(cache)
    latest = max(D.data().editions)
    for code in D.names()["by_code"]:  # the default peer group (the county) of every municipality
        D.peers("lan", code, latest, ())
    return n


class _Client:
    """The SessionClient of the in-process visit: it keeps nothing but the end of each run."""

    def __init__(self, loop: asyncio.AbstractEventLoop):
        self.loop = loop
        self.done = asyncio.Event()
        self.status: int | None = None
        self.exceptions: list[str] = []

    def write_forward_msg(self, msg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            el = msg.delta.new_element
            if el.WhichOneof("type") == "exception":
                self.exceptions.append(f"{el.exception.type}: {el.exception.message}")
        elif kind == "script_finished":
            from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

            if msg.script_finished != ForwardMsg.ScriptFinishedStatus.Value("FINISHED_EARLY_FOR_RERUN"):
                self.status = msg.script_finished
                self.loop.call_soon_threadsafe(self.done.set)

    @property
    def client_context(self):
        return None


async def visit(page: str, query: str = WARM_QUERY, timeout: float = 120.0) -> dict:
    """One run of a page, as a browser's first run would make it, through the server's own
    runtime. Returns its outcome (seconds, status, exceptions)."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.runtime import Runtime

    rt = Runtime.instance()
    client = _Client(asyncio.get_running_loop())
    sid = rt.connect_session(client, user_info={})
    t0 = time.perf_counter()
    try:
        msg = BackMsg()
        msg.rerun_script.query_string = query
        msg.rerun_script.page_name = page
        msg.rerun_script.page_script_hash = ""
        rt.handle_backmsg(sid, msg)
        await asyncio.wait_for(client.done.wait(), timeout)
    finally:
        rt.close_session(sid)
    return {
        "page": page,
        "seconds": round(time.perf_counter() - t0, 3),
        "status": client.status,
        "exceptions": client.exceptions,
    }


async def warm_server() -> None:
    """Visit every page once (the caches are filled by then). Logs what it did; a failure is
    logged and leaves the server as `streamlit run` would have it."""
    t0 = time.perf_counter()
    try:
        visits = [await visit(p) for p in WARM_PAGES]
    except Exception:  # the server runs on regardless: the first reader does what is missing
        log.exception("the warm-up visits failed")
        return
    finally:
        WARM.set()
    for v in visits:
        if v["exceptions"] or v["status"] != 0:
            log.warning("warm-up visit of /%s: status %s, %s", v["page"], v["status"], "; ".join(v["exceptions"]))
    log.info(
        "every page visited once in %.1f s (%s)",
        time.perf_counter() - t0,
        ", ".join(f"/{v['page']} {v['seconds']:.2f} s" for v in visits),
    )


WARM = threading.Event()  # set once the warm-up visits are done (or have failed)
WARM_TIMEOUT = 60.0  # seconds after which /_stcore/health says ok even if they are not


def _gate_health() -> None:
    """/_stcore/health says "warming up" (503) until the warm-up visits are done. The browser's
    frontend waits for an ok before it opens its websocket, and a balancer's health check
    keeps readers off the process until then, so the first reader gets a warm process."""
    from streamlit.runtime import Runtime

    plain = Runtime.is_ready_for_browser_connection
    started = time.monotonic()

    async def ready(self) -> tuple[bool, str]:
        ok, msg = await plain.fget(self)
        if ok and not WARM.is_set() and time.monotonic() - started < WARM_TIMEOUT:
            return False, "warming up"
        return ok, msg

    Runtime.is_ready_for_browser_connection = property(ready)


def main(argv: list[str] | None = None) -> None:
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import bootstrap, cli

    # app.py calls st.navigation on every run: tell Streamlit before the first session, so that
    # it never runs a page file on its own (the old pages-directory mode) and then again.
    PagesManager.uses_pages_directory = False
    from streamlit.web.server.server import Server

    listen = Server.start

    async def start(server) -> None:
        # The caches first (the runtime exists, so st.cache_data has its storage), then the
        # server listens: /_stcore/health says ok only once they are filled, so a balancer sends
        # no reader to a cold process.
        t0 = time.perf_counter()
        try:
            n = await asyncio.to_thread(fill_caches)
            log.info("caches filled in %.1f s (%d ranked frames)", time.perf_counter() - t0, n)
        except Exception:  # the server starts regardless: the first reader fills what is missing
            log.exception("filling the caches failed")
        await listen(server)

    Server.start = start
    _gate_health()
    started = bootstrap._on_server_start

    def on_server_start(server) -> None:
        started(server)
        asyncio.get_running_loop().create_task(warm_server())

    bootstrap._on_server_start = on_server_start
    # Streamlit polls each config.toml five times a second to reload it while running (about
    # 5 ms of CPU a second, a third of a reader's runs at one change every few seconds). The
    # production config is read at start: a change to it takes a restart.
    bootstrap._install_config_watchers = lambda flag_options: None
    sys.argv = ["streamlit", "run", str(paths.ROOT / "app.py"), *(sys.argv[1:] if argv is None else argv)]
    cli.main()


if __name__ == "__main__":
    main()
