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
  function makeSortable(table) {
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(heads, function (th, i) {
      th.classList.add("sortable");
      th.addEventListener("click", function () {
        var asc = !th.classList.contains("sorted-asc");
        Array.prototype.forEach.call(heads, function (h) { h.classList.remove("sorted-asc", "sorted-desc"); });
        th.classList.add(asc ? "sorted-asc" : "sorted-desc");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) {
          var d = compare(cellValue(r1, i), cellValue(r2, i));
          return asc ? d : -d;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  }
  function makeFilterable(table) {
    var input = document.createElement("input");
    input.type = "search";
    input.className = "filter";
    input.placeholder = "Filter rows\u2026";
    input.setAttribute("aria-label", "Filter rows");
    var box = table.parentNode.classList.contains("scroll") ? table.parentNode : table;
    box.parentNode.insertBefore(input, box);
    input.addEventListener("input", function () {
      var q = input.value.toLowerCase();
      Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
        r.classList.toggle("hidden", q !== "" && r.textContent.toLowerCase().indexOf(q) < 0);
      });
    });
  }
  var tables = document.querySelectorAll("table.data");
  Array.prototype.forEach.call(tables, function (t) {
    if (!t.tBodies.length) return;
    makeSortable(t);
    if (t.tBodies[0].rows.length > 5) makeFilterable(t);
  });
  document.documentElement.setAttribute("data-report-js", "ok");
})();
