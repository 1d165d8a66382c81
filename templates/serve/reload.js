// kbgen serve: reloads the page when the KB is rebuilt (keeping its scroll position), and shows
// the KB's errors over the page while it has some. Served by `kbgen serve` only: never part of a
// built site.
(function () {
  "use strict";
  var script = document.currentScript;
  var generation = script.getAttribute("data-generation");
  var title = script.getAttribute("data-title");
  var note = script.getAttribute("data-note");
  var key = "kbgen-serve-scroll:" + location.pathname;

  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    var restore = function () { window.scrollTo(0, Number(saved)); };
    if (document.readyState === "complete") restore(); else window.addEventListener("load", restore);
  }

  var overlay = null;
  function showErrors(text) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "kbgen-serve-errors";
      overlay.setAttribute("role", "alertdialog");
      overlay.setAttribute("aria-labelledby", "kbgen-serve-errors-title");
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
        "background:rgba(16,16,16,.97);color:#f4f4f4;padding:1.5rem;font:14px/1.45 system-ui,sans-serif";
      var heading = document.createElement("h2");
      heading.id = "kbgen-serve-errors-title";
      heading.style.cssText = "margin:0 0 .5rem;font-size:1.3rem;color:#ff8a80";
      var explanation = document.createElement("p");
      explanation.style.cssText = "margin:0 0 1rem";
      var pre = document.createElement("pre");
      // kbgen's diagnostics are in English, whatever the page's language.
      pre.setAttribute("lang", "en");
      pre.style.cssText = "white-space:pre-wrap;font:13px/1.4 ui-monospace,monospace;margin:0";
      overlay.appendChild(heading);
      overlay.appendChild(explanation);
      overlay.appendChild(pre);
      document.body.appendChild(overlay);
    }
    overlay.children[0].textContent = title;
    overlay.children[1].textContent = note;
    // Diagnostics are text, as `kbgen check` prints them: never HTML.
    overlay.children[2].textContent = text;
  }
  function hideErrors() {
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
  }

  var events = new EventSource("/__kbgen/events");
  events.addEventListener("state", function (event) {
    var state = JSON.parse(event.data);
    if (state.errors !== null) {
      showErrors(state.errors);
    } else if (String(state.generation) !== generation) {
      sessionStorage.setItem(key, String(window.scrollY));
      location.reload();
    } else {
      hideErrors();
    }
  });
})();
