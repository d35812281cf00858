// Privacy masking pages: upload through POST /ai/masking/draft, poll GET /ai/task/{id},
// then review the boxes on each page (click removes, drag draws) and confirm.
(function () {
  "use strict";

  function jsonData(id, fallback) {
    const node = document.getElementById(id);
    if (!node) return fallback;
    try { return JSON.parse(node.textContent); } catch (e) { return fallback; }
  }

  function poll(taskId, onProgress) {
    return new Promise((resolve, reject) => {
      const tick = () => {
        http.requestJson("/ai/task/" + encodeURIComponent(taskId))
          .then(({ status, body }) => {
            if (status === 0) {  // not reached: try again
              setTimeout(tick, 1500);
            } else if (status === 200 && body.data && body.data.status === "processing") {
              onProgress(body.data.progress || 0);
              setTimeout(tick, 700);
            } else if (status === 200) {
              resolve(body);
            } else {
              reject(body);
            }
          });
      };
      tick();
    });
  }

  // --- upload (list page) -------------------------------------------------------------------------
  const form = document.querySelector("[data-mask-form]");
  if (form) {
    const input = form.querySelector("[data-mask-file]");
    const status = form.querySelector("[data-mask-status]");
    const msg = form.dataset;
    const show = (text) => {
      status.hidden = false;
      status.className = "msg";
      status.textContent = text;
    };
    const fail = (failure) => {
      http.showError(status, failure);
      status.className = "msg error";
    };
    const searching = (percent) => show(msg.msgSearching.replace("{n}", percent));
    input.addEventListener("change", () => {
      const file = input.files && input.files[0];
      if (!file) return;
      const isPdf = file.type === "application/pdf" || /\.pdf$/i.test(file.name);
      const data = new FormData();
      data.append("file", file);
      data.append("file_type", isPdf ? "pdf" : "image");
      data.append("mode", (form.querySelector("input[name=mode]:checked") || {}).value || "black");
      show(msg.msgUploading);
      http.requestJson(msg.draftUrl, { method: "POST", body: data })
        .then(({ ok, body }) => {
          if (!ok) { fail(body); return; }
          const taskId = body.data.task_id;
          searching(0);
          return poll(taskId, searching)
            .then(() => { window.location.href = msg.reviewUrl + encodeURIComponent(taskId); })
            .catch(fail);
        });
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
    counter.textContent = review.dataset.msgCount.replace("{n}", boxes.length);
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
    el.title = review.dataset.msgRemove.replace("{label}", label);
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
