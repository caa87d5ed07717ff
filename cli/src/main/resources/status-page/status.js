// The status page: polls GET /v1/status and renders it with DOM calls only (every text from ZooKeeper goes
// through textContent: node contents are untrusted). No framework, nothing fetched from elsewhere, no inline code
// (the Content-Security-Policy is default-src 'self').
'use strict';
(function () {
  const POLL_MS = 1000;
  // location.origin carries no user:password@ (a URL with credentials cannot be fetched from a page).
  const DATA_URL = new URL('/v1/status', window.location.origin).toString();

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined) continue;
      if (key === 'class') node.className = value;
      else if (key.startsWith('data-')) node.setAttribute(key, value);
      else node[key] = value;
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function badge(state) {
    return el('span', { class: 'badge state-' + state }, state);
  }

  function age(seconds) {
    if (seconds === null || seconds === undefined) return '-';
    if (seconds < 120) return seconds + ' s';
    if (seconds < 7200) return Math.floor(seconds / 60) + ' min';
    if (seconds < 172800) return Math.floor(seconds / 3600) + ' h';
    return Math.floor(seconds / 86400) + ' d';
  }

  function since(iso, now) {
    if (!iso) return '-';
    return age(Math.max(0, Math.round((Date.parse(now) - Date.parse(iso)) / 1000)));
  }

  function clock(iso) {
    return iso ? new Date(iso).toLocaleTimeString() : '-';
  }

  function replaceRows(table, rows) {
    const body = table.tBodies[0];
    body.replaceChildren(...rows);
  }

  function weight(w) {
    if (w === null || w === undefined) return '-';
    return w === 0 ? 'default' : String(w);
  }

  // A sync's open pages as [subject, tokens] (older syncs do not report them).
  function pagesOf(sync) {
    return Object.entries(sync.paged || {});
  }

  function render(doc) {
    const now = doc.generatedAt;
    const status = doc.status;
    const banner = document.getElementById('banner');
    if (doc.stale) {
      banner.hidden = false;
      banner.textContent = 'STALE: ' + doc.error + (doc.readAt ? ' — showing the view read at ' + clock(doc.readAt) : '');
    } else {
      banner.hidden = true;
    }
    const red = doc.fleet.filter(l => l.state === 'double-primary' || l.state === 'no-primary').length;
    document.getElementById('summary').textContent = (status ? 'zxid ' + status.viewZxid + ' · ' : '') +
        doc.fleet.length + ' schemas, ' + red + ' red · read ' + clock(doc.readAt) +
        (doc.readMillis !== null ? ' in ' + doc.readMillis + ' ms' : '') + ' · every ' + doc.refreshMillis + ' ms';
    document.title = (red > 0 ? '(' + red + ' red) ' : '') + 'mysql-discovery status';

    replaceRows(document.getElementById('fleet'), doc.fleet.map(line =>
      el('tr', { class: 'row-' + line.state, 'data-schema': line.schema, 'data-state': line.state },
        el('td', {}, el('a', { href: '#schema-' + line.schema }, line.schema)),
        el('td', {}, badge(line.state), ...line.flags.filter(f => f !== line.state).map(f => badge(f))),
        el('td', { class: 'primaries' }, line.primaries.length ? line.primaries.join(', ') : '—'),
        el('td', { class: 'replicas' }, line.replicas.length ? line.replicas.join(', ') : '—'))));

    const states = Object.fromEntries(doc.fleet.map(l => [l.schema, l.state]));
    const schemas = document.getElementById('schemas');
    schemas.replaceChildren(...(status ? status.schemas : []).map(s => {
      const state = states[s.schema] || 'ok';
      const guards = Object.entries(s.guards).map(([sync, g]) => sync + ': ' + g).join(', ');
      // Own properties only: a key such as __proto__ from a node is data, not the object's prototype.
      const pages = (status ? status.syncs : []).filter(y => Object.prototype.hasOwnProperty.call(y.paged || {}, s.schema))
          .map(y => y.proxysql + ': ' + y.paged[s.schema]).join(', ');
      const rows = s.instances.map(i => {
        const istate = i.problem ? 'malformed' : (i.quarantined ? 'quarantined' : 'registered');
        return el('tr', { 'data-instance': i.instance, 'data-role': i.role, 'data-state': istate },
          el('td', {}, i.role), el('td', {}, i.instance),
          el('td', { class: 'wrap' }, istate === 'registered' ? 'registered' : badge(istate),
              i.problem ? ' ' + i.problem : null),
          el('td', {}, i.registeredAt ? since(i.registeredAt, now) : '-'),
          el('td', {}, i.datacenter || '-'), el('td', {}, weight(i.weight)),
          el('td', {}, i.maxConnections === null ? '-' : String(i.maxConnections)),
          el('td', {}, i.agentVersion || '-'));
      });
      return el('article', { class: 'schema row-' + state, id: 'schema-' + s.schema, 'data-schema': s.schema,
          'data-state': state },
        el('h3', {}, s.schema, badge(state)),
        guards ? el('p', { class: 'muted' }, 'guards: ' + guards) : null,
        pages ? el('p', { class: 'open-pages' }, badge('paged'), ' open incidents: ' + pages) : null,
        ...(doc.proxysql || []).map(p => {
          const mine = p.hostgroups.filter(h => h.schema === s.schema);
          if (!mine.length) return null;
          return el('p', { class: 'muted routed', 'data-proxysql': p.proxysql }, 'routed by ' + p.proxysql + ': ' +
              mine.map(h => 'hostgroup ' + h.hostgroup + ' (' + h.role + ') ' + (h.servers.length
                ? h.servers.map(srv => srv.instance + ' ' + srv.status + (srv.inView ? '' : ' NOT IN VIEW')).join(', ')
                : 'empty')).join('; ') + (p.error ? ' (last read ' + clock(p.readAt) + ': ' + p.error + ')' : ''));
        }),
        el('div', { class: 'scroll' }, el('table', {},
          el('thead', {}, el('tr', {}, ...['Role', 'Instance', 'State', 'Registered', 'DC', 'Weight', 'Max conn.',
              'Agent'].map(h => el('th', {}, h)))),
          el('tbody', {}, ...(rows.length ? rows : [el('tr', {}, el('td', { colSpan: 8 }, 'no registration'))])))));
    }));

    const lags = Object.fromEntries(doc.syncs.map(l => [l.proxysql, l]));
    replaceRows(document.getElementById('syncs'), (status ? status.syncs : []).map(s => {
      const lag = lags[s.proxysql] || {};
      const state = s.problem ? 'malformed' : (s.converged ? 'ok' : 'not-converged');
      const guards = Object.entries(s.guards || {}).filter(([, g]) => g !== 'ok').map(([k, g]) => k + '=' + g);
      return el('tr', { 'data-proxysql': s.proxysql, 'data-state': state },
        el('td', {}, s.proxysql), el('td', {}, s.mode || '-'),
        el('td', {}, s.appliedZxid === null ? '-' : String(s.appliedZxid)),
        el('td', {}, lag.lagZxid === null || lag.lagZxid === undefined ? '-'
            : lag.lagZxid + ' zxid, ' + age(lag.lagSeconds)),
        el('td', {}, clock(s.appliedAt)),
        el('td', { class: 'wrap' }, badge(state), s.blind ? ' BLIND' : null, s.problem ? ' ' + s.problem : null),
        el('td', { class: 'wrap' }, guards.length ? guards.join(' ') : 'ok'),
        el('td', { class: 'wrap pages' }, pagesOf(s).length ? pagesOf(s).map(([k, t]) => k + '=' + t).join(' ') : '-'),
        el('td', { class: 'wrap settle' }, s.settlingUntil ? badge('settling') : '-',
            s.settlingUntil ? ' until ' + clock(s.settlingUntil) + (s.settleHeldRows === null ? ''
                : ', holding ' + s.settleHeldRows + ' removal' + (s.settleHeldRows === 1 ? '' : 's')) : null));
    }));

    const routed = doc.proxysql || [];
    document.getElementById('routing-note').textContent = routed.length
      ? 'runtime_mysql_servers of each ProxySQL in the hostgroups its sync manages, read through its admin interface; ' +
        'each server checked against the ZooKeeper view.'
      : 'Not read: give serve the syncs\' config files (serve.statusPage.syncConfigs) to see what each ProxySQL routes.';
    document.getElementById('routing').replaceChildren(...routed.map(p => {
      const rows = p.hostgroups.map(h => el('tr', { 'data-hostgroup': String(h.hostgroup) },
        el('td', {}, String(h.hostgroup)), el('td', {}, h.schema), el('td', {}, h.role),
        el('td', { class: 'wrap' }, ...(h.servers.length ? h.servers.flatMap((srv, n) => [n ? el('br') : null,
          el('span', { 'data-server': srv.instance, 'data-status': srv.status, 'data-in-view': String(srv.inView) },
            srv.instance + ' ' + srv.status + ' w=' + srv.weight, srv.inView ? null : ' ',
            srv.inView ? null : badge('not-in-view'))]) : ['—'])),
        el('td', { class: 'wrap' }, h.notRouted.length ? h.notRouted.join(', ') : '—')));
      const lag = p.lagZxid === null ? 'no live sync reports as ' + p.proxysql
        : 'its sync is ' + p.lagZxid + ' zxid behind the view, applied ' + age(p.lagSeconds) + ' ago';
      return el('article', { class: 'schema proxysql' + (p.error ? ' row-not-converged' : ''), 'data-proxysql': p.proxysql },
        el('h3', {}, p.proxysql, p.error ? badge('stale') : null),
        el('p', { class: 'muted' }, 'admin ' + p.admin + ' · read ' + clock(p.readAt) + ' · ' + lag +
            (p.omitted ? ' · ' + p.omitted + ' rows not shown' : '')),
        p.error ? el('p', { class: 'wrap error' }, p.error) : null,
        el('div', { class: 'scroll' }, el('table', {},
          el('thead', {}, el('tr', {}, ...['Hostgroup', 'Schema', 'Role', 'Servers (runtime)', 'Registered, not routed here']
              .map(t => el('th', {}, t)))),
          el('tbody', {}, ...(rows.length ? rows : [el('tr', {}, el('td', { colSpan: 5 }, 'no row in its managed hostgroups'))])))));
    }));

    const quarantines = status ? status.quarantines : [];
    replaceRows(document.getElementById('quarantines'), quarantines.length ? quarantines.map(q =>
      el('tr', { 'data-quarantine': q.instance },
        el('td', {}, q.instance),
        el('td', { class: 'wrap reason' }, q.reason === null ? 'unreadable: ' + q.problem : q.reason),
        el('td', {}, q.createdBy || '-'), el('td', {}, age(q.ageSeconds)),
        el('td', {}, q.registeredAs.length ? q.registeredAs.join(', ') : '-'),
        el('td', { class: 'wrap' }, el('code', {}, doc.clearCommands[q.instance] || '')))) :
      [el('tr', {}, el('td', { colSpan: 6 }, 'none'))]);

    document.getElementById('timeline-note').textContent = 'Changes this serve process has seen in ZooKeeper since ' +
        (doc.eventsSince ? new Date(doc.eventsSince).toLocaleString() : '-') +
        ' (kept in memory, newest first, at most 500; a restart starts it afresh).';
    document.getElementById('timeline').replaceChildren(...doc.events.map(e =>
      el('li', { 'data-kind': e.kind },
        el('time', { dateTime: e.at }, clock(e.at)), el('span', { class: 'kind' }, e.kind), el('span', {}, e.text))));
  }

  function unreachable(text) {
    const banner = document.getElementById('banner');
    banner.hidden = false;
    banner.textContent = text;
  }

  async function poll() {
    try {
      const response = await fetch(DATA_URL, { cache: 'no-store', credentials: 'same-origin' });
      if (response.ok) {
        render(await response.json());
      } else {
        unreachable('the serve process answered ' + response.status + ': reload the page to log in again');
      }
    } catch (e) {
      unreachable('cannot reach the serve process (' + e.message + '): showing the last data');
    }
    window.setTimeout(poll, POLL_MS);
  }

  poll();
})();
