// Pre-fills the time zone from the city (or the organisation) as it is typed, the way
// accounts.timezones.zone_for_place does on the server; a zone chosen by hand is kept.
(function () {
  var hints = JSON.parse(document.getElementById("zone-hints").textContent);
  var zone = document.getElementById("id_time_zone");
  if (!zone) return;
  var chosenByHand = zone.value !== "";
  var cities = hints.cities.map(function (pair) {
    return [new RegExp(" " + pair[0] + "[а-я]{0,2} "), pair[1]];
  });
  function words(text) {
    return " " + (text || "").toLowerCase().replace(/ё/g, "е").replace(/[^а-яa-z]+/g, " ").trim() + " ";
  }
  function guess(text) {
    var w = words(text);
    for (var i = 0; i < cities.length; i++) if (cities[i][0].test(w)) return cities[i][1];
    var list = w.split(" ");
    for (var j = 0; j < hints.regions.length; j++) {
      var stem = hints.regions[j][0];
      if (list.some(function (word) { return word.indexOf(stem) === 0; })) return hints.regions[j][1];
    }
    return "";
  }
  function value(id) { var el = document.getElementById(id); return el ? el.value : ""; }
  function update() {
    if (chosenByHand) return;
    zone.value = guess(value("id_city")) || hints.organizations[value("id_organization")] ||
      guess(value("id_organization_name")) || "";
  }
  zone.addEventListener("change", function () { chosenByHand = zone.value !== ""; });
  ["id_city", "id_organization", "id_organization_name"].forEach(function (id) {
    var el = document.getElementById(id);
    if (el) { el.addEventListener("input", update); el.addEventListener("change", update); }
  });
  update();
})();
