// Small progressive enhancements shared by every page.

// Reads a fetch() response holding a text/event-stream and calls onBlock with each raw event
// block ("event: …\ndata: …") as it arrives; resolves when the stream ends.
window.readEventStream = async function (response, onBlock) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const chunk = await reader.read();
    if (chunk.done) return;
    buffer += decoder.decode(chunk.value, { stream: true }).replace(/\r\n/g, "\n");
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      onBlock(block);
    }
  }
};

(function () {
  const toggle = document.querySelector("[data-nav-toggle]");
  const nav = document.getElementById("main-nav");
  if (toggle && nav) {
    toggle.addEventListener("click", function () {
      const open = nav.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  // Forms that need a confirmation (delete) and buttons that say they are busy while the
  // next page is prepared (analysis, OCR) instead of looking frozen.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
    });
  });
  // Script-driven forms never submit themselves; read-only fields select their value on a click
  // (no inline handlers: the Content-Security-Policy allows only scripts from static/).
  document.querySelectorAll("form[data-no-submit]").forEach(function (form) {
    form.addEventListener("submit", function (event) { event.preventDefault(); });
  });
  document.querySelectorAll("[data-select-on-click]").forEach(function (field) {
    field.addEventListener("click", function () { field.select(); });
  });
  document.querySelectorAll("button[data-busy-label]").forEach(function (button) {
    if (!button.form) return;
    button.form.addEventListener("submit", function (event) {
      if (event.defaultPrevented) return;
      window.setTimeout(function () {
        button.disabled = true;
        button.textContent = button.getAttribute("data-busy-label");
      }, 0);
    });
  });
})();
