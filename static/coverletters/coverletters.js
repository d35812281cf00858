// Cover letters: character counter and quote ↔ highlight links.
(function () {
  "use strict";

  // Korean application forms count characters with spaces and without; show both.
  document.querySelectorAll("[data-letter-form]").forEach(function (form) {
    const area = form.querySelector("textarea");
    const counter = form.querySelector("[data-char-counter]");
    if (!area || !counter) return;
    function update() {
      const text = area.value.trim();
      counter.textContent = (counter.getAttribute("data-template") || "{n} ({m})")
        .replace("{n}", String(text.length)).replace("{m}", String(text.replace(/\s/g, "").length));
    }
    area.addEventListener("input", update);
    update();
  });

  function flash(index) {
    const mark = document.getElementById("q-" + index) || document.querySelector("[data-also-" + index + "]");
    if (!mark) return;
    mark.scrollIntoView({ behavior: "smooth", block: "center" });
    mark.classList.add("flash");
    window.setTimeout(function () { mark.classList.remove("flash"); }, 1600);
  }
  document.querySelectorAll("[data-jump]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      flash(link.getAttribute("data-jump"));
    });
  });
  // clicking a highlight shows the remark about it
  document.querySelectorAll("mark[data-item]").forEach(function (mark) {
    mark.addEventListener("click", function () {
      const item = document.querySelector('[data-item-index="' + mark.getAttribute("data-item") + '"]');
      if (item) {
        item.scrollIntoView({ behavior: "smooth", block: "nearest" });
        item.classList.add("flash");
        window.setTimeout(function () { item.classList.remove("flash"); }, 1600);
      }
    });
  });
})();
