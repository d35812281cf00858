// Start form: show progress while the first question is prepared.
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
})();
