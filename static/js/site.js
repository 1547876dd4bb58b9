// Small progressive enhancements; every page works without them.
(function () {
  "use strict";
  // Forms marked data-autosubmit (the language switcher) submit when a select changes,
  // so their submit button is only needed without JavaScript.
  document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
    form.querySelectorAll(".js-hide").forEach(function (el) { el.classList.add("d-none"); });
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
})();
