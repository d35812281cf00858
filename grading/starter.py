"""The starter problem set (written for this project): Korean statements with English."""
from __future__ import annotations

import random

from grading import services
from grading.models import Problem

ALL = ["python3", "cpp17", "java17"]


def _two_sum_tests() -> list[tuple[str, str, bool]]:
    tests = [("4 9\n2 7 11 15\n", "1 2\n", True), ("3 6\n3 2 4\n", "2 3\n", True)]
    rng = random.Random(4)
    for n in (2, 10, 1000, 100000):
        values = [rng.randint(-10**9, 10**9) for _ in range(n)]
        i, j = sorted(rng.sample(range(n), 2))
        target = values[i] + values[j]
        seen, answer = {}, None  # make the pair unique: first pair found by a hash scan
        for k, v in enumerate(values):
            if target - v in seen:
                answer = (seen[target - v] + 1, k + 1)
                break
            seen.setdefault(v, k)
        tests.append((f"{n} {target}\n{' '.join(map(str, values))}\n", f"{answer[0]} {answer[1]}\n", False))
    return tests


def _stairs_tests() -> list[tuple[str, str, bool]]:
    ways = [1, 1]
    for _ in range(2, 91):
        ways.append(ways[-1] + ways[-2])
    return [(f"{n}\n", f"{ways[n]}\n", n in (2, 3)) for n in (2, 3, 1, 10, 45, 90)]


def _range_sum_tests() -> list[tuple[str, str, bool]]:
    rng = random.Random(7)
    tests = []
    for index, (n, q) in enumerate([(5, 3), (1, 1), (1000, 1000), (100000, 100000)]):
        values = [rng.randint(-1000, 1000) for _ in range(n)] if index else [1, 2, 3, 4, 5]
        prefix = [0]
        for v in values:
            prefix.append(prefix[-1] + v)
        queries = [(1, 3), (2, 5), (5, 5)] if index == 0 else [tuple(sorted((rng.randint(1, n), rng.randint(1, n)))) for _ in range(q)]
        body = "\n".join(f"{l} {r}" for l, r in queries)
        answer = "\n".join(str(prefix[r] - prefix[l - 1]) for l, r in queries)
        tests.append((f"{n} {len(queries)}\n{' '.join(map(str, values))}\n{body}\n", answer + "\n", index == 0))
    return tests


PROBLEMS = [
    {
        "slug": "two-sum", "title": "두 수의 합", "title_en": "Two Sum", "difficulty": 1,
        "techniques": ["hashing"],
        "statement": "정수 N개로 이루어진 수열과 정수 T가 주어집니다. 합이 T가 되는 두 위치 i < j를 찾아 출력하세요. "
                     "답이 여러 개라면 **j가 가장 작은 것**, 그중에서 i가 가장 작은 것을 출력합니다.\n\n"
                     "## 입력\n첫 줄에 N과 T, 둘째 줄에 N개의 정수.\n\n## 출력\ni와 j를 공백으로 구분해 출력합니다 (1부터 셉니다).",
        "statement_en": "Given N integers and a target T, print positions i < j whose values sum to T. If several "
                        "pairs exist, print the one with the smallest j, then the smallest i.\n\n## Input\nN and T, "
                        "then N integers.\n\n## Output\ni and j separated by a space (1-based).",
        "constraints": "2 ≤ N ≤ 100,000; |values|, |T| ≤ 2·10^9; a pair always exists.",
        "reference": "n,t=map(int,input().split())\na=list(map(int,input().split()))\nseen={}\nfor k,v in enumerate(a):\n"
                     "    if t-v in seen:\n        print(seen[t-v]+1,k+1)\n        break\n    seen.setdefault(v,k)\n",
        "tests": _two_sum_tests,
    },
    {
        "slug": "stairs", "title": "계단 오르기", "title_en": "Climbing Stairs", "difficulty": 1,
        "techniques": ["dp"],
        "statement": "한 번에 한 칸 또는 두 칸씩 오를 수 있을 때, N칸짜리 계단을 오르는 방법의 수를 구하세요.\n\n"
                     "## 입력\n정수 N.\n\n## 출력\n방법의 수.",
        "statement_en": "Climbing one or two steps at a time, in how many ways can you climb N steps?\n\n"
                        "## Input\nAn integer N.\n\n## Output\nThe number of ways.",
        "constraints": "1 ≤ N ≤ 90 (the answer fits in a 64-bit integer)",
        "reference": "n=int(input())\na,b=1,1\nfor _ in range(n-1):\n    a,b=b,a+b\nprint(b)\n",
        "tests": _stairs_tests,
    },
    {
        "slug": "range-sum", "title": "구간 합 구하기", "title_en": "Range Sums", "difficulty": 2,
        "techniques": ["prefix_sum"],
        "statement": "정수 N개와 질문 Q개가 주어집니다. 각 질문 (l, r)마다 l번째부터 r번째까지의 합을 출력하세요.\n\n"
                     "## 입력\n첫 줄에 N과 Q, 둘째 줄에 N개의 정수, 이어서 Q줄에 l과 r.\n\n## 출력\n질문마다 한 줄에 합.",
        "statement_en": "Given N integers and Q queries (l, r), print the sum of elements l..r for each query.\n\n"
                        "## Input\nN and Q, N integers, then Q lines with l and r.\n\n## Output\nOne sum per line.",
        "constraints": "1 ≤ N, Q ≤ 100,000; |values| ≤ 1000; 1 ≤ l ≤ r ≤ N",
        "reference": "import sys\ndata=sys.stdin.buffer.read().split()\nn,q=int(data[0]),int(data[1])\ns=[0]\n"
                     "for v in data[2:2+n]:\n    s.append(s[-1]+int(v))\nout=[]\nrest=data[2+n:]\n"
                     "for k in range(q):\n    l,r=int(rest[2*k]),int(rest[2*k+1])\n    out.append(s[r]-s[l-1])\n"
                     "print('\\n'.join(map(str,out)))\n",
        "tests": _range_sum_tests,
    },
]


def load(*, created_by=None) -> list:
    """Create the starter problems that do not exist yet; returns every starter Problem."""
    problems = []
    for item in PROBLEMS:
        problem, created = Problem.objects.get_or_create(slug=item["slug"], defaults={
            "title": item["title"], "title_en": item["title_en"], "techniques": item["techniques"],
            "difficulty": item["difficulty"], "created_by": created_by})
        if created or not problem.specs.exists():
            services.problem_spec_create(problem=problem, statement=item["statement"],
                                         statement_en=item["statement_en"], constraints=item["constraints"],
                                         time_limit_ms=1000, memory_limit_mb=128, languages=ALL,
                                         reference_solution=item["reference"], tests=item["tests"]())
        problems.append(problem)
    return problems
