// API-keys page: copy the one-time key (app.js asks for the revoke confirmation, as for every form[data-confirm]).
(function () {
  const copy = document.querySelector("[data-copy-key]");
  const key = document.querySelector("[data-new-key]");
  if (copy && key) {
    copy.addEventListener("click", function () {
      const done = function () { copy.textContent = "✓"; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(key.textContent.trim()).then(done, function () { selectKey(key); });
      } else {
        selectKey(key);
      }
    });
  }
  function selectKey(node) {
    const range = document.createRange();
    range.selectNodeContents(node);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }
})();
