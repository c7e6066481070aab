"""Sign-up answer time for a new address against an already registered one.

    .venv/bin/python bench/signup_timing.py [--rounds 30]

Runs in-process on a throw-away SQLite test database with the production password hasher,
posting the sign-up form alternately with a fresh address and with a registered one, and
prints the median of each and their ratio. Near 1.0 the answer time does not tell whether
an address is registered.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pmportal.settings")

PASSWORD = "roadmap-kite-4417"  # noqa: S105 - a throw-away account in a throw-away database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from accounts.models import User

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0)
    registered = User.objects.create_user(email="taken@example.com", password=PASSWORD)
    times: dict[str, list[float]] = {"new": [], "registered": []}
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        for n in range(args.rounds):
            pairs = (("new", f"new{n}@example.com", 1), ("registered", registered.email, 2))
            for kind, email, network in pairs:
                # A fresh client address each time keeps the sign-up rate limit out of it.
                client = Client(REMOTE_ADDR=f"10.{network}.{n // 256}.{n % 256}")
                data = {"email": email, "password1": PASSWORD, "password2": PASSWORD}
                started = time.perf_counter()
                response = client.post(reverse("account_signup"), data)
                times[kind].append(time.perf_counter() - started)
                if response.status_code != 302:
                    sys.exit(f"{kind} sign-up answered {response.status_code}")
    new, taken = (statistics.median(times[kind]) * 1000 for kind in ("new", "registered"))
    print(f"rounds {args.rounds}: new {new:.1f} ms, registered {taken:.1f} ms")
    print(f"ratio new/registered {new / taken:.2f}")


if __name__ == "__main__":
    main()
