/* De Moeite Waard widget: <script src="https://OUR-HOST/widget.js" data-key="PUBLIC_KEY" async></script>
   Inserts an iframe with the advice flow that grows to fit its content. No dependencies. */
(function () {
  "use strict";
  var script = document.currentScript;
  var key = script && script.getAttribute("data-key");
  if (!key) { return; }
  var ours = new URL(script.src, document.baseURI).origin;
  var frame = document.createElement("iframe");
  frame.src = ours + "/widget/" + encodeURIComponent(key) + "/?origin=" +
    encodeURIComponent(window.location.origin);
  frame.title = script.getAttribute("data-title") || "Repareren of vervangen? · De Moeite Waard";
  frame.className = "moeitewaard-widget";
  frame.style.cssText = "display:block;width:100%;max-width:560px;height:640px;border:0;overflow:hidden";
  window.addEventListener("message", function (event) {
    // Only our own origin, and only the frame this script made, may resize it.
    if (event.origin !== ours || event.source !== frame.contentWindow) { return; }
    var data = event.data || {};
    var height = Math.ceil(Number(data.height));
    if (data.type === "moeitewaard:height" && height > 0 && height < 20000) {
      frame.style.height = height + "px";
    }
  });
  script.parentNode.insertBefore(frame, script.nextSibling);
})();
