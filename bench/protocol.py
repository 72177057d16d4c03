"""A Streamlit client at the protocol level, behaving like the browser's frontend does (checked
against the BackMsgs Chromium sends to Streamlit 1.67, see bench/README.md):

- HTTP first: the page's HTML (a balancer sets its sticky cookie here), then /_stcore/health
  (sets the _streamlit_xsrf cookie) and /_stcore/host-config; every cookie is kept and sent on
  the websocket request.
- ws://HOST/_stcore/stream with subprotocols ["streamlit", <xsrf cookie value>], no Origin.
- The first BackMsg is rerun_script(query_string, page_name=<url path>, page_script_hash="").
  Later ones carry the page hash from the last `navigation` ForwardMsg, the query string from
  the last `page_info_changed`, and the state of EVERY widget the last run drew, each encoded
  as the browser does it: the option's *formatted label* (format_func output), in
  `string_value` for a selectbox and in `string_array_value` for a multiselect or a segmented
  control (button_group).
- Large elements are cacheable: the client keeps them by hash, sends the hashes it holds in
  `cached_message_hashes`, and resolves the `ref_hash` messages the server then sends instead.

One binary frame = one ForwardMsg. A run ends with `script_finished`; FINISHED_EARLY_FOR_RERUN
(st.rerun) is followed by another run, so the client reads on until a final status.

Reconnect (`reconnect()`), as the frontend does when its websocket drops: GET
/_stcore/health and /_stcore/host-config again with the cookies it holds (behind a balancer
these requests are where a dead server's sticky cookie gets replaced), open a new websocket,
and send a fresh rerun_script with the page name and the current query string. The new
process knows nothing of the old session, so that run rebuilds the view from the URL. The
client keeps its message cache (the browser does too) and counts its reconnects."""

from __future__ import annotations

import asyncio
import http.cookiejar
import re
import time
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection
from websockets.protocol import State

FINISHED = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_SUCCESSFULLY")
EARLY_FOR_RERUN = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_EARLY_FOR_RERUN")
FRAGMENT_DONE = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_FRAGMENT_RUN_SUCCESSFULLY")
TEXT_ELEMENTS = {
    "markdown": "body",
    "heading": "body",
    "alert": "body",
    "text": "body",
    "code": "code_text",
    "metric": "body",
}
WIDGET_ELEMENTS = ("selectbox", "multiselect", "button_group")


class CountingConnection(ClientConnection):
    """Counts the bytes that arrive on the TCP socket (frames as sent, so compressed when the
    server uses permessage-deflate, plus the HTTP upgrade response)."""

    wire_bytes = 0

    def data_received(self, data: bytes) -> None:
        self.wire_bytes += len(data)
        super().data_received(data)


class ProtocolError(Exception):
    """A run that did not end as a browser would accept (kind is the error's category)."""

    def __init__(self, kind: str, detail: str = ""):
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind = kind


@dataclass
class Widget:
    kind: str  # selectbox | multiselect | button_group
    id: str
    options: list[str]
    value: object  # str | None for a selectbox, list[str] otherwise (formatted labels)
    fragment_id: str = ""  # the fragment that drew it ("" for the page outside any fragment)

    @property
    def key(self) -> str:
        """The user key: widget ids with a key end in '-<key>' ($$ID-<hash>-<key>)."""
        return self.id.rsplit("-", 1)[-1] if self.id.startswith("$$ID-") else self.id

    def state(self, value=None) -> WidgetState | None:
        v = self.value if value is None else value
        ws = WidgetState(id=self.id)
        if self.kind == "selectbox":
            if v is None:
                return None  # the browser sends no value for an empty selectbox
            ws.string_value = v
        else:
            ws.string_array_value.data.extend(v)
        return ws


@dataclass
class RunResult:
    latency: float  # seconds from sending the BackMsg to the final script_finished
    bytes: int  # payload bytes received (websocket messages, after any permessage-deflate)
    wire_bytes: int  # bytes on the socket for this run (compressed when deflate is on)
    messages: int
    status: int
    texts: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    runs: list[int] = field(default_factory=list)  # every script_finished status, st.rerun's included

    def has_text(self, needle: str) -> bool:
        """True when `needle` occurs as a whole word in a text element of this run (widget
        labels do not count: a multiselect echoes its new value whatever the page shows)."""
        pat = re.compile(r"(?<!\w)" + re.escape(needle) + r"(?!\w)")
        return any(pat.search(t) for t in self.texts)

    def shows(self, name: str, previous: RunResult | None = None) -> bool:
        """The proof that a rerun shows the newly selected municipality: `name` in a text
        element that the previous run did not have (a list of every municipality, the same
        in both runs, proves nothing)."""
        pat = re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)")
        old = set(previous.texts) if previous is not None else set()
        return any(pat.search(t) for t in self.texts if t not in old)


def _widget_from(el) -> Widget | None:
    kind = el.WhichOneof("type")
    if kind not in WIDGET_ELEMENTS:
        return None
    w = getattr(el, kind)
    if kind == "button_group":
        options = [o.content for o in w.options]
    else:
        options = list(w.options)
    if kind == "selectbox":
        if w.HasField("raw_value"):
            value = w.raw_value
        elif w.HasField("default") and 0 <= w.default < len(options):
            value = options[w.default]
        else:
            value = None
    else:
        value = (
            list(w.raw_values)
            if w.set_value or len(w.raw_values)
            else [options[i] for i in w.default if 0 <= i < len(options)]
        )
    return Widget(kind, w.id, options, value)


class StreamlitSession:
    """One browser tab's worth of protocol: open(), first_run(), change(), close()."""

    def __init__(
        self,
        base_url: str,
        page: str,
        query: str,
        *,
        timeout: float = 60.0,
        fetch_static: bool = False,
        user_agent: str = "bench.protocol",
    ):
        self.base = base_url.rstrip("/")
        self.page = page.strip("/")  # url path of the page, "" for the default page
        self.query = query
        self.timeout = timeout
        self.fetch_static = fetch_static
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.opener.addheaders = [("User-Agent", user_agent)]
        self.ws = None
        self.page_hash = ""
        self.widgets: dict[str, Widget] = {}
        self.cache: dict[str, list] = {}  # hash -> [ForwardMsg, age]
        self.max_cache_age = 2
        self.http_seconds = 0.0
        self.http_bytes = 0
        self.compression = None  # the negotiated websocket extension, e.g. permessage-deflate
        self.reconnects = 0  # successful reconnects (a new websocket and a restoring run)
        self.reconnect_attempts = 0  # tries, failed ones included
        self.last_reconnect: dict | None = None  # seconds: pings, websocket handshake, run

    # --- connection ---------------------------------------------------------------------

    def _get(self, path: str) -> bytes:
        with self.opener.open(self.base + path, timeout=self.timeout) as r:
            body = r.read()
        self.http_bytes += len(body)
        return body

    def _http_phase(self) -> None:
        t0 = time.perf_counter()
        html = self._get("/" + self.page + ("?" + self.query if self.query else ""))
        if self.fetch_static:  # a cold browser cache: the scripts and styles the HTML names
            for ref in re.findall(rb'(?:src|href)="(\./)?(static/[^"]+)"', html):
                self._get("/" + ref[1].decode())
        self._get("/_stcore/health")
        self._get("/_stcore/host-config")
        self.http_seconds = time.perf_counter() - t0

    def cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.jar if c.name == name), None)

    def _pings(self) -> None:
        """What the frontend fetches before it reconnects a dropped websocket."""
        self._get("/_stcore/health")
        self._get("/_stcore/host-config")

    async def open(self) -> None:
        await asyncio.to_thread(self._http_phase)
        await self._connect_ws()

    async def _connect_ws(self) -> None:
        parts = urlsplit(self.base)
        scheme = "wss" if parts.scheme == "https" else "ws"
        token = self.cookie("_streamlit_xsrf") or "PLACEHOLDER_AUTH_TOKEN"
        headers = {"Cookie": self.cookie_header()} if len(self.jar) else {}
        self.ws = await websockets.connect(
            f"{scheme}://{parts.netloc}/_stcore/stream",
            subprotocols=["streamlit", token],
            additional_headers=headers,
            max_size=None,
            open_timeout=self.timeout,
            ping_interval=None,
            close_timeout=2,
            user_agent_header=None,
            create_connection=CountingConnection,
        )
        self.compression = self.ws.response.headers.get("Sec-WebSocket-Extensions") or None

    @property
    def connected(self) -> bool:
        return self.ws is not None and self.ws.state is State.OPEN

    async def closed_within(self, seconds: float) -> bool:
        """Wait up to `seconds`; True as soon as the websocket is closed (by the server, the
        balancer or a dead process), False when the time passed with it still open. A
        browser notices a dropped websocket at once, not at its next click."""
        if not self.connected:
            return True
        if seconds <= 0:
            return False
        try:
            await asyncio.wait_for(asyncio.shield(self.ws.wait_closed()), seconds)
        except TimeoutError:
            return False
        return True

    async def reconnect(self) -> RunResult:
        """One reconnect attempt: the pings, a new websocket, and a fresh rerun_script with
        the page name and the current query string (which holds the whole view). Raises on
        failure (HTTP or handshake errors as they come, ProtocolError from the run); the
        caller decides whether to try again."""
        self.reconnect_attempts += 1
        await self.close()
        t0 = time.perf_counter()
        await asyncio.to_thread(self._pings)
        t1 = time.perf_counter()
        await self._connect_ws()
        t2 = time.perf_counter()
        r = await self._run(None, first=True)
        self.reconnects += 1
        self.last_reconnect = {"pings_s": t1 - t0, "websocket_s": t2 - t1, "run_s": r.latency}
        return r

    async def close(self) -> None:
        if self.ws is not None:
            try:
                await self.ws.close()
            except Exception:
                pass
            self.ws = None

    # --- runs ---------------------------------------------------------------------------

    def _rerun_msg(self, states: list[WidgetState] | None, first: bool, fragment_id: str = "") -> bytes:
        m = BackMsg()
        rs = m.rerun_script
        rs.query_string = self.query
        if fragment_id:
            rs.fragment_id = fragment_id  # a widget drawn by a fragment reruns that fragment
        if first:
            rs.page_name = self.page
            rs.page_script_hash = ""
        else:
            rs.page_script_hash = self.page_hash
        ci = rs.context_info
        ci.timezone, ci.timezone_offset, ci.locale = "Europe/Stockholm", -60, "sv-SE"
        ci.url = f"{self.base}/{self.page}"
        ci.is_embedded, ci.color_scheme = False, "light"
        rs.cached_message_hashes.extend(self.cache)
        if states:
            rs.widget_states.widgets.extend(states)
        return m.SerializeToString()

    async def _run(self, states, first: bool, fragment_id: str = "") -> RunResult:
        if self.ws is None:
            raise ProtocolError("not_connected")
        payload = self._rerun_msg(states, first, fragment_id)
        wire0 = self.ws.wire_bytes
        t0 = time.perf_counter()
        try:
            await self.ws.send(payload)
        except websockets.ConnectionClosed as e:
            raise ProtocolError("connection_closed", str(e)) from None
        texts, excs, widgets, runs = [], [], {}, []
        nbytes = nmsgs = 0
        used: set[str] = set()
        deadline = t0 + self.timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise ProtocolError("timeout", f"no script_finished within {self.timeout:.0f} s")
            try:
                raw = await asyncio.wait_for(self.ws.recv(), left)
            except TimeoutError:
                raise ProtocolError("timeout", f"no script_finished within {self.timeout:.0f} s") from None
            except websockets.ConnectionClosed as e:
                raise ProtocolError("connection_closed", str(e)) from None
            if isinstance(raw, str):
                continue
            nbytes += len(raw)
            nmsgs += 1
            f = ForwardMsg()
            f.ParseFromString(raw)
            kind = f.WhichOneof("type")
            if kind == "ref_hash":
                hit = self.cache.get(f.ref_hash)
                if hit is None:
                    raise ProtocolError("cache_miss", f.ref_hash)
                used.add(f.ref_hash)
                f, kind = hit[0], hit[0].WhichOneof("type")
            elif f.metadata.cacheable and f.hash:
                self.cache[f.hash] = [f, 0]
                used.add(f.hash)
            if kind == "delta" and f.delta.WhichOneof("type") == "new_element":
                el = f.delta.new_element
                et = el.WhichOneof("type")
                if et in TEXT_ELEMENTS:
                    texts.append(getattr(getattr(el, et), TEXT_ELEMENTS[et]))
                elif et == "exception":
                    excs.append(f"{el.exception.type}: {el.exception.message}")
                else:
                    w = _widget_from(el)
                    if w is not None:
                        w.fragment_id = f.delta.fragment_id
                        widgets[w.id] = w
            elif kind == "new_session":
                age = f.new_session.config.max_cached_message_age
                if age:
                    self.max_cache_age = age
                # A new run (also after st.rerun) draws its widgets anew; a fragment's run
                # only its own: the browser keeps the rest of the page, and so do we.
                widgets = {i: w for i, w in self.widgets.items() if fragment_id and w.fragment_id != fragment_id}
            elif kind == "navigation":
                self.page_hash = f.navigation.page_script_hash
            elif kind == "page_info_changed":
                self.query = f.page_info_changed.query_string
            elif kind == "page_not_found":
                raise ProtocolError("page_not_found", self.page)
            elif kind == "script_finished":
                status = f.script_finished
                runs.append(status)
                if status == EARLY_FOR_RERUN:
                    continue  # st.rerun(): the next run follows on the same socket
                latency = time.perf_counter() - t0
                self._age_cache(used)
                self.widgets = widgets
                return RunResult(latency, nbytes, self.ws.wire_bytes - wire0, nmsgs, status, texts, excs, runs)

    def _age_cache(self, used: set[str]) -> None:
        for h in list(self.cache):
            entry = self.cache[h]
            entry[1] = 0 if h in used else entry[1] + 1
            if entry[1] > self.max_cache_age:
                del self.cache[h]

    async def first_run(self) -> RunResult:
        return await self._run(None, first=True)

    def widget(self, key: str) -> Widget:
        for w in self.widgets.values():
            if w.key == key:
                return w
        raise ProtocolError("no_widget", f"{key!r} not drawn on {self.page or 'the default page'}")

    async def change(self, key: str, value) -> RunResult:
        """Set one widget (by its key) to `value`, a formatted label (str) or a list of them,
        and rerun with the state of every widget, as the browser does."""
        target = self.widget(key)
        states = []
        for w in self.widgets.values():
            s = w.state(value if w.id == target.id else None)
            if s is not None:
                states.append(s)
        return await self._run(states, first=False, fragment_id=target.fragment_id)
