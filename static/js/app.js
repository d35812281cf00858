// Small progressive enhancements shared by every page.

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
