// kbgen: small enhancements; every page works without them.
(function () {
  "use strict";
  // The language switcher keeps the reader on the same entry.
  document.querySelectorAll("a[data-keep-hash]").forEach(function (link) {
    link.addEventListener("click", function () {
      if (location.hash) link.href = link.href.split("#")[0] + location.hash;
    });
  });
  // A copy button on every error message and every code block (a command in a resolution).
  var body = document.body;
  if (!navigator.clipboard) return;
  document.querySelectorAll("main pre").forEach(function (pre) {
    if (!pre.parentNode.classList.contains("message")) {
      var block = document.createElement("div");
      block.className = "code-block";
      pre.parentNode.insertBefore(block, pre);
      block.appendChild(pre);
    }
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
