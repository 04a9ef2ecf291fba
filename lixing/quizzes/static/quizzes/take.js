/* Taking a quiz on a phone: a server-given countdown, each answer saved as it changes
   (sent with the signed attempt token, without cookies), retried when the network drops. */
(function () {
  "use strict";
  var form = document.getElementById("quiz");
  if (!form) return;
  var url = form.dataset.answerUrl;
  var timer = document.getElementById("timer");
  var clock = document.getElementById("clock");
  var saved = document.getElementById("saved");
  var endsAt = Date.now() + parseInt(timer.dataset.remaining, 10) * 1000;
  var pending = {};
  var submitting = false;

  function show(state) { saved.textContent = saved.dataset[state] || ""; saved.className = "save-state " + state; }

  function collect(fieldset) {
    var pos = fieldset.dataset.pos, kind = fieldset.dataset.kind;
    var body = new URLSearchParams();
    body.append("pos", pos);
    body.append("kind", kind === "fill" ? "fill" : "choice");
    fieldset.querySelectorAll("input").forEach(function (input) {
      if (input.type === "text") { if (input.value.trim()) body.append("value", input.value.trim()); }
      else if (input.checked) body.append("value", input.value);
    });
    return body;
  }

  function send(pos) {
    var body = pending[pos];
    if (!body) return;
    show("saving");
    fetch(url, { method: "POST", body: body, credentials: "omit",
                 headers: { "Content-Type": "application/x-www-form-urlencoded" } })
      .then(function (r) {
        if (r.ok) { if (pending[pos] === body) delete pending[pos]; show("saved"); }
        else if (r.status === 409) { delete pending[pos]; handIn(); }
        else { throw new Error("save failed"); }
      })
      .catch(function () { show("offline"); setTimeout(function () { send(pos); }, 3000); });
  }

  var debounce = {};
  form.addEventListener("change", function (e) {
    var fs = e.target.closest("fieldset.question");
    if (!fs) return;
    pending[fs.dataset.pos] = collect(fs);
    send(fs.dataset.pos);
  });
  form.addEventListener("input", function (e) {
    if (e.target.type !== "text") return;
    var fs = e.target.closest("fieldset.question");
    clearTimeout(debounce[fs.dataset.pos]);
    debounce[fs.dataset.pos] = setTimeout(function () { pending[fs.dataset.pos] = collect(fs); send(fs.dataset.pos); }, 800);
  });

  function handIn() {
    if (submitting) return;
    submitting = true;
    document.getElementById("hand-in").disabled = true;
    form.submit();
  }

  form.addEventListener("submit", function (e) {
    if (submitting) { e.preventDefault(); return; }
    var button = document.getElementById("hand-in");
    if (Date.now() < endsAt - 1000 && !window.confirm(button.dataset.confirm)) { e.preventDefault(); return; }
    submitting = true;
    button.disabled = true;
  });

  function tick() {
    var left = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
    var m = Math.floor(left / 60), s = left % 60;
    clock.textContent = (m < 10 ? "0" : "") + m + ":" + (s < 10 ? "0" : "") + s;
    timer.classList.toggle("low", left <= 60);
    if (left <= 1) { clock.textContent = timer.dataset.late; handIn(); return; }
    setTimeout(tick, 500);
  }
  tick();
})();
