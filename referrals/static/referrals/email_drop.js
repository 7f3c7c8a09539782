/* The e-mail drop on the work list and the registration page: with JavaScript, choosing or
 * dropping the file reads it at once (one action); without, the button beside it does. */
(function () {
  "use strict";
  document.querySelectorAll("[data-autosubmit]").forEach(function (input) {
    input.addEventListener("change", function () {
      if (input.files && input.files.length) {
        input.form.requestSubmit ? input.form.requestSubmit() : input.form.submit();
      }
    });
  });
})();
