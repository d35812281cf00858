// While the report is being written, poll the seed 003 result endpoint and reload once it is ready.
(function () {
  "use strict";
  const root = document.querySelector("[data-result][data-pending]");
  if (!root) return;
  let tries = 0;
  async function poll() {
    tries += 1;
    const result = await http.requestJson(root.dataset.statusUrl);  // a failed request is retried below
    if (result.ok && result.body.report_status !== "pending") { window.location.reload(); return; }
    if (tries < 400) setTimeout(poll, tries < 20 ? 1000 : 3000);
  }
  setTimeout(poll, 800);
})();
