"""A fake Kolada API v3 serving test data on 127.0.0.1 (see server.py), and a virtual clock."""

from .server import FakeClock, FakeKolada

__all__ = ["FakeClock", "FakeKolada"]
