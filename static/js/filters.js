// The filters of a list (templates/includes/filter_form.html), which work without it. On a wide screen they
// stand open beside the results, as a sidebar; on a phone they stay folded unless a filter is chosen. And a
// submitted form names only what was chosen: without this, the address carries every field left blank (the
// server then sends the browser on to the address without them, core.views.ForgivingFilterMixin).
(function () {
  "use strict";
  var wide = window.matchMedia("(min-width: 56rem)");  // where site.css puts the filters beside the results

  document.querySelectorAll("details[data-filters]").forEach(function (filters) {
    function openWhenWide() {
      if (wide.matches) {
        filters.open = true;
      }
    }
    openWhenWide();
    wide.addEventListener("change", openWhenWide);

    // The entries are left out as the form is sent, not by disabling the fields: a page the browser brings
    // back with the Back button keeps its fields as they were.
    filters.querySelector("form").addEventListener("formdata", function (event) {
      var entries = Array.from(event.formData.entries());
      entries.forEach(function (entry) {
        event.formData.delete(entry[0]);
      });
      entries.forEach(function (entry) {
        if (String(entry[1]).trim()) {
          event.formData.append(entry[0], entry[1]);
        }
      });
    });
  });
})();
