// 내 문서: drag-and-drop upload with progress, live job status, pasted text, confirmations.
(function () {
  "use strict";

  function readJson(id) {
    const el = document.getElementById(id);
    if (!el) return {};
    try { return JSON.parse(el.textContent); } catch (e) { return {}; }
  }
  const config = readJson("documents-config");
  const texts = readJson("documents-i18n");

  // A failed job or upload in words: a job that found no text says so, anything else is the
  // error body's code in words.
  function errorText(body) {
    if (body && body.data && body.data.reason === "no_text") return texts.noText;
    return http.errorText(body);
  }

  // Detail page: show or hide the OCR word boxes.
  const toggle = document.querySelector("[data-toggle-boxes]");
  if (toggle) {
    toggle.addEventListener("change", function () {
      document.body.classList.toggle("boxes-hidden", !toggle.checked);
    });
  }

  // --- Job polling -------------------------------------------------------------------------------
  let running = 0;
  let finished = 0;

  function setProgress(bar, value) {
    if (!bar) return;
    bar.style.width = Math.max(0, Math.min(100, value)) + "%";
    const holder = bar.parentElement;
    if (holder) holder.setAttribute("aria-valuenow", String(value));
  }

  function settle() {
    running -= 1;
    finished += 1;
    // Once every job on the page has finished, show the stored documents.
    if (running === 0 && finished > 0) window.setTimeout(function () { window.location.reload(); }, 600);
  }

  function poll(taskId, item) {
    running += 1;
    const status = item.querySelector("[data-job-status]");
    const bar = item.querySelector("[data-job-progress]");
    const url = config.taskUrl.replace("TASK", encodeURIComponent(taskId));
    function tick() {
      http.requestJson(url)
        .then(function (res) {
          const data = res.body && res.body.data;
          if (res.status === 0) {  // not reached: try again
            window.setTimeout(tick, 3000);
          } else if (res.ok && data && data.status === "processing") {
            setProgress(bar, data.progress || 0);
            window.setTimeout(tick, 1000);
          } else if (res.ok && data && data.status === "completed") {
            setProgress(bar, 100);
            item.setAttribute("data-status", "completed");
            if (status) { status.textContent = texts.completed; status.className = "badge ok"; }
            settle();
          } else {
            item.setAttribute("data-status", "failed");
            if (status) { status.textContent = texts.failed; status.className = "badge bad"; }
            const message = document.createElement("p");
            message.className = "msg error";
            message.setAttribute("data-job-error", "");
            message.textContent = errorText(res.body);
            item.appendChild(message);
            running -= 1;
          }
        });
    }
    tick();
  }

  document.querySelectorAll("[data-task-id][data-status=processing]").forEach(function (item) {
    poll(item.getAttribute("data-task-id"), item);
  });

  // --- Upload ------------------------------------------------------------------------------------
  const dropzone = document.querySelector("[data-dropzone]");
  const input = document.querySelector("[data-file-input]");
  const list = document.querySelector("[data-upload-list]");
  const typeSelect = document.querySelector("[data-upload-type]");

  function fileType(file) {
    const name = (file.name || "").toLowerCase();
    if (file.type === "application/pdf" || name.endsWith(".pdf")) return "pdf";
    return "image";
  }

  function documentId(type) {
    const random = Math.random().toString(36).slice(2, 8);
    return type + "_" + Date.now().toString(36) + random;
  }

  function uploadItem(file) {
    const item = document.createElement("li");
    item.className = "upload-item";
    item.setAttribute("data-upload-item", "");
    const row = document.createElement("div");
    row.className = "row";
    const name = document.createElement("span");
    name.className = "name";
    name.textContent = file.name;
    const status = document.createElement("span");
    status.className = "badge warn";
    status.setAttribute("data-job-status", "");
    status.textContent = texts.uploading;
    row.appendChild(name);
    row.appendChild(status);
    const progress = document.createElement("div");
    progress.className = "progress";
    progress.setAttribute("role", "progressbar");
    progress.setAttribute("aria-valuemin", "0");
    progress.setAttribute("aria-valuemax", "100");
    const bar = document.createElement("span");
    bar.setAttribute("data-upload-progress", "");
    bar.style.width = "0%";
    progress.appendChild(bar);
    item.appendChild(row);
    item.appendChild(progress);
    list.prepend(item);
    return { item: item, status: status, bar: bar };
  }

  function fail(ui, text) {
    ui.item.setAttribute("data-status", "failed");
    ui.status.textContent = texts.failed;
    ui.status.className = "badge bad";
    const message = document.createElement("p");
    message.className = "msg error";
    message.setAttribute("data-job-error", "");
    message.textContent = text;
    ui.item.appendChild(message);
  }

  function upload(file) {
    const ui = uploadItem(file);
    if (file.size > config.maxMb * 1024 * 1024) { fail(ui, texts.tooLarge); return; }
    const type = typeSelect ? typeSelect.value : "resume";
    const form = new FormData();
    form.append("file", file);
    form.append("file_type", fileType(file));
    form.append("type", type);
    form.append("user_id", config.userId);
    form.append("document_id", documentId(type));
    const xhr = new XMLHttpRequest();
    xhr.open("POST", config.extractUrl);
    xhr.setRequestHeader("X-CSRFToken", http.csrfToken());
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.addEventListener("progress", function (event) {
      if (event.lengthComputable) setProgress(ui.bar, Math.round(100 * event.loaded / event.total));
    });
    xhr.addEventListener("load", function () {
      let body = null;
      try { body = JSON.parse(xhr.responseText); } catch (e) { body = null; }
      if (xhr.status === 200 && body && body.data && body.data.task_id) {
        ui.item.setAttribute("data-task-id", body.data.task_id);
        ui.item.setAttribute("data-status", "processing");
        ui.status.textContent = texts.processing;
        ui.bar.setAttribute("data-job-progress", "");
        setProgress(ui.bar, 0);
        poll(body.data.task_id, ui.item);
      } else {
        fail(ui, errorText(body));
      }
    });
    xhr.addEventListener("error", function () { fail(ui, texts.network); });
    xhr.send(form);
  }

  if (dropzone && input && list) {
    dropzone.addEventListener("click", function () { input.click(); });
    dropzone.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); input.click(); }
    });
    ["dragenter", "dragover"].forEach(function (name) {
      dropzone.addEventListener(name, function (event) { event.preventDefault(); dropzone.classList.add("dragover"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      dropzone.addEventListener(name, function (event) { event.preventDefault(); dropzone.classList.remove("dragover"); });
    });
    dropzone.addEventListener("drop", function (event) {
      Array.prototype.forEach.call(event.dataTransfer.files || [], upload);
    });
    input.addEventListener("change", function () {
      Array.prototype.forEach.call(input.files || [], upload);
      input.value = "";
    });
  }

  // --- Pasted text -------------------------------------------------------------------------------
  const paste = document.querySelector("[data-paste-form]");
  if (paste) {
    paste.addEventListener("submit", function (event) {
      event.preventDefault();
      const error = paste.querySelector("[data-paste-error]");
      const button = paste.querySelector("button[type=submit]");
      button.disabled = true;
      http.requestJson(config.embedUrl, {
        method: "POST",
        json: {
          type: paste.elements.type.value, id: paste.elements.id.value,
          user_id: config.userId, text: paste.elements.text.value,
        },
      }).then(function (res) {
        if (res.ok) { window.location.reload(); return; }
        http.showError(error, errorText(res.body));
        button.disabled = false;
      });
    });
  }
})();
