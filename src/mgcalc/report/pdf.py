"""Printing the report to PDF with headless Chromium, with a running header and footer.

Chromium's ``--print-to-pdf`` switch prints no page numbers of our own and ignores CSS
``@page`` margin boxes, so mgcalc drives Chromium through the DevTools protocol instead:
:class:`Browser` starts it with ``--remote-debugging-pipe`` (messages as JSON over two
pipes, no network port), opens the page, and calls ``Page.printToPDF`` with a header
(practice, title, client) and a footer (report date, period, "page N of M") on every
page. The same small client takes screenshots and evaluates scripts for the browser
tests.

Every failure (Chromium missing, crashing, timing out, refusing a command) is a
:class:`~mgcalc.errors.ReportError` with a one-line message, and the PDF is written
atomically: a failure leaves neither a partial PDF nor a stray HTML file.

The pipe needs a POSIX system (Linux, macOS).
"""

from __future__ import annotations

import base64
import contextlib
import html
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import Any, Final

from mgcalc._files import check_not_input, write_bytes
from mgcalc.errors import CHROMIUM_NAMES, ChromiumNotFoundError, ReportError
from mgcalc.records import ReportInfo

__all__ = [
    "CHROMIUM_FLAGS",
    "PAGE_MARGINS_MM",
    "Browser",
    "find_chromium",
    "footer_template",
    "header_template",
    "print_html",
]

CHROMIUM_FLAGS: Final = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--mute-audio",
)
"""The flags headless Chromium is started with (no network, no first-run state)."""

PAGE_MARGINS_MM: Final = {"top": 20.0, "bottom": 18.0, "left": 13.0, "right": 13.0}
"""Page margins [mm]; the header and footer are printed inside the top and bottom ones."""

A4_MM: Final = (210.0, 297.0)
"""A4 paper, width and height [mm]."""

_MM_PER_INCH: Final = 25.4
_MAX_MESSAGE_BYTES: Final = 512 * 1024 * 1024
"""A reply larger than this (a runaway PDF) is refused rather than read into memory."""


def find_chromium() -> str | None:
    """The Chromium program to print with: ``$MGCALC_CHROMIUM``, else the first on PATH."""
    named = os.environ.get("MGCALC_CHROMIUM")
    if named:
        return shutil.which(named) or (named if Path(named).is_file() else None)
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _one_line(text: str, limit: int = 300) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


class Browser:
    """A headless Chromium driven over the DevTools protocol (a pipe, no port).

    Use as a context manager; each instance has a throw-away profile.

    Parameters
    ----------
    program
        The Chromium program (found with :func:`find_chromium` by default).
    timeout
        Seconds any one step may take (start, load, print) [s].
    window
        The viewport (width, height) [CSS px].

    Attributes
    ----------
    console : list of str
        Console errors and uncaught exceptions of the pages opened so far.

    Raises
    ------
    ChromiumNotFoundError
        If no Chromium is installed.
    ReportError
        If Chromium cannot be started or does not answer.
    """

    def __init__(
        self,
        program: str | None = None,
        *,
        timeout: float = 60.0,
        window: tuple[int, int] = (1100, 1400),
    ) -> None:
        self.program = program or find_chromium()
        if self.program is None:
            raise ChromiumNotFoundError()
        self.timeout = timeout
        self.window = window
        self.console: list[str] = []
        self._next_id = 0
        self._buffer = b""
        self._events: list[dict[str, Any]] = []
        self._process: subprocess.Popen[bytes] | None = None
        self._profile: tempfile.TemporaryDirectory[str] | None = None
        self._session: str | None = None

    # -- lifetime ------------------------------------------------------------------------
    def __enter__(self) -> Browser:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def start(self) -> None:
        """Start Chromium and open an empty page."""
        if os.name != "posix":
            raise ReportError("printing to PDF needs a POSIX system (Linux or macOS)")
        import fcntl

        assert self.program is not None
        self._profile = tempfile.TemporaryDirectory(prefix="mgcalc-chromium-")
        # Chromium's messages go to a file: a pipe that nobody reads could fill and stall it
        self._log_path = Path(self._profile.name) / "chromium.log"
        self._log = self._log_path.open("wb")
        to_child_read, to_child_write = os.pipe()
        from_child_read, from_child_write = os.pipe()
        # above 10, so that putting them on 3 and 4 in the child never overwrites one
        child_in = fcntl.fcntl(to_child_read, fcntl.F_DUPFD, 10)
        child_out = fcntl.fcntl(from_child_write, fcntl.F_DUPFD, 10)
        os.close(to_child_read)
        os.close(from_child_write)

        def attach_pipes() -> None:  # runs in the child, before exec
            os.dup2(child_in, 3)
            os.dup2(child_out, 4)

        width, height = self.window
        command = [
            self.program,
            *CHROMIUM_FLAGS,
            "--remote-debugging-pipe",
            f"--user-data-dir={self._profile.name}",
            f"--window-size={width},{height}",
            "about:blank",
        ]
        try:
            self._process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=self._log,
                # Python's own descriptors are not inheritable (PEP 446): only the two
                # pipes put on 3 and 4 by attach_pipes reach Chromium
                close_fds=False,
                preexec_fn=attach_pipes,  # dup2 only, before exec
            )
        except OSError as exc:
            for fd in (child_in, child_out, to_child_write, from_child_read):
                os.close(fd)
            self._cleanup()
            if isinstance(exc, FileNotFoundError | PermissionError):
                raise ChromiumNotFoundError((self.program,)) from exc
            raise ReportError(f"Chromium could not be started: {exc.strerror or exc}") from exc
        os.close(child_in)
        os.close(child_out)
        self._write = to_child_write
        self._read = from_child_read
        try:
            target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
            self._session = self.call(
                "Target.attachToTarget", {"targetId": target, "flatten": True}
            )["sessionId"]
            for domain in ("Page.enable", "Runtime.enable"):
                self.send(domain)
            self.send(
                "Emulation.setDeviceMetricsOverride",
                {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
            )
        except BaseException:  # a Chromium that fails to start leaves nothing running
            self.close()
            raise

    def close(self) -> None:
        """Close Chromium (politely, then firmly) and remove its profile."""
        process = self._process
        self._process = None
        if process is not None:
            try:
                if process.poll() is None:
                    self._post({"id": self._new_id(), "method": "Browser.close"})
                process.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                process.kill()
                process.wait(timeout=10)
            finally:
                for fd in (getattr(self, "_write", None), getattr(self, "_read", None)):
                    if fd is not None:
                        with contextlib.suppress(OSError):
                            os.close(fd)
        self._cleanup()

    def _cleanup(self) -> None:
        log = getattr(self, "_log", None)
        if log is not None:
            log.close()
        if self._profile is not None:
            self._profile.cleanup()
            self._profile = None

    # -- the protocol ----------------------------------------------------------------------
    def _new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def _post(self, message: Mapping[str, Any]) -> None:
        data = json.dumps(message).encode("utf-8") + b"\0"
        try:
            while data:
                written = os.write(self._write, data)
                data = data[written:]
        except OSError as exc:
            raise ReportError(f"Chromium stopped unexpectedly{self._stderr_tail()}") from exc

    def _receive(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise ReportError(f"Chromium did not answer within {self.timeout:g} s")
            ready, _, _ = select.select([self._read], [], [], left)
            if not ready:
                continue
            chunk = os.read(self._read, 1 << 20)
            if not chunk:
                raise ReportError(f"Chromium stopped unexpectedly{self._stderr_tail()}")
            self._buffer += chunk
            if len(self._buffer) > _MAX_MESSAGE_BYTES:
                raise ReportError("Chromium sent a reply too large to read")
        raw, _, self._buffer = self._buffer.partition(b"\0")
        message: dict[str, Any] = json.loads(raw)
        return message

    def _stderr_tail(self) -> str:
        """``": <Chromium's last message>"`` once it has exited, else ``""``."""
        process = self._process
        if process is None:
            return ""
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            return ""
        try:
            text = self._log_path.read_bytes()[-4000:].decode("utf-8", "replace")
        except OSError:
            return ""
        lines = [ln for ln in text.splitlines() if ln.strip()]
        return f": {_one_line(lines[-1])}" if lines else ""

    def call(self, method: str, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Send a browser-level command and return its result."""
        return self._call(method, params, None)

    def send(self, method: str, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Send a command to the page and return its result."""
        return self._call(method, params, self._session)

    def _call(
        self, method: str, params: Mapping[str, Any] | None, session: str | None
    ) -> dict[str, Any]:
        if self._process is None:
            raise ReportError("Chromium is not running")
        ident = self._new_id()
        message: dict[str, Any] = {"id": ident, "method": method, "params": dict(params or {})}
        if session is not None:
            message["sessionId"] = session
        self._post(message)
        deadline = time.monotonic() + self.timeout
        while True:
            reply = self._receive(deadline)
            if reply.get("id") == ident:
                if "error" in reply:
                    error = reply["error"]
                    raise ReportError(
                        f"Chromium refused {method}: {_one_line(error.get('message', error))}"
                    )
                result: dict[str, Any] = reply.get("result", {})
                return result
            self._event(reply)

    def _event(self, message: dict[str, Any]) -> None:
        method = message.get("method")
        params = message.get("params", {})
        if method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            text = details.get("exception", {}).get("description") or details.get("text")
            self.console.append(_one_line(f"uncaught: {text}"))
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            args = " ".join(str(a.get("value", a.get("description", ""))) for a in params["args"])
            self.console.append(_one_line(f"console.{params['type']}: {args}"))
        elif method == "Inspector.targetCrashed":
            raise ReportError("the page crashed in Chromium while printing")
        self._events.append(message)

    def _wait_for(self, method: str) -> dict[str, Any]:
        for i, event in enumerate(self._events):
            if event.get("method") == method:
                del self._events[: i + 1]
                return event
        deadline = time.monotonic() + self.timeout
        while True:
            message = self._receive(deadline)
            if "id" in message:
                continue
            self._event(message)
            if message.get("method") == method:
                self._events.clear()
                return message

    # -- pages -------------------------------------------------------------------------------
    def open(self, url: str, *, media: str | None = None) -> None:
        """Load ``url`` and wait until it has loaded (``media="print"`` lays it out as
        for printing)."""
        self._events.clear()
        if media is not None:
            self.send("Emulation.setEmulatedMedia", {"media": media})
        result = self.send("Page.navigate", {"url": url})
        if result.get("errorText"):
            raise ReportError(f"Chromium could not open the page: {result['errorText']}")
        self._wait_for("Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (JSON-serialisable)."""
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise ReportError(
                f"script failed: {_one_line(str(result['exceptionDetails'].get('text')))}"
            )
        return result.get("result", {}).get("value")

    def screenshot(self, *, full_page: bool = True) -> bytes:
        """A PNG of the page (the whole page, laid out at the window's width)."""
        params: dict[str, Any] = {"format": "png"}
        if full_page:
            width, height = self.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
            )
            params["captureBeyondViewport"] = True
            params["clip"] = {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}
        return base64.b64decode(self.send("Page.captureScreenshot", params)["data"])

    def print_pdf(self, *, header: str, footer: str) -> bytes:
        """The open page printed on A4 with ``header`` and ``footer`` on every page.

        ``header`` and ``footer`` are HTML templates in which Chromium fills the
        elements of class ``pageNumber`` and ``totalPages``.
        """
        inch = {k: v / _MM_PER_INCH for k, v in PAGE_MARGINS_MM.items()}
        result = self.send(
            "Page.printToPDF",
            {
                "paperWidth": A4_MM[0] / _MM_PER_INCH,
                "paperHeight": A4_MM[1] / _MM_PER_INCH,
                "marginTop": inch["top"],
                "marginBottom": inch["bottom"],
                "marginLeft": inch["left"],
                "marginRight": inch["right"],
                "printBackground": True,
                "displayHeaderFooter": True,
                "headerTemplate": header,
                "footerTemplate": footer,
                "preferCSSPageSize": False,
            },
        )
        data = base64.b64decode(result.get("data", ""))
        if not data.startswith(b"%PDF-"):
            raise ReportError("Chromium returned no PDF")
        return data


# -- header and footer -------------------------------------------------------------------------
_BAND: Final = (
    "<div style=\"font: 7.5pt 'DejaVu Sans', Helvetica, Arial, sans-serif; color: #5f6b7a; "
    "width: 100%; margin: 0 13mm; display: flex; justify-content: space-between; "
    'gap: 6mm; -webkit-print-color-adjust: exact;">{left}{right}</div>'
)


def _span(text: str, align: str = "left") -> str:
    return (
        f'<span style="text-align: {align}; white-space: nowrap; overflow: hidden; '
        f'text-overflow: ellipsis;">{text}</span>'
    )


def header_template(info: ReportInfo) -> str:
    """The running header: practice and title on the left, the client on the right
    (user text escaped)."""
    left = " · ".join(html.escape(t) for t in (info.practice, info.title) if t)
    right = html.escape(f"Client: {info.client}") if info.client else ""
    return _BAND.format(left=_span(left), right=_span(right, "right"))


def footer_template(info: ReportInfo, period: str) -> str:
    """The running footer: report date and period on the left, "Page N of M" on the right."""
    day = info.report_date
    left = html.escape(f"Report of {day.day} {day:%B %Y} · {period}")
    pages = 'Page <span class="pageNumber"></span> of <span class="totalPages"></span>'
    return _BAND.format(left=_span(left), right=_span(pages, "right"))


def print_html(
    page: str,
    path: str | os.PathLike[str],
    *,
    info: ReportInfo,
    period: str,
    chromium: str | None = None,
    timeout: float = 120.0,
    inputs: tuple[str | os.PathLike[str], ...] = (),
) -> Path:
    """Print an HTML document to a PDF file, with the running header and footer.

    Parameters
    ----------
    page
        The HTML document (self-contained).
    path
        Where to write the PDF (atomically: whole or not at all).
    info
        Who the report is for, by whom and when (header and footer).
    period
        The period the report covers, as printed in the footer.
    chromium
        The Chromium program (``$MGCALC_CHROMIUM`` or the first on PATH by default).
    timeout
        Seconds each step may take [s].
    inputs
        Files the report was made from; ``path`` may not be one of them.

    Returns
    -------
    pathlib.Path
        The PDF written.

    Raises
    ------
    ChromiumNotFoundError
        If no Chromium is installed.
    ReportError
        If Chromium fails; nothing is written then.
    InvalidLogError
        If ``path`` is one of ``inputs``.
    """
    check_not_input(path, inputs)
    with tempfile.TemporaryDirectory(prefix="mgcalc-report-") as folder:
        source = Path(folder) / "report.html"
        source.write_text(page, encoding="utf-8")
        with Browser(chromium, timeout=timeout) as browser:
            browser.open(source.as_uri(), media="print")
            data = browser.print_pdf(
                header=header_template(info), footer=footer_template(info, period)
            )
    return write_bytes(path, data)
