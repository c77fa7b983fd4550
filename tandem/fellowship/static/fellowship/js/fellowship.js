// "Use my location": fills the latitude and longitude fields of the same form from the browser.
// The position never leaves the page except as the search the person then submits.
(function () {
  "use strict";
  if (!("geolocation" in navigator)) return;
  document.querySelectorAll("[data-use-location]").forEach(function (button) {
    var form = button.closest("form");
    if (!form) return;
    var status = form.querySelector("[data-location-status]");
    button.hidden = false;
    button.addEventListener("click", function () {
      if (status) status.textContent = gettext("Finding where you are…");
      navigator.geolocation.getCurrentPosition(
        function (position) {
          var lat = form.querySelector("[name=latitude]");
          var lng = form.querySelector("[name=longitude]");
          if (lat) lat.value = position.coords.latitude.toFixed(5);
          if (lng) lng.value = position.coords.longitude.toFixed(5);
          var near = form.querySelector("[name=near]");
          if (near) near.value = "point";
          if (status) status.textContent = gettext("Location filled in.");
        },
        function () {
          if (status) status.textContent = gettext("Your location isn't available. You can type coordinates or choose a saved place.");
        },
        { enableHighAccuracy: false, timeout: 10000, maximumAge: 600000 }
      );
    });
  });
})();
