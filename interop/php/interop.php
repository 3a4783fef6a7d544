<?php
// PHP's SoapClient calling the smsmobile WSDL: every WhatsApp operation and one of each other tag
// (sms, devices, calls, notifications, email), every kind of fault, SOAP 1.1 and 1.2, WS-Security
// UsernameToken. Run by `make interop` (interop/run.py):
//   php interop.php SANDBOX_URL GATEWAY_URL API_KEY GATEWAY_KEY
// The last line printed says how it went; the exit status is non-zero on any failure.

const WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
const WSU = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
const PROFILE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0';
const ERROR_NUMBER = '32470999999';

[, $sandbox, $gateway, $apiKey, $gatewayKey] = $argv;
$checks = 0;
$failures = [];

function check(string $what, bool $ok): void {
    global $checks, $failures;
    $checks++;
    if (!$ok) {
        $failures[] = $what;
    }
}

function control(string $path, array $body): void {
    global $sandbox;
    $context = stream_context_create(['http' => [
        'method' => 'POST',
        'header' => "Content-Type: application/json\r\n",
        'content' => $body ? json_encode($body) : '{}',
    ]]);
    if (file_get_contents("$sandbox/_sandbox/$path", false, $context) === false) {
        throw new RuntimeException("control $path failed");
    }
}

function client(string $base, int $version): SoapClient {
    return new SoapClient("$base/soap?wsdl", [
        'soap_version' => $version,
        'cache_wsdl' => WSDL_CACHE_NONE,
        'exceptions' => true,
        'trace' => true,
    ]);
}

/** The ServiceFault detail of a call that must fail, or null (after noting it) when it did not. */
function fault(string $what, callable $call): ?stdClass {
    try {
        $call();
        check("$what: no fault", false);
    } catch (SoapFault $fault) {
        return $fault->detail->ServiceFault ?? null;
    }
    return null;
}

/** A wsse:Security header with a UsernameToken (PasswordDigest), as the profile writes it.
 *  XSD_ANYXML makes the XML the whole header block, so it carries its own mustUnderstand. */
function username_token(string $password, int $version): SoapHeader {
    $env = $version === SOAP_1_2 ? 'http://www.w3.org/2003/05/soap-envelope'
        : 'http://schemas.xmlsoap.org/soap/envelope/';
    $nonce = random_bytes(16);
    $created = gmdate('Y-m-d\TH:i:s\Z');
    $digest = base64_encode(sha1($nonce . $created . $password, true));
    $xml = '<wsse:Security xmlns:wsse="' . WSSE . '" xmlns:wsu="' . WSU . '" xmlns:env="' . $env
        . '" env:mustUnderstand="1"><wsse:UsernameToken>'
        . '<wsse:Username>php-erp</wsse:Username>'
        . '<wsse:Password Type="' . PROFILE . '#PasswordDigest">' . $digest . '</wsse:Password>'
        . '<wsse:Nonce>' . base64_encode($nonce) . '</wsse:Nonce>'
        . '<wsu:Created>' . $created . '</wsu:Created></wsse:UsernameToken></wsse:Security>';
    return new SoapHeader(WSSE, 'Security', new SoapVar($xml, XSD_ANYXML));
}

function operations_and_faults(int $version): void {
    global $sandbox, $apiKey;
    $v = $version === SOAP_1_2 ? 'soap1.2 ' : 'soap1.1 ';
    control('reset', []);
    control('faults', ['error_recipients' => [ERROR_NUMBER]]);
    control('inbound', ['number' => '32470123456', 'message' => 'hello from php']);
    $ws = client($sandbox, $version);

    $checked = $ws->CheckNumber(['apikey' => $apiKey, 'recipients' => '32470123456']);
    check("{$v}CheckNumber", $checked->whatsapp === '1');
    $media = $version === SOAP_1_2 ? 'application/soap+xml' : 'text/xml';
    check("{$v}content type", stripos($ws->__getLastRequestHeaders(), "Content-Type: $media") !== false);
    $sent = $ws->SendWhatsApp(['apikey' => $apiKey, 'recipients' => '32470123456',
        'message' => 'Hello from PHP', 'waonly' => 'yes']);
    check("{$v}SendWhatsApp", $sent->error === '0' && strlen($sent->id) > 0);
    $failed = $ws->SendWhatsApp(['apikey' => $apiKey, 'recipients' => ERROR_NUMBER,
        'message' => 'this one fails', 'waonly' => 'yes']);
    $resent = $ws->ResendWhatsApp(['apikey' => $apiKey, 'guid' => $failed->id]);
    check("{$v}ResendWhatsApp", $resent->note === 'resent');
    check("{$v}SetRetrieval", $ws->SetRetrieval(['apikey' => $apiKey, 'statut' => '1'])->statut === '1');
    check("{$v}Synchronize", $ws->Synchronize(['apikey' => $apiKey])->expire_at_unix > 0);
    $messages = $ws->GetMessages(['apikey' => $apiKey]);
    check("{$v}GetMessages", ($messages->message->message ?? null) === 'hello from php');

    $code = fault("{$v}service code", fn () => $ws->ResendWhatsApp(['apikey' => $apiKey, 'guid' => 'nope']));
    check("{$v}service code detail", $code !== null && $code->code === '10' && (int) $code->httpStatus === 200);
    $auth = fault("{$v}authentication", fn () => $ws->Synchronize(['apikey' => 'not-the-key']));
    check("{$v}authentication detail", $auth !== null && (int) $auth->httpStatus === 403);
    $invalid = fault("{$v}invalid input", fn () => $ws->CheckNumber(['apikey' => $apiKey, 'recipients' => '12ab']));
    check("{$v}invalid input detail", $invalid !== null && (int) $invalid->httpStatus === 400);
    control('faults', ['rate_limit' => ['requests' => 1, 'per_seconds' => 60]]);
    $ws->Synchronize(['apikey' => $apiKey]);
    $limited = fault("{$v}rate limit", fn () => $ws->Synchronize(['apikey' => $apiKey]));
    check("{$v}rate limit detail", $limited !== null && (int) $limited->httpStatus === 429 && (int) $limited->retryAfter > 0);
    control('faults', ['rate_limit' => null]);
}

function outcome_unknown(): void {
    global $gateway, $gatewayKey;
    control('reset', []);
    control('faults', ['rules' => [['match' => '/sendsms/', 'action' => 'drop', 'when' => 'after']]]);
    $ws = client($gateway, SOAP_1_1);
    $unknown = fault('gateway outcome unknown', fn () => $ws->SendWhatsApp(['apikey' => $gatewayKey,
        'recipients' => '32470123456', 'message' => 'the reply of this one is lost', 'waonly' => 'yes']));
    check('gateway outcome unknown detail', $unknown !== null && $unknown->outcome === 'unknown');
}

function ws_security(): void {
    global $sandbox, $gateway, $apiKey, $gatewayKey;
    control('reset', []);
    $number = ['recipients' => '32470123456'];
    foreach ([SOAP_1_1 => 'soap1.1 ', SOAP_1_2 => 'soap1.2 '] as $version => $v) {
        $ws = client($sandbox, $version);
        check("{$v}wsse sandbox", $ws->__soapCall('CheckNumber', [$number], null, username_token($apiKey, $version))->whatsapp === '1');
        $ws = client($gateway, $version);
        check("{$v}wsse gateway", $ws->__soapCall('CheckNumber', [$number], null, username_token($gatewayKey, $version))->whatsapp === '1');
    }
    $ws = client($sandbox, SOAP_1_1);
    $token = username_token($apiKey, SOAP_1_1);
    $ws->__soapCall('CheckNumber', [$number], null, $token);
    $replayed = fault('wsse replay', fn () => $ws->__soapCall('CheckNumber', [$number], null, $token));
    check('wsse replay refused', $replayed !== null && (int) $replayed->httpStatus === 403);
    $wrong = fault('wsse wrong key', fn () => client($gateway, SOAP_1_1)->__soapCall('CheckNumber', [$number], null, username_token('guess', SOAP_1_1)));
    check('wsse wrong key refused', $wrong !== null && (int) $wrong->httpStatus === 403);
}

/** One operation of each tag beyond WhatsApp (sms, devices, calls, notifications, email), over
 *  the sandbox, and a list through the gateway: records come back as the WSDL types them. */
function account_operations(int $version): void {
    global $sandbox, $gateway, $apiKey, $gatewayKey;
    $v = $version === SOAP_1_2 ? 'soap1.2 ' : 'soap1.1 ';
    control('reset', []);
    control('sms', ['number' => '+32470123456', 'message' => 'an SMS for php', 'sid' => 'sandbox-sid-1']);
    control('calls', ['kind' => 'missed', 'number' => '+32470123457', 'name' => 'Ada', 'sid' => 'sandbox-sid-1']);
    control('mailbox', ['from' => 'ada@example.org', 'subject' => 'Hi php', 'body' => 'Hello']);
    $ws = client($sandbox, $version);
    $sms = $ws->ListReceivedSms(['apikey' => $apiKey]);
    check("{$v}ListReceivedSms", $sms->error === '0' && ($sms->sms->message ?? null) === 'an SMS for php');
    $phones = $ws->ListDevices(['apikey' => $apiKey]);
    check("{$v}ListDevices", ($phones->mobiles->sid ?? null) === 'sandbox-sid-1');
    $missed = $ws->ListMissedCalls(['apikey' => $apiKey, 'limit' => 10]);
    check("{$v}ListMissedCalls", $missed->success === true && ($missed->data->number ?? null) === '+32470123457');
    $notified = $ws->SendNotification(['apikey' => $apiKey, 'sid' => 'sandbox-sid-1', 'message' => 'from php']);
    check("{$v}SendNotification", $notified->success === true && $notified->id > 0);
    $mail = $ws->ListEmails(['apikey' => $apiKey, 'apikeybox' => 'sandbox-mailbox-key', 'mbox' => 'INBOX', 'start' => 0]);
    check("{$v}ListEmails", (int) $mail->total === 1 && ($mail->emails->subject ?? null) === 'Hi php');
    $through = client($gateway, $version)->ListDevices(['apikey' => $gatewayKey]);
    check("{$v}gateway ListDevices", ($through->mobiles->sid ?? null) === 'sandbox-sid-1');
}

/** The README's example ("SOAP from other toolkits"), as written there. */
function readme_example(): void {
    global $sandbox, $apiKey;
    control('reset', []);
    $ws = new SoapClient("$sandbox/soap?wsdl", ['soap_version' => SOAP_1_2]);
    $sent = $ws->SendWhatsApp(['apikey' => $apiKey, 'recipients' => '32470123456',
        'message' => 'Hello from PHP', 'waonly' => 'yes']);
    check('README SendWhatsApp', $sent->error === '0');
    $detail = null;
    try {
        $ws->Synchronize(['apikey' => 'not-the-key']);
    } catch (SoapFault $fault) {
        $detail = $fault->detail->ServiceFault;
    }
    check('README fault detail', $detail !== null && (int) $detail->httpStatus === 403);
}

try {
    readme_example();
    operations_and_faults(SOAP_1_1);
    operations_and_faults(SOAP_1_2);
    account_operations(SOAP_1_1);
    account_operations(SOAP_1_2);
    outcome_unknown();
    ws_security();
} catch (Throwable $error) {
    $failures[] = get_class($error) . ': ' . $error->getMessage();
}
if ($failures) {
    echo 'php soapclient: FAILED ' . count($failures) . " of $checks: " . implode('; ', $failures) . "\n";
    exit(1);
}
echo "php soapclient: ok, $checks checks (SOAP 1.1, SOAP 1.2, WS-Security, the account's tags)\n";
