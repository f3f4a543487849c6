/* Text-first intake: "Wat is er mis?" fills the advice form from one sentence (docs/intake.md).
   The person checks and corrects the form; the verdict is never asked for automatically. */
(function () {
  "use strict";

  // The symptom checkboxes load after the appliance is chosen; wait this long for them.
  var SYMPTOMS_WAIT_MS = 5000;
  // Besides the best symptom, tick those scored at least this share of it ("other" never).
  var TICK_SHARE = 0.5;

  function $(id) { return document.getElementById(id); }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : m;
    });
  }

  function csrfToken(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function labelOf(field) {
    var label = field && document.querySelector('label[for="' + field.id + '"]');
    var text = label ? label.textContent : "";
    return text.replace(/\(.*?\)/g, "").trim();
  }

  function setValue(field, value) {
    if (!field) return false;
    field.value = value;
    field.dispatchEvent(new Event("input", { bubbles: true }));
    field.dispatchEvent(new Event("change", { bubbles: true }));
    return true;
  }

  function checkbox(list, slug) {
    return list.querySelector('input[type=checkbox][value="' + CSS.escape(slug) + '"]');
  }

  // Resolves once the category's symptom checkboxes are in the list (or after the wait).
  function symptomsLoaded(list, slug) {
    return new Promise(function (resolve) {
      if (!slug || checkbox(list, slug)) { resolve(); return; }
      var observer = new MutationObserver(function () {
        if (checkbox(list, slug)) { observer.disconnect(); clearTimeout(timer); resolve(); }
      });
      var timer = setTimeout(function () { observer.disconnect(); resolve(); }, SYMPTOMS_WAIT_MS);
      observer.observe(list, { childList: true, subtree: true });
    });
  }

  function ageText(age, language) {
    var text = String(Math.round(age * 10) / 10);
    return language === "nl" ? text.replace(".", ",") : text;
  }

  function init() {
    var box = $("intake");
    var form = document.querySelector("form.advice-form");
    var list = $("symptom-list");
    if (!box || !form || !list || !window.fetch || !window.MutationObserver) return;
    var text = $("intake-text");
    var button = $("intake-fill");
    var status = $("intake-status");
    var category = form.querySelector("input[name=category]");
    var symptomsField = $("id_symptoms") || list;
    var age = $("id_age_years");
    var brand = $("id_brand");
    var description = $("id_description");
    box.hidden = false;

    function apply(data, typed) {
      var filled = [];
      var first = data.category_candidates && data.category_candidates[0];
      if (data.category && first && setValue(category, first.name)) {
        filled.push(labelOf(category) + ": " + first.name);
      }
      var symptoms = (data.symptoms || []).filter(function (s) { return s.slug !== "other"; });
      var wanted = symptoms.filter(function (s, i) {
        return i === 0 || s.score >= TICK_SHARE * symptoms[0].score;
      });
      return symptomsLoaded(list, data.category && wanted.length ? wanted[0].slug : null)
        .then(function () {
          var ticked = [];
          wanted.forEach(function (s) {
            var tick = checkbox(list, s.slug);
            if (tick && !tick.checked) { tick.checked = true; ticked.push(s.name); }
          });
          if (ticked.length) {
            var legend = symptomsField.querySelector && symptomsField.querySelector("legend");
            var name = legend ? legend.textContent.replace(/\(.*?\)/g, "").trim() : "";
            filled.push(name + ": " + ticked.join(", "));
          }
          var years = data.age_years === null || data.age_years === undefined ? null
            : ageText(data.age_years, box.dataset.language);
          if (years !== null && setValue(age, years)) filled.push(labelOf(age) + ": " + years);
          if (data.brand && setValue(brand, data.brand)) filled.push(labelOf(brand) + ": " + data.brand);
          var current = description ? description.value.trim() : "";
          if (description && current.indexOf(typed) === -1 &&
              setValue(description, (current ? current + "\n" : "") + typed)) {
            filled.push(labelOf(description));
          }
          var message = fill(box.dataset.filledText, { fields: filled.filter(Boolean).join("; ") });
          if (!data.category) message = box.dataset.noCategoryText + " " + message;
          status.textContent = message;
          if (category) category.focus();
        });
    }

    button.addEventListener("click", function () {
      var typed = text.value.trim();
      if (!typed) { text.focus(); return; }
      button.disabled = true;
      status.textContent = box.dataset.busyText;
      fetch(box.dataset.apiUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json",
                   "X-CSRFToken": csrfToken(form) },
        credentials: "same-origin",
        body: JSON.stringify({ text: typed.slice(0, 2000), language: box.dataset.language })
      }).then(function (response) {
        if (!response.ok) throw new Error("intake " + response.status);
        return response.json();
      }).then(function (data) { return apply(data, typed); })
        .catch(function () { status.textContent = box.dataset.failedText; })
        .then(function () { button.disabled = false; });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
