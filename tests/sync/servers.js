// servers.js: the local AWS stand-ins for the sync tests and the benchmark.
// Starts dynalite (DynamoDB) and s3rver (S3) on free ports of 127.0.0.1,
// both accepting one test key pair and refusing any other, creates the
// backend's table (PK/SK, GSI1, GSI2) and bucket, writes the endpoints to
// --ports FILE and runs until killed, until --parent PID is gone, or until
// --lifetime seconds have passed (a bound: a forgotten server never lingers).
'use strict';

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

// The access key id named in a SigV4 Authorization header, or null.
function keyOf(req) {
	const h = req.headers.authorization || '';
	const m = /Credential=([^/,\s]+)\//.exec(h);
	return m ? m[1] : null;
}

async function startDynamo() {
	const dynalite = require('dynalite');
	const server = dynalite({createTableMs: 0, deleteTableMs: 0,
	    updateTableMs: 0, path: path.join(opt.dir, 'dynamo')});
	// dynalite checks the form of a signature, not the key: refuse any
	// key but the test one, as DynamoDB answers an unknown key.
	const inner = server.listeners('request');
	server.removeAllListeners('request');
	server.on('request', (req, res) => {
		if (keyOf(req) !== opt.key) {
			const body = JSON.stringify({
				__type: 'com.amazon.coral.service#UnrecognizedClientException',
				message: 'The security token included in the request is invalid.'});
			res.writeHead(400, {'Content-Type': 'application/x-amz-json-1.0',
			    'Content-Length': Buffer.byteLength(body)});
			res.end(body);
			return;
		}
		for (const h of inner)
			h.call(server, req, res);
	});
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
	    directory: path.join(opt.dir, 's3'), vhostBuckets: false,
	    configureBuckets: [{name: opt.bucket}]});
	const addr = await s3.run();
	return {s3, port: addr.port};
}

async function main() {
	fs.mkdirSync(opt.dir, {recursive: true});
	const ddb = await startDynamo();
	const ddbPort = ddb.address().port;
	await createTable(ddbPort);
	const s3 = await startS3();
	const tmp = opt.ports + '.tmp';
	fs.writeFileSync(tmp, 'DDB_PORT=' + ddbPort + '\nS3_PORT=' + s3.port +
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
