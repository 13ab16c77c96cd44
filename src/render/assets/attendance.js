// The attendance sheet. Each toggle is a form that works without JavaScript (a POST,
// then a redirect back to the same day). Here a click is sent in the background
// instead, with the form's own fields (its CSRF token too); the control changes only
// once the server answers with the mark it stored, and says "non salvato — riprova"
// when it did not, so the page never shows a mark the database does not have. A
// reload shows exactly what was stored.
(function () {
  var roll = document.querySelector(".roll[data-label-present]");
  if (!roll || !window.fetch || !window.FormData || !window.URLSearchParams) return;
  var labels = {
    present: roll.getAttribute("data-label-present"),
    absent: roll.getAttribute("data-label-absent"),
    unmarked: roll.getAttribute("data-label-unmarked")
  };
  var failed = roll.getAttribute("data-label-failed");

  function count(half, state, delta) {
    var box = document.querySelector('.attendance-half-summary[data-half="' + half + '"] [data-count="' + state + '"]');
    if (!box) return;
    var n = parseInt(box.textContent, 10);
    if (!isNaN(n)) box.textContent = String(Math.max(0, n + delta));
  }

  function show(form, state) {
    var button = form.querySelector("button.mark");
    var before = button.getAttribute("data-state");
    if (before === state) return;
    button.setAttribute("data-state", state);
    button.className = "mark mark-" + state;
    button.setAttribute("aria-pressed", state === "present" ? "true" : "false");
    button.querySelector(".mark-state").textContent = labels[state];
    form.querySelector('input[name="presente"]').value = state === "present" ? "0" : "1";
    var half = form.querySelector('input[name="meta"]').value;
    count(half, before, -1);
    count(half, state, 1);
  }

  roll.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-mark")) return;
    event.preventDefault();
    var button = form.querySelector("button.mark");
    if (button.getAttribute("aria-busy") === "true") return;
    var error = form.querySelector(".mark-error");
    error.textContent = "";
    button.setAttribute("aria-busy", "true");
    fetch(form.action, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(new FormData(form)).toString()
    }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    }).then(function (saved) {
      if (typeof saved.present !== "boolean") throw new Error("unexpected answer");
      show(form, saved.present ? "present" : "absent");
    }).catch(function () {
      error.textContent = failed;
    }).then(function () {
      button.removeAttribute("aria-busy");
    });
  });
})();
