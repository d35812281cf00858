"""What the local helper knows about each technique a problem may be tagged with: a concept
explanation and a ladder of hints from gentle to specific (never the code)."""
from __future__ import annotations

TECHNIQUES: dict[str, dict] = {
    "dp": {
        "ko": "동적 계획법(DP)", "en": "dynamic programming",
        "concept_ko": "큰 문제를 겹치는 작은 문제로 나누고, 작은 문제의 답을 표에 저장해 다시 계산하지 않는 방법입니다. "
                      "'상태(무엇을 기억할지)', '점화식(상태끼리의 관계)', '초기값', '계산 순서' 네 가지를 정하면 됩니다.",
        "concept_en": "Split the problem into overlapping subproblems and store their answers in a table so none is "
                      "computed twice. Decide four things: the state, the recurrence, the base cases and the order.",
        "hints_ko": ["i번째까지 봤을 때 알아야 하는 값이 무엇인지 먼저 한 문장으로 정의해 보세요.",
                     "i번째 상태가 바로 앞 한두 개의 상태로부터 어떻게 만들어지는지 작은 예시(n=3, 4)로 손으로 적어 보세요.",
                     "표의 크기가 입력 크기에 비례하도록 잡고, 앞에서부터 채우면 재귀 없이도 O(n)에 끝납니다."],
        "hints_en": ["First define in one sentence what you need to know after looking at the first i items.",
                     "Write out by hand how state i is built from the one or two states before it, for n = 3 and 4.",
                     "Size the table with the input and fill it front to back: no recursion needed, O(n)."],
    },
    "two_pointers": {
        "ko": "투 포인터", "en": "two pointers",
        "concept_ko": "정렬되었거나 단조로운 배열에서 두 위치를 움직이며 구간을 관리하는 방법입니다. "
                      "각 포인터가 한 방향으로만 움직이므로 전체가 O(n)입니다.",
        "concept_en": "Keep two indices over a sorted or monotone array and move them to maintain a window; each moves "
                      "one way only, so the whole scan is O(n).",
        "hints_ko": ["구간의 합(또는 조건)이 포인터를 오른쪽으로 옮길 때 어떻게 변하는지 생각해 보세요.",
                     "조건을 만족하지 않으면 어느 쪽 포인터를 움직여야 하는지 규칙을 정하세요.",
                     "이중 반복문 대신 왼쪽·오른쪽 포인터를 각각 최대 n번만 움직이도록 바꿔 보세요."],
        "hints_en": ["Think about how the window's sum (or condition) changes when a pointer moves right.",
                     "Fix a rule for which pointer moves when the condition fails.",
                     "Replace the double loop with two pointers that each move at most n times."],
    },
    "prefix_sum": {
        "ko": "누적 합", "en": "prefix sums",
        "concept_ko": "앞에서부터 합을 미리 더해 두면 어떤 구간 [l, r]의 합도 S[r] - S[l-1] 한 번의 뺄셈으로 구할 수 있습니다.",
        "concept_en": "Precompute running sums; then any range [l, r] sums to S[r] - S[l-1] in one subtraction.",
        "hints_ko": ["질문마다 구간을 다시 더하면 몇 번의 연산이 필요한지 계산해 보세요.",
                     "S[0] = 0으로 두면 경계 처리가 쉬워집니다.",
                     "입력을 읽으며 S를 한 번에 만들고, 질문은 O(1)에 답하세요."],
        "hints_en": ["Count the operations if every query re-adds its range.",
                     "Setting S[0] = 0 makes the boundaries easy.",
                     "Build S once while reading the input and answer each query in O(1)."],
    },
    "hashing": {
        "ko": "해시(딕셔너리/집합)", "en": "hash maps and sets",
        "concept_ko": "값을 키로 저장하면 '이미 본 적 있는가', '몇 번 나왔는가'를 평균 O(1)에 확인할 수 있습니다.",
        "concept_en": "Storing values as keys answers 'seen before?' and 'how many times?' in O(1) on average.",
        "hints_ko": ["각 원소를 볼 때 '짝이 되는 값'이 무엇인지 식으로 써 보세요.",
                     "그 짝을 이미 본 값들 중에서 빠르게 찾을 자료구조가 무엇일지 생각해 보세요.",
                     "원소를 확인한 뒤에 집합(또는 딕셔너리)에 넣으면 자기 자신과 짝이 되는 실수를 막을 수 있습니다."],
        "hints_en": ["For each element, write down which value would complete it.",
                     "Which structure finds that value among those seen so far, fast?",
                     "Check first, then insert, so an element never pairs with itself."],
    },
    "sorting": {
        "ko": "정렬", "en": "sorting",
        "concept_ko": "정렬하면 비슷한 값이 이웃하게 되어, 인접한 원소만 비교하거나 탐욕적으로 고르기 쉬워집니다. 비용은 O(n log n)입니다.",
        "concept_en": "Sorting puts close values next to each other, so comparing neighbours or choosing greedily "
                      "becomes easy; it costs O(n log n).",
        "hints_ko": ["정렬된 상태라면 답이 어디에 있을지 생각해 보세요.",
                     "정렬 기준(키)이 하나가 아니라면 두 번째 기준도 정하세요.",
                     "정렬 후에는 한 번의 순회로 답을 구할 수 있는지 확인하세요."],
        "hints_en": ["If the data were sorted, where would the answer be?",
                     "If one key is not enough, define the tie-breaker.",
                     "After sorting, check whether one pass gives the answer."],
    },
    "binary_search": {
        "ko": "이분 탐색", "en": "binary search",
        "concept_ko": "답이 될 수 있는 범위에서 '이 값이 가능한가'가 단조롭게 바뀐다면, 범위를 절반씩 줄여 O(log n)번의 판정으로 답을 찾습니다.",
        "concept_en": "If 'is this value feasible?' flips only once over the range of answers, halve the range each "
                      "step: O(log n) checks.",
        "hints_ko": ["답 후보 x에 대해 '가능/불가능'을 판정하는 함수를 먼저 만들어 보세요.",
                     "lo, hi의 의미(항상 가능한 쪽, 항상 불가능한 쪽)를 고정하면 경계 오류가 줄어듭니다.",
                     "판정 함수가 O(n)이면 전체는 O(n log 범위)입니다."],
        "hints_en": ["Write the feasibility check for a candidate x first.",
                     "Fix what lo and hi mean (always feasible / never feasible) to avoid off-by-one errors.",
                     "With an O(n) check the total is O(n log range)."],
    },
    "bfs": {
        "ko": "너비 우선 탐색(BFS)", "en": "breadth-first search",
        "concept_ko": "시작점에서 가까운 칸부터 큐로 차례차례 방문하므로, 가중치가 없는 그래프의 최단 거리를 구할 수 있습니다.",
        "concept_en": "Visit cells in order of distance using a queue; it gives shortest paths in unweighted graphs.",
        "hints_ko": ["격자의 각 칸을 정점, 상하좌우 이동을 간선으로 보세요.",
                     "방문 표시는 큐에 넣을 때 해야 같은 칸이 여러 번 들어가지 않습니다.",
                     "거리 배열을 -1로 초기화하면 방문 여부와 거리를 함께 관리할 수 있습니다."],
        "hints_en": ["Treat each cell as a vertex and each move as an edge.",
                     "Mark a cell visited when you enqueue it, or it enters the queue many times.",
                     "A distance array initialised to -1 doubles as the visited mark."],
    },
    "greedy": {
        "ko": "탐욕법(그리디)", "en": "greedy choice",
        "concept_ko": "매 순간 가장 좋아 보이는 선택을 하되, 그 선택이 최적해를 해치지 않는다는 근거(교환 논증)가 있어야 합니다.",
        "concept_en": "Take the locally best choice each step, but only with an argument (exchange argument) that it "
                      "never spoils an optimal answer.",
        "hints_ko": ["어떤 기준으로 하나를 먼저 고르면 나머지 문제가 같은 모양으로 작아지는지 찾아보세요.",
                     "반례를 찾으려고 작은 입력 몇 개를 손으로 시도해 보세요.",
                     "기준이 정해지면 정렬 후 한 번 순회로 끝나는 경우가 많습니다."],
        "hints_en": ["Find a criterion such that picking one item first leaves a smaller problem of the same shape.",
                     "Try a few small inputs by hand looking for a counter-example.",
                     "Once the criterion is clear, it is often sort + one pass."],
    },
    "stack": {
        "ko": "스택", "en": "stacks",
        "concept_ko": "가장 최근에 넣은 것을 먼저 꺼내는 구조로, 괄호 짝 맞추기나 '다음 큰 수'처럼 최근 상태를 되돌아보는 문제에 씁니다.",
        "concept_en": "Last in, first out: for matching brackets or 'next greater element', anything that looks back "
                      "at the most recent open item.",
        "hints_ko": ["아직 짝을 찾지 못한 것들을 어디에 보관할지 생각해 보세요.",
                     "새 원소가 들어올 때 스택 맨 위와 비교해 무엇을 꺼내야 하는지 규칙을 세우세요.",
                     "끝까지 본 뒤 스택에 남은 것이 무엇을 뜻하는지도 처리하세요."],
        "hints_en": ["Where do you keep the items still waiting for a partner?",
                     "When a new element arrives, compare it with the top and decide what to pop.",
                     "Handle what is left on the stack at the end."],
    },
    "implementation": {
        "ko": "구현", "en": "careful implementation",
        "concept_ko": "특별한 알고리즘보다 문제의 규칙을 빠짐없이 코드로 옮기는 것이 핵심입니다. 입력 형식과 경계 조건을 먼저 정리하세요.",
        "concept_en": "No special algorithm: translate every rule faithfully. List the input format and edge cases first.",
        "hints_ko": ["문제의 규칙을 번호를 붙여 목록으로 옮겨 적어 보세요.",
                     "가장 작은 입력(n=1)과 가장 큰 입력에서 어떻게 동작하는지 확인하세요.",
                     "출력 형식(공백, 줄바꿈)을 예제와 한 글자씩 비교하세요."],
        "hints_en": ["Copy the rules into a numbered list.",
                     "Check the smallest (n = 1) and largest inputs.",
                     "Compare your output format with the sample character by character."],
    },
}


def technique(tag: str) -> dict | None:
    return TECHNIQUES.get(tag)
