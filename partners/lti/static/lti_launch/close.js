// LTI Dynamic Registration: tell the platform that opened us (a frame or a window) that registration is done.
document.querySelectorAll("[data-lti-close]").forEach(function (button) {
  button.addEventListener("click", function () {
    (window.opener || window.parent).postMessage({ subject: "org.imsglobal.lti.close" }, "*");
  });
});
