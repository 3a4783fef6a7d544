// JAX-WS RI (wsimport's classes) calling the smsmobile WSDL: every WhatsApp operation and one of each
// other tag (sms, devices, calls, notifications, email), every kind of fault, SOAP 1.1 and 1.2
// ports, WS-Security UsernameToken. Run by `make interop` (interop/run.py), which passes the
// sandbox and gateway addresses as arguments and reads the last line we print.
package smsmobile.interop;

import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import javax.xml.namespace.QName;
import javax.xml.soap.SOAPElement;
import javax.xml.soap.SOAPEnvelope;
import javax.xml.soap.SOAPHeader;
import javax.xml.soap.SOAPHeaderElement;
import javax.xml.ws.BindingProvider;
import javax.xml.ws.soap.SOAPBinding;
import javax.xml.ws.handler.Handler;
import javax.xml.ws.handler.MessageContext;
import javax.xml.ws.handler.soap.SOAPHandler;
import javax.xml.ws.handler.soap.SOAPMessageContext;
import smsmobile.interop.ws.*;

public final class Interop {
    static final String WSSE =
        "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    static final String WSU =
        "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
    static final String PROFILE =
        "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0";
    static final String ERROR_NUMBER = "32470999999";

    final String sandbox, gateway, apiKey, gatewayKey;
    final List<String> failures = new ArrayList<>();
    int checks = 0;

    Interop(String[] args) {
        sandbox = args[0];
        gateway = args[1];
        apiKey = args[2];
        gatewayKey = args[3];
    }

    void check(String what, boolean ok) {
        checks++;
        if (!ok) failures.add(what);
    }

    interface Call { void run() throws Exception; }

    /** Runs a call that must fail with a ServiceFault; returns its detail (null: it did not). */
    ServiceFault fault(String what, Call call) {
        try {
            call.run();
            check(what + ": no fault", false);
        } catch (ServiceFaultMessage e) {
            return e.getFaultInfo();
        } catch (Exception e) {
            check(what + ": " + e.getClass().getSimpleName() + " " + e.getMessage(), false);
        }
        return null;
    }

    void control(String path, String json) throws Exception {
        HttpURLConnection http = (HttpURLConnection) new URL(sandbox + "/_sandbox/" + path).openConnection();
        http.setRequestMethod("POST");
        http.setDoOutput(true);
        http.setRequestProperty("Content-Type", "application/json");
        try (OutputStream out = http.getOutputStream()) {
            out.write(json.getBytes(StandardCharsets.UTF_8));
        }
        if (http.getResponseCode() >= 300) throw new IllegalStateException(path + " " + http.getResponseCode());
        http.getInputStream().readAllBytes();
    }

    static WhatsAppPortType port(String base, boolean soap12) throws Exception {
        SmsMobileApiWhatsAppService service = new SmsMobileApiWhatsAppService(new URL(base + "/soap?wsdl"));
        return soap12 ? service.getWhatsAppSoap12Port() : service.getWhatsAppSoapPort();
    }

    /** Every operation and every kind of fault over one port of the sandbox. */
    void operationsAndFaults(boolean soap12) throws Exception {
        String v = soap12 ? "soap1.2 " : "soap1.1 ";
        control("reset", "{}");
        control("faults", "{\"error_recipients\": [\"" + ERROR_NUMBER + "\"]}");
        control("inbound", "{\"number\": \"32470123456\", \"message\": \"hello from java\"}");
        WhatsAppPortType ws = port(sandbox, soap12);

        CheckNumberRequest check = new CheckNumberRequest();
        check.setApikey(apiKey);
        check.setRecipients("32470123456");
        check(v + "CheckNumber", "1".equals(ws.checkNumber(check).getWhatsapp()));
        String binding = ((BindingProvider) ws).getBinding().getBindingID();
        check(v + "binding", binding.equals(soap12 ? SOAPBinding.SOAP12HTTP_BINDING : SOAPBinding.SOAP11HTTP_BINDING));

        SendWhatsAppRequest send = new SendWhatsAppRequest();
        send.setApikey(apiKey);
        send.setRecipients("32470123456");
        send.setMessage("Hello from JAX-WS");
        send.setWaonly(YesFlag.YES);
        SendWhatsAppResponse sent = ws.sendWhatsApp(send);
        check(v + "SendWhatsApp", "0".equals(sent.getError()) && sent.getId() != null);

        send.setRecipients(ERROR_NUMBER);
        ResendWhatsAppRequest resend = new ResendWhatsAppRequest();
        resend.setApikey(apiKey);
        resend.setGuid(ws.sendWhatsApp(send).getId());
        check(v + "ResendWhatsApp", "resent".equals(ws.resendWhatsApp(resend).getNote()));

        SetRetrievalRequest retrieval = new SetRetrievalRequest();
        retrieval.setApikey(apiKey);
        retrieval.setStatut("1");
        check(v + "SetRetrieval", "1".equals(ws.setRetrieval(retrieval).getStatut()));

        SynchronizeRequest sync = new SynchronizeRequest();
        sync.setApikey(apiKey);
        check(v + "Synchronize", ws.synchronize(sync).getExpireAtUnix() > 0);

        GetMessagesRequest messages = new GetMessagesRequest();
        messages.setApikey(apiKey);
        List<InboundMessage> got = ws.getMessages(messages).getMessage();
        check(v + "GetMessages", got.size() == 1 && "hello from java".equals(got.get(0).getMessage()));

        resend.setGuid("no-such-guid");
        ServiceFault code = fault(v + "service code", () -> ws.resendWhatsApp(resend));
        check(v + "service code detail", code != null && "10".equals(code.getCode())
            && code.getHttpStatus() == 200);

        sync.setApikey("not-the-key");
        ServiceFault auth = fault(v + "authentication", () -> ws.synchronize(sync));
        check(v + "authentication detail", auth != null && auth.getHttpStatus() == 403);
        sync.setApikey(apiKey);

        check.setRecipients("12ab");
        ServiceFault invalid = fault(v + "invalid input", () -> ws.checkNumber(check));
        check(v + "invalid input detail", invalid != null && invalid.getHttpStatus() == 400);

        control("faults", "{\"rate_limit\": {\"requests\": 1, \"per_seconds\": 60}}");
        ws.synchronize(sync);
        ServiceFault limited = fault(v + "rate limit", () -> ws.synchronize(sync));
        check(v + "rate limit detail", limited != null && limited.getHttpStatus() == 429
            && limited.getRetryAfter() != null && limited.getRetryAfter() > 0);
        control("faults", "{\"rate_limit\": null}");
    }

    /** One operation of each tag beyond WhatsApp (sms, devices, calls, notifications, email), over
     *  the sandbox, and a list through the gateway: records come back as the WSDL types them. */
    void accountOperations(boolean soap12) throws Exception {
        String v = soap12 ? "soap1.2 " : "soap1.1 ";
        control("reset", "{}");
        control("sms", "{\"number\": \"+32470123456\", \"message\": \"an SMS for java\", \"sid\": \"sandbox-sid-1\"}");
        control("calls", "{\"kind\": \"missed\", \"number\": \"+32470123457\", \"name\": \"Ada\", \"sid\": \"sandbox-sid-1\"}");
        control("mailbox", "{\"from\": \"ada@example.org\", \"subject\": \"Hi java\", \"body\": \"Hello\"}");
        WhatsAppPortType ws = port(sandbox, soap12);

        ListReceivedSmsRequest received = new ListReceivedSmsRequest();
        received.setApikey(apiKey);
        List<ReceivedSms> sms = ws.listReceivedSms(received).getSms();
        check(v + "ListReceivedSms", sms.size() == 1 && "an SMS for java".equals(sms.get(0).getMessage()));

        ListDevicesRequest devices = new ListDevicesRequest();
        devices.setApikey(apiKey);
        List<Device> phones = ws.listDevices(devices).getMobiles();
        check(v + "ListDevices", phones.size() == 1 && "sandbox-sid-1".equals(phones.get(0).getSid()));

        ListMissedCallsRequest missed = new ListMissedCallsRequest();
        missed.setApikey(apiKey);
        ListMissedCallsResponse calls = ws.listMissedCalls(missed);
        check(v + "ListMissedCalls", calls.isSuccess() && calls.getData().size() == 1
            && "+32470123457".equals(calls.getData().get(0).getNumber()));

        SendNotificationRequest notify = new SendNotificationRequest();
        notify.setApikey(apiKey);
        notify.setSid("sandbox-sid-1");
        notify.setMessage("from java");
        SendNotificationResponse notified = ws.sendNotification(notify);
        check(v + "SendNotification", notified.isSuccess() && notified.getId() != null && notified.getId() > 0);

        ListEmailsRequest mail = new ListEmailsRequest();
        mail.setApikey(apiKey);
        mail.setApikeybox("sandbox-mailbox-key");
        mail.setMbox("INBOX");
        mail.setStart(0L);
        List<EmailMessage> emails = ws.listEmails(mail).getEmails();
        check(v + "ListEmails", emails.size() == 1 && "Hi java".equals(emails.get(0).getSubject()));

        devices.setApikey(gatewayKey);
        List<Device> through = port(gateway, soap12).listDevices(devices).getMobiles();
        check(v + "gateway ListDevices", through.size() == 1 && "sandbox-sid-1".equals(through.get(0).getSid()));
    }

    /** A send whose upstream reply the gateway lost: outcome "unknown" reaches our code. */
    void outcomeUnknown() throws Exception {
        control("reset", "{}");
        control("faults", "{\"rules\": [{\"match\": \"/sendsms/\", \"action\": \"drop\", \"when\": \"after\"}]}");
        WhatsAppPortType ws = port(gateway, false);
        SendWhatsAppRequest send = new SendWhatsAppRequest();
        send.setApikey(gatewayKey);
        send.setRecipients("32470123456");
        send.setMessage("the reply of this one is lost");
        send.setWaonly(YesFlag.YES);
        ServiceFault unknown = fault("gateway outcome unknown", () -> ws.sendWhatsApp(send));
        check("gateway outcome unknown detail", unknown != null && "unknown".equals(unknown.getOutcome()));
    }

    /** Adds a wsse:Security UsernameToken (PasswordDigest) to every request. */
    static final class UsernameToken implements SOAPHandler<SOAPMessageContext> {
        final String password;
        final byte[] fixedNonce;

        UsernameToken(String password, byte[] fixedNonce) {
            this.password = password;
            this.fixedNonce = fixedNonce;
        }

        @Override
        public boolean handleMessage(SOAPMessageContext context) {
            if (!(Boolean) context.get(MessageContext.MESSAGE_OUTBOUND_PROPERTY)) return true;
            try {
                byte[] nonce = fixedNonce != null ? fixedNonce : new byte[16];
                if (fixedNonce == null) new SecureRandom().nextBytes(nonce);
                String created = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
                MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
                sha1.update(nonce);
                sha1.update(created.getBytes(StandardCharsets.UTF_8));
                sha1.update(password.getBytes(StandardCharsets.UTF_8));
                String digest = Base64.getEncoder().encodeToString(sha1.digest());

                SOAPEnvelope envelope = context.getMessage().getSOAPPart().getEnvelope();
                SOAPHeader header = envelope.getHeader() != null ? envelope.getHeader() : envelope.addHeader();
                SOAPHeaderElement security = header.addHeaderElement(new QName(WSSE, "Security", "wsse"));
                security.setMustUnderstand(true);
                SOAPElement token = security.addChildElement("UsernameToken", "wsse");
                token.addChildElement("Username", "wsse").addTextNode("java-erp");
                SOAPElement pw = token.addChildElement("Password", "wsse");
                pw.setAttribute("Type", PROFILE + "#PasswordDigest");
                pw.addTextNode(digest);
                token.addChildElement("Nonce", "wsse").addTextNode(Base64.getEncoder().encodeToString(nonce));
                token.addChildElement(new QName(WSU, "Created", "wsu")).addTextNode(created);
                context.getMessage().saveChanges();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return true;
        }

        @Override public boolean handleFault(SOAPMessageContext context) { return true; }
        @Override public void close(MessageContext context) { }
        @Override public Set<QName> getHeaders() { return Collections.emptySet(); }
    }

    static WhatsAppPortType withToken(WhatsAppPortType ws, String password, byte[] fixedNonce) {
        List<Handler> chain = new ArrayList<>();
        chain.add(new UsernameToken(password, fixedNonce));
        ((BindingProvider) ws).getBinding().setHandlerChain(chain);
        return ws;
    }

    /** WS-Security: the sandbox (API key) and the held-OAuth2 gateway (gateway key), 1.1 and 1.2. */
    void wsSecurity() throws Exception {
        control("reset", "{}");
        CheckNumberRequest check = new CheckNumberRequest();
        check.setRecipients("32470123456");
        for (boolean soap12 : new boolean[] {false, true}) {
            String v = soap12 ? "soap1.2 " : "soap1.1 ";
            check(v + "wsse sandbox", "1".equals(withToken(port(sandbox, soap12), apiKey, null).checkNumber(check).getWhatsapp()));
            check(v + "wsse gateway", "1".equals(withToken(port(gateway, soap12), gatewayKey, null).checkNumber(check).getWhatsapp()));
        }
        byte[] nonce = new byte[16];
        new SecureRandom().nextBytes(nonce);
        WhatsAppPortType replaying = withToken(port(sandbox, false), apiKey, nonce);
        replaying.checkNumber(check);
        ServiceFault replayed = fault("wsse replay", () -> replaying.checkNumber(check));
        check("wsse replay refused", replayed != null && replayed.getHttpStatus() == 403);
        ServiceFault wrong = fault("wsse wrong key", () -> withToken(port(gateway, false), "guess", null).checkNumber(check));
        check("wsse wrong key refused", wrong != null && wrong.getHttpStatus() == 403);
    }

    /** The README's example ("SOAP from other toolkits"), as written there. */
    void readmeExample() throws Exception {
        control("reset", "{}");
        String base = sandbox;
        SmsMobileApiWhatsAppService service = new SmsMobileApiWhatsAppService(new URL(base + "/soap?wsdl"));
        WhatsAppPortType ws = service.getWhatsAppSoap12Port();
        SendWhatsAppRequest send = new SendWhatsAppRequest();
        send.setApikey(apiKey);
        send.setRecipients("32470123456");
        send.setMessage("Hello from JAX-WS");
        send.setWaonly(YesFlag.YES);
        SendWhatsAppResponse sent = ws.sendWhatsApp(send);
        check("README SendWhatsApp", "0".equals(sent.getError()));
        SynchronizeRequest sync = new SynchronizeRequest();
        sync.setApikey("not-the-key");
        ServiceFault found = null;
        try {
            ws.synchronize(sync);
        } catch (ServiceFaultMessage e) {
            ServiceFault detail = e.getFaultInfo();
            found = detail;
        }
        check("README fault detail", found != null && found.getHttpStatus() == 403);
    }

    public static void main(String[] args) throws Exception {
        Interop run = new Interop(args);
        run.readmeExample();
        run.operationsAndFaults(false);
        run.operationsAndFaults(true);
        run.accountOperations(false);
        run.accountOperations(true);
        run.outcomeUnknown();
        run.wsSecurity();
        if (run.failures.isEmpty()) {
            System.out.println("java jax-ws: ok, " + run.checks + " checks (SOAP 1.1, SOAP 1.2, WS-Security, the account's tags)");
        } else {
            System.out.println("java jax-ws: FAILED " + run.failures.size() + " of " + run.checks + ": " + run.failures);
            System.exit(1);
        }
    }
}
