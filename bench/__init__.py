"""Benchmarks of the Barnbarometern explorer. Run as their own commands, never from pytest:

    python -m bench.browser   # first render and rerun, in a real Chromium, against a floor app
    python -m bench.load      # many protocol-level sessions against one server (or a balancer)

See bench/README.md."""
