"""The longer schemathesis run (issue 17): every operation of /openapi.json as a normal user and as
staff, with the checks the bounded test requires (tests/core/test_api_fuzz.py CHECKS) and the two
it does not (negative_data_rejection, positive_data_acceptance: see there). Prints the failures
per check and operation, and `api_fuzz_<check>_failures: N` over both identities."""
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ["API_FUZZ_BUDGET"] = "1"  # settings.test: throttles lifted, counters kept apart
from common import figure, live_app, setup_django  # noqa: E402

setup_django("bench-fuzz")

from tests.core.test_api_fuzz import CHECKS as REQUIRED, failures, make_identity, run_fuzz  # noqa: E402

EXAMPLES = int(os.environ.get("API_FUZZ_BENCH_EXAMPLES", "30"))
CHECKS = REQUIRED + ",negative_data_rejection,positive_data_acceptance"

with live_app(API_FUZZ_BUDGET="1") as app:
    from accounts.models import User

    User.objects.filter(username__startswith="fuzz-").delete()  # a fresh pair each run
    totals = dict.fromkeys(CHECKS.split(","), 0)
    for identity in ("user", "staff"):
        with tempfile.TemporaryDirectory() as workdir:
            started = time.monotonic()
            proc, operations, report = run_fuzz(app.url, make_identity(identity), Path(workdir),
                                                max_examples=EXAMPLES, checks=CHECKS, timeout=3600)
            found = failures(report)
            figure(f"api_fuzz_{identity}_operations", len(operations), "operations")
            figure(f"api_fuzz_{identity}_seconds", time.monotonic() - started, "s")
            for check, per_operation in sorted(found.items()):
                totals[check] = totals.get(check, 0) + sum(per_operation.values())
                for operation, count in per_operation.most_common():
                    print(f"#   {identity} {check}: {operation} ({count})", flush=True)
            if proc.returncode not in (0, 1):  # 1: failures found (reported above); anything else broke
                print(proc.stdout[-4000:] + proc.stderr[-4000:], file=sys.stderr)
                sys.exit(f"schemathesis exited with {proc.returncode}")
    for check, count in totals.items():
        figure(f"api_fuzz_{check}_failures", count, "")
