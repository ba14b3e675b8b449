/*
 * Admin change forms: ask before leaving a page whose form has changes that
 * were not saved. Submitting the form, or a page that showed errors (its
 * fields already differ from what is stored), does not ask.
 */
(function () {
  "use strict";

  function snapshot(form) {
    var parts = [];
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || field.type === "submit" || field.type === "button") {
        return;
      }
      if (field.type === "checkbox" || field.type === "radio") {
        parts.push(field.name + "=" + field.checked);
      } else if (field.type === "file") {
        parts.push(field.name + "=" + (field.files ? field.files.length : 0));
      } else if (field.multiple && field.options) {
        var chosen = Array.prototype.filter.call(field.options, function (o) {
          return o.selected;
        });
        parts.push(field.name + "=" + chosen.map(function (o) { return o.value; }).join(","));
      } else {
        parts.push(field.name + "=" + field.value);
      }
    });
    return parts.join("&");
  }

  function watch(form) {
    // Widgets (the rich-text editor, autocompletes) fill their fields once
    // loaded: the starting point is taken after that.
    var initial = null;
    var submitting = false;
    window.addEventListener("load", function () {
      initial = snapshot(form);
    });
    form.addEventListener("submit", function () {
      submitting = true;
    });
    window.addEventListener("beforeunload", function (event) {
      if (submitting || initial === null || snapshot(form) === initial) {
        return undefined;
      }
      event.preventDefault();
      // Older browsers show the dialog only when a value is returned.
      event.returnValue = "";
      return "";
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("#content-main form[method=post][id$=_form]");
    if (form) {
      watch(form);
    }
  });
})();
