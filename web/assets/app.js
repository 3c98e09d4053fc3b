// The only script: live updates, and the quick exit. The server sends the live part of
// this page again whenever it changes (server-sent events); it replaces the old one, the
// turn is announced, and a new question takes the focus. Without it, reloading does the
// same, and the quick exit is a plain form.
"use strict";
(function () {
  // The quick exit: the page is replaced at once, in the browser's history too, by a
  // blank one; the server is told on the way (it forgets this device and stops).
  document.addEventListener("click", function (e) {
    const hide = e.target.closest && e.target.closest("button[value=':hide']");
    if (!hide) return;
    e.preventDefault();
    fetch("/answer", {
      method: "POST",
      body: new URLSearchParams({ command: ":hide" }),
      credentials: "same-origin",
      keepalive: true,
    }).catch(function () {});
    location.replace("/blank");
  });
  const view = document.getElementById("view");
  const announce = document.getElementById("announce");
  if (!view || !window.EventSource) return;
  let asked = (view.querySelector("form.question") || {}).dataset?.q;
  const events = new EventSource("/events");
  // The stream ends for good when this device is no longer paired (a new code was
  // shown for its seat): what it showed goes, and the page says why.
  events.onerror = function () {
    if (events.readyState === EventSource.CLOSED) location.replace("/");
  };
  events.onmessage = function (e) {
    // The stream starts with the page as it was just loaded: nothing to replace then
    // (a swap would drop what is being typed, and the focus).
    const next = document.createElement("template");
    next.innerHTML = e.data;
    if (next.innerHTML === view.innerHTML) return;
    view.innerHTML = next.innerHTML;
    const turn = view.querySelector("[data-turn]");
    if (turn && announce && announce.textContent !== turn.textContent) {
      announce.textContent = turn.textContent;
    }
    const form = view.querySelector("form.question");
    const q = form ? form.dataset.q : undefined;
    if (form && q !== asked) {
      const first = form.querySelector("textarea, input:not([type=hidden])");
      (first || form.querySelector("legend")).focus();
    }
    asked = q;
  };
})();
