// apiserver.js: a small stand-in for the backend's public REST read API,
// answering exactly the shapes of ../../shared/CLOUD.md (the node's slug
// in "id", no slug, visibility or created_by; 404 to an anonymous reader
// for a private node; the Spanish body by default, and for English when
// there is no English body), from a fixture file (--data FILE, a JSON
// {"nodes":[{slug,node_type,status,visibility,title,title_es,title_en,
// summary_es,summary_en,tags,created_at,updated_at,body_es,body_en,
// edges:[slug...]}]}), re-read on every request so a test can edit it:
//   GET /health, GET /graph, GET /nodes/{slug}?include_body=true&language=
// Private nodes only with "Authorization: Bearer --token". Every
// --throttle-every Nth request is answered 429 rate_limited. Requests are
// logged to --log.
'use strict';

const fs = require('fs');
const http = require('http');

const opt = {data: null, 'port-file': null, token: '', log: null,
    'throttle-every': '0', parent: '0', lifetime: '900'};
const v = process.argv.slice(2);
for (let i = 0; i < v.length; i += 2) {
	const k = v[i].replace(/^--/, '');
	if (!(k in opt) || i + 1 >= v.length) {
		console.error('apiserver.js: unknown or incomplete option ' + v[i]);
		process.exit(2);
	}
	opt[k] = v[i + 1];
}
let seen = 0;
const log = opt.log ? fs.openSync(opt.log, 'a') : null;

function send(res, status, obj) {
	const body = JSON.stringify(obj);
	res.writeHead(status, {'Content-Type': 'application/json',
	    'Content-Length': Buffer.byteLength(body)});
	res.end(body);
}

// GET /nodes/{id}: the fields of "node", in the backend's order
const META = ['title', 'title_es', 'title_en', 'summary_es', 'summary_en',
    'node_type', 'status', 'tags', 'created_at', 'updated_at'];

// the backend's word count: body.split(/\s+/).length, 0 without a body
const words = b => b === undefined ? 0 : b.split(/\s+/).length;

const server = http.createServer((req, res) => {
	const n = ++seen;
	const te = Number(opt['throttle-every']);
	const throttled = te > 0 && n % te === 0;
	if (log !== null)
		fs.writeSync(log, n + (throttled ? ' 429 ' : ' ') + req.method + ' ' +
		    req.url + '\n');
	if (throttled)
		return send(res, 429, {error: 'rate_limited', message: 'Too many requests'});
	const url = new URL(req.url, 'http://x');
	const authed = opt.token !== '' &&
	    req.headers.authorization === 'Bearer ' + opt.token;
	let data;
	try {
		data = JSON.parse(fs.readFileSync(opt.data, 'utf8'));
	} catch (e) {
		return send(res, 500, {error: 'internal_error', message: String(e)});
	}
	const nodes = data.nodes.filter(x => authed || x.visibility !== 'private');
	if (url.pathname === '/health')
		return send(res, 200, {status: 'healthy', version: '1.0.0',
		    timestamp: new Date().toISOString()});
	if (url.pathname === '/graph') {
		const edges = [];
		for (const x of nodes)
			for (const t of x.edges || [])
				edges.push({source: x.slug, target: t, edge_type: 'related', weight: 1.0});
		return send(res, 200, {
			nodes: nodes.map(x => ({id: x.slug, title: x.title,
			    title_es: x.title_es, title_en: x.title_en,
			    summary_es: x.summary_es, summary_en: x.summary_en,
			    node_type: x.node_type, status: x.status, tags: x.tags,
			    updated_at: x.updated_at, edge_count: (x.edges || []).length})),
			edges,
			meta: {node_count: nodes.length, edge_count: edges.length,
			    generated_at: new Date().toISOString()}});
	}
	const m = /^\/nodes\/([^/]+)$/.exec(url.pathname);
	if (m) {
		const x = nodes.find(y => y.slug === decodeURIComponent(m[1]));
		if (!x)
			return send(res, 404, {error: 'not_found', message: 'Node not found'});
		const node = {id: x.slug};
		for (const k of META)
			if (k in x)
				node[k] = x[k];
		node.word_count_es = words(x.body_es);
		node.word_count_en = words(x.body_en);
		const out = {node,
		    edges: (x.edges || []).map(t => ({target: t, edge_type: 'related', weight: 1.0})),
		    related: []};
		if (url.searchParams.get('include_body') === 'true') {
			const lang = url.searchParams.get('language') || 'es';
			out.body = lang === 'en' && x.body_en !== undefined ? x.body_en : x.body_es;
		}
		return send(res, 200, out);
	}
	return send(res, 404, {error: 'not_found', message: 'No route'});
});

server.listen(0, '127.0.0.1', () => {
	const tmp = opt['port-file'] + '.tmp';
	fs.writeFileSync(tmp, String(server.address().port));
	fs.renameSync(tmp, opt['port-file']);
});
const stop = () => process.exit(0);
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
setTimeout(stop, Number(opt.lifetime) * 1000).unref();
if (Number(opt.parent) > 0) {
	setInterval(() => {
		try { process.kill(Number(opt.parent), 0); } catch (e) { stop(); }
	}, 500);
}
