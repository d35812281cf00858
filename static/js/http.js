// How every page talks to the server: the CSRF token (read once, from base.html's meta tag),
// fetch() with the session cookie and that token, a failed request in words for people whatever
// the API surface's error envelope, and the text/event-stream reader.
// Loaded in <head> without defer, so any page script, deferred or not, can use window.http.
(function () {
  let token = null;
  let catalogue = null;

  function csrfToken() {
    if (token === null) {
      const meta = document.querySelector('meta[name="csrf-token"]');
      token = meta ? meta.content : "";
    }
    return token;
  }

  // base.html's words for failures, in the page's language (json_script "http-messages"):
  // `failed`, `network` and `codes` (seed 000 code → message).
  function messages() {
    if (catalogue === null) {
      const node = document.getElementById("http-messages");
      try { catalogue = JSON.parse(node.textContent); } catch (e) { catalogue = {}; }
    }
    return catalogue;
  }

  // fetch() for same-origin calls: sends the session cookie, asks for JSON unless told otherwise,
  // adds the CSRF token to unsafe methods and serialises `json` as the body. Resolves with the
  // Response; rejects when the server could not be reached.
  function request(url, options) {
    const opts = Object.assign({ credentials: "same-origin" }, options || {});
    const headers = Object.assign({ Accept: "application/json" }, opts.headers || {});
    const method = (opts.method || "GET").toUpperCase();
    if (method !== "GET" && method !== "HEAD") headers["X-CSRFToken"] = csrfToken();
    if (opts.json !== undefined) {
      headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(opts.json);
      delete opts.json;
    }
    opts.headers = headers;
    return fetch(url, opts);
  }

  // request() and the answer's JSON: resolves {ok, status, body, headers}, body null when the
  // answer is not JSON. Never rejects: when the server could not be reached it resolves
  // {ok: false, status: 0, body: <the Error>}, so errorText(result.body) words every failure.
  async function requestJson(url, options) {
    let response;
    try {
      response = await request(url, options);
    } catch (err) {
      return { ok: false, status: 0, body: err, headers: new Headers() };
    }
    const body = await response.json().catch(function () { return null; });
    return { ok: response.ok, status: response.status, body: body, headers: response.headers };
  }

  // A failure in words for people. `failure` is an error body in any surface's envelope:
  //   seed 000 {message: "<code>", error_code: 4001, data}: the code's words from the catalogue
  //   (the server keeps its own words out of this envelope);
  //   seed 001 {error: {code, message}}; seed 004 {error: true, error_code, error_message};
  //   DRF (seeds 002, 003) {detail}; page endpoints {error: "…"}; any other {message: "…"};
  // or an Error a request threw (the server was not reached), or the page's own words (a string).
  // `fallback`, the page's words for this action, stands in when the body holds nothing people
  // can read (default: the catalogue's `failed`).
  function errorText(failure, fallback) {
    const words = messages();
    const otherwise = fallback || words.failed || "Error";
    if (typeof failure === "string" && failure) return failure;
    if (failure instanceof Error) return words.network || otherwise;
    if (!failure || typeof failure !== "object") return otherwise;
    if (typeof failure.error_code === "number") return (words.codes || {})[failure.message] || otherwise;
    const error = failure.error;
    const text = [error && error.message, failure.error_message, error, failure.detail, failure.message]
      .find(function (value) { return typeof value === "string" && value.trim(); });
    return text || otherwise;
  }

  // Shows errorText(failure, fallback) in `box` (and unhides it); returns the words.
  function showError(box, failure, fallback) {
    const text = errorText(failure, fallback);
    box.textContent = text;
    box.hidden = false;
    return text;
  }

  // One event block ("id: …\nevent: …\ndata: …") as {event, data, id}; null when it has no data.
  function parseEvent(block, last) {
    let event = "message";
    const data = [];
    block.split("\n").forEach(function (line) {
      if (!line || line.charAt(0) === ":") return;  // comments keep the connection alive
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? "" : line.slice(colon + 1);
      if (value.charAt(0) === " ") value = value.slice(1);
      if (field === "event") event = value || "message";
      else if (field === "data") data.push(value);
      else if (field === "id" && value.indexOf("\0") < 0) last.id = value;
    });
    if (!data.length) return null;
    const text = data.join("\n");
    let value = text;
    try { value = JSON.parse(text); } catch (e) { /* plain text data */ }
    return { event: event, data: value, id: last.id };
  }

  // The events of a text/event-stream response, as they arrive: `for await (const e of
  // http.events(response))` gives {event, data, id}. `event` defaults to "message"; `data` is the
  // JSON value of the data lines (joined with "\n"), or their text when it is not JSON; `id` is
  // the last event id the stream set ("" before any). Leaving the loop early cancels the stream.
  // A response refused before any stream began gives one "error" event carrying its error body.
  async function* events(response) {
    if (!response.ok || !response.body) {
      yield { event: "error", data: await response.json().catch(function () { return null; }), id: "" };
      return;
    }
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    const last = { id: "" };
    let buffer = "";
    try {
      for (;;) {
        const chunk = await reader.read();
        if (chunk.done) return;
        buffer = (buffer + decoder.decode(chunk.value, { stream: true })).replace(/\r\n/g, "\n");  // CR and LF may come apart
        let cut;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          const parsed = parseEvent(buffer.slice(0, cut), last);
          buffer = buffer.slice(cut + 2);
          if (parsed) yield parsed;
        }
      }
    } finally {
      reader.cancel().catch(function () { /* already closed */ });
    }
  }

  window.http = {
    csrfToken: csrfToken, request: request, requestJson: requestJson,
    errorText: errorText, showError: showError, events: events,
  };
})();
