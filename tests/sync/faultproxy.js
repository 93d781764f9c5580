// faultproxy.js: a fault-injecting HTTP proxy for the sync tests. It sits in
// front of one stand-in (dynalite or s3rver), forwards requests unchanged
// (the Host header too, so SigV4 signatures stay valid) and, by a fixed
// schedule, answers some of them with a fault instead:
//   500        an internal error (DynamoDB JSON or S3 XML)
//   throttle   DynamoDB ProvisionedThroughputExceededException / S3 503 SlowDown
//   throttle2  DynamoDB ThrottlingException / S3 503 SlowDown
//   drop       the connection closed without an answer, request not forwarded
//   lost       the request forwarded, then the connection closed (the
//              answer lost: the write happened)
//   slow       the answer delayed by --slow-ms
//   cut        the request forwarded, then the first half of the answer
//              sent (its headers whole) and the connection closed
//   garble     the request forwarded, and its answer's first edge item
//              made not JSON (brackets balanced): {"S":tru"EDGE#...
//   unprocessed  a BatchWriteItem answered 200 with every item unprocessed
//              (when its turn falls on another call, the next
//              BatchWriteItem gets it, so it lands whatever the order)
// --faults a,b,c is the cycle of kinds; --every N injects one on every Nth
// request; --only OP counts only DynamoDB OP requests (UpdateItem, say);
// --max N bounds the number of faults; --lifetime S bounds the
// process. Every request is logged to --log as "n kind method target".
'use strict';

const fs = require('fs');
const http = require('http');

const opt = {target: null, 'port-file': null, log: null, faults: '500',
    every: '3', max: '1000', 'slow-ms': '1500', parent: '0', lifetime: '900',
    only: ''};
const v = process.argv.slice(2);
for (let i = 0; i < v.length; i += 2) {
	const k = v[i].replace(/^--/, '');
	if (!(k in opt) || i + 1 >= v.length) {
		console.error('faultproxy.js: unknown or incomplete option ' + v[i]);
		process.exit(2);
	}
	opt[k] = v[i + 1];
}
if (!opt.target || !opt['port-file']) {
	console.error('usage: faultproxy.js --target URL --port-file FILE ' +
	    '[--faults 500,throttle,drop,lost,cut,garble,slow,unprocessed] ' +
	    '[--every N] ' +
	    '[--max N] [--slow-ms MS] [--log FILE] [--parent PID]');
	process.exit(2);
}
const target = new URL(opt.target);
const kinds = opt.faults.split(',').filter(Boolean);
const every = Math.max(1, Number(opt.every));
const maxFaults = Number(opt.max);
let seen = 0, injected = 0, owedUnprocessed = false;
const log = opt.log ? fs.openSync(opt.log, 'a') : null;

function note(n, kind, req, op) {
	if (log !== null)
		fs.writeSync(log, n + ' ' + kind + ' ' + req.method + ' ' +
		    (op || req.url) + '\n');
}

function answer(res, status, type, body) {
	res.writeHead(status, {'Content-Type': type,
	    'Content-Length': Buffer.byteLength(body)});
	res.end(body);
}

function dynamoError(res, status, type, message) {
	answer(res, status, 'application/x-amz-json-1.0', JSON.stringify({
	    __type: 'com.amazonaws.dynamodb.v20120810#' + type, message}));
}

function s3Error(res, status, code, message) {
	answer(res, status, 'application/xml',
	    '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>' + code +
	    '</Code><Message>' + message + '</Message></Error>');
}

function forward(req, res, body, after) {
	const out = http.request({host: target.hostname, port: target.port,
	    method: req.method, path: req.url, headers: req.headers}, up => {
		const chunks = [];
		up.on('data', d => chunks.push(d));
		up.on('end', () => {
			if (after === 'lost') {
				req.socket.destroy();
				return;
			}
			let data = Buffer.concat(chunks);
			if (after === 'garble')
				data = Buffer.from(data.toString().replace(
				    '{"S":"EDGE#', '{"S":tru"EDGE#'));
			const h = Object.assign({}, up.headers);
			delete h['transfer-encoding'];
			h['content-length'] = data.length;
			res.writeHead(up.statusCode, h);
			if (after === 'cut') {
				res.write(data.subarray(0, data.length >> 1),
				    () => req.socket.destroy());
				return;
			}
			res.end(data);
		});
	});
	out.on('error', () => req.socket.destroy());
	out.end(body);
}

const server = http.createServer((req, res) => {
	const chunks = [];
	req.on('data', d => chunks.push(d));
	req.on('end', () => {
		const body = Buffer.concat(chunks);
		const op = (req.headers['x-amz-target'] || '').replace(/^.*\./, '');
		const dynamo = op !== '';
		const counted = opt.only === '' || opt.only === op;
		const n = counted ? ++seen : 0;
		let kind = 'ok';
		if (counted && n % every === 0 && injected < maxFaults && kinds.length) {
			kind = kinds[Math.floor(n / every - 1) % kinds.length];
			if (kind === 'unprocessed' && op !== 'BatchWriteItem') {
				owedUnprocessed = true;
				kind = 'ok';
			}
			if (kind !== 'ok')
				injected++;
		} else if (owedUnprocessed && op === 'BatchWriteItem' &&
		    injected < maxFaults) {
			kind = 'unprocessed';
			injected++;
		}
		if (kind === 'unprocessed')
			owedUnprocessed = false;
		note(n, kind, req, op);
		switch (kind) {
		case '500':
			return dynamo ? dynamoError(res, 500, 'InternalServerError',
			    'injected internal error') :
			    s3Error(res, 500, 'InternalError', 'injected internal error');
		case 'throttle':
			return dynamo ? dynamoError(res, 400,
			    'ProvisionedThroughputExceededException', 'injected throttling') :
			    s3Error(res, 503, 'SlowDown', 'Please reduce your request rate.');
		case 'throttle2':
			return dynamo ? dynamoError(res, 400, 'ThrottlingException',
			    'injected throttling') :
			    s3Error(res, 503, 'SlowDown', 'Please reduce your request rate.');
		case 'drop':
			return req.socket.destroy();
		case 'lost':
		case 'cut':
		case 'garble':
			return forward(req, res, body, kind);
		case 'slow':
			return setTimeout(() => forward(req, res, body), Number(opt['slow-ms']));
		case 'unprocessed': {
			const items = JSON.parse(body.toString()).RequestItems || {};
			return answer(res, 200, 'application/x-amz-json-1.0',
			    JSON.stringify({UnprocessedItems: items}));
		}
		default:
			return forward(req, res, body);
		}
	});
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
