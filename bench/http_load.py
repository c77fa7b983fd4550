"""A small closed-loop HTTP load generator on keep-alive connections (loopback only).

Each worker thread sends requests back to back for a fixed time and records latencies; a bounded
run by count and by time, so it always stops by itself.
"""

import http.client
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlparse


@dataclass
class Result:
    count: int = 0
    errors: int = 0
    latencies: list[float] = field(default_factory=list)
    error_samples: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def throughput(self) -> float:
        return self.count / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]

    @property
    def median(self) -> float:
        return statistics.median(self.latencies) if self.latencies else float("nan")


Request = tuple[str, str, dict, bytes | None]  # method, path, headers, body


def run(
    base_url: str,
    make_request: Callable[[int, int], Request],
    *,
    seconds: float,
    concurrency: int,
    max_requests: int = 1_000_000,
    ok: Callable[[int, bytes], bool] = lambda status, body: status < 400,
    on_success: Callable[[int, int, Request, bytes], None] | None = None,
) -> Result:
    """make_request(worker, n) -> (method, path, headers, body); on_success(worker, n, request, body)."""
    target = urlparse(base_url)
    result = Result()
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    budget = [max_requests]

    def worker(index: int) -> None:
        connection = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
        n = 0
        local_latencies = []
        local_count = local_errors = 0
        samples = []
        while time.monotonic() < deadline:
            with lock:
                if budget[0] <= 0:
                    break
                budget[0] -= 1
            request = make_request(index, n)
            method, path, headers, body = request
            started = time.perf_counter()
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                payload = response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as error:
                local_errors += 1
                samples.append(repr(error))
                connection.close()
                connection = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
                n += 1
                continue
            local_latencies.append(time.perf_counter() - started)
            if ok(status, payload):
                local_count += 1
                if on_success:
                    on_success(index, n, request, payload)
            else:
                local_errors += 1
                if len(samples) < 3:
                    samples.append(f"{status} {path}: {payload[:200]!r}")
            n += 1
        connection.close()
        with lock:
            result.count += local_count
            result.errors += local_errors
            result.latencies.extend(local_latencies)
            result.error_samples.extend(samples[:3])

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.monotonic() - started
    return result
