/// The console's script, style sheet and icon, compiled into the binary (no resource bundle),
/// served from our own origin so the CSP can stay `default-src 'self'`.
enum ConsoleAssets {
    /// Live updates: one `EventSource` on `/api/v1/events`; any event re-fetches the page's
    /// live fragment (`#live[data-fragment]`) and swaps it in, so a new fire alarm shows within
    /// a second without a reload. What an officer is typing or choosing in the swapped part
    /// (a false-alarm cause) survives the swap. A new fire can beep (WebAudio, off by default,
    /// remembered per browser). `window.firewatchConsole` counts swaps; a test reads it to
    /// prove the page was not reloaded.
    static let script = #"""
        (function () {
          'use strict';
          var state = window.firewatchConsole = { loadedAt: Date.now(), swaps: 0 };
          var live = document.getElementById('live');
          var status = document.getElementById('live-status');
          var soundToggle = document.getElementById('sound-toggle');
          var audio = null;
          var known = fireIds();
          var running = false, again = false, timer = null;

          if (window.location.search.indexOf('result=') >= 0 && window.history.replaceState) {
            window.history.replaceState(null, '', window.location.pathname);
          }

          function fireIds() {
            var root = live && live.querySelector('.live-root');
            return root ? (root.getAttribute('data-fire-ids') || '').split(' ').filter(Boolean) : [];
          }

          function setStatus(key) {
            if (!status) { return; }
            status.textContent = status.getAttribute('data-' + key) || '';
            status.className = 'live-status live-' + key;
          }

          function remember() {
            var values = {};
            live.querySelectorAll('form').forEach(function (form) {
              Array.prototype.forEach.call(form.elements, function (el) {
                if (!el.name || el.type === 'hidden' || el.type === 'submit') { return; }
                values[form.getAttribute('action') + '|' + el.name] = el.type === 'checkbox' ? el.checked : el.value;
              });
            });
            var active = document.activeElement;
            return { values: values, focus: active && live.contains(active) && active.id ? active.id : null };
          }

          function restore(saved) {
            live.querySelectorAll('form').forEach(function (form) {
              Array.prototype.forEach.call(form.elements, function (el) {
                var key = form.getAttribute('action') + '|' + el.name;
                if (!(key in saved.values)) { return; }
                if (el.type === 'checkbox') { el.checked = saved.values[key]; } else { el.value = saved.values[key]; }
              });
            });
            var focus = saved.focus && document.getElementById(saved.focus);
            if (focus) { focus.focus(); }
          }

          function beep() {
            if (!audio || !soundToggle || !soundToggle.checked) { return; }
            var t = audio.currentTime;
            for (var i = 0; i < 3; i++) {
              var osc = audio.createOscillator(), gain = audio.createGain();
              osc.type = 'square';
              osc.frequency.value = 880;
              gain.gain.value = 0.12;
              osc.connect(gain);
              gain.connect(audio.destination);
              osc.start(t + i * 0.45);
              osc.stop(t + i * 0.45 + 0.3);
            }
          }

          function afterSwap() {
            state.swaps += 1;
            var now = fireIds();
            var fresh = now.filter(function (id) { return known.indexOf(id) < 0; });
            known = now;
            var base = document.title.replace(/^\(\d+\) /, '');
            document.title = now.length ? '(' + now.length + ') ' + base : base;
            if (fresh.length) { beep(); }
          }

          function refresh() {
            // A select that is open would close under a swap: wait until it is left.
            var active = document.activeElement;
            if (active && active.tagName === 'SELECT' && live.contains(active)) {
              active.addEventListener('blur', schedule, { once: true });
              return;
            }
            if (running) { again = true; return; }
            running = true;
            fetch(live.getAttribute('data-fragment'), { credentials: 'same-origin', cache: 'no-store', headers: { 'Accept': 'text/html' } })
              .then(function (response) {
                if (response.status === 401) { window.location.assign('/login'); return null; }
                if (!response.ok) { throw new Error('HTTP ' + response.status); }
                return response.text();
              })
              .then(function (html) {
                if (html === null) { return; }
                var saved = remember();
                live.innerHTML = html;
                restore(saved);
                afterSwap();
              })
              .catch(function () { setStatus('lost'); })
              .finally(function () {
                running = false;
                if (again) { again = false; refresh(); }
              });
          }

          // Several events of one commit arrive together: one fetch for the burst.
          function schedule() {
            if (timer) { return; }
            timer = setTimeout(function () { timer = null; refresh(); }, 80);
          }

          function connect() {
            var source = new EventSource('/api/v1/events');
            setStatus('connecting');
            // (Re)connected: fetch once, for whatever happened while we were not listening.
            source.addEventListener('open', function () { setStatus('connected'); schedule(); });
            ['incident', 'hazard', 'notice', 'frame', 'gateway', 'outage', 'maintenance'].forEach(function (name) {
              source.addEventListener(name, schedule);
            });
            source.addEventListener('error', function () {
              setStatus('lost');
              if (source.readyState === EventSource.CLOSED) {
                // Refused (e.g. the session ended): the fragment fetch sends us to /login if so.
                schedule();
                setTimeout(connect, 5000);
              }
            });
          }

          if (soundToggle) {
            soundToggle.checked = window.localStorage.getItem('firewatch.sound') === 'on';
            var unlock = function () {
              if (!audio && window.AudioContext) { audio = new window.AudioContext(); }
              if (audio && audio.state === 'suspended') { audio.resume(); }
            };
            // Browsers start audio only after a gesture: the first click anywhere will do.
            document.addEventListener('click', unlock, { once: true });
            soundToggle.addEventListener('change', function () {
              window.localStorage.setItem('firewatch.sound', soundToggle.checked ? 'on' : 'off');
              unlock();
              beep();
            });
          }

          if (live && window.EventSource) { connect(); }
        })();

        """#

    static let styleSheet = #"""
        :root {
          --fire: #b3120e; --fire-dark: #7d0a07; --ink: #1b1f24; --muted: #59616b; --line: #d5d9de;
          --bg: #eef0f3; --panel: #ffffff; --bar: #1d2733; --ok: #1b6e2f; --warn: #8a4b00; --focus: #ffbf47;
          font-family: "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", system-ui, sans-serif;
          font-size: 15px; line-height: 1.45; color: var(--ink); background: var(--bg);
        }
        * { box-sizing: border-box; }
        body { margin: 0; }
        a { color: #0b4f9c; }
        a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
        h1 { font-size: 1.45rem; margin: .2rem 0 .6rem; }
        h2 { font-size: 1.08rem; margin: 0 0 .5rem; }
        h3 { font-size: .98rem; margin: .4rem 0; }
        code, pre { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: .85rem; }
        .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
        .skip { position: absolute; left: -999px; top: 0; background: #fff; padding: .4rem; z-index: 10; }
        .skip:focus { left: .5rem; }
        .sub { color: var(--muted); font-size: .86rem; font-weight: normal; }
        .nowrap { white-space: nowrap; }
        .empty { color: var(--muted); margin: .3rem 0; }

        .bar { display: flex; align-items: center; gap: 1.2rem; background: var(--bar); color: #fff; padding: .45rem 1rem; }
        .bar a { color: #fff; }
        .brand { font-weight: bold; text-decoration: none; white-space: nowrap; display: flex; align-items: center; gap: .5rem; }
        .brand-mark { background: var(--fire); border-radius: 3px; padding: 0 .35rem; font-size: .85rem; }
        .nav { display: flex; gap: .2rem; }
        .nav a { text-decoration: none; padding: .3rem .7rem; border-radius: 3px; }
        .nav a:hover { background: #2f3d4d; }
        .nav a[aria-current="page"] { background: #40546b; font-weight: bold; }
        .bar-right { margin-left: auto; display: flex; align-items: center; gap: .9rem; font-size: .9rem; white-space: nowrap; }
        .live-status:empty { display: none; }
        .live-status::before { content: "●"; margin-right: .3rem; }
        .live-connected::before { color: #5fd37a; }
        .live-lost { color: #ffb3ad; font-weight: bold; }
        .live-lost::before, .live-connecting::before { color: #ff8a80; }
        .sound { cursor: pointer; }
        .inline { display: inline; margin: 0; }

        main { padding: .8rem 1rem 2rem; max-width: 1600px; margin: 0 auto; }
        .flash { padding: .55rem .8rem; border-radius: 4px; margin: 0 0 .7rem; font-weight: bold; }
        .flash-ok { background: #dcefe0; color: #0f4a1e; border: 1px solid #9fcfaa; }
        .flash-error { background: #fbe3e1; color: #7d0a07; border: 1px solid #eba39c; }

        .btn { font: inherit; font-weight: bold; border: 1px solid #7a8594; background: #fff; color: var(--ink); padding: .4rem .9rem; border-radius: 4px; cursor: pointer; white-space: nowrap; }
        .btn:hover { background: #f0f2f5; }
        .btn-primary { background: #0b4f9c; border-color: #0b4f9c; color: #fff; }
        .btn-quiet { background: transparent; color: #fff; border-color: #6b7a8c; padding: .2rem .6rem; font-weight: normal; }
        .btn-quiet:hover { background: #2f3d4d; }
        .btn-small { padding: .2rem .55rem; font-size: .85rem; font-weight: normal; }
        .btn-real { background: #fff; color: var(--fire-dark); border: 2px solid #fff; font-size: 1.05rem; }
        .btn-real:hover { background: #ffe9e7; }
        .btn-false, .btn-ack { background: transparent; color: #fff; border: 2px solid #fff; }
        .btn-false:hover, .btn-ack:hover { background: var(--fire-dark); }

        .fires { margin-bottom: .9rem; }
        .no-fire { background: #dcefe0; color: #0f4a1e; border: 1px solid #9fcfaa; border-radius: 4px; padding: .55rem .9rem; margin: 0; font-weight: bold; }
        .fire { background: var(--fire); color: #fff; border-radius: 6px; padding: .7rem 1rem .8rem; margin-bottom: .7rem; border: 3px solid var(--fire-dark); box-shadow: 0 2px 8px rgba(125, 10, 7, .35); }
        .fire a { color: #fff; }
        .fire-confirmedReal { background: #8e0c09; }
        .fire-test { background: #6b3f0e; border-color: #4a2a06; }
        .fire-head { display: flex; align-items: center; gap: 1rem; flex-wrap: wrap; }
        .fire-head h2 { font-size: 1.6rem; margin: 0; }
        .fire-tag { background: #fff; color: var(--fire-dark); border-radius: 3px; padding: 0 .45rem; margin-right: .3rem; letter-spacing: .1em; }
        .fire-status { font-size: 1.1rem; font-weight: bold; border: 2px solid #fff; border-radius: 3px; padding: 0 .5rem; }
        .fire-body { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1rem; margin-top: .5rem; }
        .fire-facts { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: .25rem 1rem; margin: 0; }
        .fire-facts dt { font-size: .8rem; opacity: .9; }
        .fire-facts dd { margin: 0; font-size: 1.02rem; font-weight: bold; }
        .fire-points h3 { margin-top: 0; font-size: .85rem; font-weight: normal; opacity: .9; }
        .points { list-style: none; margin: 0; padding: 0; }
        .points li { padding: .15rem 0; border-bottom: 1px solid rgba(255, 255, 255, .25); }
        .point-desc { font-weight: bold; font-size: 1.05rem; }
        .point-active .point-desc::before { content: "▲ "; }
        .point-meta { font-size: .85rem; opacity: .95; }
        .actions { display: flex; flex-wrap: wrap; gap: .6rem 1.4rem; align-items: center; margin-top: .7rem; padding-top: .6rem; border-top: 1px solid rgba(255, 255, 255, .4); }
        .act { display: flex; align-items: center; gap: .5rem; margin: 0; }
        .act select { font: inherit; padding: .3rem; border-radius: 4px; border: 1px solid #fff; }
        .check { display: inline-flex; align-items: center; gap: .3rem; white-space: nowrap; }

        .grid { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: .9rem; align-items: start; }
        .stack { display: grid; gap: .9rem; }
        .panel { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: .7rem .9rem; margin-bottom: .9rem; }
        .grid .panel, .stack .panel { margin-bottom: 0; }
        .count { display: inline-block; min-width: 1.6em; text-align: center; background: #e3e7ec; border-radius: 999px; padding: 0 .45rem; font-size: .85rem; }
        .count-bad { background: var(--fire); color: #fff; }
        .tbl { width: 100%; border-collapse: collapse; font-size: .9rem; }
        .tbl th { text-align: left; font-weight: bold; color: var(--muted); border-bottom: 2px solid var(--line); padding: .3rem .4rem; white-space: nowrap; }
        .tbl td { border-bottom: 1px solid var(--line); padding: .3rem .4rem; vertical-align: top; }
        .tbl-compact td, .tbl-compact th { padding: .2rem .35rem; }
        .summary { word-break: break-all; }
        .frame-fire td { background: #fbe3e1; color: var(--fire-dark); font-weight: bold; }
        .sev { display: inline-block; border-radius: 3px; padding: 0 .3rem; font-size: .78rem; font-weight: bold; border: 1px solid; }
        .sev-critical { color: #fff; background: var(--fire); border-color: var(--fire); }
        .sev-major { color: var(--warn); border-color: var(--warn); }
        .sev-minor { color: var(--muted); border-color: #99a1ab; }
        .badge { display: inline-block; background: #e3e7ec; border-radius: 3px; padding: 0 .35rem; font-size: .78rem; color: var(--ink); }
        .badge-light { background: #fff; color: #4a2a06; }
        .badge-maint { background: var(--warn); color: #fff; font-weight: bold; }
        .maint-open { border-left: 4px solid var(--warn); }
        .maint-policy { color: var(--warn); font-weight: bold; margin: .2rem 0 .4rem; }
        .maint-list li { margin: .25rem 0; }
        .maint-form { flex-wrap: wrap; margin-top: .5rem; }
        .maint-form input, .maint-form select { font: inherit; padding: .3rem; }
        .link { font-weight: bold; }
        .link-ok { color: var(--ok); }
        .link-lost { color: #fff; background: var(--fire); border-radius: 3px; padding: 0 .35rem; }
        .link-never { color: var(--muted); }
        .plain { margin: 0; padding-left: 1.1rem; }
        .updated { text-align: right; margin: .4rem 0 0; }

        .crumb { margin: 0 0 .3rem; }
        .facts { display: flex; flex-wrap: wrap; gap: .3rem 2rem; margin: 0 0 .8rem; }
        .facts dt { font-size: .8rem; color: var(--muted); }
        .facts dd { margin: 0; font-weight: bold; }
        .notice-groups { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: .9rem; }
        .notice-group h3 { border-bottom: 2px solid var(--line); padding-bottom: .2rem; }
        .notice-list { list-style: none; margin: 0; padding: 0; }
        .notice { border-left: 4px solid #99a1ab; padding: .25rem .5rem; margin-bottom: .45rem; background: #f7f8fa; }
        .notice-critical { border-left-color: var(--fire); }
        .notice-major { border-left-color: var(--warn); }
        .notice-text { font-size: .88rem; margin: .1rem 0; }
        .delivered { color: var(--ok); font-weight: bold; }
        .pending { color: var(--warn); font-weight: bold; }
        .history { margin-bottom: .8rem; }
        .tl-notice td:nth-child(2) { font-weight: bold; }
        .tl-rejected td { color: var(--fire-dark); }

        .filters { display: flex; flex-wrap: wrap; align-items: center; gap: .4rem .7rem; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: .6rem .8rem; margin-bottom: .6rem; }
        .filters select { font: inherit; padding: .25rem; }
        .filters label { font-weight: bold; }

        .q { background: var(--panel); border: 1px solid var(--line); border-left: 5px solid var(--warn); border-radius: 6px; padding: .6rem .8rem; margin-bottom: .8rem; }
        .q-head { display: flex; flex-wrap: wrap; gap: .3rem 1.2rem; align-items: baseline; }
        .q-reason { color: var(--warn); font-size: 1.05rem; }
        .q-msg { margin: .3rem 0; }
        .q-body { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: .8rem; }
        .q-body h3 { font-size: .85rem; color: var(--muted); margin: 0 0 .2rem; }
        .q-body pre { background: #f4f5f7; border: 1px solid var(--line); border-radius: 4px; padding: .4rem .5rem; margin: 0; max-height: 16rem; overflow: auto; white-space: pre-wrap; word-break: break-all; }

        .login { max-width: 24rem; margin: 3rem auto; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 1.2rem 1.4rem; }
        .login-form { display: grid; gap: .35rem; }
        .login-form input { font: inherit; padding: .45rem .5rem; border: 1px solid #7a8594; border-radius: 4px; }
        .login-form button { margin-top: .7rem; }
        .hint { color: var(--muted); font-size: .85rem; margin-bottom: 0; }

        @media (max-width: 1100px) {
          .grid, .fire-body, .notice-groups, .q-body { grid-template-columns: minmax(0, 1fr); }
        }

        """#

    /// A red square with "119": tells the console's tab from the others on a busy screen.
    static let icon = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="5" fill="#b3120e"/>\
        <text x="16" y="21" font-family="sans-serif" font-size="13" font-weight="bold" fill="#fff" text-anchor="middle">119</text></svg>

        """
}
