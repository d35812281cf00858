"""AI_ENGINE=embedded: the packaged Qwen2.5-Coder-1.5B behind llama.cpp's own server (one per
session), driven through the apps' own code paths; the CPU probe, the no-AVX-512 check of the
installed build, the engine reports, and the rules answering when the model is down or slow."""
import shutil
import subprocess
import time

import pytest

from ai import embedded_llm
from ai.nlp import korean
from ai.status import DOWN, OPERATIONAL

VAGUE = "주문 처리 시스템의 성능을 개선했습니다. 여러 가지를 해봤고 결과가 좋았습니다."


def _ctx():
    from interviews.ai import InterviewContext

    return InterviewContext(language="ko", position="백엔드 개발자", required_skills=["Python", "Django"],
                            resume_text="Python, Django, Kafka로 주문 처리 시스템 개발")


def _history(answer=VAGUE):
    from interviews.ai import PastTurn

    return [PastTurn(order=1, question="가장 자신 있는 프로젝트를 소개해 주세요.", answer=answer, kind="opening",
                     competency="opening")]


# ------------------------------------------------------------------------------ CPU probe

def test_cpu_probe_needs_avx2_fma_f16c_on_x86_64():
    assert embedded_llm.cpu_support({"sse2", "avx", "avx2", "fma", "f16c"}, "x86_64") == (True, "")
    ok, reason = embedded_llm.cpu_support({"sse2", "avx", "fma", "f16c"}, "x86_64")  # Sandy Bridge-like: no AVX2
    assert not ok and "AVX2" in reason
    ok, reason = embedded_llm.cpu_support({"avx2", "fma", "f16c"}, "aarch64")
    assert not ok and "aarch64" in reason
    flags = embedded_llm.cpu_flags()  # this machine, read from /proc/cpuinfo
    assert embedded_llm.cpu_support()[0] == ({"avx2", "fma", "f16c"} <= flags)


def test_unsupported_cpu_is_reported_with_its_reason(settings, monkeypatch):
    from ai.config import active_config
    from ai.providers import engine
    from ai.status import capability_status

    settings.AI_ENGINE = "embedded"
    monkeypatch.setattr(embedded_llm, "cpu_flags", lambda: {"sse2", "avx"})
    assert engine() == "embedded"
    status, reason = capability_status()["llm"]
    assert status == DOWN and "AVX2" in reason
    llm = active_config()["llm"]
    assert llm["provider"] == "llama.cpp" and llm["status"] == DOWN and "AVX2" in llm["reason"]
    assert active_config()["stt"]["provider"] == "faster-whisper"  # speech stays local


# ------------------------------------------------------------------------------ portability of the build

def test_installed_llama_cpp_libraries_have_no_avx512():
    if not embedded_llm.cpu_support()[0]:
        pytest.skip("the embedded model is not installed on this CPU")
    libraries = embedded_llm.native_libraries()
    names = {p.name.split(".so")[0] for p in libraries}
    assert {"libllama", "libggml", "libggml-cpu", "libggml-base"} <= names, names
    assert {p.name: embedded_llm.avx512_instructions(p) for p in libraries} == {p.name: 0 for p in libraries}


def test_the_avx512_check_finds_avx512(tmp_path):
    """The check itself: a library compiled for AVX-512 is caught, the same code for AVX2 is not."""
    if not shutil.which("gcc"):
        pytest.skip("no C compiler")
    source = tmp_path / "k.c"
    source.write_text("void scale(float *x, int n) { for (int i = 0; i < n; i++) x[i] *= 3.0f; }\n")
    found = {}
    for arch in ("x86-64-v3", "x86-64-v4"):
        library = tmp_path / f"lib{arch}.so"
        subprocess.run(["gcc", "-O3", f"-march={arch}", "-mprefer-vector-width=512", "-shared", "-fPIC",
                        "-o", str(library), str(source)], check=True)
        found[arch] = embedded_llm.avx512_instructions(library)
    assert found["x86-64-v3"] == 0 and found["x86-64-v4"] > 0


# ------------------------------------------------------------------------------ the real model

def test_status_and_config_report_the_running_server(embedded_engine):
    from ai.config import active_config
    from ai.status import capability_status

    assert capability_status()["llm"] == (OPERATIONAL, "")
    llm = active_config()
    assert llm["engine"] == "embedded" and llm["llm"]["model"] == embedded_llm.MODEL_NAME
    assert llm["llm"]["status"] == OPERATIONAL and llm["embeddings"]["provider"] != "openai"


def test_followup_is_worded_by_the_model_and_passes_the_checks(embedded_engine):
    from interviews import ai as interview_ai

    started = time.monotonic()
    question = interview_ai.next_question(_ctx(), _history())
    elapsed = time.monotonic() - started
    assert question.engine == "embedded", question
    assert question.is_followup and question.kind.startswith("followup:")
    assert korean.particle_errors(question.text) == [] and question.text != _rules_question()
    assert elapsed < embedded_llm.budget() + 2


def _rules_question() -> str:
    from interviews.local import questions

    return questions.local_next_question(_ctx(), _history()).text


def _check(text, quote, source):
    from interviews.ai import check_phrased

    return check_phrased(text, quote, source, "ko")


def test_model_json_that_fails_the_quote_check_is_not_used():
    assert _check("그 결과를 수치로 말씀해 주실 수 있을까요?", "처리량을 두 배로", VAGUE) == \
        "its quote does not occur in the answer"
    assert _check("‘성능을 개선했습니다’라고 하셨는데, 구체적으로 무엇을 하셨나요?", "성능을 개선했습니다", VAGUE) == ""
    assert "particles" in _check("Kafka을 어떻게 쓰셨나요?", "성능을 개선했습니다", VAGUE)


def test_report_summary_is_written_by_the_model(embedded_engine):
    from interviews import ai as interview_ai

    turns = [interview_ai.AnsweredTurn(order=1, question="가장 자신 있는 프로젝트를 소개해 주세요.",
                                       answer="Kafka로 주문 이벤트 파이프라인을 설계해 처리량을 초당 2천 건에서 8천 건으로 늘렸습니다.",
                                       evaluation={"score": 82}, delivery={}, competency="opening"),
             interview_ai.AnsweredTurn(order=2, question="협업 중 갈등을 해결한 경험이 있나요?", answer=VAGUE,
                                       evaluation={"score": 48}, delivery={}, competency="collaboration")]
    from interviews.local import report as local_report

    report = interview_ai.write_report(_ctx(), turns)
    local = local_report.local_report(_ctx(), turns)
    assert report.engine == "embedded" and not report.fallback_reason and report.total_feedback != local.total_feedback
    assert report.total_score == local.total_score and korean.particle_errors(report.total_feedback) == []


# ------------------------------------------------------------------------------ the registry and the fallback

def test_embedded_is_the_llm_provider_with_the_servers_endpoint(settings):
    from ai import providers

    settings.AI_ENGINE = "embedded"
    settings.EMBEDDED_LLM_URL = "http://127.0.0.1:8123/v1"
    settings.EMBEDDED_LLM_BUDGET = 7.5
    assert providers.engine() == "embedded" and providers.remote("llm")
    assert {c: providers.engine(c) for c in ("embeddings", "stt", "tts", "ocr")} == dict.fromkeys(
        ("embeddings", "stt", "tts", "ocr"), "local")
    assert providers.endpoint("llm") == providers.Endpoint("http://127.0.0.1:8123/v1", "embedded", 7.5,
                                                           embedded_llm.MODEL_NAME)
    assert providers.configuration_problems() == []
    # the small model serves only the tasks written for it; the others go to the rules unasked
    assert providers.serves("interview_question") and providers.serves("assistant_answer")
    assert not providers.serves("interview_evaluation") and not providers.serves("posting_analysis")
    settings.AI_ENGINE = "openai"
    assert providers.serves("interview_evaluation")


def _down(settings):
    from core.processes import free_port

    settings.AI_ENGINE = "embedded"
    settings.EMBEDDED_LLM_URL = f"http://127.0.0.1:{free_port()}/v1"  # nothing listens there


@pytest.mark.django_db
def test_server_down_the_rules_ask_and_say_so(settings):
    from interviews import ai as interview_ai

    _down(settings)
    started = time.monotonic()
    question = interview_ai.next_question(_ctx(), _history())
    assert question.engine == "local" and question.fallback_reason == "LLM_ERROR" and question.is_followup
    assert question.text == _rules_question()
    report = interview_ai.write_report(_ctx(), [interview_ai.AnsweredTurn(order=1, question="q", answer=VAGUE,
                                                                          evaluation={"score": 50})])
    assert report.engine == "local" and report.fallback_reason == "LLM_ERROR"  # ai.fallback's label
    assert time.monotonic() - started < 5  # one attempt, no retries against a local server


def test_no_server_url_never_leaves_the_machine(settings):
    """EMBEDDED_LLM_URL unset (serve did not start the model): no request to the SDK's default host."""
    from interviews import ai as interview_ai

    settings.AI_ENGINE = "embedded"
    settings.EMBEDDED_LLM_URL = ""
    question = interview_ai.next_question(_ctx(), _history())
    assert question.engine == "local" and question.fallback_reason == "LLM_ERROR"


def test_tasks_not_written_for_the_model_are_the_rules_own(settings):
    """Under `embedded`, evaluation and planning are the rules' (labelled local, no fallback): the
    model is not asked, so a down server costs nothing."""
    from interviews import ai as interview_ai

    _down(settings)
    evaluation = interview_ai.evaluate_answer(_ctx(), "가장 자신 있는 프로젝트를 소개해 주세요.", VAGUE)
    assert evaluation.engine == "local" and not evaluation.fallback_reason
    planned = interview_ai.plan_questions(_ctx())
    assert planned and all(q.engine == "local" and not q.fallback_reason for q in planned)
    opening = interview_ai.next_question(_ctx(), [])  # not a follow-up: the bank's question as it is
    assert opening.engine == "local" and not opening.fallback_reason


def test_too_slow_the_rules_ask_within_the_budget(embedded_engine, settings):
    """Last in this file: the server finishes the abandoned request (at most max_tokens) on its own."""
    from interviews import ai as interview_ai

    settings.EMBEDDED_LLM_BUDGET = 0.8
    started = time.monotonic()
    question = interview_ai.next_question(_ctx(), _history())
    assert question.engine == "local" and question.fallback_reason == "LLM_TIMEOUT" and question.is_followup
    assert time.monotonic() - started < 0.8 + 1.5
