/* Inside the widget iframe: report the content height to the embedding page, and only to the
   origin the server checked against the partner's allowed origins (data-parent-origin). */
(function () {
  "use strict";
  var parentOrigin = document.body.getAttribute("data-parent-origin");
  if (!parentOrigin || window.parent === window) { return; }
  var last = 0;
  function report() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height !== last) {
      last = height;
      window.parent.postMessage({ type: "moeitewaard:height", height: height }, parentOrigin);
    }
  }
  if (window.ResizeObserver) { new ResizeObserver(report).observe(document.documentElement); }
  window.addEventListener("load", report);
  report();
})();
