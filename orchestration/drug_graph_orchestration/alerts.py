"""Alerts through one pluggable channel: a JSON line appended to an alerts file (and the log) by default, a
webhook when `ALERT_WEBHOOK_URL` is set. A channel is anything with `send(alert)`."""

from __future__ import annotations

import json
import logging
import os
import urllib.request
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlparse

LOG = logging.getLogger("drug_graph.alerts")


@dataclass(frozen=True)
class Alert:
    """One thing an operator must look at: `kind` is `run_failed`, `test_failed`, `source_stale` or
    `rejected_rows_jump`."""

    kind: str
    severity: str
    message: str
    run_id: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    raised_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True, default=str)


class AlertChannel(Protocol):
    def send(self, alert: Alert) -> None: ...


class JsonLinesChannel:
    """Appends each alert as one JSON line to `path` and logs it."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def send(self, alert: Alert) -> None:
        LOG.warning("ALERT %s: %s", alert.kind, alert.message)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as alerts_file:
            alerts_file.write(alert.to_json() + "\n")


class WebhookChannel:
    """POSTs each alert as a JSON document to `url` (Slack-style incoming webhooks, Alertmanager, a bot...).
    A webhook that cannot be reached raises: an alert is never dropped silently."""

    def __init__(self, url: str, timeout_seconds: float = 10.0) -> None:
        if urlparse(url).scheme not in ("http", "https"):
            raise ValueError(f"ALERT_WEBHOOK_URL must be an http(s) URL, got {url!r}")
        self.url = url
        self.timeout_seconds = timeout_seconds

    def send(self, alert: Alert) -> None:
        LOG.warning("ALERT %s (to the webhook): %s", alert.kind, alert.message)
        request = urllib.request.Request(
            self.url,
            data=alert.to_json().encode("utf-8"),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=self.timeout_seconds) as response:
            if response.status >= 300:
                raise RuntimeError(f"Alert webhook {self.url} answered HTTP {response.status}")


def channel_from_env(output_dir: Path, env: dict[str, str] | None = None) -> AlertChannel:
    """The webhook when ALERT_WEBHOOK_URL is set (or ALERT_WEBHOOK_URL_FILE names an existing file holding it, as a
    mounted secret does); otherwise the JSON lines file ALERTS_FILE (default OUTPUT_DIR/alerts.jsonl)."""
    env = dict(os.environ) if env is None else env
    url = env.get("ALERT_WEBHOOK_URL", "").strip()
    url_file = Path(env.get("ALERT_WEBHOOK_URL_FILE", "").strip() or "/nonexistent")
    if not url and url_file.is_file():
        url = url_file.read_text(encoding="utf-8").strip()
    if url:
        return WebhookChannel(url)
    return JsonLinesChannel(Path(env.get("ALERTS_FILE") or output_dir / "alerts.jsonl"))
