// The assistant page: send a message, read the SSE answer through fetch, show tool cards and citations.
(function () {
  "use strict";

  const root = document.querySelector("[data-chat]");
  if (!root) return;
  const list = root.querySelector("[data-messages]");
  const form = root.querySelector("[data-chat-form]");
  const input = root.querySelector("[data-chat-input]");
  const send = root.querySelector("[data-chat-send]");
  const errorBox = root.querySelector("[data-chat-error]");
  const msg = root.dataset;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function scrollDown() { list.scrollTop = list.scrollHeight; }

  function bubble(role) {
    const intro = list.querySelector("[data-intro]");
    if (intro) intro.remove();
    const li = el("li", "bubble " + role);
    li.setAttribute("data-message-role", role);
    const text = el("div", "bubble-text");
    li.appendChild(text);
    list.appendChild(li);
    scrollDown();
    return li;
  }

  function row(parts) {
    const li = el("li");
    parts.forEach(function (part) { if (part) li.appendChild(part); });
    return li;
  }

  // A tool the server ran, shown as a card above the answer.
  function renderCard(card, container) {
    const box = el("div", "tool-card tool-" + (card.tool || "unknown"));
    box.setAttribute("data-tool-card", card.tool || "");
    const titles = { get_schedule: msg.msgSchedule, add_schedule: msg.msgAdded,
      get_interview_history: msg.msgInterviews, get_match_report: msg.msgMatches, search_documents: msg.msgDocuments };
    const head = el("div", "tool-head", titles[card.tool] || card.tool);
    if (card.params && card.params.start_date) {
      head.appendChild(el("span", "muted small", " " + card.params.start_date + " – " + card.params.end_date));
    }
    box.appendChild(head);
    if (!card.success) {
      box.appendChild(el("p", "msg error", card.error || msg.msgError));
      container.insertBefore(box, container.firstChild);
      return;
    }
    const data = card.data;
    const ul = el("ul", "tool-items");
    if (card.tool === "get_schedule") {
      (data || []).forEach(function (item) {
        ul.appendChild(row([el("strong", "kind-" + (item.kind || "other"), item.date + (item.time ? " " + item.time : "")),
          el("span", null, " " + item.title)]));
      });
    } else if (card.tool === "add_schedule" && data) {
      ul.appendChild(row([el("strong", null, data.date + (data.time ? " " + data.time : "")), el("span", null, " " + data.title)]));
    } else if (card.tool === "get_interview_history") {
      (data || []).forEach(function (s) {
        ul.appendChild(row([el("strong", null, s.date), el("span", null, " " + (s.position || s.type || "") + " · " +
          (s.total_score === null || s.total_score === undefined ? "–" : s.total_score) + (s.grade ? " (" + s.grade + ")" : ""))]));
      });
    } else if (card.tool === "get_match_report") {
      (data || []).forEach(function (m) {
        ul.appendChild(row([el("strong", null, m.score + " (" + m.grade + ")"),
          el("span", null, " " + [m.company, m.position].filter(Boolean).join(" ") +
            (m.missing_skills && m.missing_skills.length ? " · −" + m.missing_skills.join(", ") : ""))]));
      });
    } else if (card.tool === "search_documents") {
      (data || []).forEach(function (p) {
        ul.appendChild(row([el("strong", null, p.title + (p.page ? " · " + msg.msgPage.replace("{n}", p.page) : "")),
          el("span", null, " " + (p.text || "").slice(0, 140))]));
      });
    }
    if (!ul.children.length) ul.appendChild(el("li", "muted", msg.msgNone));
    box.appendChild(ul);
    if (card.tool === "get_schedule" || card.tool === "add_schedule") {
      const link = el("a", "small", msg.msgOpenCalendar + " →");
      link.href = msg.calendarUrl;
      box.appendChild(link);
    }
    container.insertBefore(box, container.firstChild);
  }

  function renderCitations(citations, container) {
    if (!citations || !citations.length) return;
    const box = el("div", "citations");
    box.setAttribute("data-citations", "");
    box.appendChild(el("strong", null, msg.msgSources));
    citations.forEach(function (c) {
      const a = el("a", null, "[" + c.n + "] " + c.title + (c.page ? " · " + msg.msgPage.replace("{n}", c.page) : ""));
      a.href = c.url || (msg.documentUrl + c.document_pk + (c.page ? "#page-" + c.page : ""));
      a.title = (c.quote || "").slice(0, 200);
      a.setAttribute("data-citation", "");
      box.appendChild(a);
    });
    container.appendChild(box);
  }

  // Cards of earlier messages (rendered by the server as JSON).
  list.querySelectorAll(".bubble").forEach(function (li) {
    li.querySelectorAll('script[type="application/json"]').forEach(function (script) {
      try { renderCard(JSON.parse(script.textContent), li); } catch (e) { /* a broken card is skipped */ }
    });
  });
  scrollDown();

  // The typing effect: streamed pieces are typed out a few characters per frame, faster when behind.
  function type(state, text) {
    state.queue += text;
    if (state.timer) return;
    state.timer = window.setInterval(function () {
      if (!state.queue) { window.clearInterval(state.timer); state.timer = null; return; }
      const n = Math.max(2, Math.ceil(state.queue.length / 15));
      state.text.textContent += state.queue.slice(0, n);
      state.queue = state.queue.slice(n);
      scrollDown();
    }, 16);
  }

  function stopTyping(state) {
    if (state.timer) window.clearInterval(state.timer);
    state.timer = null;
    state.text.textContent += state.queue;
    state.queue = "";
  }

  function handle(event, payload, state) {
    if (event === "token") {
      type(state, payload.text);
    } else if (event === "card") {
      renderCard(payload, state.bubble);
    } else if (event === "citations") {
      state.citations = payload.citations;
    } else if (event === "author") {
      state.author = payload;
    } else if (event === "complete") {
      state.done = true;
      stopTyping(state);
      if (payload.data && payload.data.response !== null && payload.data.response !== undefined) {
        state.text.textContent = payload.data.response;
      }
      renderCitations(state.citations, state.bubble);
      if (state.author) {  // which engine wrote this answer (AI_ENGINE=embedded: the model or the rules)
        const author = el("p", "muted small author", msg.msgAuthor + " " + state.author.label);
        author.setAttribute("data-author", state.author.engine);
        state.bubble.appendChild(author);
      }
      state.bubble.setAttribute("data-complete", "");
    } else if (event === "error") {
      state.done = true;
      stopTyping(state);
      http.showError(errorBox, payload, msg.msgError);
    }
  }

  async function ask(text) {
    errorBox.hidden = true;
    const mine = bubble("user");
    mine.querySelector(".bubble-text").textContent = text;
    const answer = bubble("assistant");
    answer.classList.add("streaming");
    const state = { bubble: answer, text: answer.querySelector(".bubble-text"), citations: [], done: false,
      queue: "", timer: null };
    send.disabled = true;
    try {
      const response = await http.request(msg.url, {
        method: "POST", headers: { Accept: "text/event-stream" }, json: { message: text },
      });
      for await (const message of http.events(response)) handle(message.event, message.data, state);
      if (!state.done) { stopTyping(state); http.showError(errorBox, msg.msgError); }
    } catch (err) {
      stopTyping(state);
      http.showError(errorBox, err, msg.msgError);
    } finally {
      answer.classList.remove("streaming");
      send.disabled = false;
      input.focus();
    }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const text = input.value.trim();
    if (!text || send.disabled) return;
    input.value = "";
    ask(text);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  list.querySelectorAll("[data-example]").forEach(function (button) {
    button.addEventListener("click", function () { ask(button.textContent.trim()); });
  });
})();
