// servers.js: the local AWS stand-ins for the sync tests and the benchmark.
// Starts dynalite (DynamoDB) and s3rver (S3) on free ports of 127.0.0.1,
// each behind a front that checks SigV4 signatures in full for one test
// key pair (neither stand-in does: dynalite checks the form, s3rver the key
// id) and answers a bad one as AWS would, creates the
// backend's table (PK/SK, GSI1, GSI2) and bucket, writes the endpoints to
// --ports FILE and runs until killed, until --parent PID is gone, or until
// --lifetime seconds have passed (a bound: a forgotten server never lingers).
// A test may write DIR/s3-mode to have the S3 front answer as real S3 does
// for a bucket that is not there ("missing-bucket": HEAD 404 with no body),
// a bucket in another region ("other-region": 301 with
// x-amz-bucket-region) or credentials without s3:ListBucket ("no-list":
// HEAD of the bucket 403, and 403, not 404, for a missing object).
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const path = require('path');

function args() {
	const a = {
		key: 'AKIDSTRATUSTEST', secret: 'stratus-test-secret',
		table: 'stratus-test-knowledge-graph', bucket: 'stratus-test-bucket',
		dir: null, ports: null, parent: 0, lifetime: 900, region: 'us-east-1',
	};
	const v = process.argv.slice(2);
	for (let i = 0; i < v.length; i += 2) {
		const k = v[i].replace(/^--/, '');
		if (!(k in a) || i + 1 >= v.length) {
			console.error('servers.js: unknown or incomplete option ' + v[i]);
			process.exit(2);
		}
		a[k] = v[i + 1];
	}
	if (!a.dir || !a.ports) {
		console.error('usage: servers.js --dir DIR --ports FILE [--parent PID]');
		process.exit(2);
	}
	return a;
}

const opt = args();

// SigV4, checked in full as AWS does (dynalite checks only the form of a
// signature and s3rver only the key id): the key, the signature over the
// signed headers, the date, and for S3 x-amz-content-sha256 against the
// payload. Answers what AWS answers for each failure.
function hmac(key, data) {
	return crypto.createHmac('sha256', key).update(data).digest();
}

function sha256hex(data) {
	return crypto.createHash('sha256').update(data).digest('hex');
}

function checkSignature(req, body, service) {
	const h = req.headers.authorization || '';
	const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(h);
	if (!m)
		return ['MissingAuthenticationToken', 'Request is missing a valid SigV4 Authorization header.'];
	const [, key, day, region, svc, signed, signature] = m;
	if (key !== opt.key)
		return ['UnrecognizedClientException', 'The security token included in the request is invalid.'];
	if (svc !== service || region !== opt.region)
		return ['InvalidSignatureException', 'Credential should be scoped to ' + opt.region + '/' + service + '.'];
	const date = req.headers['x-amz-date'] || '';
	const t = Date.parse(date.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'));
	if (!(Math.abs(Date.now() - t) < 15 * 60 * 1000) || date.slice(0, 8) !== day)
		return ['InvalidSignatureException', 'Signature expired or X-Amz-Date is wrong.'];
	const names = signed.split(';');
	if (!names.includes('host'))
		return ['InvalidSignatureException', "'Host' must be a 'SignedHeader' in the AWS Authorization."];
	let payload = sha256hex(body);
	if (service === 's3') {
		const claimed = req.headers['x-amz-content-sha256'];
		if (!claimed)
			return ['InvalidRequest', 'Missing required header for this request: x-amz-content-sha256'];
		if (claimed !== 'UNSIGNED-PAYLOAD' && claimed !== payload)
			return ['XAmzContentSHA256Mismatch', 'The provided x-amz-content-sha256 header does not match what was computed.'];
		payload = claimed;
	}
	const url = new URL(req.url, 'http://x');
	const query = [...url.searchParams.entries()]
	    .map(([k, v]) => [encodeURIComponent(k), encodeURIComponent(v)])
	    .sort((a, b) => a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : 1)
	    .map(([k, v]) => k + '=' + v).join('&');
	const headers = names.map(n => n + ':' +
	    String(req.headers[n] === undefined ? '' : req.headers[n]).trim().replace(/\s+/g, ' ') + '\n').join('');
	const canonical = [req.method, url.pathname, query, headers, signed, payload].join('\n');
	const scope = day + '/' + region + '/' + service + '/aws4_request';
	const toSign = ['AWS4-HMAC-SHA256', date, scope, sha256hex(canonical)].join('\n');
	let k = hmac('AWS4' + opt.secret, day);
	k = hmac(k, region);
	k = hmac(k, service);
	k = hmac(k, 'aws4_request');
	if (hmac(k, toSign).toString('hex') !== signature)
		return [service === 's3' ? 'SignatureDoesNotMatch' : 'InvalidSignatureException',
		    'The request signature we calculated does not match the signature you provided.'];
	return null;
}

function refuse(res, service, code, message) {
	let status, type, body;
	if (service === 's3') {
		status = code === 'InvalidRequest' || code === 'XAmzContentSHA256Mismatch' ? 400 : 403;
		type = 'application/xml';
		body = '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>' + code +
		    '</Code><Message>' + message + '</Message></Error>';
	} else {
		status = code === 'MissingAuthenticationToken' ? 403 : 400;
		type = 'application/x-amz-json-1.0';
		body = JSON.stringify({__type: 'com.amazon.coral.service#' + code, message});
	}
	res.writeHead(status, {'Content-Type': type, 'Content-Length': Buffer.byteLength(body)});
	res.end(body);
}

function s3Mode() {
	try {
		return fs.readFileSync(path.join(opt.dir, 's3-mode'), 'utf8').trim();
	} catch (e) {
		return '';
	}
}

// An S3 error as S3 gives it: XML, but no body at all for a HEAD.
function s3Error(res, req, status, code, message, headers) {
	if (req.method === 'HEAD') {
		res.writeHead(status, headers);
		return res.end();
	}
	const body = '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>' + code +
	    '</Code><Message>' + message + '</Message></Error>';
	res.writeHead(status, Object.assign({'Content-Type': 'application/xml',
	    'Content-Length': Buffer.byteLength(body)}, headers));
	res.end(body);
}

// The answers of the s3-mode file; false: pass the request on.
function s3Answer(req, res, mode) {
	const bucketOnly = new URL(req.url, 'http://x').pathname.replace(/\/+$/, '')
	    .split('/').length === 2;
	if (mode === 'missing-bucket') {
		s3Error(res, req, 404, 'NoSuchBucket', 'The specified bucket does not exist', {});
		return true;
	}
	if (mode === 'other-region') {
		s3Error(res, req, 301, 'PermanentRedirect', 'The bucket you are attempting ' +
		    'to access must be addressed using the specified endpoint.',
		    {'x-amz-bucket-region': 'eu-west-1'});
		return true;
	}
	if (mode === 'no-list' && bucketOnly && req.method === 'HEAD') {
		s3Error(res, req, 403, 'AccessDenied', 'Access Denied', {});
		return true;
	}
	return false;
}

// A front on a free port that checks each request's signature and passes
// the good ones, unchanged, to the stand-in on innerPort.
async function front(innerPort, service) {
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', d => chunks.push(d));
		req.on('end', () => {
			const body = Buffer.concat(chunks);
			const bad = checkSignature(req, body, service);
			if (bad)
				return refuse(res, service, bad[0], bad[1]);
			const mode = service === 's3' ? s3Mode() : '';
			if (mode && s3Answer(req, res, mode))
				return;
			const out = http.request({host: '127.0.0.1', port: innerPort,
			    method: req.method, path: req.url, headers: req.headers}, up => {
				if (mode === 'no-list' && up.statusCode === 404) {
					up.resume();
					return s3Error(res, req, 403, 'AccessDenied', 'Access Denied', {});
				}
				res.writeHead(up.statusCode, up.headers);
				up.pipe(res);
			});
			out.on('error', () => req.socket.destroy());
			out.end(body);
		});
	});
	server.keepAliveTimeout = 30000;
	await new Promise((ok, ko) => {
		server.once('error', ko);
		server.listen(0, '127.0.0.1', ok);
	});
	return server;
}

async function startDynamo() {
	const dynalite = require('dynalite');
	const server = dynalite({createTableMs: 0, deleteTableMs: 0,
	    updateTableMs: 0, path: path.join(opt.dir, 'dynamo')});
	await new Promise((ok, ko) => {
		server.once('error', ko);
		server.listen(0, '127.0.0.1', ok);
	});
	return server;
}

function dynamoCall(port, target, body) {
	const data = JSON.stringify(body);
	const now = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
	return new Promise((ok, ko) => {
		const req = http.request({host: '127.0.0.1', port, method: 'POST', path: '/',
		    headers: {
			'Content-Type': 'application/x-amz-json-1.0',
			'X-Amz-Target': 'DynamoDB_20120810.' + target,
			'X-Amz-Date': now,
			'Authorization': 'AWS4-HMAC-SHA256 Credential=' + opt.key + '/' +
			    now.slice(0, 8) + '/' + opt.region + '/dynamodb/aws4_request, ' +
			    'SignedHeaders=host;x-amz-date, Signature=0',
			'Content-Length': Buffer.byteLength(data)}}, res => {
			let out = '';
			res.on('data', d => { out += d; });
			res.on('end', () => res.statusCode === 200 ? ok(JSON.parse(out)) :
			    ko(new Error(target + ': ' + out)));
		});
		req.on('error', ko);
		req.end(data);
	});
}

async function createTable(port) {
	const S = n => ({AttributeName: n, AttributeType: 'S'});
	await dynamoCall(port, 'CreateTable', {
		TableName: opt.table,
		BillingMode: 'PAY_PER_REQUEST',
		AttributeDefinitions: [S('PK'), S('SK'), S('GSI2PK'), S('updated_at')],
		KeySchema: [{AttributeName: 'PK', KeyType: 'HASH'},
		    {AttributeName: 'SK', KeyType: 'RANGE'}],
		GlobalSecondaryIndexes: [
			{IndexName: 'GSI1', Projection: {ProjectionType: 'ALL'},
			 KeySchema: [{AttributeName: 'SK', KeyType: 'HASH'},
			     {AttributeName: 'PK', KeyType: 'RANGE'}]},
			{IndexName: 'GSI2', Projection: {ProjectionType: 'ALL'},
			 KeySchema: [{AttributeName: 'GSI2PK', KeyType: 'HASH'},
			     {AttributeName: 'updated_at', KeyType: 'RANGE'}]},
		],
	});
	for (let i = 0; i < 100; i++) {
		const d = await dynamoCall(port, 'DescribeTable', {TableName: opt.table});
		if (d.Table.TableStatus === 'ACTIVE')
			return;
		await new Promise(ok => setTimeout(ok, 20));
	}
	throw new Error('table never became ACTIVE');
}

async function startS3() {
	const S3rver = require('s3rver');
	const account = require('s3rver/lib/models/account');
	account.DUMMY_ACCOUNT.revokeAccessKey('S3RVER');
	account.DUMMY_ACCOUNT.createKeyPair(opt.key, opt.secret);
	const s3 = new S3rver({port: 0, address: '127.0.0.1', silent: true,
	    allowMismatchedSignatures: true,
	    directory: path.join(opt.dir, 's3'), vhostBuckets: false,
	    configureBuckets: [{name: opt.bucket}]});
	const addr = await s3.run();
	return {s3, port: addr.port};
}

async function main() {
	fs.mkdirSync(opt.dir, {recursive: true});
	const ddb = await startDynamo();
	await createTable(ddb.address().port);
	const s3 = await startS3();
	const ddbFront = await front(ddb.address().port, 'dynamodb');
	const s3Front = await front(s3.port, 's3');
	const tmp = opt.ports + '.tmp';
	fs.writeFileSync(tmp, 'DDB_PORT=' + ddbFront.address().port +
	    '\nS3_PORT=' + s3Front.address().port +
	    '\nSERVERS_PID=' + process.pid + '\n');
	fs.renameSync(tmp, opt.ports);
	const stop = () => {
		try { ddb.close(); } catch (e) { /* closing anyway */ }
		try { s3.s3.close(); } catch (e) { /* closing anyway */ }
		process.exit(0);
	};
	process.on('SIGTERM', stop);
	process.on('SIGINT', stop);
	setTimeout(stop, Number(opt.lifetime) * 1000).unref();
	const parent = Number(opt.parent);
	if (parent > 0) {
		setInterval(() => {
			try { process.kill(parent, 0); } catch (e) { stop(); }
		}, 500);
	}
}

main().catch(e => {
	console.error('servers.js: ' + (e && e.stack ? e.stack : e));
	process.exit(1);
});
