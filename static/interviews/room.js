// The interview room: play the question, record the answer (MediaRecorder, 60 s limit, timer and
// level meter), upload it to POST /api/interviews/{id}/answer, show the transcript, move on.
(function () {
  "use strict";
  const room = document.querySelector("[data-room]");
  if (!room) return;

  const LIMIT_SECONDS = 60;
  const $ = (sel) => room.querySelector(sel);
  const i18n = $("[data-i18n]").dataset;
  const audio = $("[data-question-audio]");
  const ui = {
    question: $("[data-question]"), kind: $("[data-question-kind]"), begin: $("[data-begin]"),
    replay: $("[data-replay]"), recordNow: $("[data-record-now]"), recorder: $("[data-recorder]"),
    status: $("[data-rec-status]"), timer: $("[data-timer]"), level: $("[data-level]"), stop: $("[data-stop]"),
    retry: $("[data-retry]"), busy: $("[data-busy]"), busyText: $("[data-busy-text]"), error: $("[data-error]"),
    typedForm: $("[data-typed-form]"), transcripts: $("[data-transcripts]"), noTranscripts: $("[data-no-transcripts]"),
    progressLabel: $("[data-progress-label]"), progress: $("[data-progress]"), end: $("[data-end]"),
  };
  const maxTurns = parseInt(room.dataset.maxTurns, 10);
  let turn = parseInt(room.dataset.turn, 10);
  let answered = ui.transcripts.children.length;
  let stream = null, recorder = null, chunks = [], discard = false, startedAt = 0;
  let tick = null, meterFrame = null, audioCtx = null, analyser = null, sending = false;

  function show(el, on) { el.hidden = !on; }
  function fmt(seconds) { const s = Math.floor(seconds); return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0"); }
  function setError(text) { ui.error.textContent = text || ""; show(ui.error, !!text); }

  function pickMime() {
    if (!window.MediaRecorder) return null;
    const options = ["audio/webm;codecs=opus", "audio/webm", "audio/ogg;codecs=opus", "audio/mp4"];
    for (const type of options) { if (MediaRecorder.isTypeSupported(type)) return type; }
    return "";
  }

  function playQuestion() {
    setError("");
    show(ui.begin, false);
    show(ui.replay, false);
    if (!audio.getAttribute("src")) { show(ui.recordNow, true); return; }
    audio.currentTime = 0;
    const played = audio.play();
    if (played && played.catch) played.catch(() => show(ui.recordNow, true));
  }

  audio.addEventListener("ended", () => { show(ui.replay, true); if (!recorder) startRecording(); });
  audio.addEventListener("error", () => show(ui.recordNow, true));
  ui.begin.addEventListener("click", () => {
    // The click unlocks audio playback and the AudioContext for the whole interview.
    if (!audioCtx && (window.AudioContext || window.webkitAudioContext)) {
      audioCtx = new (window.AudioContext || window.webkitAudioContext)();
    }
    playQuestion();
  });
  ui.replay.addEventListener("click", () => { if (!recorder) playQuestion(); });
  ui.recordNow.addEventListener("click", () => { show(ui.recordNow, false); startRecording(); });

  async function startRecording() {
    const mime = pickMime();
    if (mime === null) { setError(i18n.noRecorder); return; }
    try {
      if (!stream) stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (err) {
      setError(i18n.micError);
      show(ui.recordNow, true);
      return;
    }
    chunks = [];
    discard = false;
    recorder = mime ? new MediaRecorder(stream, { mimeType: mime }) : new MediaRecorder(stream);
    recorder.addEventListener("dataavailable", (e) => { if (e.data && e.data.size) chunks.push(e.data); });
    recorder.addEventListener("stop", onStopped);
    recorder.start(250);
    startedAt = performance.now();
    ui.status.textContent = i18n.recording;
    show(ui.recorder, true);
    show(ui.recordNow, false);
    ui.timer.textContent = "0:00";
    tick = setInterval(() => {
      const elapsed = (performance.now() - startedAt) / 1000;
      ui.timer.textContent = fmt(Math.min(elapsed, LIMIT_SECONDS));
      if (elapsed >= LIMIT_SECONDS) stopRecording(false);
    }, 200);
    startMeter();
  }

  function startMeter() {
    if (!audioCtx) return;
    if (audioCtx.state === "suspended") audioCtx.resume();
    if (!analyser) {
      analyser = audioCtx.createAnalyser();
      analyser.fftSize = 1024;
      audioCtx.createMediaStreamSource(stream).connect(analyser);
    }
    const data = new Uint8Array(analyser.fftSize);
    const draw = () => {
      analyser.getByteTimeDomainData(data);
      let sum = 0;
      for (let i = 0; i < data.length; i++) { const v = (data[i] - 128) / 128; sum += v * v; }
      const level = Math.min(1, Math.sqrt(sum / data.length) * 4);
      ui.level.style.width = Math.round(level * 100) + "%";
      meterFrame = requestAnimationFrame(draw);
    };
    draw();
  }

  function stopRecording(retry) {
    if (!recorder || recorder.state === "inactive") return;
    discard = retry;
    clearInterval(tick);
    cancelAnimationFrame(meterFrame);
    ui.level.style.width = "0%";
    recorder.stop();
  }

  function onStopped() {
    const type = recorder.mimeType || "audio/webm";
    recorder = null;
    show(ui.recorder, false);
    if (discard) { startRecording(); return; }
    const blob = new Blob(chunks, { type: type });
    const ext = type.includes("ogg") ? "ogg" : type.includes("mp4") ? "m4a" : "webm";
    const form = new FormData();
    form.append("turn_number", String(turn));
    form.append("audio", blob, "answer_" + turn + "." + ext);
    send(form);
  }

  ui.stop.addEventListener("click", () => stopRecording(false));
  ui.retry.addEventListener("click", () => stopRecording(true));

  ui.typedForm.addEventListener("submit", (e) => {
    e.preventDefault();
    const text = ui.typedForm.answer_text.value.trim();
    if (!text) return;
    cancelRecording();
    const form = new FormData();
    form.append("turn_number", String(turn));
    form.append("answer_text", text);
    send(form);
  });

  function cancelRecording() {
    // A typed answer replaces the recording in progress: stop it without uploading.
    if (!recorder) return;
    recorder.removeEventListener("stop", onStopped);
    clearInterval(tick);
    cancelAnimationFrame(meterFrame);
    if (recorder.state !== "inactive") recorder.stop();
    recorder = null;
    show(ui.recorder, false);
  }

  async function send(form) {
    if (sending) return;
    sending = true;
    let leaving = false;
    setError("");
    show(ui.recordNow, false);
    ui.busyText.textContent = i18n.uploading;
    show(ui.busy, true);
    try {
      const result = await http.requestJson(room.dataset.answerUrl, { method: "POST", body: form });
      const data = result.body;
      if (!result.ok) {
        setError(http.errorText(data, i18n.failed));
        show(ui.recordNow, true);
        return;
      }
      addTranscript(data.turn_number, ui.question.textContent, data.answer_stt_text);
      ui.typedForm.reset();
      if (data.interview_completed) {
        leaving = true;
        ui.busyText.textContent = data.message || i18n.finished;
        window.location.assign(room.dataset.resultUrl);
        return;
      }
      show(ui.busy, false);
      nextTurn(data.next_turn);
    } catch (err) {
      setError(i18n.failed);
      show(ui.recordNow, true);
    } finally {
      sending = false;
      if (!leaving && !ui.error.hidden) show(ui.busy, false);
    }
  }

  function addTranscript(number, question, text) {
    const item = document.createElement("li");
    item.className = "card";
    const q = document.createElement("p");
    q.className = "muted small";
    q.textContent = "Q" + number + ". " + question;
    const a = document.createElement("p");
    a.dataset.transcript = "";
    a.textContent = text;
    item.append(q, a);
    ui.transcripts.append(item);
    show(ui.noTranscripts, false);
    answered += 1;
    ui.end.disabled = false;
    ui.progress.setAttribute("aria-valuenow", String(answered));
    ui.progress.firstElementChild.style.width = Math.round(100 * answered / maxTurns) + "%";
  }

  function nextTurn(next) {
    turn = next.turn_number;
    room.dataset.turn = String(turn);
    ui.question.textContent = next.question_text;
    ui.progressLabel.textContent = i18n.questionOf.replace("{n}", turn).replace("{total}", maxTurns);
    const badge = document.createElement("span");
    badge.className = "badge" + (next.is_followup ? " warn" : "");
    badge.textContent = next.is_followup ? i18n.followup : i18n.new;
    ui.kind.replaceChildren(badge);
    if (next.question_audio_url) audio.setAttribute("src", next.question_audio_url);
    else audio.removeAttribute("src");
    playQuestion();
  }
})();
