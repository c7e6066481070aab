// The posting editor: fields that only matter for one answer of another field show only
// while that answer is chosen, and the long list of countries gets a filter box.
// Without this script every field shows and the server ignores the ones that do not apply.
(function () {
  "use strict";
  const form = document.querySelector("form.posting-form");
  if (!form) return;

  // data-shown-when="remote_policy=remote" on a field's inputs: its box shows for that answer.
  const rules = new Map();
  form.querySelectorAll("[data-shown-when]").forEach(function (input) {
    const box = input.closest(".field");
    if (box && !rules.has(box)) rules.set(box, input.dataset.shownWhen.split("="));
  });
  function chosen(name) {
    const field = form.elements.namedItem(name);
    return field ? field.value : "";
  }
  function showFields() {
    rules.forEach(function (rule, box) {
      box.hidden = chosen(rule[0]) !== rule[1];
    });
  }
  form.addEventListener("change", showFields);
  showFields();

  // "cote" finds "Côte d'Ivoire" and "ire" finds Ireland, not Bonaire: words match from
  // their start, without accents or punctuation.
  function words(text) {
    const plain = text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    return plain.replace(/[^a-z0-9]+/g, " ").trim();
  }

  form.querySelectorAll("[data-choice-filter]").forEach(function (group) {
    const list = group.querySelector("ul");
    if (!list) return;
    const search = document.createElement("input");
    search.type = "search";
    search.className = "choice-filter";
    search.placeholder = group.dataset.choiceFilter;
    search.setAttribute("aria-label", group.dataset.choiceFilter);
    list.before(search);
    const items = Array.from(list.querySelectorAll("li"), function (item) {
      return { item: item, box: item.querySelector("input"), text: " " + words(item.textContent) };
    });
    search.addEventListener("input", function () {
      const typed = words(search.value);
      // Ticked countries stay in view, so a filter never hides a choice already made.
      items.forEach(function (entry) {
        entry.item.hidden = typed !== "" && !entry.box.checked && !entry.text.includes(" " + typed);
      });
    });
    // Enter in the filter box would otherwise submit the whole posting.
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault();
    });
  });
})();
