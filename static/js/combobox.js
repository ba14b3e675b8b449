/*
 * The archive's filter boxes as comboboxes (the WAI-ARIA combobox pattern
 * with a listbox popup): as the reader types, the suggest endpoint's
 * answers are listed; Up and Down move through them, Enter takes one,
 * Escape closes the list, and a live region says how many there are.
 * Without this script each box is a plain text field the form reads.
 */
(function () {
  "use strict";

  var DELAY = 150;

  function enhance(form, input, index) {
    var field = input.getAttribute("data-suggest");
    var url = form.getAttribute("data-suggest-url");
    var listId = "suggest-" + field + "-list";
    var wrapper = document.createElement("div");
    wrapper.className = "combobox";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);

    var list = document.createElement("ul");
    list.id = listId;
    list.className = "combobox__list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Suggestions");
    list.hidden = true;
    wrapper.appendChild(list);

    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    wrapper.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    var options = [];
    var active = -1;
    var timer = null;
    var asked = 0;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(position) {
      options.forEach(function (option, n) {
        option.setAttribute("aria-selected", n === position ? "true" : "false");
      });
      active = position;
      if (position < 0) {
        input.removeAttribute("aria-activedescendant");
      } else {
        input.setAttribute("aria-activedescendant", options[position].id);
        options[position].scrollIntoView({ block: "nearest" });
      }
    }

    function choose(option) {
      input.value = option.getAttribute("data-value");
      close();
      input.focus();
    }

    function show(found) {
      list.textContent = "";
      options = found.map(function (suggestion, n) {
        var option = document.createElement("li");
        option.id = listId + "-" + n;
        option.className = "combobox__option";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.setAttribute("data-value", suggestion.slug);
        option.textContent = suggestion.label;
        option.addEventListener("mousedown", function (event) {
          // Keep the focus in the box, so that blur does not close the list
          // before the click lands.
          event.preventDefault();
        });
        option.addEventListener("click", function () {
          choose(option);
        });
        list.appendChild(option);
        return option;
      });
      active = -1;
      input.removeAttribute("aria-activedescendant");
      if (options.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        status.textContent =
          options.length + (options.length === 1 ? " suggestion" : " suggestions") +
          ": use the up and down arrows to choose.";
      } else {
        close();
        status.textContent = "No suggestions.";
      }
    }

    function ask() {
      var q = input.value.trim();
      if (!q) {
        close();
        status.textContent = "";
        return;
      }
      var number = ++asked;
      var address = url + "?field=" + encodeURIComponent(field) + "&q=" +
        encodeURIComponent(q);
      fetch(address, { headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.ok ? response.json() : [];
        })
        .then(function (found) {
          // An older answer arriving late must not replace a newer one.
          if (number === asked && document.activeElement === input) {
            show(found);
          }
        })
        .catch(function () {
          close();
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, DELAY);
    });

    input.addEventListener("keydown", function (event) {
      var open = !list.hidden && options.length > 0;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!open) {
          ask();
          return;
        }
        highlight(active + 1 < options.length ? active + 1 : 0);
      } else if (event.key === "ArrowUp") {
        if (!open) {
          return;
        }
        event.preventDefault();
        highlight(active > 0 ? active - 1 : options.length - 1);
      } else if (event.key === "Enter") {
        if (open && active >= 0) {
          event.preventDefault();
          choose(options[active]);
        }
      } else if (event.key === "Escape") {
        if (open) {
          event.preventDefault();
          close();
        }
      }
    });

    input.addEventListener("blur", close);
    return index;
  }

  function start() {
    var forms = document.querySelectorAll("form[data-suggest-url]");
    Array.prototype.forEach.call(forms, function (form) {
      var inputs = form.querySelectorAll("input[data-suggest]");
      Array.prototype.forEach.call(inputs, function (input, index) {
        enhance(form, input, index);
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
