/* De Moeite Waard widget: <script src="https://OUR-HOST/widget.js" data-key="PUBLIC_KEY" async></script>
   Asks whether this page's origin may embed the key, then inserts an iframe with the advice flow
   that grows to fit its content; on another origin it shows a short text instead of a refused
   frame. The CSP frame-ancestors header stays the real guard. No dependencies. */
(function () {
  "use strict";
  var script = document.currentScript;
  var key = script && script.getAttribute("data-key");
  if (!key) { return; }
  var ours = new URL(script.src, document.baseURI).origin;
  var here = window.location.origin;
  var base = ours + "/widget/" + encodeURIComponent(key) + "/";
  var english = /^en\b/i.test(document.documentElement.lang || "");

  function place(node) { script.parentNode.insertBefore(node, script.nextSibling); }

  function refuse() {
    var box = document.createElement("p");
    var link = document.createElement("a");
    box.className = "moeitewaard-widget-refusal";
    box.style.cssText = "max-width:560px;padding:0.75em 1em;border:1px solid #8a959d;" +
      "border-radius:6px;font:inherit;line-height:1.45";
    link.href = ours + "/";
    link.textContent = "De Moeite Waard";
    box.appendChild(document.createTextNode(english
      ? "This advice widget is not set up for this website. Go to "
      : "Deze advieswidget is niet ingesteld voor deze website. Ga naar "));
    box.appendChild(link);
    box.appendChild(document.createTextNode(english ? " for advice." : " voor advies."));
    place(box);
  }

  function embed() {
    var frame = document.createElement("iframe");
    frame.src = base + "?origin=" + encodeURIComponent(here);
    frame.title = script.getAttribute("data-title") || "Repareren of vervangen? · De Moeite Waard";
    frame.className = "moeitewaard-widget";
    // A first height until the page inside reports its own (frame.js, via postMessage).
    frame.style.cssText = "display:block;width:100%;max-width:560px;height:480px;border:0;overflow:hidden";
    window.addEventListener("message", function (event) {
      // Only our own origin, and only the frame this script made, may resize it.
      if (event.origin !== ours || event.source !== frame.contentWindow) { return; }
      var data = event.data || {};
      var height = Math.ceil(Number(data.height));
      if (data.type === "moeitewaard:height" && height > 0 && height < 20000) {
        frame.style.height = height + "px";
      }
    });
    place(frame);
  }

  if (!window.fetch) { embed(); return; }
  fetch(base + "allowed/?origin=" + encodeURIComponent(here), { credentials: "omit" })
    .then(function (response) {
      if (response.status === 404) { return { allowed: false }; }
      return response.ok ? response.json() : { allowed: true }; // e.g. 429: the frame says why
    })
    .then(function (answer) { if (answer.allowed) { embed(); } else { refuse(); } })
    .catch(embed); // unknown: let the browser decide by the frame's CSP, as before
})();
