// The headquarters view follows what headquarters stores: on each "changed" event the board is fetched again and
// replaced in place (no reload). data-live on <body> says whether the live connection is up.
(function () {
  'use strict';
  var board = document.getElementById('board');
  if (!board) {
    return;
  }
  var busy = false;
  var again = false;
  function refresh() {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    fetch('/board', {headers: {'X-Requested-With': 'fetch'}, credentials: 'same-origin'})
      .then(function (r) {
        if (r.status === 401) {
          window.location = '/login';
          return null;
        }
        return r.ok ? r.text() : null;
      })
      .then(function (html) {
        if (html !== null) {
          board.innerHTML = html;
          document.body.setAttribute('data-updated', String(Date.now()));
        }
      })
      .catch(function () { /* the next event tries again */ })
      .then(function () {
        busy = false;
        if (again) {
          again = false;
          refresh();
        }
      });
  }
  var events = new EventSource('/events');
  events.addEventListener('hello', function () {
    document.body.setAttribute('data-live', 'on');
    // What was stored between the page and the connection.
    refresh();
  });
  events.addEventListener('changed', refresh);
  events.onerror = function () {
    document.body.setAttribute('data-live', 'off');
  };
}());
