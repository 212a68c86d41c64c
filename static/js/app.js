// Suggestions for village boxes: the form works without this, it only saves typing.
(function () {
  "use strict";
  var boxes = document.querySelectorAll("[data-region-search]");
  if (!boxes.length) return;
  var url = document.body.dataset.regionUrl || "/regions/";
  var timer = null;
  boxes.forEach(function (box) {
    // The box's own list, drawn right after it by the form.
    var list = document.getElementById(box.getAttribute("list"));
    if (!list) return;
    box.addEventListener("input", function () {
      clearTimeout(timer);
      var q = box.value.trim();
      if (q.length < 3 || /\(\d/.test(q)) return;
      timer = setTimeout(function () {
        fetch(url + "?q=" + encodeURIComponent(q), { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : { results: [] }; })
          .then(function (data) {
            list.textContent = "";
            data.results.forEach(function (item) {
              var option = document.createElement("option");
              option.value = item.label;
              list.appendChild(option);
            });
          })
          .catch(function () {});
      }, 250);
    });
  });
})();

// "Copy" buttons beside a text to share: the text stays selectable by hand without this.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.dataset.copy);
    if (!source || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.value || source.textContent).then(function () {
        var done = button.dataset.copied;
        if (done) button.textContent = done;
      });
    });
  });
})();
