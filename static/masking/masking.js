// Privacy masking pages: upload through POST /ai/masking/draft, poll GET /ai/task/{id},
// then review the boxes on each page (click removes, drag draws) and confirm.
(function () {
  "use strict";

  function jsonData(id, fallback) {
    const node = document.getElementById(id);
    if (!node) return fallback;
    try { return JSON.parse(node.textContent); } catch (e) { return fallback; }
  }

  const errors = jsonData("mask-errors", {});
  const isKo = (document.documentElement.lang || "").startsWith("ko");
  const t = (ko, en) => (isKo ? ko : en);

  function errorText(body) {
    if (body && body.message && errors[body.message]) return errors[body.message];
    return t("처리하지 못했습니다. 다시 시도해 주세요.", "Something went wrong. Please try again.");
  }

  function poll(taskId, onProgress) {
    return new Promise((resolve, reject) => {
      const tick = () => {
        http.request("/ai/task/" + encodeURIComponent(taskId))
          .then((r) => r.json().then((body) => ({ status: r.status, body })))
          .then(({ status, body }) => {
            if (status === 200 && body.data && body.data.status === "processing") {
              onProgress(body.data.progress || 0);
              setTimeout(tick, 700);
            } else if (status === 200) {
              resolve(body);
            } else {
              reject(body);
            }
          })
          .catch(() => setTimeout(tick, 1500));
      };
      tick();
    });
  }

  // --- upload (list page) -------------------------------------------------------------------------
  const form = document.querySelector("[data-mask-form]");
  if (form) {
    const input = form.querySelector("[data-mask-file]");
    const status = form.querySelector("[data-mask-status]");
    const show = (text, kind) => {
      status.hidden = false;
      status.className = "msg" + (kind ? " " + kind : "");
      status.textContent = text;
    };
    input.addEventListener("change", () => {
      const file = input.files && input.files[0];
      if (!file) return;
      const isPdf = file.type === "application/pdf" || /\.pdf$/i.test(file.name);
      const data = new FormData();
      data.append("file", file);
      data.append("file_type", isPdf ? "pdf" : "image");
      data.append("mode", (form.querySelector("input[name=mode]:checked") || {}).value || "black");
      show(t("올리는 중…", "Uploading…"));
      http.request(form.dataset.draftUrl, { method: "POST", body: data })
        .then((r) => r.json().then((body) => ({ ok: r.ok, body })))
        .then(({ ok, body }) => {
          if (!ok) { show(errorText(body), "error"); return; }
          const taskId = body.data.task_id;
          show(t("개인정보를 찾는 중… 0%", "Looking for personal data… 0%"));
          return poll(taskId, (p) => show(t("개인정보를 찾는 중… ", "Looking for personal data… ") + p + "%"))
            .then(() => { window.location.href = form.dataset.reviewUrl + encodeURIComponent(taskId); })
            .catch((bodyErr) => show(errorText(bodyErr), "error"));
        })
        .catch(() => show(t("서버에 연결하지 못했습니다.", "Could not reach the server."), "error"));
    });
  }

  // --- processing (detail page) -------------------------------------------------------------------
  const processing = document.querySelector("[data-mask-processing]");
  if (processing) {
    const bar = processing.querySelector("[data-progress]");
    poll(processing.dataset.task, (p) => { bar.value = p; })
      .then(() => window.location.reload())
      .catch(() => window.location.reload());
  }

  // --- review -------------------------------------------------------------------------------------
  const review = document.querySelector("[data-review-form]");
  if (!review) return;
  const labels = jsonData("review-labels", {});
  const boxes = jsonData("review-boxes", []).map((b, i) => ({ ...b, id: i }));
  let nextId = boxes.length;
  const canvases = Array.from(review.querySelectorAll(".review-canvas"));
  const counter = review.querySelector("[data-box-count]");

  function updateCount() {
    counter.textContent = t("가릴 상자 ", "Boxes to cover: ") + boxes.length + t("개", "");
  }

  function place(el, canvas, box) {
    const w = Number(canvas.dataset.width), h = Number(canvas.dataset.height);
    el.style.left = (100 * box.box[0] / w) + "%";
    el.style.top = (100 * box.box[1] / h) + "%";
    el.style.width = (100 * box.box[2] / w) + "%";
    el.style.height = (100 * box.box[3] / h) + "%";
  }

  function addElement(box) {
    const canvas = canvases.find((c) => Number(c.dataset.page) === box.page);
    if (!canvas) return;
    const el = document.createElement("button");
    el.type = "button";
    el.className = "mask-box" + (box.type === "manual" ? " manual" : "");
    el.dataset.boxId = String(box.id);
    el.dataset.type = box.type;
    const label = labels[box.type] || box.type;
    el.title = label + t(" — 눌러서 빼기", " — click to remove");
    el.setAttribute("aria-label", el.title);
    const tag = document.createElement("span");
    tag.className = "mask-label";
    tag.textContent = label;
    el.appendChild(tag);
    place(el, canvas, box);
    el.addEventListener("pointerdown", (event) => event.stopPropagation());
    el.addEventListener("click", (event) => {
      event.preventDefault();
      const index = boxes.findIndex((b) => b.id === box.id);
      if (index >= 0) boxes.splice(index, 1);
      el.remove();
      updateCount();
    });
    canvas.appendChild(el);
  }

  boxes.forEach(addElement);
  updateCount();

  canvases.forEach((canvas) => {
    let start = null, ghost = null;
    const point = (event) => {
      const rect = canvas.getBoundingClientRect();
      const w = Number(canvas.dataset.width), h = Number(canvas.dataset.height);
      return {
        x: Math.max(0, Math.min(w, (event.clientX - rect.left) * w / rect.width)),
        y: Math.max(0, Math.min(h, (event.clientY - rect.top) * h / rect.height)),
      };
    };
    const rectOf = (a, b) => [Math.round(Math.min(a.x, b.x)), Math.round(Math.min(a.y, b.y)),
                              Math.round(Math.abs(a.x - b.x)), Math.round(Math.abs(a.y - b.y))];
    canvas.addEventListener("pointerdown", (event) => {
      if (event.button !== 0) return;
      start = point(event);
      ghost = document.createElement("div");
      ghost.className = "mask-box manual drawing";
      canvas.appendChild(ghost);
      canvas.setPointerCapture(event.pointerId);
      event.preventDefault();
    });
    canvas.addEventListener("pointermove", (event) => {
      if (!start) return;
      place(ghost, canvas, { box: rectOf(start, point(event)) });
    });
    const finish = (event) => {
      if (!start) return;
      const rect = rectOf(start, point(event));
      start = null;
      ghost.remove();
      ghost = null;
      if (rect[2] < 4 || rect[3] < 4) return; // a click, not a drag
      const box = { id: nextId++, page: Number(canvas.dataset.page), type: "manual", box: rect };
      boxes.push(box);
      addElement(box);
      updateCount();
    };
    canvas.addEventListener("pointerup", finish);
    canvas.addEventListener("pointercancel", () => { if (ghost) ghost.remove(); start = null; ghost = null; });
  });

  review.addEventListener("submit", () => {
    review.querySelector("[data-boxes-input]").value = JSON.stringify(boxes.map((b) => ({
      page: b.page, type: b.type, x: b.box[0], y: b.box[1], width: b.box[2], height: b.box[3],
    })));
  });
})();
