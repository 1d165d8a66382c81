// kbgen: small enhancements; every page works without them.
(function () {
  "use strict";
  // The language switcher keeps the reader on the same entry.
  document.querySelectorAll("a[data-keep-hash]").forEach(function (link) {
    link.addEventListener("click", function () {
      if (location.hash) link.href = link.href.split("#")[0] + location.hash;
    });
  });
  // A copy button on every error message.
  var body = document.body;
  if (!navigator.clipboard) return;
  document.querySelectorAll(".message pre").forEach(function (pre) {
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = body.dataset.copy || "Copy";
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(pre.innerText).then(function () {
        button.textContent = body.dataset.copied || "Copied";
        setTimeout(function () { button.textContent = body.dataset.copy || "Copy"; }, 1500);
      });
    });
    pre.parentNode.insertBefore(button, pre);
    pre.parentNode.classList.add("has-copy");
  });
})();
