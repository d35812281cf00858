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
