import json
from pathlib import Path

PAYLOADS = Path(__file__).parent / "payloads"


def payload(name: str) -> bytes:
    """A recorded provider answer, as the bytes that came over the wire."""
    return (PAYLOADS / name).read_bytes()


def payload_json(name: str) -> dict:
    return json.loads(payload(name))
