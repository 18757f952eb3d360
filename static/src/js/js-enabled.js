// Marks the page as having JavaScript before it is drawn, as GOV.UK Frontend expects; loaded as a
// file (not inline) so the Content Security Policy can forbid inline scripts.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
