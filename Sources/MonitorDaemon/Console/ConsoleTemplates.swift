/// The console's Mustache templates, compiled into the binary so that a systemd deployment is
/// one file (no resource bundle to lose).
///
/// Rules: only `{{ }}` (HTML-escaped) — never `{{{ }}}`: point descriptions, notice texts and
/// quarantined bytes come from devices. No inline script, style or event handler: the CSP is
/// `default-src 'self'`; behaviour lives in `/console.js`, looks in `/console.css`. Pages are
/// `header` + content + `footer`; a page that updates live keeps its changing part in a
/// partial (`dashboardLive`, `buildingLive`) that `/fragments/…` renders alone.
enum ConsoleTemplates {
    static let all: [String: String] = [
        "header": header, "footer": footer, "login": login, "dashboard": dashboard, "dashboardLive": dashboardLive,
        "fireCard": fireCard, "hazardTable": hazardTable, "gatewayTable": gatewayTable, "building": building,
        "buildingLive": buildingLive, "hazards": hazards, "quarantine": quarantine, "notFound": notFound,
    ]

    static let header = """
        <!doctype html>
        <html lang="{{htmlLang}}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · {{t.app_title}}</title>
        <link rel="stylesheet" href="/console.css">
        <link rel="icon" href="/favicon.svg" type="image/svg+xml">
        <script src="/console.js" defer></script>
        </head>
        <body>
        <a class="skip" href="#main">{{t.nav_skip}}</a>
        <header class="bar">
          <a class="brand" href="/"><span class="brand-mark" aria-hidden="true">119</span>{{t.app_title}} · {{t.app_console}}</a>
          {{#user}}
          <nav class="nav" aria-label="{{t.nav_main}}">
            <a href="/"{{#navDashboard}} aria-current="page"{{/navDashboard}}>{{t.nav_dashboard}}</a>
            <a href="/hazards"{{#navHazards}} aria-current="page"{{/navHazards}}>{{t.nav_hazards}}</a>
            <a href="/quarantine"{{#navQuarantine}} aria-current="page"{{/navQuarantine}}>{{t.nav_quarantine}}</a>
          </nav>
          <div class="bar-right">
            <span id="live-status" class="live-status" role="status" data-connecting="{{t.live_connecting}}" data-connected="{{t.live_connected}}" data-lost="{{t.live_lost}}"></span>
            <label class="sound"><input type="checkbox" id="sound-toggle"> {{t.sound_toggle}}</label>
            <a class="lang" href="?lang={{t.lang_switchCode}}" hreflang="{{t.lang_switchCode}}">{{t.lang_switch}}</a>
            <span class="who">{{t.user_signedInAs}}: <strong>{{username}}</strong> ({{role}})</span>
            <form method="post" action="/logout" class="inline">
              <input type="hidden" name="_csrf" value="{{csrf}}">
              <button type="submit" class="btn btn-quiet">{{t.user_logout}}</button>
            </form>
          </div>
          {{/user}}
          {{^user}}
          <div class="bar-right"><a class="lang" href="?lang={{t.lang_switchCode}}" hreflang="{{t.lang_switchCode}}">{{t.lang_switch}}</a></div>
          {{/user}}
        </header>
        <main id="main">
        {{#flash}}<p class="flash {{#ok}}flash-ok{{/ok}}{{^ok}}flash-error{{/ok}}" role="status">{{text}}</p>{{/flash}}

        """

    static let footer = """
        </main>
        </body>
        </html>

        """

    static let login = """
        {{> header}}
        {{#content}}
        <section class="login" aria-labelledby="login-h">
          <h1 id="login-h">{{t.login_title}}</h1>
          {{#message}}<p class="flash flash-error" role="alert" id="login-message">{{.}}</p>{{/message}}
          <form method="post" action="/login" class="login-form">
            <input type="hidden" name="_login" value="{{loginToken}}">
            <label for="username">{{t.login_username}}</label>
            <input id="username" name="username" autocomplete="username" required autofocus value="{{username}}">
            <label for="password">{{t.login_password}}</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required>
            <button type="submit" class="btn btn-primary">{{t.login_submit}}</button>
          </form>
          <p class="hint">{{t.login_hint}}</p>
        </section>
        {{/content}}
        {{> footer}}
        """

    static let dashboard = """
        {{> header}}
        <div id="live" data-fragment="/fragments/dashboard">
        {{> dashboardLive}}
        </div>
        {{> footer}}
        """

    static let dashboardLive = """
        {{#content}}
        <div class="live-root" data-fire-ids="{{#fires}}{{id}} {{/fires}}" data-fire-count="{{fireCount}}">
        <section class="fires" aria-label="{{t.fire_count}}">
        {{#fires}}{{> fireCard}}{{/fires}}
        {{^fires}}<p class="no-fire">✓ {{t.fire_none}}</p>{{/fires}}
        </section>
        <div class="grid">
          <section class="panel" aria-labelledby="hazards-h">
            <h2 id="hazards-h">{{t.hazards_heading}} <span class="count">{{hazardCount}}</span></h2>
            {{^empty(hazards)}}{{> hazardTable}}{{/empty(hazards)}}
            {{#empty(hazards)}}<p class="empty">{{t.hazards_none}}</p>{{/empty(hazards)}}
            {{#moreHazards}}<p><a href="/hazards">{{t.hazards_all}} ({{hazardCount}}) →</a></p>{{/moreHazards}}
          </section>
          <div class="stack">
            <section class="panel" aria-labelledby="offline-h">
              <h2 id="offline-h">{{t.gateways_heading}} <span class="count {{^empty(gateways)}}count-bad{{/empty(gateways)}}">{{count(gateways)}}</span></h2>
              {{^empty(gateways)}}{{> gatewayTable}}{{/empty(gateways)}}
              {{#empty(gateways)}}<p class="empty">✓ {{t.gateways_none}}</p>{{/empty(gateways)}}
              {{#neverSeen}}<p class="sub">{{.}} {{t.gateways_never}}</p>{{/neverSeen}}
            </section>
            {{^empty(maintenance)}}
            <section class="panel" aria-labelledby="maint-h">
              <h2 id="maint-h">{{t.maintenance_heading}}</h2>
              <ul class="plain maint-list">{{#maintenance}}<li data-maintenance="{{id}}"><span class="badge badge-maint">{{t.maintenance_active}}</span> <a href="/buildings/{{buildingId}}">{{buildingName}}</a>{{#windowGateway}} · {{t.maintenance_gateway}} {{.}}{{/windowGateway}} · {{t.maintenance_until}} {{until}} · {{t.maintenance_by}} {{openedBy}}</li>{{/maintenance}}</ul>
            </section>
            {{/empty(maintenance)}}
            <section class="panel" aria-labelledby="frames-h">
              <h2 id="frames-h">{{t.frames_heading}}</h2>
              {{^empty(frames)}}
              <table class="tbl tbl-compact">
                <thead><tr><th scope="col">{{t.frames_time}}</th><th scope="col">{{t.frames_gateway}}</th><th scope="col">{{t.frames_serial}}</th><th scope="col">{{t.frames_content}}</th></tr></thead>
                <tbody>
                {{#frames}}<tr{{#fire}} class="frame-fire"{{/fire}}><td class="nowrap">{{receivedAt}}</td><td class="nowrap">{{#buildingId}}<a href="/buildings/{{.}}">{{gateway}}</a>{{/buildingId}}{{^buildingId}}{{gateway}}{{/buildingId}}</td><td>{{serial}}{{#repeats}} <span class="sub">×{{.}}</span>{{/repeats}}</td><td class="summary">{{summary}}</td></tr>
                {{/frames}}
                </tbody>
              </table>
              {{/empty(frames)}}
              {{#empty(frames)}}<p class="empty">{{t.frames_none}}</p>{{/empty(frames)}}
            </section>
          </div>
        </div>
        <p class="updated sub">{{t.common_updated}} {{updatedAt}}</p>
        </div>
        {{/content}}
        """

    static let fireCard = """
        <article class="fire fire-{{status}}{{#testMode}} fire-test{{/testMode}}" data-incident="{{id}}" aria-labelledby="fire-{{id}}-h">
          <header class="fire-head">
            <h2 id="fire-{{id}}-h"><span class="fire-tag">{{t.fire_heading}}</span> <a href="/buildings/{{buildingId}}">{{buildingName}}</a></h2>
            <span class="fire-status">{{statusLabel}}</span>
            {{#testMode}}<span class="badge badge-light">{{t.fire_testMode}}</span>{{/testMode}}
          </header>
          <div class="fire-body">
            <dl class="fire-facts">
              <div><dt>{{t.fire_openedAt}}</dt><dd><time datetime="{{openedAtISO}}">{{openedAt}}</time></dd></div>
              <div><dt>{{t.fire_unit}}</dt><dd>{{unitName}}</dd></div>
              <div><dt>{{t.fire_address}}</dt><dd>{{address}}</dd></div>
              <div><dt>{{t.fire_confidence}}</dt><dd>{{confidence}}/4 · {{confidenceLabel}}</dd></div>
              <div><dt>{{t.fire_told}}</dt><dd class="told">{{#told}}{{.}}{{/told}}{{^told}}{{t.fire_toldNobody}}{{/told}}</dd></div>
              {{#acknowledgedBy}}<div><dt>{{t.fire_acknowledgedBy}}</dt><dd>{{.}}</dd></div>{{/acknowledgedBy}}
              {{#confirmedBy}}<div><dt>{{t.fire_confirmedBy}}</dt><dd>{{.}}</dd></div>{{/confirmedBy}}
            </dl>
            <div class="fire-points">
              <h3>{{t.fire_points}}</h3>
              <ul class="points">
              {{#points}}<li class="{{#active}}point-active{{/active}}"><span class="point-desc">{{#description}}{{.}}{{/description}}{{^description}}{{t.fire_point}} {{id}}{{/description}}</span> <span class="point-meta">{{stateLabel}} · {{firstAlarmAt}} · {{t.fire_alarmCount}} {{alarmCount}}</span></li>
              {{/points}}
              </ul>
            </div>
          </div>
          {{#canAct}}
          <div class="actions">
            {{#unconfirmed}}
            <form method="post" action="/incidents/{{id}}/confirm" class="act">
              <input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="next" value="{{here}}">
              <input type="hidden" name="verdict" value="real">
              <button type="submit" class="btn btn-real" data-action="confirm-real">{{t.fire_confirmReal}}</button>
              <label class="check"><input type="checkbox" name="peopleAtRisk" value="true"> {{t.fire_peopleAtRisk}}</label>
            </form>
            <form method="post" action="/incidents/{{id}}/confirm" class="act">
              <input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="next" value="{{here}}">
              <input type="hidden" name="verdict" value="false">
              <label for="cause-{{id}}" class="sr-only">{{t.fire_cause}}</label>
              <select id="cause-{{id}}" name="cause" required>
                <option value="">{{t.fire_chooseCause}}</option>
                {{#causes}}<option value="{{value}}">{{label}}</option>{{/causes}}
              </select>
              <button type="submit" class="btn btn-false" data-action="confirm-false">{{t.fire_falseAlarm}}</button>
            </form>
            {{/unconfirmed}}
            {{#needsAcknowledge}}
            <form method="post" action="/incidents/{{id}}/acknowledge" class="act">
              <input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="next" value="{{here}}">
              <button type="submit" class="btn btn-ack" data-action="acknowledge">{{t.fire_acknowledge}}</button>
            </form>
            {{/needsAcknowledge}}
            {{#confirmedReal}}
            <form method="post" action="/incidents/{{id}}/close" class="act">
              <input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="next" value="{{here}}">
              <button type="submit" class="btn btn-ack" data-action="close">{{t.fire_close}}</button>
            </form>
            {{/confirmedReal}}
          </div>
          {{/canAct}}
        </article>
        """

    static let hazardTable = """
        <table class="tbl">
          <thead><tr><th scope="col">{{t.hazards_building}}</th><th scope="col">{{t.hazards_condition}}</th><th scope="col">{{t.hazards_point}}</th><th scope="col">{{t.hazards_onset}}</th><th scope="col">{{t.hazards_age}}</th><th scope="col">{{t.hazards_told}}</th>{{#canAct}}<th scope="col"><span class="sr-only">{{t.hazards_rectify}}</span></th>{{/canAct}}</tr></thead>
          <tbody>
          {{#hazards}}<tr class="hazard" data-hazard="{{id}}">
            <td><a href="/buildings/{{buildingId}}">{{buildingName}}</a><div class="sub">{{brigadeName}}</div></td>
            <td class="nowrap"><span class="sev sev-{{severity}}">{{severityLabel}}</span> {{conditionLabel}}{{#chattering}} <span class="badge">{{t.hazards_chattering}}</span>{{/chattering}}{{#repeats}} <span class="sub">{{t.hazards_repeats}} ×{{.}}</span>{{/repeats}}</td>
            <td>{{#point}}{{.}}{{/point}}{{^point}}{{t.common_none}}{{/point}}</td>
            <td class="nowrap">{{onset}}</td>
            <td class="nowrap"><strong>{{age}}</strong>{{^open}}<div class="sub">{{t.hazards_closed}} {{closedAt}}</div>{{/open}}</td>
            <td>{{#told}}{{.}}{{/told}}{{^told}}{{t.common_none}}{{/told}}</td>
            {{#canAct}}<td>{{#open}}<form method="post" action="/hazards/{{id}}/rectify" class="inline">
              <input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="next" value="{{here}}">
              <button type="submit" class="btn btn-small" data-action="rectify">{{t.hazards_rectify}}</button>
            </form>{{/open}}</td>{{/canAct}}
          </tr>
          {{/hazards}}
          </tbody>
        </table>
        """

    static let gatewayTable = """
        <table class="tbl tbl-compact">
          <thead><tr><th scope="col">{{t.gateways_gateway}}</th><th scope="col">{{t.gateways_building}}</th><th scope="col">{{t.gateways_link}}</th><th scope="col">{{t.gateways_lastFrame}}</th><th scope="col">{{t.gateways_frames}}</th></tr></thead>
          <tbody>
          {{#gateways}}<tr><td>{{id}}</td><td><a href="/buildings/{{buildingId}}">{{buildingName}}</a></td><td><span class="link link-{{link}}">{{linkLabel}}</span></td><td class="nowrap">{{#lastFrameAt}}{{.}}{{/lastFrameAt}}{{^lastFrameAt}}{{t.common_none}}{{/lastFrameAt}}</td><td>{{frameCount}}</td></tr>
          {{/gateways}}
          </tbody>
        </table>
        """

    static let building = """
        {{> header}}
        {{#content}}
        <div id="live" data-fragment="/fragments/buildings/{{id}}">
        {{> buildingLive}}
        </div>
        {{/content}}
        {{> footer}}
        """

    static let buildingLive = """
        {{#content}}
        <div class="live-root" data-fire-ids="{{#fires}}{{id}} {{/fires}}" data-fire-count="{{count(fires)}}">
        <p class="crumb"><a href="/">← {{t.building_back}}</a></p>
        <h1>{{name}} <span class="sub">{{id}}</span>{{^empty(maintenance)}} <span class="badge badge-maint">{{t.maintenance_active}}</span>{{/empty(maintenance)}}</h1>
        <dl class="facts">
          <div><dt>{{t.building_address}}</dt><dd>{{address}}</dd></div>
          <div><dt>{{t.building_unit}}</dt><dd>{{unitName}}</dd></div>
          <div><dt>{{t.building_brigade}}</dt><dd>{{brigadeName}}</dd></div>
          <div><dt>{{t.building_department}}</dt><dd>{{departmentName}}</dd></div>
        </dl>
        {{! An open fire comes first, above everything else of the building. }}
        {{#fires}}{{> fireCard}}{{/fires}}
        <section class="panel maint{{^empty(maintenance)}} maint-open{{/empty(maintenance)}}" aria-labelledby="bmaint-h">
          <h2 id="bmaint-h">{{t.maintenance_heading}}</h2>
          {{#empty(maintenance)}}<p class="empty">{{t.maintenance_none}}</p>{{/empty(maintenance)}}
          {{^empty(maintenance)}}
          <p class="maint-policy">{{t.maintenance_policy}}</p>
          <ul class="plain maint-list">
          {{#maintenance}}<li data-maintenance="{{id}}"><span class="badge badge-maint">{{t.maintenance_active}}</span>{{#windowGateway}} {{t.maintenance_gateway}} {{.}} ·{{/windowGateway}} {{t.maintenance_until}} {{until}} · {{t.maintenance_by}} {{openedBy}}{{#windowNote}} · {{t.maintenance_note}}: {{.}}{{/windowNote}}
            {{#canAct}}<form method="post" action="/maintenance/{{id}}/close" class="inline">
              <input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="next" value="{{here}}">
              <button type="submit" class="btn btn-small" data-action="close-maintenance">{{t.maintenance_end}}</button>
            </form>{{/canAct}}
          </li>
          {{/maintenance}}
          </ul>
          {{/empty(maintenance)}}
          {{#canAct}}
          <form method="post" action="/buildings/{{id}}/maintenance" class="act maint-form">
            <input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="next" value="{{here}}">
            <label for="maint-minutes">{{t.maintenance_duration}}</label>
            <select id="maint-minutes" name="minutes">{{#durations}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/durations}}</select>
            <label for="maint-note">{{t.maintenance_noteOptional}}</label>
            <input id="maint-note" name="note" maxlength="200">
            <button type="submit" class="btn" data-action="open-maintenance">{{t.maintenance_start}}</button>
          </form>
          {{/canAct}}
        </section>
        <section class="panel notices" aria-labelledby="notices-h">
          <h2 id="notices-h">{{t.building_notices}}</h2>
          <div class="notice-groups">
          {{#noticeGroups}}
          <div class="notice-group" data-party="{{party}}">
            <h3>{{partyLabel}} <span class="count">{{count(notices)}}</span></h3>
            {{#empty(notices)}}<p class="empty">{{t.building_noNotices}}</p>{{/empty(notices)}}
            {{^empty(notices)}}
            <ol class="notice-list">
            {{#notices}}<li class="notice notice-{{severity}}" data-notice="{{id}}">
              <div class="notice-head"><strong>{{kindLabel}}</strong> · {{recipient}} <code class="sub">{{reason}}</code></div>
              <div class="notice-text">{{text}}</div>
              <div class="notice-times sub">{{t.notices_created}} {{createdAt}} · {{t.notices_delivered}} {{#deliveredAt}}<span class="delivered">{{.}}</span>{{/deliveredAt}}{{^deliveredAt}}<span class="pending">{{t.notices_pending}} ({{t.notices_attempts}} {{attempts}})</span>{{/deliveredAt}}</div>
            </li>
            {{/notices}}
            </ol>
            {{/empty(notices)}}
          </div>
          {{/noticeGroups}}
          </div>
        </section>
        <div class="grid">
          <section class="panel" aria-labelledby="bhazards-h">
            <h2 id="bhazards-h">{{t.building_openHazards}} <span class="count">{{count(hazards)}}</span></h2>
            {{^empty(hazards)}}{{> hazardTable}}{{/empty(hazards)}}
            {{#empty(hazards)}}<p class="empty">{{t.hazards_none}}</p>{{/empty(hazards)}}
          </section>
          <div class="stack">
            <section class="panel" aria-labelledby="contacts-h">
              <h2 id="contacts-h">{{t.building_contacts}}</h2>
              {{^empty(contacts)}}
              <table class="tbl tbl-compact">
                <thead><tr><th scope="col">{{t.building_contactRole}}</th><th scope="col">{{t.building_contactName}}</th><th scope="col">{{t.building_contactPhone}}</th></tr></thead>
                <tbody>{{#contacts}}<tr><td>{{role}}</td><td>{{name}}</td><td class="phone">{{phone}}</td></tr>{{/contacts}}</tbody>
              </table>
              {{/empty(contacts)}}
              {{#empty(contacts)}}<p class="empty">{{t.building_noContacts}}</p>{{/empty(contacts)}}
            </section>
            <section class="panel" aria-labelledby="bgw-h">
              <h2 id="bgw-h">{{t.building_gateways}}</h2>
              {{> gatewayTable}}
            </section>
          </div>
        </div>
        <section class="panel" aria-labelledby="history-h">
          <h2 id="history-h">{{t.building_incidents}}</h2>
          {{#empty(incidents)}}<p class="empty">{{t.building_noIncidents}}</p>{{/empty(incidents)}}
          {{#incidents}}
          <article class="history">
            <h3>{{#card}}{{openedAt}} · {{statusLabel}} · {{t.fire_confidence}} {{confidence}}/4{{#testMode}} · {{t.fire_testMode}}{{/testMode}} <span class="sub">{{id}}</span>{{/card}}{{#closedAt}} <span class="sub">· {{t.status_closed}} {{.}}</span>{{/closedAt}}</h3>
            <table class="tbl tbl-compact timeline">
              <thead><tr><th scope="col">{{t.timeline_at}}</th><th scope="col">{{t.timeline_event}}</th><th scope="col">{{t.timeline_reason}}</th><th scope="col">{{t.timeline_detail}}</th></tr></thead>
              <tbody>{{#timeline}}<tr class="tl-{{type}}"><td class="nowrap">{{at}}</td><td>{{typeLabel}}{{#party}} → {{.}}{{/party}}{{#kind}} · {{.}}{{/kind}}</td><td><code>{{reason}}</code></td><td>{{explanation}}{{#detail}} <span class="sub">({{.}})</span>{{/detail}}</td></tr>
              {{/timeline}}</tbody>
            </table>
          </article>
          {{/incidents}}
        </section>
        <p class="updated sub">{{t.common_updated}} {{updatedAt}}</p>
        </div>
        {{/content}}
        """

    static let hazards = """
        {{> header}}
        {{#content}}
        <h1>{{t.hazards_registerTitle}}</h1>
        <form method="get" action="/hazards" class="filters" aria-label="{{t.hazards_filter}}">
          <label for="f-brigade">{{t.hazards_brigade}}</label>
          <select id="f-brigade" name="brigade"><option value="">{{t.hazards_anyBrigade}}</option>{{#brigades}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/brigades}}</select>
          <label for="f-kind">{{t.hazards_condition}}</label>
          <select id="f-kind" name="kind"><option value="">{{t.hazards_anyKind}}</option>{{#kinds}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/kinds}}</select>
          <label for="f-age">{{t.hazards_minAge}}</label>
          <select id="f-age" name="minAgeHours"><option value="">{{t.hazards_anyAge}}</option>{{#ages}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/ages}}</select>
          <label class="check"><input type="checkbox" name="state" value="all"{{#includeClosed}} checked{{/includeClosed}}> {{t.hazards_includeClosed}}</label>
          <button type="submit" class="btn">{{t.hazards_apply}}</button>
        </form>
        <p class="sub">{{count}} {{t.hazards_count}}</p>
        {{^empty(hazards)}}{{> hazardTable}}{{/empty(hazards)}}
        {{#empty(hazards)}}<p class="empty">{{t.hazards_none}}</p>{{/empty(hazards)}}
        {{/content}}
        {{> footer}}
        """

    static let quarantine = """
        {{> header}}
        {{#content}}
        <h1>{{t.quarantine_title}}</h1>
        {{#empty(rows)}}<p class="empty">{{t.quarantine_none}}</p>{{/empty(rows)}}
        {{#rows}}
        <article class="q" data-quarantine="{{id}}">
          <header class="q-head">
            <strong class="q-reason">{{reasonLabel}}</strong> <code>{{reason}}</code>
            <span>{{receivedAt}}</span>
            <span>{{t.quarantine_gateway}}: {{#gateway}}{{.}}{{/gateway}}{{^gateway}}{{t.quarantine_unknownGateway}}{{/gateway}}</span>
            <span>{{t.quarantine_topic}}: <code>{{topic}}</code></span>
          </header>
          <p class="q-msg">{{message}}{{#offset}} · {{t.quarantine_offset}} {{.}}{{/offset}}{{#serial}} · {{t.quarantine_serial}} {{.}}{{/serial}}</p>
          <div class="q-body">
            <div><h3>{{t.quarantine_hex}}{{#truncated}} {{t.quarantine_truncated}}{{/truncated}}</h3><pre class="hex">{{hex}}</pre></div>
            <div><h3>{{t.quarantine_decoded}}</h3>{{#decoded}}<pre class="json">{{.}}</pre>{{/decoded}}{{^decoded}}<p class="empty">{{t.quarantine_undecodable}}</p>{{/decoded}}</div>
          </div>
        </article>
        {{/rows}}
        {{/content}}
        {{> footer}}
        """

    static let notFound = """
        {{> header}}
        {{#content}}
        <h1>{{t.error_notFound}}</h1>
        <p>{{what}}</p>
        <p><a href="/">{{t.error_back}}</a></p>
        {{/content}}
        {{> footer}}
        """
}
