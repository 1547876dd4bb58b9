// Small progressive enhancements; every page works without them.
(function () {
  "use strict";
  // Buttons marked js-hide are only needed without JavaScript (the language switcher submits
  // itself; the evidence form swaps in the kind's fields through htmx).
  document.querySelectorAll(".js-hide").forEach(function (el) { el.classList.add("d-none"); });
  // Forms marked data-autosubmit (the language switcher) submit when a select changes,
  // so their submit button is only needed without JavaScript.
  document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
    form.querySelectorAll("select").forEach(function (select) {
      select.addEventListener("change", function () { form.submit(); });
    });
  });
  // Buttons marked data-confirm ask before a destructive action.
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-confirm]");
    if (target && !window.confirm(target.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
  // Buttons marked data-copy put the value of the field they name on the clipboard.
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var field = document.querySelector(button.getAttribute("data-copy"));
      if (!field) { return; }
      var done = function () {
        button.setAttribute("aria-live", "polite");
        button.textContent = button.getAttribute("data-copied");
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, function () { field.select(); });
      } else {
        field.select();
        if (document.execCommand("copy")) { done(); }
      }
    });
  });
})();
