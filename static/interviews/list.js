// Start form: show progress while the first question is prepared; confirm before deleting.
(function () {
  "use strict";
  const form = document.querySelector("[data-start-form]");
  if (form) {
    form.addEventListener("submit", () => {
      const button = form.querySelector("[data-start-submit]");
      button.disabled = true;
      button.textContent = button.dataset.busyLabel;
    });
  }
  document.querySelectorAll("form[data-confirm]").forEach((f) => {
    f.addEventListener("submit", (e) => { if (!window.confirm(f.dataset.confirm)) e.preventDefault(); });
  });
})();
