// The npm `soap` package calling the smsmobile WSDL: every WhatsApp operation and one of each other
// tag (sms, devices, calls, notifications, email), every kind of fault, SOAP 1.1 and 1.2,
// WS-Security UsernameToken. Run by `make interop` (interop/run.py):
//   node interop.js SANDBOX_URL GATEWAY_URL API_KEY GATEWAY_KEY
// The last line printed says how it went; the exit status is non-zero on any failure.
'use strict';
const crypto = require('crypto');
const soap = require('soap');

const [sandbox, gateway, apiKey, gatewayKey] = process.argv.slice(2);
const ERROR_NUMBER = '32470999999';
const WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
const WSU = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
const PROFILE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0';
let checks = 0;
const failures = [];

function check(what, ok) {
  checks += 1;
  if (!ok) failures.push(what);
}

async function control(path, body) {
  const reply = await fetch(`${sandbox}/_sandbox/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!reply.ok) throw new Error(`control ${path}: ${reply.status}`);
}

/** One port of the WSDL as an object of promise-returning operations. */
async function port(base, soap12, security) {
  const client = await soap.createClientAsync(`${base}/soap?wsdl`, { forceSoap12Headers: soap12 });
  if (security) client.setSecurity(security);
  const methods = client.SmsMobileApiWhatsAppService[soap12 ? 'WhatsAppSoap12Port' : 'WhatsAppSoapPort'];
  const operations = { lastContentType: () => String(client.lastRequestHeaders['Content-Type'] || '') };
  for (const name of Object.keys(methods).filter((key) => key !== 'lastContentType')) {
    operations[name] = (args) => new Promise((resolve, reject) => {
      methods[name](args, (error, result) => (error ? reject(error) : resolve(result)));
    });
  }
  return operations;
}

/** The ServiceFault detail of a call that must fail, or null (after noting it) when it did not. */
async function fault(what, call) {
  try {
    await call();
    check(`${what}: no fault`, false);
  } catch (error) {
    const body = error.root && error.root.Envelope && error.root.Envelope.Body;
    const node = body && body.Fault;
    const detail = node && (node.detail || node.Detail);
    if (!detail || !detail.ServiceFault) check(`${what}: ${error.message}`, false);
    return detail ? detail.ServiceFault : null;
  }
  return null;
}

/** A UsernameToken (PasswordDigest) that sends the same nonce each time: a replay. */
function replayingToken(password) {
  const nonce = crypto.randomBytes(16);
  const created = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const digest = crypto.createHash('sha1')
    .update(Buffer.concat([nonce, Buffer.from(created + password)])).digest('base64');
  const xml = `<wsse:Security xmlns:wsse="${WSSE}" xmlns:wsu="${WSU}"><wsse:UsernameToken>`
    + '<wsse:Username>node-erp</wsse:Username>'
    + `<wsse:Password Type="${PROFILE}#PasswordDigest">${digest}</wsse:Password>`
    + `<wsse:Nonce>${nonce.toString('base64')}</wsse:Nonce>`
    + `<wsu:Created>${created}</wsu:Created></wsse:UsernameToken></wsse:Security>`;
  return { toXML: () => xml, addOptions: () => {}, addHeaders: () => {} };
}

const digestToken = (password) => new soap.WSSecurity('node-erp', password, {
  passwordType: 'PasswordDigest', hasNonce: true, hasTimeStamp: false, mustUnderstand: true,
});

async function operationsAndFaults(soap12) {
  const v = soap12 ? 'soap1.2 ' : 'soap1.1 ';
  await control('reset', {});
  await control('faults', { error_recipients: [ERROR_NUMBER] });
  await control('inbound', { number: '32470123456', message: 'hello from node' });
  const ws = await port(sandbox, soap12);

  check(`${v}CheckNumber`, (await ws.CheckNumber({ apikey: apiKey, recipients: '32470123456' })).whatsapp === '1');
  check(`${v}content type`, ws.lastContentType().startsWith(soap12 ? 'application/soap+xml' : 'text/xml'));
  const sent = await ws.SendWhatsApp({ apikey: apiKey, recipients: '32470123456', message: 'Hello from node', waonly: 'yes' });
  check(`${v}SendWhatsApp`, sent.error === '0' && Boolean(sent.id));
  const failed = await ws.SendWhatsApp({ apikey: apiKey, recipients: ERROR_NUMBER, message: 'this one fails', waonly: 'yes' });
  check(`${v}ResendWhatsApp`, (await ws.ResendWhatsApp({ apikey: apiKey, guid: failed.id })).note === 'resent');
  check(`${v}SetRetrieval`, (await ws.SetRetrieval({ apikey: apiKey, statut: '1' })).statut === '1');
  check(`${v}Synchronize`, Number((await ws.Synchronize({ apikey: apiKey })).expire_at_unix) > 0);
  const messages = [].concat((await ws.GetMessages({ apikey: apiKey })).message || []);
  check(`${v}GetMessages`, messages.length === 1 && messages[0].message === 'hello from node');

  const code = await fault(`${v}service code`, () => ws.ResendWhatsApp({ apikey: apiKey, guid: 'nope' }));
  check(`${v}service code detail`, code !== null && code.code === '10' && Number(code.httpStatus) === 200);
  const auth = await fault(`${v}authentication`, () => ws.Synchronize({ apikey: 'not-the-key' }));
  check(`${v}authentication detail`, auth !== null && Number(auth.httpStatus) === 403);
  const invalid = await fault(`${v}invalid input`, () => ws.CheckNumber({ apikey: apiKey, recipients: '12ab' }));
  check(`${v}invalid input detail`, invalid !== null && Number(invalid.httpStatus) === 400);
  await control('faults', { rate_limit: { requests: 1, per_seconds: 60 } });
  await ws.Synchronize({ apikey: apiKey });
  const limited = await fault(`${v}rate limit`, () => ws.Synchronize({ apikey: apiKey }));
  check(`${v}rate limit detail`, limited !== null && Number(limited.httpStatus) === 429 && Number(limited.retryAfter) > 0);
  await control('faults', { rate_limit: null });
}

/** One operation of each tag beyond WhatsApp (sms, devices, calls, notifications, email), over
 *  the sandbox, and a list through the gateway: records come back as the WSDL types them. */
async function accountOperations(soap12) {
  const v = soap12 ? 'soap1.2 ' : 'soap1.1 ';
  await control('reset', {});
  await control('sms', { number: '+32470123456', message: 'an SMS for node', sid: 'sandbox-sid-1' });
  await control('calls', { kind: 'missed', number: '+32470123457', name: 'Ada', sid: 'sandbox-sid-1' });
  await control('mailbox', { from: 'ada@example.org', subject: 'Hi node', body: 'Hello' });
  const ws = await port(sandbox, soap12);
  const list = (value) => [].concat(value || []);
  const sms = await ws.ListReceivedSms({ apikey: apiKey });
  check(`${v}ListReceivedSms`, sms.error === '0' && list(sms.sms).length === 1 && list(sms.sms)[0].message === 'an SMS for node');
  const phones = list((await ws.ListDevices({ apikey: apiKey })).mobiles);
  check(`${v}ListDevices`, phones.length === 1 && phones[0].sid === 'sandbox-sid-1');
  const missed = await ws.ListMissedCalls({ apikey: apiKey, limit: 10 });
  check(`${v}ListMissedCalls`, String(missed.success) === 'true' && list(missed.data)[0].number === '+32470123457');
  const notified = await ws.SendNotification({ apikey: apiKey, sid: 'sandbox-sid-1', message: 'from node' });
  check(`${v}SendNotification`, String(notified.success) === 'true' && Number(notified.id) > 0);
  const mail = await ws.ListEmails({ apikey: apiKey, apikeybox: 'sandbox-mailbox-key', mbox: 'INBOX', start: 0 });
  check(`${v}ListEmails`, Number(mail.total) === 1 && list(mail.emails)[0].subject === 'Hi node');
  const through = list((await (await port(gateway, soap12)).ListDevices({ apikey: gatewayKey })).mobiles);
  check(`${v}gateway ListDevices`, through.length === 1 && through[0].sid === 'sandbox-sid-1');
}

async function outcomeUnknown() {
  await control('reset', {});
  await control('faults', { rules: [{ match: '/sendsms/', action: 'drop', when: 'after' }] });
  const ws = await port(gateway, false);
  const unknown = await fault('gateway outcome unknown', () => ws.SendWhatsApp({
    apikey: gatewayKey, recipients: '32470123456', message: 'the reply of this one is lost', waonly: 'yes',
  }));
  check('gateway outcome unknown detail', unknown !== null && unknown.outcome === 'unknown');
}

async function wsSecurity() {
  await control('reset', {});
  const number = { recipients: '32470123456' };
  for (const soap12 of [false, true]) {
    const v = soap12 ? 'soap1.2 ' : 'soap1.1 ';
    check(`${v}wsse sandbox`, (await (await port(sandbox, soap12, digestToken(apiKey))).CheckNumber(number)).whatsapp === '1');
    check(`${v}wsse gateway`, (await (await port(gateway, soap12, digestToken(gatewayKey))).CheckNumber(number)).whatsapp === '1');
  }
  const replaying = await port(sandbox, false, replayingToken(apiKey));
  await replaying.CheckNumber(number);
  const replayed = await fault('wsse replay', () => replaying.CheckNumber(number));
  check('wsse replay refused', replayed !== null && Number(replayed.httpStatus) === 403);
  const guessing = await port(gateway, false, digestToken('guess'));
  const wrong = await fault('wsse wrong key', () => guessing.CheckNumber(number));
  check('wsse wrong key refused', wrong !== null && Number(wrong.httpStatus) === 403);
}

(async () => {
  try {
    await operationsAndFaults(false);
    await operationsAndFaults(true);
    await accountOperations(false);
    await accountOperations(true);
    await outcomeUnknown();
    await wsSecurity();
  } catch (error) {
    failures.push(`${error.constructor.name}: ${error.message}`);
  }
  if (failures.length) {
    console.log(`node soap: FAILED ${failures.length} of ${checks}: ${failures.join('; ')}`);
    process.exit(1);
  }
  console.log(`node soap: ok, ${checks} checks (SOAP 1.1, SOAP 1.2, WS-Security, the account's tags)`);
})();
