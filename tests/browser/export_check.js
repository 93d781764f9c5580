// export_check.js: the HTML export in a real browser. Headless Chromium
// is driven over the DevTools protocol on --remote-debugging-pipe (no
// package, no download): it loads the exported file, steps through
// every slide with key events, and checks that
//   - nothing is requested but the file itself (and data: pictures);
//   - within a slide, the <pre> and every text that stays visible keep
//     their position from step to step (nothing moves as steps reveal);
//   - a centred layout's text is centred in the page;
//   - external links are <a target=_blank rel=noopener>, pictures load.
// Screenshots of a few slides go to OUTDIR as artefacts.
// usage: node export_check.js CHROMIUM FILE.html OUTDIR CHECKS.json
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const os = require('os');

const [chromium, file, outdir, checksFile] = process.argv.slice(2);
const checks = JSON.parse(fs.readFileSync(checksFile, 'utf8'));
const scale = Number(process.env.STRATUS_TEST_TIMEOUT_SCALE) || 1;
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'stratus-chromium-'));
const browser = spawn(chromium, [
	'--headless', '--no-sandbox', '--disable-gpu',
	'--disable-background-networking', '--disable-component-update',
	'--disable-sync', '--no-first-run', '--disable-extensions',
	'--disable-default-apps', '--mute-audio', '--hide-scrollbars',
	'--user-data-dir=' + profile, '--remote-debugging-pipe',
	'--window-size=1280,800', 'about:blank',
], { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
let stderr = '';
browser.stderr.on('data', (d) => { stderr += d; });

const pipeOut = browser.stdio[3], pipeIn = browser.stdio[4];
let nextId = 1, pending = new Map(), listeners = [], inbuf = '';
pipeIn.on('data', (d) => {
	inbuf += d.toString('utf8');
	let z;
	while ((z = inbuf.indexOf('\0')) >= 0) {
		const msg = JSON.parse(inbuf.slice(0, z));
		inbuf = inbuf.slice(z + 1);
		if (msg.id && pending.has(msg.id)) {
			const { resolve, reject } = pending.get(msg.id);
			pending.delete(msg.id);
			if (msg.error) reject(new Error(JSON.stringify(msg.error)));
			else resolve(msg.result);
		} else if (msg.method) {
			listeners.forEach((f) => f(msg));
		}
	}
});
function send(method, params, sessionId) {
	const id = nextId++;
	const msg = { id, method, params: params || {} };
	if (sessionId) msg.sessionId = sessionId;
	pipeOut.write(JSON.stringify(msg) + '\0');
	return new Promise((resolve, reject) => {
		pending.set(id, { resolve, reject });
		setTimeout(() => reject(new Error('timeout: ' + method)),
			30000 * scale);
	});
}
function waitEvent(name) {
	return new Promise((resolve, reject) => {
		const t = setTimeout(() => reject(new Error('no ' + name)),
			30000 * scale);
		listeners.push(function f(m) {
			if (m.method === name) {
				clearTimeout(t);
				listeners = listeners.filter((g) => g !== f);
				resolve(m.params);
			}
		});
	});
}

const failures = [];
function check(ok, what) { if (!ok) failures.push(what); }

// In the page: where the current step's pre is, and every visible text
// line in it (text, left, top), via Range rectangles.
const MEASURE = `(() => {
  const sl = document.querySelector('section.slide.on');
  const pre = sl && sl.querySelector('pre.step.on');
  if (!pre) return null;
  const r = pre.getBoundingClientRect();
  // visible text, row by row: its text and the box around it
  const rows = {};
  const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
  let node, row = 0;
  while ((node = walker.nextNode())) {
    let el = node.parentElement, hidden = false;
    while (el && el !== pre) {
      if (getComputedStyle(el).visibility === 'hidden') hidden = true;
      el = el.parentElement;
    }
    const parts = node.data.split('\\n');
    let off = 0;
    parts.forEach((p, i) => {
      if (i > 0) row++;
      const t = p.trim();
      if (t.length && !hidden) {
        const rg = document.createRange();
        const lead = p.length - p.trimStart().length;
        rg.setStart(node, off + lead);
        rg.setEnd(node, off + lead + t.length);
        const b = rg.getBoundingClientRect();
        const o = rows[row] || (rows[row] = { text: '', x: b.left,
          r: b.right, y: Math.round(b.top) });
        o.text += (o.text ? ' ' : '') + t;
        o.x = Math.min(o.x, b.left);
        o.r = Math.max(o.r, b.right);
      }
      off += p.length + 1;
    });
  }
  const seen = {};
  const lines = Object.values(rows).filter((o) => o.text.length >= 4).map((o) => ({
    key: o.text + '@' + (seen[o.text] = (seen[o.text] || 0) + 1),
    text: o.text, x: Math.round(o.x), y: o.y, w: Math.round(o.r - o.x) }));
  const links = [...sl.querySelectorAll('pre.step.on a')].map((a) => ({
    href: a.getAttribute('href'), target: a.target, rel: a.rel }));
  const imgs = [...sl.querySelectorAll('pre.step.on img.pic')].map((i) => ({
    ok: i.complete && i.naturalWidth > 0, data: i.src.startsWith('data:image/') }));
  return { pre: [r.left, r.top, r.width, r.height].map(Math.round),
    vw: document.documentElement.clientWidth, slide: sl.id, lines, links, imgs,
    pos: document.getElementById('pos').textContent };
})()`;

async function main() {
	const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
	const { sessionId } = await send('Target.attachToTarget',
		{ targetId, flatten: true });
	const s = (m, p) => send(m, p, sessionId);
	const requests = [];
	listeners.push((m) => {
		if (m.method === 'Network.requestWillBeSent' && m.sessionId === sessionId)
			requests.push(m.params.request.url);
	});
	await s('Network.enable');
	await s('Page.enable');
	await s('Emulation.setDeviceMetricsOverride',
		{ width: 1280, height: 800, deviceScaleFactor: 1, mobile: false });
	const loaded = waitEvent('Page.loadEventFired');
	const url = 'file://' + path.resolve(file);
	await s('Page.navigate', { url });
	await loaded;
	const evalv = async (expr) => {
		const r = await s('Runtime.evaluate',
			{ expression: expr, returnByValue: true });
		if (r.exceptionDetails)
			throw new Error('in page: ' + JSON.stringify(r.exceptionDetails).slice(0, 400));
		return r.result.value;
	};
	const key = async (k, code) => {
		for (const type of ['keyDown', 'keyUp'])
			await s('Input.dispatchKeyEvent', { type, key: k, code,
				windowsVirtualKeyCode: code === 'ArrowRight' ? 39 : 0 });
	};
	const nslides = await evalv("document.querySelectorAll('section.slide').length");
	const nsteps = await evalv("document.querySelectorAll('pre.step').length");
	let prev = null, preRect = null, seenSteps = 0, centred = 0, links = 0;
	let shots = 0, imgs = 0;
	for (let i = 0; i < nsteps; i++) {
		const m = await evalv(MEASURE);
		check(m, 'step ' + i + ': no step shown');
		if (!m) break;
		seenSteps++;
		// every pre has the frame's size, the same on every slide
		if (!preRect) preRect = m.pre;
		check(m.pre.join() === preRect.join(), `${m.pos}: pre at ${m.pre} not ${preRect}`);
		check(Math.abs(m.pre[0] - (m.vw - m.pre[2]) / 2) <= 2,
			`${m.pos}: pre not centred (${m.pre[0]} of ${m.vw})`);
		if (prev && prev.slide === m.slide) {
			// a text visible in both steps has not moved
			const was = new Map(prev.lines.map((l) => [l.key, l]));
			for (const l of m.lines) {
				const p = was.get(l.key);
				if (p && (p.x !== l.x || p.y !== l.y))
					failures.push(`${m.pos}: "${l.text}" moved from ` +
						`${p.x},${p.y} to ${l.x},${l.y}`);
			}
		}
		for (const c of checks.centred || []) {
			const l = m.lines.find((x) => x.text.includes(c));
			if (!l) continue;
			centred++;
			const mid = l.x + l.w / 2, pmid = m.pre[0] + m.pre[2] / 2;
			check(Math.abs(mid - pmid) < m.pre[2] * 0.03,
				`"${c}" not centred: ${mid} vs ${pmid}`);
		}
		for (const a of m.links) {
			links++;
			check(/^(https?|mailto):/.test(a.href) && a.target === '_blank' &&
				a.rel === 'noopener', 'bad link ' + JSON.stringify(a));
		}
		for (const im of m.imgs) {
			imgs++;
			check(im.ok && im.data, 'picture not loaded from data: ' + JSON.stringify(im));
		}
		if ((checks.shots || []).includes(m.pos.split(' ')[0] | 0) &&
		    (!prev || prev.slide !== m.slide)) {
			// the slide's last step
			const shot = await s('Page.captureScreenshot', { format: 'png' });
			fs.writeFileSync(path.join(outdir, `${checks.name}-${m.slide}-step${i}.png`),
				Buffer.from(shot.data, 'base64'));
			shots++;
		}
		prev = m;
		await key('ArrowRight', 'ArrowRight');
	}
	check(seenSteps === nsteps, `walked ${seenSteps} of ${nsteps} steps`);
	check(nslides > 0, 'no slides');
	if (checks.centred) check(centred > 0, 'no centred text found');
	if (checks.links) check(links >= checks.links, `${links} links, want ${checks.links}`);
	if (checks.pictures) check(imgs >= checks.pictures, `${imgs} pictures, want ${checks.pictures}`);
	const bad = requests.filter((u) => u !== url && !u.startsWith('data:'));
	check(bad.length === 0, 'network requests: ' + bad.join(' '));
	console.log(`${checks.name}: ${nslides} slides, ${seenSteps} steps, ` +
		`${requests.length} requests, ${shots} screenshots`);
}

// End the browser, wait for it, remove its profile; then exit.
function finish(code, text) {
	if (text) console.log(text);
	const done = () => {
		try { fs.rmSync(profile, { recursive: true, force: true }); }
		catch (e) { /* a late write: the temp dir stays */ }
		process.exit(code);
	};
	if (browser.exitCode !== null || browser.signalCode !== null) return done();
	browser.on('exit', done);
	browser.kill('SIGKILL');
}
main().then(() => {
	finish(failures.length ? 1 : 0, failures.length ?
		'FAIL: ' + failures.slice(0, 10).join('\n  ') : '');
}, (e) => finish(1, 'FAIL: ' + e.message + '\n' + stderr.slice(-2000)));
