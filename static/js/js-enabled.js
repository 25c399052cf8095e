// GOV.UK Frontend's body classes, from a file rather than inline script so
// that the Content Security Policy needs no 'unsafe-inline'.
document.body.className +=
  " js-enabled" +
  ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
