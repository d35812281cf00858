// The avatar room: one WebSocket (session login), microphone through an AudioWorklet,
// interviewer audio scheduled in step with the frames, captions, latency and the summary.
(() => {
  const root = document.querySelector('[data-room]');
  if (!root) return;
  const $ = (sel) => document.querySelector(sel);
  const i18n = JSON.parse($('#avatar-i18n').textContent);
  const sid = root.dataset.session;
  const face = $('[data-face]');
  const captionFinal = $('[data-caption-final]');
  const captionInterim = $('[data-caption-interim]');
  const log = $('[data-log]');
  const stateLine = $('[data-state]');
  const buttons = { start: $('[data-start]'), pause: $('[data-pause]'), resume: $('[data-resume]'), end: $('[data-end]') };
  const typed = $('[data-typed]');
  const AUDIO_LEAD = 0.15; // the server sends audio this far ahead of the frames that show it
  let ws = null, wanted = false, connected = false, startSent = false, ended = root.dataset.status === 'completed' || root.dataset.status === 'terminated' || root.dataset.status === 'expired';
  let signedOut = false; // the log-in this socket used was ended (log-out elsewhere): no reconnecting
  let micCtx = null, micStream = null, playCtx = null, nextTime = 0, sources = [], current = null, pingSent = 0, paused = root.dataset.status === 'paused';
  window.avatarRoom = { frames: 0, audioChunks: 0, turns: 0, captions: [] };

  function send(obj) { if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(obj)); }
  function setState(text) { stateLine.textContent = text; }

  function addLog(who, text) {
    const li = document.createElement('li');
    li.className = who;
    li.innerHTML = '<span class="who"></span><span class="text"></span>';
    li.querySelector('.who').textContent = who === 'user' ? i18n.you : i18n.interviewer;
    li.querySelector('.text').textContent = text;
    log.appendChild(li);
    log.scrollTop = log.scrollHeight;
    return li;
  }

  function showButtons() {
    const live = wanted && !ended;
    buttons.start.hidden = live || ended;
    buttons.pause.hidden = !live || paused;
    buttons.resume.hidden = !live || !paused;
    buttons.end.hidden = ended || !wanted;
    typed.hidden = !live || paused;
    $('[data-status]').textContent = ended ? i18n.ended : paused ? i18n.paused : i18n.active;
  }

  function stopPlayback() {
    sources.forEach((s) => { try { s.stop(); } catch (e) { /* already stopped */ } });
    sources = [];
    nextTime = 0;
  }

  function play(msg) {
    if (!playCtx) return;
    const bytes = Uint8Array.from(atob(msg.audio_data), (c) => c.charCodeAt(0));
    const pcm = new Int16Array(bytes.buffer, 0, bytes.length >> 1);
    const buffer = playCtx.createBuffer(1, pcm.length, msg.sample_rate);
    const channel = buffer.getChannelData(0);
    for (let i = 0; i < pcm.length; i++) channel[i] = pcm[i] / 32768;
    const src = playCtx.createBufferSource();
    src.buffer = buffer;
    src.connect(playCtx.destination);
    const at = Math.max(playCtx.currentTime + AUDIO_LEAD, nextTime);
    src.start(at);
    nextTime = at + buffer.duration;
    sources.push(src);
    src.onended = () => { sources = sources.filter((s) => s !== src); };
    window.avatarRoom.audioChunks += 1;
  }

  async function startMic() {
    micStream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true, channelCount: 1 } });
    micCtx = new AudioContext();
    await micCtx.audioWorklet.addModule(root.dataset.worklet);
    const source = micCtx.createMediaStreamSource(micStream);
    const node = new AudioWorkletNode(micCtx, 'pcm-capture');
    node.port.onmessage = (e) => {
      if (paused || ended) return;
      const bytes = new Uint8Array(e.data);
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
      send({ type: 'audio_data', audio: btoa(binary), sample_rate: 16000, format: 'pcm16' });
    };
    source.connect(node);
    // keep the graph running without playing the microphone back
    const mute = micCtx.createGain();
    mute.gain.value = 0;
    node.connect(mute).connect(micCtx.destination);
  }

  function stopMic() {
    if (micStream) micStream.getTracks().forEach((t) => t.stop());
    if (micCtx) micCtx.close();
    micStream = null; micCtx = null;
  }

  function fmt(v) { return v === undefined || v === null ? '—' : `${Math.round(v)} ${i18n.ms}`; }

  function handle(msg) {
    switch (msg.type) {
      case 'connected':
        connected = true;
        startSent = false;
        if (wanted) { startSent = true; send({ type: 'start_session' }); }
        break;
      case 'session_started':
        current = addLog('ai', msg.message);
        captionFinal.textContent = msg.message;
        setState(i18n.listening);
        break;
      case 'stt_interim':
        captionInterim.textContent = msg.transcript;
        window.avatarRoom.captions.push({ interim: msg.transcript });
        break;
      case 'stt_final':
        captionInterim.textContent = '';
        captionFinal.textContent = `${i18n.you}: ${msg.transcript}`;
        addLog('user', msg.transcript);
        window.avatarRoom.captions.push({ final: msg.transcript });
        break;
      case 'llm_start':
        current = addLog('ai', '…');
        break;
      case 'llm_response':
        if (!current) current = addLog('ai', '');
        current.querySelector('.text').textContent = msg.text;
        captionFinal.textContent = msg.text;
        if (msg.done) window.avatarRoom.turns += 1;
        break;
      case 'tts_audio':
        play(msg);
        break;
      case 'avatar_frame':
        face.src = `data:image/jpeg;base64,${msg.frame_data}`;
        window.avatarRoom.frames += 1;
        break;
      case 'interrupted':
        stopPlayback();
        if (current) current.querySelector('.who').textContent = `${i18n.interviewer} ${i18n.interrupted}`;
        break;
      case 'turn_latency':
        document.querySelectorAll('[data-lat]').forEach((dd) => { dd.textContent = fmt(msg[dd.dataset.lat]); });
        break;
      case 'pong':
        $('[data-ping]').textContent = fmt(performance.now() - pingSent);
        break;
      case 'session_paused':
        paused = true; stopPlayback(); showButtons();
        break;
      case 'session_resumed':
        paused = false; showButtons();
        break;
      case 'session_ended':
        finish();
        break;
      case 'error':
        console.warn('avatar error', msg.code, msg.message, msg.details);
        if (msg.code === 'SESSION_EXPIRED' || msg.code === 'SESSION_NOT_FOUND') setState(msg.message);
        if (msg.code === 'UNAUTHORIZED') { signedOut = true; stopPlayback(); stopMic(); setState(i18n.signed_out); }
        break;
      default:
        break;
    }
  }

  function connect() {
    const proto = location.protocol === 'https:' ? 'wss' : 'ws';
    ws = new WebSocket(`${proto}://${location.host}/ws/${sid}`);
    ws.onmessage = (e) => handle(JSON.parse(e.data));
    ws.onclose = () => { connected = false; if (!ended && !signedOut) setTimeout(connect, 1500); }; // a dropped connection continues the session
  }

  async function start() {
    wanted = true;
    playCtx = new AudioContext();
    try { await playCtx.resume(); } catch (e) { /* autoplay policy: resumes on the next gesture */ }
    try { await startMic(); } catch (e) { setState(i18n.mic_error); }
    showButtons();
    if (connected && !startSent) { startSent = true; send({ type: 'start_session' }); }
  }

  function finish() {
    if (ended && !$('[data-summary]').hidden) return;
    ended = true;
    stopPlayback();
    stopMic();
    showButtons();
    setState(i18n.ended);
    loadSummary();
  }

  async function loadSummary() {
    const box = $('[data-summary]');
    box.hidden = false;
    const result = await http.requestJson(root.dataset.api);
    if (!result.ok) { setState(http.errorText(result.body)); return; }
    const data = result.body;
    if (!data.summary) return;
    const f = data.feedback || {};
    const scores = [[i18n.overall, f.overall_score], [i18n.communication, f.communication],
      [i18n.technical, f.technical_knowledge], [i18n.problem, f.problem_solving]];
    const wrap = $('[data-scores]');
    wrap.innerHTML = '';
    scores.forEach(([label, value]) => {
      const div = document.createElement('div');
      div.innerHTML = '<strong></strong><span></span>';
      div.querySelector('strong').textContent = `${value ?? 0}/10`;
      div.querySelector('span').textContent = label;
      wrap.appendChild(div);
    });
    $('[data-comments]').textContent = f.comments || '';
    const s = data.summary;
    const lat = (s.latency && s.latency.first_audio_ms) ? ` · ${i18n.latency} p50 ${Math.round(s.latency.first_audio_ms.p50)} ms` : '';
    $('[data-summary-facts]').textContent = `${Math.round(s.duration_seconds / 60)} ${i18n.min} · ${i18n.answers} ${s.user_responses}${lat}`;
    const link = $('[data-transcript]');
    if (s.transcript_url) { link.href = s.transcript_url; link.hidden = false; }
    const video = $('[data-video]');
    const progress = $('[data-video-progress]');
    if (s.video_url) {
      progress.hidden = true;
      if (!video.src) { video.src = s.video_url; video.hidden = false; }
    } else if (s.video_status === 'pending') {
      progress.hidden = false;
      $('[data-video-bar]').style.width = `${s.video_progress || 0}%`;
      setTimeout(loadSummary, 1500);
    } else if (s.video_status === 'failed') {
      progress.hidden = false;
      progress.textContent = i18n.video_failed;
    }
  }

  buttons.start.addEventListener('click', start);
  buttons.pause.addEventListener('click', () => send({ type: 'pause' }));
  buttons.resume.addEventListener('click', () => send({ type: 'resume' }));
  buttons.end.addEventListener('click', async () => {
    await http.requestJson(root.dataset.api, { method: 'DELETE' });  // the room ends even when this fails
    finish();
  });
  typed.addEventListener('submit', (e) => {
    e.preventDefault();
    const input = typed.querySelector('input');
    if (input.value.trim()) {
      send({ type: 'text', text: input.value.trim() });
      addLog('user', input.value.trim());
      captionFinal.textContent = `${i18n.you}: ${input.value.trim()}`;
    }
    input.value = '';
  });
  setInterval(() => { if (ws && ws.readyState === WebSocket.OPEN) { pingSent = performance.now(); send({ type: 'ping', timestamp: new Date().toISOString() }); } }, 5000);

  if (ended) loadSummary(); else connect();
  showButtons();
})();
