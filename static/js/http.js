// How every page talks to the server: the CSRF token (read once, from base.html's meta tag),
// fetch() with the session cookie and that token, and the text/event-stream reader.
// Loaded in <head> without defer, so any page script, deferred or not, can use window.http.
(function () {
  let token = null;

  function csrfToken() {
    if (token === null) {
      const meta = document.querySelector('meta[name="csrf-token"]');
      token = meta ? meta.content : "";
    }
    return token;
  }

  // fetch() for same-origin calls: sends the session cookie, asks for JSON unless told otherwise,
  // adds the CSRF token to unsafe methods and serialises `json` as the body. Resolves with the
  // Response; each page shows a failure in its own words (data-msg-* attributes, in the page's
  // language) or the server's error envelope, which the server already words in that language.
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

  // Reads a response holding a text/event-stream and calls onBlock with each raw event block
  // ("event: …\ndata: …") as it arrives; resolves when the stream ends.
  async function readEventStream(response, onBlock) {
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
  }

  window.http = { csrfToken: csrfToken, request: request, readEventStream: readEventStream };
})();
