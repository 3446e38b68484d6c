"""What tests and benchmarks need to start real server and worker processes on the test database."""

import socket


def free_port() -> int:
    """An ephemeral loopback port that was free a moment ago."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(connection) -> str:
    """DATABASE_URL for another process to open the database `connection` is using (pytest's test DB)."""
    db = connection.settings_dict
    if connection.vendor != "postgresql":
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    return f"postgres://{auth}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"
