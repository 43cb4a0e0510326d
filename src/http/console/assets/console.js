// The console's and setup pages' only script (served from this origin; the CSP allows nothing
// else). Plain DOM, no build step: copy buttons, confirmation dialogs, live status, setup tokens.
'use strict';

(function () {
  function csrfToken() {
    var field = document.querySelector('input[name="_csrf"]');
    return field ? field.value : '';
  }

  // Copy buttons: data-copy names the element whose text is copied.
  document.querySelectorAll('button[data-copy]').forEach(function (button) {
    button.addEventListener('click', function () {
      var source = document.getElementById(button.getAttribute('data-copy'));
      if (!source) return;
      var label = button.textContent;
      var done = function (text) {
        button.textContent = text;
        setTimeout(function () {
          button.textContent = label;
        }, 2000);
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(source.textContent.trim()).then(
          function () {
            done('Copied');
          },
          function () {
            selectText(source);
            done('Press Ctrl+C to copy');
          },
        );
      } else {
        selectText(source);
        done('Press Ctrl+C to copy');
      }
    });
  });

  function selectText(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  // Confirmation dialogs: data-dialog opens the <dialog> of that id; data-close closes it.
  document.querySelectorAll('button[data-dialog]').forEach(function (button) {
    button.addEventListener('click', function () {
      var dialog = document.getElementById(button.getAttribute('data-dialog'));
      if (dialog && dialog.showModal) dialog.showModal();
    });
  });
  document.querySelectorAll('dialog button[data-close]').forEach(function (button) {
    button.addEventListener('click', function () {
      button.closest('dialog').close();
    });
  });

  // Live status: an element with data-status-url is refreshed every 2 s from that JSON.
  function showStatus(container, status) {
    container.querySelectorAll('[data-field]').forEach(function (field) {
      var name = field.getAttribute('data-field');
      var value = status[name];
      if (name === 'warnings') {
        field.textContent = '';
        (value && value.length ? value : ['None']).forEach(function (warning) {
          var item = document.createElement('li');
          item.textContent = warning;
          field.appendChild(item);
        });
      } else if (name === 'status') {
        field.textContent = value;
        field.className = 'status status-' + value;
      } else if (name === 'connectedAt' || name === 'lastSyncAt') {
        field.textContent = value ? value.replace('T', ' ').replace(/\.\d+Z$/, ' UTC') : '—';
      } else if (name === 'summary') {
        field.textContent = value;
      } else if (value !== undefined && value !== null) {
        field.textContent = String(value);
      }
    });
  }
  document.querySelectorAll('[data-status-url]').forEach(function (container) {
    var url = container.getAttribute('data-status-url');
    var failures = 0;
    var poll = function () {
      fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
        .then(function (response) {
          return response.json().then(function (body) {
            if (!response.ok) throw new Error(body && body.error ? body.error.message : 'status ' + response.status);
            return body;
          });
        })
        .then(function (status) {
          failures = 0;
          showStatus(container, status);
          var problem = container.querySelector('[data-status-problem]');
          if (problem) problem.textContent = '';
        })
        .catch(function (error) {
          failures += 1;
          var problem = container.querySelector('[data-status-problem]');
          if (problem && failures > 1) problem.textContent = 'Live status paused: ' + error.message;
        })
        .then(function () {
          setTimeout(poll, 2000);
        });
    };
    setTimeout(poll, 2000);
  });

  // Setup page: "Generate token" asks the service for a fresh token (the old one stops).
  var generate = document.querySelector('button[data-token-url]');
  if (generate) {
    generate.addEventListener('click', function () {
      var output = document.getElementById('setup-token');
      var problem = document.getElementById('setup-token-problem');
      generate.disabled = true;
      problem.textContent = '';
      fetch(generate.getAttribute('data-token-url'), {
        method: 'POST',
        headers: { Accept: 'application/json', 'X-CSRF-Token': csrfToken() },
        credentials: 'same-origin',
      })
        .then(function (response) {
          return response.json().then(function (body) {
            if (!response.ok) throw new Error(body && body.error ? body.error.message : 'status ' + response.status);
            return body;
          });
        })
        .then(function (body) {
          output.textContent = body.token;
          document.getElementById('setup-token-box').hidden = false;
          generate.textContent = 'Generate another token';
        })
        .catch(function (error) {
          problem.textContent = 'No token was generated: ' + error.message;
        })
        .then(function () {
          generate.disabled = false;
        });
    });
  }
})();
