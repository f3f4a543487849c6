/* "Vraag het" on the passport page: ask through the API and show the answer without reloading.
   Without JavaScript the form posts to the page itself and gets the same answer. */
(function () {
  "use strict";
  var form = document.getElementById("question-form");
  var box = document.getElementById("question-answer");
  if (!form || !box || !window.fetch) return;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function show(data) {
    box.textContent = "";
    var answer = el("div", "answer");
    answer.dataset.source = data.source;
    answer.appendChild(el("p", "answer__text", data.answer));
    if (data.source === "llm" && data.on_topic) {
      answer.appendChild(el("p", "hint", box.dataset.llmNote));
    }
    if (data.tasks && data.tasks.length) {
      var list = el("ul", "answer__tasks");
      data.tasks.forEach(function (task) {
        var item = el("li");
        item.appendChild(el("strong", "", task.title));
        item.appendChild(document.createTextNode(": " + task.tip + " "));
        item.appendChild(el("small", "", box.dataset.sourceLabel + " " + task.source));
        list.appendChild(item);
      });
      answer.appendChild(list);
    }
    box.appendChild(answer);
  }

  form.addEventListener("submit", function (event) {
    var input = form.querySelector("[name=question]");
    if (!input || !input.value.trim()) return; // the server's own error message
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    box.textContent = "";
    box.appendChild(el("p", "answer__waiting", box.dataset.waiting));
    fetch(form.dataset.apiUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ question: input.value.trim(), language: form.dataset.language }),
    })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(show)
      .catch(function () {
        box.textContent = "";
        box.appendChild(el("p", "field-error", box.dataset.failed));
      })
      .then(function () {
        button.disabled = false;
      });
  });
})();
