// Sends the deep linking response back to the partner's course at once; the button stays for browsers without scripts.
document.querySelectorAll("form[data-lti-autosubmit]").forEach(function (form) { form.submit(); });
