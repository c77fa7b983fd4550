"""Start Tandem the way production does (a real WSGI server, production settings) for benchmarks
and durability tests, on a throw-away SQLite file or on DATABASE_URL when it is set."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def free_port() -> int:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(var_dir: Path, database_url: str | None = None) -> dict:
    from cryptography.fernet import Fernet

    key_file = var_dir / "bench_encryption_key"
    if not key_file.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        key_file.write_text(Fernet.generate_key().decode())
    env = dict(os.environ)
    env.update(
        TANDEM_ENV="production",
        SECRET_KEY="bench-" + "k" * 60,
        TANDEM_ENCRYPTION_KEYS=key_file.read_text().strip(),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        TANDEM_VAR_DIR=str(var_dir),
        TANDEM_STATIC_ROOT=str(var_dir / "static"),
        DATABASE_URL=database_url or os.environ.get("DATABASE_URL") or f"sqlite:///{var_dir / 'bench.sqlite3'}",
        DJANGO_SETTINGS_MODULE="tandem.settings",
        PYTHONPATH=str(ROOT),
        TANDEM_BENCH="1",
    )
    return env


def prepare(env: dict) -> None:
    """Migrate and collect static files, as a deployment does before starting the server."""
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-4000:]}")
    return result.stdout


class Server:
    """A WSGI server in a child process. `kind` is "gunicorn" or "granian"."""

    def __init__(self, env: dict, kind: str = "gunicorn", workers: int = 2, threads: int = 4):
        self.env = env
        self.kind = kind
        self.workers = workers
        self.threads = threads
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        if self.kind == "gunicorn":
            return [
                PYTHON, "-m", "gunicorn", "tandem.wsgi:application",
                "--bind", f"127.0.0.1:{self.port}",
                "--workers", str(self.workers), "--threads", str(self.threads),
                "--worker-class", "gthread", "--log-level", "warning",
            ]  # fmt: skip
        if self.kind == "granian":
            return [
                PYTHON, "-m", "granian", "--interface", "wsgi", "tandem.wsgi:application",
                "--host", "127.0.0.1", "--port", str(self.port),
                "--workers", str(self.workers), "--blocking-threads", str(self.threads),
                "--log-level", "warning", "--no-ws",
            ]  # fmt: skip
        raise ValueError(self.kind)

    def start(self, timeout: float = 30) -> "Server":
        self.process = subprocess.Popen(
            self.command(), cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.kind} exited: {self.process.stderr.read().decode()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz/", timeout=1) as response:  # nosec B310 — loopback
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"{self.kind} did not start in {timeout}s")

    def kill(self) -> None:
        """SIGKILL the whole process group: no clean shutdown, as in a power cut."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
