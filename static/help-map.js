// Progressive enhancement for the help pages. Without this script (or when
// Leaflet or the tiles do not load) every page still works: the settlement
// list places a request, the map page lists every point.
(function () {
  'use strict';

  function loadLeaflet(done) {
    if (window.L) return done();
    var css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = '/vendor/leaflet/leaflet.css';
    document.head.appendChild(css);
    var s = document.createElement('script');
    s.src = '/vendor/leaflet/leaflet.js';
    s.onload = function () { if (window.L) done(); };
    document.head.appendChild(s);
  }

  function tiles(map, box) {
    var url = box.getAttribute('data-tiles');
    if (url) window.L.tileLayer(url, { maxZoom: 18, attribution: box.getAttribute('data-attribution') || '' }).addTo(map);
  }

  // The region's centre and zoom (data/regions/<code>/region.json), where a
  // map opens when nothing better is known.
  function home(box) {
    var v = (box.getAttribute('data-home') || '').split(',').map(Number);
    return v.length === 3 && v.every(isFinite) ? { at: [v[0], v[1]], zoom: v[2] } : { at: [0, 0], zoom: 2 };
  }

  // A map whose zoom buttons speak the page's language (Leaflet's say
  // "Zoom in" / "Zoom out", which a screen reader reads out on a Russian page).
  function newMap(id) {
    var en = document.documentElement.lang === 'en';
    var map = window.L.map(id, { zoomControl: false });
    window.L.control.zoom({
      zoomInTitle: en ? 'Zoom in' : 'Приблизить',
      zoomOutTitle: en ? 'Zoom out' : 'Отдалить'
    }).addTo(map);
    return map;
  }

  function pick(box) {
    var select = document.getElementById('f-place_id');
    var lat = document.getElementById('f-lat');
    var lon = document.getElementById('f-lon');
    if (!select || !lat || !lon) return;
    loadLeaflet(function () {
      box.hidden = false;
      var h = home(box);
      var map = newMap('pick-map').setView(h.at, h.zoom + 2);
      tiles(map, box);
      var marker = null;
      function put(ll) {
        if (marker) marker.setLatLng(ll); else marker = window.L.marker(ll).addTo(map);
      }
      if (lat.value && lon.value) { put([+lat.value, +lon.value]); map.setView([+lat.value, +lon.value], 15); }
      function toPlace() {
        var o = select.options[select.selectedIndex];
        if (o && o.getAttribute('data-lat')) map.setView([+o.getAttribute('data-lat'), +o.getAttribute('data-lon')], 13);
      }
      select.addEventListener('change', function () { lat.value = ''; lon.value = ''; if (marker) { map.removeLayer(marker); marker = null; } toPlace(); });
      if (!lat.value) toPlace();
      map.on('click', function (e) {
        lat.value = e.latlng.lat.toFixed(5);
        lon.value = e.latlng.lng.toFixed(5);
        put(e.latlng);
      });
    });
  }

  function view(box) {
    var items = document.querySelectorAll('.map-list li[data-lat]');
    loadLeaflet(function () {
      box.hidden = false;
      var h = home(box);
      var map = newMap('requests-map').setView(h.at, h.zoom);
      tiles(map, box);
      var bounds = [];
      items.forEach(function (li) {
        var ll = [+li.getAttribute('data-lat'), +li.getAttribute('data-lon')];
        bounds.push(ll);
        var a = li.querySelector('a');
        window.L.circleMarker(ll, { radius: 7, color: li.getAttribute('data-open') ? '#b00020' : '#1a5fb4' })
          .addTo(map).bindPopup(a ? a.outerHTML : '');
      });
      if (bounds.length) map.fitBounds(bounds, { maxZoom: 13, padding: [20, 20] });
    });
  }

  function geolocate(form) {
    if (!navigator.geolocation) return;
    form.hidden = false;
    form.addEventListener('submit', function (e) {
      if (form.elements.lat.value) return;
      e.preventDefault();
      navigator.geolocation.getCurrentPosition(function (p) {
        form.elements.lat.value = p.coords.latitude.toFixed(3);
        form.elements.lon.value = p.coords.longitude.toFixed(3);
        form.submit();
      }, function () { form.hidden = true; }, { timeout: 10000, maximumAge: 600000 });
    });
  }

  // A form sent back with errors: start at the list of what to fix.
  var summary = document.getElementById('errors');
  if (summary) summary.focus();

  document.querySelectorAll('[data-map="pick"]').forEach(pick);
  document.querySelectorAll('[data-map="view"]').forEach(view);
  document.querySelectorAll('form[data-geolocate]').forEach(geolocate);
})();
