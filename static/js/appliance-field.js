// The appliance field as an ARIA 1.2 combobox: suggestions from GET /api/v1/categories/?q=,
// arrow keys move through them, Enter picks the highlighted one and never submits the form.
// Without JavaScript the field stays a text input with a datalist and the server resolves the
// typed name (repair_advice/forms.py). site.js loads the symptoms of the picked name.
(function () {
  "use strict";

  var DEBOUNCE_MS = 120;
  var SURE = 0.96; // appliances/matching.py: PLURAL, the lowest score of a whole-word match

  function enhance(input) {
    if (!window.fetch || input.dataset.combobox === "1") return;
    input.dataset.combobox = "1";
    var status = document.getElementById("category-status");
    var listbox = document.createElement("ul");
    listbox.id = input.id + "-listbox";
    listbox.className = "combobox__listbox";
    listbox.setAttribute("role", "listbox");
    listbox.setAttribute("aria-label", input.dataset.listboxLabel || "");
    listbox.hidden = true;

    var wrapper = document.createElement("div");
    wrapper.className = "combobox";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);
    wrapper.appendChild(listbox);

    input.removeAttribute("list"); // the browser's own datalist popup would compete
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);

    var options = []; // [{slug, name, score}]
    var active = -1;
    var moved = false; // the person moved the highlight with the arrow keys
    var asked = 0; // the answer to the latest question wins; older ones are dropped
    var timer = null;

    function say(text) { if (status) status.textContent = text; }

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
      moved = false;
    }

    function highlight(index) {
      var items = listbox.children;
      for (var i = 0; i < items.length; i++) {
        items[i].setAttribute("aria-selected", i === index ? "true" : "false");
        items[i].classList.toggle("is-active", i === index);
      }
      active = index;
      if (index >= 0 && items[index]) {
        input.setAttribute("aria-activedescendant", items[index].id);
        if (items[index].scrollIntoView) items[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function show(found) {
      options = found;
      while (listbox.firstChild) listbox.removeChild(listbox.firstChild);
      if (!found.length) {
        close();
        if (input.value.trim()) say(input.dataset.noneText || "");
        return;
      }
      found.forEach(function (category, index) {
        var item = document.createElement("li");
        item.id = listbox.id + "-" + index;
        item.className = "combobox__option";
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.dataset.slug = category.slug;
        item.textContent = category.name;
        // mousedown would move the focus away from the input before the click picks.
        item.addEventListener("mousedown", function (event) { event.preventDefault(); });
        item.addEventListener("click", function () { pick(index); });
        listbox.appendChild(item);
      });
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
      highlight(0); // the best match is highlighted: Enter takes it
      moved = false;
      say((input.dataset.countText || "{count}").replace("{count}", String(found.length)));
    }

    function ask() {
      var text = input.value.trim();
      var mine = ++asked;
      if (!text) { show([]); return; }
      var url = input.dataset.suggestUrl + "&limit=8&q=" + encodeURIComponent(text);
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(function (data) {
          if (mine !== asked || document.activeElement !== input) return;
          show(data.map(function (c) { return { slug: c.slug, name: c.name, score: c.score }; }));
        })
        .catch(function () { if (mine === asked) close(); });
    }

    function pick(index) {
      var chosen = options[index];
      if (!chosen) return;
      asked++; // a late answer must not reopen the list
      input.value = chosen.name;
      input.dataset.slug = chosen.slug;
      close();
      say(chosen.name);
      // site.js listens to these and shows the chosen appliance's symptoms.
      input.dispatchEvent(new Event("input", { bubbles: true }));
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }

    input.addEventListener("input", function (event) {
      if (!event.isTrusted) return; // our own event after a pick
      delete input.dataset.slug;
      clearTimeout(timer);
      timer = setTimeout(ask, DEBOUNCE_MS);
    });

    input.addEventListener("keydown", function (event) {
      var open = !listbox.hidden && options.length > 0;
      switch (event.key) {
        case "ArrowDown":
          event.preventDefault();
          if (!open) {
            if (options.length) {
              listbox.hidden = false;
              input.setAttribute("aria-expanded", "true");
              highlight(0);
            } else {
              ask();
            }
            return;
          }
          highlight((active + 1) % options.length);
          moved = true;
          return;
        case "ArrowUp":
          event.preventDefault();
          if (open) {
            highlight(active <= 0 ? options.length - 1 : active - 1);
            moved = true;
          }
          return;
        case "Enter":
          // Never submit from here: a verdict needs more than the appliance.
          event.preventDefault();
          if (open && active >= 0) pick(active);
          return;
        case "Escape":
          if (open) { event.preventDefault(); close(); }
          return;
        case "Tab":
          // Leaving the field takes a chosen suggestion, or the best one when the words name it
          // (an exact name, alias or plural: "koelkast"); the focus moves on as usual.
          if (open && active >= 0 && (moved || (active === 0 && options[0].score >= SURE))) {
            pick(active);
          }
          close();
          return;
      }
    });

    input.addEventListener("blur", function () { close(); });
  }

  function init() {
    var input = document.querySelector("form.advice-form input[name=category]");
    if (input) enhance(input);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
