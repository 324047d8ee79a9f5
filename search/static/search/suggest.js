// Suggest-as-you-type for the header search box. Progressive enhancement: without this
// script the box is a plain GET form to /search/.
(function () {
  "use strict";
  var input = document.getElementById("site-search-q");
  var list = document.getElementById("site-search-suggestions");
  if (!input || !list || !window.fetch) return;
  var url = input.getAttribute("data-suggest-url");
  var timer = null, active = -1, lastQuery = "", controller = null;
  var KIND = { profile: "人物", brand: "品牌", story: "故事" };

  function close() {
    list.hidden = true; list.innerHTML = ""; active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function render(items) {
    list.innerHTML = "";
    active = -1;
    if (!items.length) { close(); return; }
    items.forEach(function (item, i) {
      var li = document.createElement("li");
      li.id = "site-search-option-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      var a = document.createElement("a");
      a.href = item.url;
      var name = document.createElement("span");
      name.textContent = item.title;
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = KIND[item.type] || "";
      a.appendChild(name); a.appendChild(kind); li.appendChild(a); list.appendChild(li);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function lookup() {
    var q = input.value.trim();
    if (q === lastQuery) return;
    lastQuery = q;
    if (!q) { close(); return; }
    if (controller) controller.abort();
    controller = window.AbortController ? new AbortController() : null;
    fetch(url + "?q=" + encodeURIComponent(q), {
      headers: { Accept: "application/json" }, signal: controller ? controller.signal : undefined
    }).then(function (r) { return r.ok ? r.json() : []; })
      .then(function (items) { if (input.value.trim() === q) render(items); })
      .catch(function () { /* suggestions are optional */ });
  }

  function move(step) {
    var options = list.querySelectorAll("li");
    if (!options.length) return;
    if (active >= 0) options[active].setAttribute("aria-selected", "false");
    active = (active + step + options.length) % options.length;
    options[active].setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", options[active].id);
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(lookup, 150);
  });
  input.addEventListener("keydown", function (e) {
    if (list.hidden) return;
    if (e.key === "ArrowDown") { e.preventDefault(); move(1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); move(-1); }
    else if (e.key === "Escape") { close(); }
    else if (e.key === "Enter" && active >= 0) {
      e.preventDefault();
      window.location.href = list.querySelectorAll("li a")[active].href;
    }
  });
  input.addEventListener("blur", function () { setTimeout(close, 200); });
})();
