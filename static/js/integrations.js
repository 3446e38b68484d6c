// Connect form: a health URL and an API key belong to an HTTP service; an OAuth service asks for neither.
(function () {
  "use strict";
  const form = document.querySelector("[data-connect-form]");
  if (!form) return;
  const provider = form.querySelector("select[name=provider]");
  const oauth = (form.dataset.oauthProviders || "").split(" ");
  function show() {
    const httpOnly = oauth.indexOf(provider.value) !== -1;
    form.querySelectorAll("[data-http-only]").forEach(function (field) { field.hidden = httpOnly; });
  }
  provider.addEventListener("change", show);
  show();
})();
