// Progress of a lesson page: "started" when opened, a heartbeat every 30 s while the
// page is visible, and a last one with the time read when it is hidden. Events wait in
// a queue kept in localStorage (one per learner, so a shared computer never credits
// one learner's reading to another) until the server acknowledges them: a connection
// that drops loses nothing, and the queue goes out in one request when the next event
// is due or the connection is back. Each event carries a random id, so an event sent
// twice (a retry, or two open tabs) is counted once. Without JavaScript the "segna
// come completata" button still works.
(function () {
  var root = document.querySelector("[data-progress-lesson]");
  if (!root || !window.fetch) return;
  var lesson = root.getAttribute("data-progress-lesson");
  var key = "aula.progress." + root.getAttribute("data-progress-learner");
  var MAX_QUEUE = 500, PER_REQUEST = 100;
  var fallback = [], sending = false;
  var visibleSince = document.visibilityState === "visible" ? Date.now() : null;

  function id() {
    return (window.crypto && crypto.randomUUID) ? crypto.randomUUID() : String(Math.random()).slice(2) + Date.now();
  }
  function load() {
    try { return JSON.parse(window.localStorage.getItem(key)) || []; } catch (e) { return fallback; }
  }
  function save(queue) {
    try { window.localStorage.setItem(key, JSON.stringify(queue)); } catch (e) { fallback = queue; }
  }
  function enqueue(event, seconds) {
    var queue = load();
    queue.push({ lesson: lesson, event: event, seconds: seconds, id: id() });
    save(queue.slice(-MAX_QUEUE));
  }
  function forget(ids) {
    save(load().filter(function (e) { return !ids[e.id]; }));
  }
  // Seconds the page has been visible since the last call (at most 300, as the server accepts).
  function readSeconds() {
    if (visibleSince === null) return 0;
    var now = Date.now(), seconds = Math.round((now - visibleSince) / 1000);
    visibleSince = now;
    return Math.min(300, seconds);
  }
  function flush(leaving) {
    if (sending) return;
    var batch = load().slice(0, PER_REQUEST);
    if (!batch.length) return;
    var ids = {};
    batch.forEach(function (e) { ids[e.id] = true; });
    sending = true;
    fetch("/api/v1/progress", {
      method: "POST", credentials: "same-origin", keepalive: !!leaving,
      headers: { "Content-Type": "application/json" }, body: JSON.stringify({ events: batch })
    }).then(function (response) {
      if (response.ok) {
        forget(ids);
        return true;
      }
      if (response.status === 401 || response.status === 429 || response.status >= 500) return false;
      // Refused for good: drop the event the answer names, or else the whole batch.
      return response.json().catch(function () { return {}; }).then(function (body) {
        var field = (body && body.error && body.error.field) || "";
        var match = /^events\[(\d+)\]/.exec(field);
        if (match && batch[Number(match[1])]) {
          var bad = {};
          bad[batch[Number(match[1])].id] = true;
          forget(bad);
        } else {
          forget(ids);
        }
        return true;
      });
    }).catch(function () {
      return false;
    }).then(function (more) {
      sending = false;
      if (more && !leaving) flush();
    });
  }

  enqueue("started", 0);
  flush();
  setInterval(function () {
    if (document.visibilityState === "visible") {
      var seconds = readSeconds();
      if (seconds > 0) enqueue("heartbeat", seconds);
    }
    flush();
  }, 30000);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      var seconds = readSeconds();
      visibleSince = null;
      if (seconds > 0) enqueue("heartbeat", seconds);
      flush(true);
    } else {
      visibleSince = Date.now();
      flush();
    }
  });
  window.addEventListener("online", function () { flush(); });
})();
