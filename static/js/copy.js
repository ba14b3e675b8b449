// "Copy" buttons put the text of the element they name (data-copy-target)
// on the clipboard. Without script, or without clipboard access, the buttons
// stay hidden and the text can be selected as usual.
(function () {
  "use strict";
  if (!navigator.clipboard || !window.isSecureContext) {
    return;
  }
  var buttons = document.querySelectorAll("[data-copy-target]");
  Array.prototype.forEach.call(buttons, function (button) {
    var target = document.getElementById(button.getAttribute("data-copy-target"));
    if (!target) {
      return;
    }
    var status = button.closest("section")
      ? button.closest("section").querySelector("[role=status]")
      : null;
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = target.textContent.replace(/\s+/g, " ").trim();
      navigator.clipboard.writeText(text).then(
        function () {
          if (status) {
            status.textContent = "Copied to the clipboard.";
          }
          button.classList.add("is-copied");
        },
        function () {
          if (status) {
            status.textContent = "Could not copy; select the text instead.";
          }
        }
      );
    });
  });
})();
