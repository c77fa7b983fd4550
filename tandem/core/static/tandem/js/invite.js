// Invite page: when the role changes, tick that role's default scopes.
(function () {
  "use strict";
  var data = document.getElementById("scope-defaults");
  var role = document.getElementById("id_role");
  if (!data || !role) return;
  var defaults = JSON.parse(data.textContent);
  role.addEventListener("change", function () {
    var wanted = defaults[role.value] || [];
    document.querySelectorAll("input[name='scopes']").forEach(function (box) {
      box.checked = wanted.indexOf(box.value) !== -1;
    });
  });
})();
