(function () {
  "use strict";
  function cellValue(row, i) {
    var c = row.cells[i];
    if (!c) return "";
    var v = c.getAttribute("data-sort");
    return v !== null ? v : c.textContent.trim();
  }
  function num(s) {
    var t = s.replace(/,/g, "");
    return t !== "" && !isNaN(Number(t)) ? Number(t) : null;
  }
  function compare(a, b) {
    var x = num(a), y = num(b);
    if (x !== null && y !== null) return x - y;
    return a.localeCompare(b);
  }
  function each(list, fn) { Array.prototype.forEach.call(list, fn); }
  function makeSortable(table) {
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    each(heads, function (th, i) {
      th.classList.add("sortable");
      th.addEventListener("click", function () {
        var asc = !th.classList.contains("sorted-asc");
        each(heads, function (h) { h.classList.remove("sorted-asc", "sorted-desc"); });
        th.classList.add(asc ? "sorted-asc" : "sorted-desc");
        var body = table.tBodies[0];
        var rows = [];
        each(body.rows, function (r) {
          // group headings (the timeline's periods) mean nothing in another order
          if (r.classList.contains("group")) r.classList.add("hidden");
          else rows.push(r);
        });
        rows.sort(function (r1, r2) {
          var d = compare(cellValue(r1, i), cellValue(r2, i));
          return asc ? d : -d;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  }
  each(document.querySelectorAll("table.data"), function (t) {
    if (t.tBodies.length) makeSortable(t);
  });

  // one search over every section: rows of every table and the source texts
  var input = document.getElementById("search");
  var hits = document.getElementById("search-hits");
  var sections = document.querySelectorAll("main section");
  function search() {
    var q = input.value.trim().toLowerCase();
    var found = [];
    each(sections, function (sec) {
      var n = 0;
      each(sec.querySelectorAll("table.data tbody tr:not(.group), article.source"), function (el) {
        var hit = q === "" || el.textContent.toLowerCase().indexOf(q) >= 0;
        el.classList.toggle("hidden", !hit);
        if (hit) n += 1;
      });
      sec.classList.toggle("no-hits", q !== "" && n === 0);
      var h = sec.querySelector("h2");
      if (q !== "" && n > 0 && h) found.push([sec.id, h.textContent, n]);
    });
    hits.textContent = "";
    if (q === "") return;
    if (!found.length) { hits.textContent = "Nothing found."; return; }
    found.forEach(function (f, k) {
      if (k) hits.appendChild(document.createTextNode(" · "));
      var a = document.createElement("a");
      a.href = "#" + f[0];
      a.textContent = f[1] + " (" + f[2] + ")";
      hits.appendChild(a);
    });
  }
  var pending = null;
  if (input) {
    input.addEventListener("input", function () {
      clearTimeout(pending);
      pending = setTimeout(search, 120);
    });
    input.addEventListener("search", search);
  }
  // sticky table headers sit just under the navigation bar, whatever its height
  var nav = document.querySelector("nav.toc");
  function navHeight() {
    if (nav) document.documentElement.style.setProperty("--nav-h", nav.offsetHeight + "px");
  }
  navHeight();
  window.addEventListener("resize", navHeight);
  window.sourcebookSearch = search;
  document.documentElement.setAttribute("data-report-js", "ok");
})();

// "Conflicts only": the figure table keeps its conflicting quantities; a link ending in
// #figures-conflicts opens the report filtered
(function () {
  "use strict";
  var box = document.getElementById("conflicts-only");
  var table = document.getElementById("figures-table");
  var shown = document.getElementById("figures-shown");
  if (!box || !table || !table.tBodies.length) return;
  function apply() {
    var rows = table.tBodies[0].rows, n = 0;
    Array.prototype.forEach.call(rows, function (r) {
      var keep = !box.checked || r.getAttribute("data-status") === "conflict";
      if (keep) { r.removeAttribute("hidden"); n += 1; } else { r.setAttribute("hidden", ""); }
    });
    if (box.checked) { box.setAttribute("checked", ""); } else { box.removeAttribute("checked"); }
    if (shown) shown.textContent = n + " of " + rows.length + " rows shown";
  }
  box.addEventListener("change", apply);
  if (window.location.hash === "#figures-conflicts") box.checked = true;
  apply();
})();
