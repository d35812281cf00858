"""The embedded generative model (AI_ENGINE=embedded; ai/embedded_llm.py): llama.cpp's server with
Qwen2.5-Coder-1.5B-Instruct Q4_K_M. Speed (tokens/s, time to first token), the server's peak
memory, and the interview evaluation set (tests/interviews/eval_set.py) for the `local` rules and
the `embedded` engine side by side: follow-up kind accuracy, particle-check pass rate of every
follow-up asked, how often the model's wording was used (else the rules' question is asked), and
the time per follow-up. BENCH_LLM_CASES=N runs the first N cases only (a loaded CPU is slow)."""
import os
import statistics
import subprocess
import threading
import time

from common import figure, setup_django

setup_django("bench-llm")

import psutil  # noqa: E402
from django.test import override_settings  # noqa: E402

from ai import embedded_llm  # noqa: E402
from ai.nlp import korean  # noqa: E402
from core import processes  # noqa: E402
from tests.interviews import eval_set  # noqa: E402

supported, reason = embedded_llm.availability()
if not supported:
    print(f"# embedded model unavailable: {reason}")
    raise SystemExit(0)

port = processes.free_port()
started = time.perf_counter()
server = embedded_llm.start(port, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
figure("llm_server_start", time.perf_counter() - started, "s")
url = f"http://127.0.0.1:{port}/v1"
peak = {"rss": 0, "stop": False}


def watch_memory() -> None:
    process = psutil.Process(server.pid)
    while not peak["stop"]:
        try:
            peak["rss"] = max(peak["rss"], process.memory_info().rss)
        except psutil.Error:
            return
        time.sleep(0.1)


watcher = threading.Thread(target=watch_memory, daemon=True)
watcher.start()
try:
    with override_settings(AI_ENGINE="embedded", EMBEDDED_LLM_URL=url):  # the default time budget
        from ai import llm

        # ------------------------------------------------------------ speed, through ai.llm.stream
        prompt = [{"role": "user", "content": "백엔드 개발자 면접을 준비하는 사람에게 주는 조언을 다섯 문장으로 써 주세요."}]
        llm.chat([{"role": "user", "content": "hi"}], max_tokens=4, temperature=0.0)  # warm-up
        ttft, rates = [], []
        for _ in range(2):
            sent = time.perf_counter()
            first, deltas = None, 0
            for event in llm.stream(prompt, max_tokens=64, temperature=0.0, purpose="bench"):
                if event.kind == "delta":
                    deltas += 1  # llama.cpp's server streams one token per chunk (and no usage)
                    first = first or time.perf_counter()
                if event.kind == "done":
                    done = time.perf_counter()
                    ttft.append(first - sent)
                    rates.append((deltas - 1) / (done - first))
        figure("llm_time_to_first_token", statistics.median(ttft) * 1000, "ms")
        figure("llm_generation_tokens_per_second", statistics.median(rates), "tokens/s")

        # ------------------------------------------------------------ quality, local vs embedded
        from interviews import ai as interview_ai

        rows = {"local": [], "embedded": []}
        cases = eval_set.ALL_CASES[:int(os.environ.get("BENCH_LLM_CASES") or len(eval_set.ALL_CASES))]
        print(f"# {len(cases)} of {len(eval_set.ALL_CASES)} evaluation cases; load average {os.getloadavg()[0]:.1f}; "
              f"{embedded_llm.threads()} threads")
        for case in cases:
            for engine in ("local", "embedded"):
                ctx, history = eval_set.history_for(case)
                with override_settings(AI_ENGINE=engine):
                    sent = time.perf_counter()
                    question = interview_ai.next_question(ctx, history)
                    elapsed = time.perf_counter() - sent
                rows[engine].append((case, question, elapsed))
        for engine, results in rows.items():
            kind_right = [eval_set.kind_matches(case.expected, q.kind) for case, q, _ in results]
            ko = [q for case, q, _ in results if case.language == "ko"]
            particles = [not korean.particle_errors(q.text) for q in ko]
            followups = [(q, t) for _, q, t in results if q.is_followup]
            figure(f"followup_kind_accuracy_{engine}", statistics.fmean(kind_right), f"ratio ({len(results)} cases)")
            figure(f"question_particle_check_pass_rate_{engine}", statistics.fmean(particles),
                   f"ratio ({len(ko)} Korean questions)")
            figure(f"followup_worded_by_model_{engine}", sum(q.engine == "embedded" for q, _ in followups) / len(followups),
                   f"ratio ({len(followups)} follow-ups)")
            figure(f"followup_seconds_median_{engine}", statistics.median(t for _, t in followups), "s")
            figure(f"followup_seconds_max_{engine}", max(t for _, t in followups), "s")
            figure(f"followup_length_median_{engine}", statistics.median(len(q.text) for q, _ in followups), "chars")
        for (case, local_q, _), (_, model_q, _) in list(zip(rows["local"], rows["embedded"]))[:6]:
            if model_q.engine == "embedded":
                print(f"# {case.id}: rules: {local_q.text} | model: {model_q.text}")
finally:
    peak["stop"] = True
    watcher.join(1)
    figure("llm_server_peak_rss", peak["rss"] / 2**20, "MiB")
    processes.stop_all([server])
