"""Fixtures for the coding-test tests: users, the starter problems, open sessions, API clients."""
from __future__ import annotations

import itertools
import time

import pytest
import requests

from tests.factories import api_client, bearer

_ids = itertools.count(1)

PROGRAMS = {  # verdict -> program for the `adder` problem (two integers in, their sum out)
    "python3": {
        "AC": "a, b = map(int, input().split())\nprint(a + b)\n",
        "WA": "a, b = map(int, input().split())\nprint(a - b)\n",
        "TLE": "while True:\n    pass\n",
        "MLE": "block = bytearray(600 * 1024 * 1024)\nblock[::4096] = b'1' * (len(block) // 4096)\nprint(len(block))\n",
        "RE": "a, b = map(int, input().split())\nprint([a][b])\n",
        "CE": "def broken(:\n    pass\n",
    },
    "cpp17": {
        "AC": "#include <iostream>\nint main(){long long a,b;std::cin>>a>>b;std::cout<<a+b<<\"\\n\";}\n",
        "WA": "#include <iostream>\nint main(){long long a,b;std::cin>>a>>b;std::cout<<a*b<<\"\\n\";}\n",
        "TLE": "int main(){volatile unsigned long x=0;for(;;)x++;}\n",
        "MLE": "#include <vector>\n#include <iostream>\nint main(){std::vector<char> v(600u<<20, 1);"
               "for(size_t i=0;i<v.size();i+=4096)v[i]=2;std::cout<<v[12345]<<\"\\n\";}\n",
        "RE": "#include <cstdlib>\nint main(){std::abort();}\n",
        "CE": "int main( { return 0 }\n",
    },
    "java17": {
        "AC": "import java.util.*;\npublic class Main { public static void main(String[] x) { Scanner s = new Scanner(System.in);"
              " System.out.println(s.nextLong() + s.nextLong()); } }\n",
        "WA": "public class Main { public static void main(String[] x) { System.out.println(42); } }\n",
        "TLE": "public class Main { public static void main(String[] x) { long k = 0; while (true) { k++; } } }\n",
        "MLE": "import java.util.*;\npublic class Main { public static void main(String[] x) { List<long[]> l = new ArrayList<>();"
               " while (true) l.add(new long[1 << 20]); } }\n",
        "RE": "public class Main { public static void main(String[] x) { int[] a = new int[1]; System.out.println(a[3]); } }\n",
        "CE": "public class Main { public static void main(String[] x) { int y = \"s\"; } }\n",
    },
}
ADDER_TESTS = [("1 2\n", "3\n", True), ("10 -4\n", "6\n", False)]


@pytest.fixture
def adder(db):
    """A tiny problem: read two integers, print the sum (1 s, 128 MB, all languages)."""
    from grading import services
    from grading.models import Problem

    problem = Problem.objects.create(slug=f"adder-{next(_ids)}", title="두 정수의 합", title_en="Add two integers",
                                     techniques=["implementation"])
    services.problem_spec_create(problem=problem, statement="두 정수 A, B를 더하세요.", constraints="|A|, |B| ≤ 10^9",
                                 time_limit_ms=1000, memory_limit_mb=128, tests=ADDER_TESTS)
    return problem


@pytest.fixture
def starter(db):
    from grading import starter as starter_set

    return {p.slug: p for p in starter_set.load()}


@pytest.fixture
def open_session(db):
    from grading import services

    def make(user, problem, **kw):
        return services.session_open(user=user, problem=problem, **kw)

    return make


@pytest.fixture
def client_for(db):
    """An in-process DRF client authenticated with the user's JWT."""
    return api_client


def chat_body(session, turn: int, content: str, **context) -> dict:
    return {"sessionId": session.pk, "examParticipantId": session.participant_id, "turnId": turn, "role": "USER",
            "content": content, "context": {"problemId": session.problem_id, "specVersion": session.spec.version,
                                            **context}}


def submit_body(session, code: str, language: str, submission_id: int | None = None) -> dict:
    return {"problemId": session.problem_id, "specVersion": session.spec.version,
            "examParticipantId": session.participant_id, "finalCode": code, "language": language,
            "submissionId": submission_id or (10**9 + next(_ids) * 7919 + int(time.time()) % 100000)}


class LiveApi:
    def __init__(self, base: str, user):
        self.base = base
        self.http = requests.Session()
        self.http.headers.update(bearer(user))

    def post(self, path: str, body: dict) -> requests.Response:
        return self.http.post(self.base + path, json=body, timeout=30)

    def get(self, path: str) -> requests.Response:
        return self.http.get(self.base + path, timeout=30)

    def wait_graded(self, submission_id: int, timeout: float = 180) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            body = self.get(f"/api/session/submissions/{submission_id}").json()
            if body.get("status") in ("done", "error"):
                return body
            time.sleep(0.3)
        raise TimeoutError(f"submission {submission_id} not graded: {body}")
