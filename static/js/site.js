/* De Moeite Waard: progressive enhancement only. Every page works without this file.
   No dependencies, no eval, no innerHTML: user and API text goes in through textContent. */
(function () {
  "use strict";

  function $(id) { return document.getElementById(id); }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, key) {
      return key in values ? String(values[key]) : match;
    });
  }

  function json(response) {
    if (!response.ok) throw new Error("HTTP " + response.status);
    return response.json();
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function enhanceForm(form) {
    var summary = $("error-summary");
    if (summary) summary.focus();

    var submit = $("submit-advice");
    var status = $("form-status");
    form.addEventListener("submit", function (event) {
      var submitter = event.submitter;
      if (submitter && submitter.id !== "submit-advice") return;
      if (form.dataset.busy === "1") { event.preventDefault(); return; }
      form.dataset.busy = "1";
      submit.disabled = true;
      submit.dataset.label = submit.textContent;
      submit.textContent = form.dataset.busyText;
      if (status) status.textContent = form.dataset.busyText;
    });
    // Coming back with the browser's back button restores the page as it was left.
    window.addEventListener("pageshow", function () {
      form.dataset.busy = "";
      submit.disabled = false;
      if (submit.dataset.label) submit.textContent = submit.dataset.label;
      if (status) status.textContent = "";
    });

    enhanceSymptoms(form);
    enhanceCounter();
  }

  function enhanceSymptoms(form) {
    var input = form.querySelector("input[name=category]");
    var list = $("symptom-list");
    var button = $("show-symptoms");
    var status = $("symptom-status");
    if (!input || !list || !window.fetch) return;

    var categories = null;
    var loading = null;
    var shownSlug = null;
    var checked = {};

    function load() {
      if (!loading) {
        loading = fetch(list.dataset.apiUrl, { headers: { Accept: "application/json" } })
          .then(json)
          .then(function (data) {
            categories = data;
            // The list now follows the input; the no-JS button would only catch the Enter key.
            if (button && button.parentNode) button.parentNode.removeChild(button);
            return data;
          })
          .catch(function () { loading = null; return null; });
      }
      return loading;
    }

    function find(text) {
      var wanted = text.trim().toLowerCase();
      if (!wanted || !categories) return null;
      for (var i = 0; i < categories.length; i++) {
        var c = categories[i];
        if (c.slug === wanted || c.name.toLowerCase() === wanted) return c;
      }
      return null;
    }

    function remember() {
      var boxes = list.querySelectorAll("input[type=checkbox]");
      for (var i = 0; i < boxes.length; i++) checked[boxes[i].value] = boxes[i].checked;
    }

    function message(text) {
      var p = document.createElement("p");
      p.className = "checks__empty";
      p.textContent = text;
      list.appendChild(p);
    }

    function render(category) {
      var slug = category ? category.slug : "";
      if (slug === shownSlug) return;
      remember();
      shownSlug = slug;
      clear(list);
      if (!category) { message(list.dataset.emptyText); return; }
      if (!category.symptoms.length) { message(list.dataset.noneText); return; }
      category.symptoms.forEach(function (symptom) {
        var id = "symptom-" + symptom.slug;
        var row = document.createElement("div");
        row.className = "check";
        var box = document.createElement("input");
        box.type = "checkbox";
        box.name = "symptoms";
        box.value = symptom.slug;
        box.id = id;
        box.checked = checked[symptom.slug] === true;
        var label = document.createElement("label");
        label.htmlFor = id;
        label.textContent = symptom.name;
        row.appendChild(box);
        row.appendChild(label);
        list.appendChild(row);
      });
      if (status) status.textContent = fill(list.dataset.countText, { count: category.symptoms.length });
    }

    function update() {
      load().then(function (data) {
        if (!data) return;
        var category = find(input.value);
        // Keep the current checkboxes while the typed text is incomplete.
        if (category || !input.value.trim()) render(category);
      });
    }

    // The server may already have rendered the current category's symptoms.
    load().then(function (data) {
      if (!data) return;
      var current = find(input.value);
      if (current && list.querySelector("input[type=checkbox]")) shownSlug = current.slug;
      else update();
    });
    input.addEventListener("change", update);
    input.addEventListener("input", update);
    enhanceSuggestions(form, find, list);
  }

  // Intake assist: symptoms suggested from the description, which the person may tick.
  function enhanceSuggestions(form, find, list) {
    var box = $("symptom-suggestions");
    var description = $("id_description");
    var input = form.querySelector("input[name=category]");
    if (!box || !description || !input) return;
    var timer = null;

    function tickFor(slug) {
      return list.querySelector('input[type=checkbox][value="' + CSS.escape(slug) + '"]');
    }

    function show(symptoms) {
      clear(box);
      var open = symptoms.filter(function (s) {
        var tick = tickFor(s.slug);
        return tick && !tick.checked;
      });
      box.hidden = !open.length;
      if (!open.length) return;
      var title = document.createElement("p");
      title.textContent = box.dataset.title;
      box.appendChild(title);
      open.forEach(function (s) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "button button--chip";
        button.textContent = "+ " + s.name;
        button.setAttribute("aria-label", box.dataset.addText + ": " + s.name);
        button.addEventListener("click", function () {
          var tick = tickFor(s.slug);
          if (tick) { tick.checked = true; tick.focus(); }
          button.parentNode.removeChild(button);
          if (!box.querySelector("button")) box.hidden = true;
        });
        box.appendChild(button);
      });
    }

    function ask() {
      var category = find(input.value);
      var text = description.value.trim();
      if (!category || text.length < 8 || !list.querySelector("input[type=checkbox]")) return;
      fetch(box.dataset.apiUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ category: category.slug, description: text.slice(0, 2000),
                               language: box.dataset.language })
      }).then(json).then(function (data) { show(data.symptoms || []); })
        .catch(function () { box.hidden = true; });
    }

    description.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 700);
    });
  }

  function enhanceCounter() {
    var field = $("id_description");
    var visible = $("description-count");
    var live = $("description-count-live");
    if (!field || !visible) return;
    var max = parseInt(visible.dataset.max, 10) || 2000;
    var timer = null;
    function text() {
      return fill(visible.dataset.countText, { count: Math.max(0, max - field.value.length), max: max });
    }
    function update() {
      visible.textContent = text();
      // Announce only after a pause in typing, not on every key.
      if (live) {
        clearTimeout(timer);
        timer = setTimeout(function () { live.textContent = text(); }, 1200);
      }
    }
    visible.setAttribute("aria-hidden", "true");
    visible.textContent = text();
    field.addEventListener("input", update);
  }

  function enhanceExplanation(section) {
    if (section.dataset.status !== "pending" || !window.fetch) return;
    var status = $("explanation-status");
    var body = $("explanation-body");
    var source = $("explanation-source");
    var attempts = 0;
    section.classList.add("explanation--pending");
    section.setAttribute("aria-busy", "true");
    status.textContent = section.dataset.pendingText;

    function done(text) {
      section.classList.remove("explanation--pending");
      section.removeAttribute("aria-busy");
      status.textContent = text;
    }

    function show(payload) {
      var paragraphs = String(payload.text || "").split(/\n\s*\n/).filter(function (p) { return p.trim(); });
      if (!paragraphs.length) return done(section.dataset.failedText);
      clear(body);
      paragraphs.forEach(function (text) {
        var p = document.createElement("p");
        p.textContent = text.trim();
        body.appendChild(p);
      });
      if (payload.source === "llm" && source) source.textContent = section.dataset.llmText;
      section.dataset.status = "ready";
      done(section.dataset.readyText);
    }

    function poll() {
      attempts += 1;
      fetch(section.dataset.explanationUrl, { headers: { Accept: "application/json" } })
        .then(json)
        .then(function (payload) {
          if (payload.status === "ready") return show(payload);
          // The endpoint answers at once (pending while the text is written, ready within
          // about 50 s at the latest): ask every 2 s, for at most a minute.
          if (attempts < 30) return setTimeout(poll, 2000);
          done(section.dataset.failedText);
        })
        .catch(function () {
          if (attempts < 3) setTimeout(poll, 3000);
          else done(section.dataset.failedText);
        });
    }
    poll();
  }

  function enhanceCopy(button) {
    if (!navigator.clipboard || !window.isSecureContext) return;
    var status = $("copy-status");
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.dataset.copy).then(
        function () { status.textContent = button.dataset.copiedText; },
        function () { status.textContent = button.dataset.failedText; }
      );
    });
  }

  function init() {
    document.documentElement.classList.add("js");
    var form = document.querySelector("form.advice-form");
    if (form) enhanceForm(form);
    var explanation = $("explanation");
    if (explanation) enhanceExplanation(explanation);
    var copy = $("copy-link");
    if (copy) enhanceCopy(copy);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
