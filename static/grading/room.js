// Exam room: CodeMirror editor, helper chat (seed 004 /api/chat/messages), run on samples and
// submit (seed 004 /api/session/submit) with verdicts polled per test.
(function () {
  "use strict";
  const room = document.querySelector("[data-room]");
  if (!room) return;
  const t = JSON.parse(document.getElementById("room-i18n").textContent);
  const ds = room.dataset;
  const languageSelect = room.querySelector("[data-language]");
  const statusLine = room.querySelector("[data-status]");
  const verdictBox = room.querySelector("[data-verdicts]");
  const MODES = { python3: "python", cpp17: "text/x-c++src", java17: "text/x-java" };
  const TEMPLATES = {
    python3: "import sys\n\ndef main():\n    data = sys.stdin.read().split()\n    \n\nmain()\n",
    cpp17: "#include <bits/stdc++.h>\nusing namespace std;\n\nint main() {\n    ios::sync_with_stdio(false);\n    cin.tie(nullptr);\n    \n    return 0;\n}\n",
    java17: "import java.util.*;\nimport java.io.*;\n\npublic class Main {\n    public static void main(String[] args) throws IOException {\n        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));\n        \n    }\n}\n",
  };
  const textarea = room.querySelector("[data-code]");
  if (!textarea.value.trim()) textarea.value = TEMPLATES[languageSelect.value] || "";
  const editor = window.CodeMirror.fromTextArea(textarea, {
    lineNumbers: true, indentUnit: 4, tabSize: 4, matchBrackets: true, mode: MODES[languageSelect.value],
    extraKeys: { Tab: (cm) => cm.replaceSelection("    ") },
  });
  window.examEditor = editor;  // tests and power users set the code through it
  languageSelect.addEventListener("change", () => {
    const current = editor.getValue().trim();
    const isTemplate = Object.values(TEMPLATES).some((tpl) => tpl.trim() === current);
    editor.setOption("mode", MODES[languageSelect.value]);
    if (!current || isTemplate) editor.setValue(TEMPLATES[languageSelect.value] || "");
  });

  // ---------------------------------------------------------------- chat
  const log = room.querySelector("[data-chat-log]");
  const form = room.querySelector("[data-chat-form]");
  const input = room.querySelector("[data-chat-input]");
  const totalTokens = room.querySelector("[data-total-tokens]");
  let nextTurn = parseInt(ds.nextTurn, 10) || 1;
  if (nextTurn % 2 === 0) nextTurn += 1;

  function bubble(role, text, meta) {
    const li = document.createElement("li");
    li.className = "bubble " + role;
    li.textContent = text;
    if (meta) { const span = document.createElement("span"); span.className = "tokens"; span.textContent = meta; li.appendChild(span); }
    log.appendChild(li);
    log.scrollTop = log.scrollHeight;
    return li;
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const content = input.value.trim();
    if (!content) return;
    const button = form.querySelector("[data-chat-send]");
    button.disabled = true;
    bubble("user", content);
    const waiting = bubble("ai pending", t.thinking);
    const turn = nextTurn;
    const result = await http.requestJson(ds.chatUrl, { method: "POST", json: {
      sessionId: +ds.session, examParticipantId: +ds.participant, turnId: turn, role: "USER", content,
      context: { problemId: +ds.problem, specVersion: +ds.spec, code: editor.getValue(), language: languageSelect.value },
    } });
    waiting.remove();
    button.disabled = false;
    if (result.ok) {
      const m = result.body.aiMessage;
      const engine = result.headers.get("X-AI-Engine");
      bubble("ai", m.content, m.tokenCount + " tokens" + (engine ? " · " + engine : ""));
      totalTokens.textContent = m.totalToken;
      nextTurn = m.turn + 1;
      input.value = "";
    } else {
      bubble("error", http.errorText(result.body, t.failed));
    }
  });

  // ---------------------------------------------------------------- grading
  let polling = null;
  function render(sub, isFinal) {
    verdictBox.innerHTML = "";
    const head = document.createElement("p");
    head.className = "verdict-head";
    const badge = document.createElement("span");
    badge.className = "verdict v-" + sub.verdict;
    badge.textContent = sub.verdict;
    head.appendChild(badge);
    head.appendChild(document.createTextNode(" " + sub.passed + "/" + sub.total + " · " +
      (sub.status === "done" ? t.done : sub.status === "error" ? t.system : t.running)));
    head.dataset.final = sub.status;
    if (isFinal && sub.status === "done") {
      const link = document.createElement("a");
      link.href = ds.reportUrl.replace(/0$/, String(sub.submissionId));
      link.textContent = " · " + t.report;
      link.dataset.reportLink = "";
      head.appendChild(link);
    }
    verdictBox.appendChild(head);
    if (sub.compileOutput && sub.verdict === "CE") {
      const pre = document.createElement("pre"); pre.className = "compile"; pre.textContent = sub.compileOutput;
      verdictBox.appendChild(pre);
    }
    const list = document.createElement("ol");
    list.className = "tests";
    sub.tests.forEach((test) => {
      const li = document.createElement("li");
      li.dataset.verdict = test.verdict;
      li.innerHTML = "<span class='verdict v-" + test.verdict + "'>" + test.verdict + "</span> ";
      li.appendChild(document.createTextNode((test.sample ? t.sample : t.test) + " " + test.ordinal + " · " +
        test.timeMs + " ms · " + Math.round(test.memoryKb / 1024 * 10) / 10 + " MB" + (test.message && test.verdict !== "AC" ? " · " + test.message.slice(0, 160) : "")));
      list.appendChild(li);
    });
    verdictBox.appendChild(list);
  }

  function poll(submissionId, isFinal) {
    clearTimeout(polling);
    const url = ds.submissionUrl.replace(/0$/, String(submissionId));
    const tick = async () => {
      const result = await http.requestJson(url);  // a failed or dropped request is retried
      if (result.ok) {
        render(result.body, isFinal);
        if (result.body.status === "done" || result.body.status === "error") { statusLine.textContent = ""; setBusy(false); return; }
      }
      polling = setTimeout(tick, 500);
    };
    tick();
  }

  const runButton = room.querySelector("[data-run]");
  const submitButton = room.querySelector("[data-submit]");
  function setBusy(busy) { runButton.disabled = submitButton.disabled = busy || ds.examOpen !== "1"; }
  setBusy(false);

  runButton.addEventListener("click", async () => {
    setBusy(true);
    statusLine.textContent = t.queued;
    const result = await http.requestJson(ds.runUrl, { method: "POST", json: { code: editor.getValue(), language: languageSelect.value } });
    if (!result.ok) { statusLine.textContent = http.errorText(result.body, t.failed); setBusy(false); return; }
    poll(result.body.submissionId, false);
  });

  submitButton.addEventListener("click", async () => {
    setBusy(true);
    statusLine.textContent = t.queued;
    const submissionId = Date.now() * 1000 + Math.floor(Math.random() * 1000);
    const result = await http.requestJson(ds.submitUrl, { method: "POST", json: {
      problemId: +ds.problem, specVersion: +ds.spec, examParticipantId: +ds.participant,
      finalCode: editor.getValue(), language: languageSelect.value, submissionId,
    } });
    if (!result.ok) { statusLine.textContent = http.errorText(result.body, t.failed); setBusy(false); return; }
    poll(submissionId, true);
  });
})();
