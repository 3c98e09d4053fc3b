// The only script: live updates. The server sends the live part of this page again
// whenever it changes (server-sent events); it replaces the old one, the turn is
// announced, and a new question takes the focus. Without it, reloading does the same.
"use strict";
(function () {
  const view = document.getElementById("view");
  const announce = document.getElementById("announce");
  if (!view || !window.EventSource) return;
  let asked = (view.querySelector("form.question") || {}).dataset?.q;
  const events = new EventSource("/events");
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
