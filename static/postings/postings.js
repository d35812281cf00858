// Job postings: the streamed resume match (POST /ai/analyze).
(function () {
  "use strict";

  const root = document.querySelector("[data-match]");
  if (!root) return;
  const form = root.querySelector("[data-match-form]");
  const select = root.querySelector("[data-resume-select]");
  const resumeText = root.querySelector("[data-resume-text]");
  const postingText = root.querySelector("[data-posting-text]").value;
  const stages = root.querySelector("[data-stages]");
  const errorBox = root.querySelector("[data-match-error]");
  const result = root.querySelector("[data-match-result]");
  const submit = root.querySelector("[data-match-submit]");
  const texts = JSON.parse((document.getElementById("resume-texts") || {}).textContent || "{}");
  const CIRCUMFERENCE = 326.73;

  function fillFromSelect() {
    if (select && select.value && texts[select.value] !== undefined) resumeText.value = texts[select.value];
  }
  if (select) {
    select.addEventListener("change", function () {
      if (select.value) fillFromSelect(); else resumeText.value = "";
    });
    fillFromSelect();
  }

  function list(target, items, asChips) {
    target.replaceChildren();
    (items || []).forEach(function (text) {
      const li = document.createElement("li");
      li.textContent = text;
      target.appendChild(li);
    });
    if (!items || !items.length) {
      const li = document.createElement("li");
      li.textContent = root.dataset.msgNone;
      li.className = asChips ? "none" : "muted";
      target.appendChild(li);
    }
  }

  function setStage(name, state) {
    const item = stages.querySelector('[data-stage="' + name + '"]');
    if (item) item.className = state;
  }

  function showError(failure) {
    http.showError(errorBox, failure, root.dataset.msgError);
    stages.querySelectorAll("li.running").forEach(function (li) { li.className = "failed"; });
  }

  function showScore(score, grade) {
    const value = root.querySelector("[data-gauge-value]");
    value.style.strokeDashoffset = String(CIRCUMFERENCE * (1 - Math.max(0, Math.min(100, score)) / 100));
    value.setAttribute("class", "gauge-value " + (score >= 80 ? "ok" : score >= 60 ? "mid" : score >= 50 ? "warn" : "bad"));
    root.querySelector("[data-score]").textContent = String(score);
    root.querySelector("[data-grade]").textContent = grade;
    root.querySelector("[data-gauge]").setAttribute("aria-label", score + " / 100, " + grade);
  }

  const handlers = {
    progress: function (data) {
      if (data.stage === "started") {
        root.querySelector("[data-match-engine]").textContent = root.dataset.msgEngine + ": " + data.engine;
        setStage("resume_analysis", "running");
        return;
      }
      setStage(data.stage, "done");
      const next = { resume_analysis: "posting_analysis", posting_analysis: "matching" }[data.stage];
      if (next) setStage(next, "running");
      const d = data.data || {};
      if (data.stage === "resume_analysis") {
        root.querySelector("[data-resume-review]").hidden = false;
        list(root.querySelector("[data-strengths]"), d.strengths);
        list(root.querySelector("[data-weaknesses]"), d.weaknesses);
        list(root.querySelector("[data-suggestions]"), d.suggestions);
      } else if (data.stage === "matching") {
        showScore(d.score, d.grade);
        list(root.querySelector("[data-matched]"), d.matched_skills, true);
        list(root.querySelector("[data-missing]"), d.missing_skills, true);
        list(root.querySelector("[data-recommendations]"), d.recommendations);
        root.querySelector("[data-match-engine]").textContent = root.dataset.msgEngine + ": " + d.engine;
      }
    },
    complete: function (body) {
      const m = body && body.data && body.data.matching;
      if (m) showScore(m.score, m.grade);
      result.dataset.complete = "true";
    },
    error: showError,
  };

  async function run() {
    const text = resumeText.value.trim();
    errorBox.hidden = true;
    if (!text) { showError(root.dataset.msgEmpty); return; }
    submit.disabled = true;
    stages.hidden = false;
    stages.querySelectorAll("li").forEach(function (li) { li.className = ""; });
    result.hidden = false;
    delete result.dataset.complete;
    showScore(0, "");
    root.querySelector("[data-score]").textContent = "…";
    ["[data-matched]", "[data-missing]", "[data-recommendations]"].forEach(function (s) {
      root.querySelector(s).replaceChildren();
    });
    root.querySelector("[data-resume-review]").hidden = true;
    try {
      const response = await http.request(root.dataset.url, {
        method: "POST",
        headers: { Accept: "text/event-stream" },
        json: {
          resume_id: select && select.value ? select.value : "pasted",
          posting_id: root.dataset.postingId,
          resume_text: text,
          posting_text: postingText,
        },
      });
      for await (const message of http.events(response)) {
        if (handlers[message.event]) handlers[message.event](message.data);
      }
    } catch (err) {
      showError(err);
    } finally {
      submit.disabled = false;
    }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run();
  });
})();
