// Progress of a lesson page: "started" when opened, then a heartbeat every 30 s while
// the page is visible. Each event carries a random id so a retry is counted once.
// Without JavaScript the "segna come completata" button still works.
(function () {
  var root = document.querySelector("[data-progress-lesson]");
  if (!root || !window.fetch) return;
  var lesson = root.getAttribute("data-progress-lesson");
  var last = Date.now();
  function id() {
    return (window.crypto && crypto.randomUUID) ? crypto.randomUUID() : String(Math.random()).slice(2) + Date.now();
  }
  function send(event, seconds) {
    var body = JSON.stringify({ lesson: lesson, event: event, seconds: seconds, id: id() });
    return fetch("/api/v1/progress", {
      method: "POST", credentials: "same-origin", keepalive: true,
      headers: { "Content-Type": "application/json" }, body: body
    }).catch(function () {});
  }
  send("started", 0);
  setInterval(function () {
    var now = Date.now();
    if (document.visibilityState === "visible") {
      send("heartbeat", Math.min(300, Math.round((now - last) / 1000)));
    }
    last = now;
  }, 30000);
})();
