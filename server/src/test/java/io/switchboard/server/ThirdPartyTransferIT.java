package io.switchboard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.config.DemoInstance;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.FreePorts;
import io.switchboard.testkit.PackagedServer;
import io.switchboard.testkit.RtpPeer;
import io.switchboard.testkit.Sipp;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Transfer to phone number" (TransferParticipantToThirdParty) on the packaged jar: a SIPp caller reaches a
 * DID whose flow dials {@value #THIRD_PARTY} through the demo trunk, whose outbound destination is a SIPp UAS on
 * loopback playing the third party. {@link RtpPeer}s are the media of caller and third party. Which branch
 * the flow took is read from the flow logs; what the caller hears while the third party rings (ringback, or the
 * far end's early media) from the caller's RTP. Each test makes its own call on one shared server, one at a
 * time (the third party's port is fixed in the instance).
 */
class ThirdPartyTransferIT {
    private static final int PCMU = RtpPeer.PCMU;
    private static final int TELEPHONE_EVENT = 101;
    private static final String THIRD_PARTY = "+15550199";
    /** The number as the trunk's outbound rule (+1 dropped) writes it in the INVITE. */
    private static final String THIRD_PARTY_ON_TRUNK = "5550199";
    /** The caller ID the resuming flow sets; the hand-over flow sets none, so the trunk's applies. */
    private static final String FLOW_CALLER_ID = "+15550142";
    private static final String FLOW_CALLER_NAME = "Switchboard Support";
    private static final String TRUNK_CALLER_ID = "+15550100";
    private static final String TRUNK_CALLER_NAME = "Switchboard Demo";
    private static final String RESUMING_DID = "+15550111";
    private static final String HANDOVER_DID = "+15550112";
    /** Long enough to ring into the second ringback cadence (2 s on, 4 s off, on again at 6 s). */
    private static final int TIME_LIMIT_SECONDS = 7;
    private static final String DIGITS = "12,#";
    private static final Duration SIPP_LIMIT = Duration.ofSeconds(40);

    /** Resumes after the third party hangs up; every branch has its own block, so the flow log shows it. */
    private static final String RESUMING_FLOW = """
            {"Version": "2019-10-30", "StartAction": "log", "Actions": [
             {"Identifier": "log", "Type": "UpdateFlowLoggingBehavior",
              "Parameters": {"FlowLoggingBehavior": "Enabled"}, "Transitions": {"NextAction": "dial"}},
             {"Identifier": "dial", "Type": "TransferParticipantToThirdParty",
              "Parameters": {"ThirdPartyPhoneNumber": "%s", "ThirdPartyConnectionTimeLimitSeconds": "%d",
                "ContinueFlowExecution": "True", "ThirdPartyDTMFDigits": "%s",
                "CallerId": {"Number": "%s", "Name": "%s"}},
              "Transitions": {"NextAction": "after-transfer", "Errors": [
                {"NextAction": "call-failed", "ErrorType": "CallFailed"},
                {"NextAction": "no-answer", "ErrorType": "ConnectionTimeLimitExceeded"},
                {"NextAction": "bye", "ErrorType": "NoMatchingError"}]}},
             {"Identifier": "after-transfer", "Type": "MessageParticipant", "Parameters": {"PromptId": "goodbye"},
              "Transitions": {"NextAction": "bye", "Errors": [{"NextAction": "bye", "ErrorType": "NoMatchingError"}]}},
             {"Identifier": "call-failed", "Type": "MessageParticipant", "Parameters": {"PromptId": "goodbye"},
              "Transitions": {"NextAction": "bye", "Errors": [{"NextAction": "bye", "ErrorType": "NoMatchingError"}]}},
             {"Identifier": "no-answer", "Type": "MessageParticipant", "Parameters": {"PromptId": "goodbye"},
              "Transitions": {"NextAction": "bye", "Errors": [{"NextAction": "bye", "ErrorType": "NoMatchingError"}]}},
             {"Identifier": "bye", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}}]}
            """.formatted(THIRD_PARTY, TIME_LIMIT_SECONDS, DIGITS, FLOW_CALLER_ID, FLOW_CALLER_NAME);
    /** Hands the caller over for good: the flow ends its part once the third party answers. */
    private static final String HANDOVER_FLOW = """
            {"Version": "2019-10-30", "StartAction": "log", "Actions": [
             {"Identifier": "log", "Type": "UpdateFlowLoggingBehavior",
              "Parameters": {"FlowLoggingBehavior": "Enabled"}, "Transitions": {"NextAction": "dial"}},
             {"Identifier": "dial", "Type": "TransferParticipantToThirdParty",
              "Parameters": {"ThirdPartyPhoneNumber": "%s", "ContinueFlowExecution": "False"},
              "Transitions": {"Errors": [{"NextAction": "bye", "ErrorType": "NoMatchingError"}]}},
             {"Identifier": "bye", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}}]}
            """.formatted(THIRD_PARTY);

    /** The port of the SIPp UAS playing the third party: the trunk's outbound destination in the instance. */
    private static final int THIRD_PARTY_PORT = FreePorts.tcpAndUdp();
    @RegisterExtension
    static final PackagedServer server = PackagedServer.instance(ThirdPartyTransferIT::instance);
    @TempDir
    static Path work;

    private static Path instance(Path workDir) throws Exception {
        Path instance = DemoInstance.extractTo(workDir.resolve("instance"));
        Files.writeString(instance.resolve("flows/transfer-resume.json"), RESUMING_FLOW);
        Files.writeString(instance.resolve("flows/transfer-handover.json"), HANDOVER_FLOW);
        Path yaml = instance.resolve("instance.yaml");
        String demo = Files.readString(yaml);
        String edited = demo.replace("address: \"127.0.0.1:5070\"", "address: \"127.0.0.1:" + THIRD_PARTY_PORT + "\"")
                // The carrier wants national numbers: the outbound rule drops the country code.
                .replace("    numberRules:\n", "    numberRules:\n"
                        + "      - { direction: outbound, match: \"\\\\+1(\\\\d+)\", replace: \"$1\" }\n")
                .replace("phoneNumbers:\n", "phoneNumbers:\n"
                        + "  - { number: \"" + RESUMING_DID + "\", flow: transfer-resume }\n"
                        + "  - { number: \"" + HANDOVER_DID + "\", flow: transfer-handover }\n");
        assertTrue(edited.contains(":" + THIRD_PARTY_PORT + "\"") && edited.contains(RESUMING_DID)
                        && edited.contains("direction: outbound"),
                "the demo's instance.yaml changed shape; update this test");
        Files.writeString(yaml, edited);
        return instance;
    }

    @Test
    void answeredTransferBridgesAudioSendsDigitsAndResumesTheFlowWhenTheThirdPartyHangsUp() throws Exception {
        try (RtpPeer caller = RtpPeer.open(); RtpPeer thirdParty = RtpPeer.open();
             Sipp.Running uas = thirdParty("answers", "third_party_answers.xml", thirdParty, Duration.ofSeconds(8));
             Sipp.Running uac = call("resume-caller", RESUMING_DID, caller)) {
            String contact = IvrCall.follow(server, uac, caller).contactId();
            Sipp.Message invite = uas.awaitReceived(m -> m.startsWith("INVITE "), Duration.ofSeconds(10));
            assertEquals("INVITE sip:" + THIRD_PARTY_ON_TRUNK + "@127.0.0.1:" + THIRD_PARTY_PORT + " SIP/2.0",
                    invite.startLine());
            assertTrue(invite.header("From").startsWith("\"" + FLOW_CALLER_NAME + "\" <sip:" + FLOW_CALLER_ID + "@"),
                    invite.text());
            Sipp.Message answer = uac.awaitReceived(m -> m.startsWith("SIP/2.0 200") && m.contains("INVITE"),
                    Duration.ofSeconds(10));
            caller.remote(new InetSocketAddress("127.0.0.1", answer.audioPort()));
            thirdParty.remote(new InetSocketAddress("127.0.0.1", invite.audioPort()));

            // The digits go out once the third party answered and the bridge is up: "12", a pause, "#".
            List<DigitHeard> digits = awaitDigits(thirdParty, 3, Duration.ofSeconds(6));
            assertEquals("12#", digits.stream().map(d -> String.valueOf(d.digit())).reduce("", String::concat),
                    digits.toString());
            long pauseMillis = (digits.get(2).firstNanos() - digits.get(1).lastNanos()) / 1_000_000;
            assertTrue(pauseMillis >= 400, "the comma should pause 500 ms, paused " + pauseMillis + " ms");

            // Both talk at once; each hears the other's tone through the bridge (and no longer the ringback).
            caller.clearReceived();
            Thread callerTalks = new Thread(() -> caller.sendTone(700, 8000, Duration.ofSeconds(1), PCMU), "caller");
            callerTalks.start();
            thirdParty.sendTone(1100, 8000, Duration.ofSeconds(1), PCMU);
            callerTalks.join(5000);
            List<RtpPeer.Received> atThirdParty = thirdParty.await(p -> p.payloadType() == PCMU, 40, Duration.ofSeconds(3));
            List<RtpPeer.Received> atCaller = caller.await(p -> p.payloadType() == PCMU, 40, Duration.ofSeconds(3));
            assertTrue(atThirdParty.size() >= 40 && atCaller.size() >= 40,
                    "audio packets through the bridge: " + atThirdParty.size() + " to the third party, "
                            + atCaller.size() + " to the caller");
            double callerTone = RtpPeer.toneShare(RtpPeer.decode(atThirdParty, PCMU), 700);
            double thirdPartyTone = RtpPeer.toneShare(RtpPeer.decode(atCaller, PCMU), 1100);
            assertTrue(callerTone > 0.5, "the third party does not hear the caller's tone: " + callerTone);
            assertTrue(thirdPartyTone > 0.5, "the caller does not hear the third party's tone: " + thirdPartyTone);

            // Keys the caller presses reach the third party (an IVR there, say) as RFC 4733 events.
            thirdParty.clearReceived();
            caller.sendDtmfEvents("5", TELEPHONE_EVENT, PCMU);
            List<DigitHeard> pressed = awaitDigits(thirdParty, 1, Duration.ofSeconds(3));
            assertEquals('5', pressed.get(0).digit(), pressed.toString());

            // The third party hangs up: the caller is back in the flow and hears its goodbye prompt.
            caller.clearReceived();
            Sipp.Result thirdPartyResult = uas.awaitResult(SIPP_LIMIT);
            assertEquals(0, thirdPartyResult.exitCode(), thirdPartyResult.describe());
            List<RtpPeer.Received> goodbye = caller.await(p -> p.payloadType() == PCMU, 50, Duration.ofSeconds(5));
            assertEquals(50, goodbye.size(), "no prompt after the third party left");
            double match = PromptAudio.bestCorrelation(RtpPeer.decode(goodbye, PCMU),
                    server.instanceDir().resolve("prompts/goodbye.wav"));
            assertTrue(match > 0.95, "the caller does not hear goodbye.wav (correlation " + match + ")");

            Sipp.Result callerResult = uac.awaitResult(SIPP_LIMIT);
            assertEquals(0, callerResult.exitCode(), callerResult.describe());
            IvrCall.follow(server, uac, caller).awaitEnded(contact, "CONTACT_FLOW_DISCONNECT");
            Map<String, String> results = flowResults(contact);
            assertEquals("Connected", results.get("dial"), results.toString());
            assertEquals(List.of("log", "dial", "after-transfer", "bye"), List.copyOf(results.keySet()));
        }
    }

    @Test
    void handedOverCallerIsHungUpWhenTheThirdPartyHangsUp() throws Exception {
        try (RtpPeer caller = RtpPeer.open(); RtpPeer thirdParty = RtpPeer.open();
             Sipp.Running uas = thirdParty("answers-handover", "third_party_answers.xml", thirdParty,
                     Duration.ofSeconds(2));
             Sipp.Running uac = call("handover-caller", HANDOVER_DID, caller)) {
            String contact = IvrCall.follow(server, uac, caller).contactId();
            Sipp.Message invite = uas.awaitReceived(m -> m.startsWith("INVITE "), Duration.ofSeconds(10));
            assertTrue(invite.header("From").startsWith("\"" + TRUNK_CALLER_NAME + "\" <sip:" + TRUNK_CALLER_ID + "@"),
                    invite.text());

            Sipp.Result thirdPartyResult = uas.awaitResult(SIPP_LIMIT);
            assertEquals(0, thirdPartyResult.exitCode(), thirdPartyResult.describe());
            Sipp.Result callerResult = uac.awaitResult(SIPP_LIMIT);
            assertEquals(0, callerResult.exitCode(), "the caller was not hung up: " + callerResult.describe());
            IvrCall.follow(server, uac, caller).awaitEnded(contact, "THIRD_PARTY_DISCONNECT");
            Map<String, String> results = flowResults(contact);
            assertEquals("Transferred", results.get("dial"), results.toString());
            assertEquals(List.of("log", "dial"), List.copyOf(results.keySet()));
        }
    }

    @Test
    void busyThirdPartyTakesTheCallFailedBranch() throws Exception {
        try (RtpPeer caller = RtpPeer.open(); RtpPeer thirdParty = RtpPeer.open();
             Sipp.Running uas = thirdParty("busy", "third_party_busy.xml", thirdParty, null);
             Sipp.Running uac = call("busy-caller", RESUMING_DID, caller)) {
            String contact = IvrCall.follow(server, uac, caller).contactId();
            Sipp.Result thirdPartyResult = uas.awaitResult(SIPP_LIMIT);
            assertEquals(0, thirdPartyResult.exitCode(), thirdPartyResult.describe());
            Sipp.Result callerResult = uac.awaitResult(SIPP_LIMIT);
            assertEquals(0, callerResult.exitCode(), callerResult.describe());
            IvrCall.follow(server, uac, caller).awaitEnded(contact, "CONTACT_FLOW_DISCONNECT");
            Map<String, String> results = flowResults(contact);
            assertTrue(results.get("dial").startsWith("CallFailed"), results.toString());
            assertTrue(results.get("dial").contains("486"), results.toString());
            assertEquals(List.of("log", "dial", "call-failed", "bye"), List.copyOf(results.keySet()));
        }
    }

    @Test
    void thirdPartyThatOnlyRingsIsCancelledAndTheTimeoutBranchRunsAfterTheTimeLimit() throws Exception {
        try (RtpPeer caller = RtpPeer.open(); RtpPeer thirdParty = RtpPeer.open();
             Sipp.Running uas = thirdParty("rings", "third_party_rings.xml", thirdParty, null);
             Sipp.Running uac = call("rings-caller", RESUMING_DID, caller)) {
            String contact = IvrCall.follow(server, uac, caller).contactId();
            // The UAS scenario passes only when the edge CANCELs the ringing INVITE.
            Sipp.Result thirdPartyResult = uas.awaitResult(SIPP_LIMIT);
            assertEquals(0, thirdPartyResult.exitCode(), thirdPartyResult.describe());
            Sipp.Result callerResult = uac.awaitResult(SIPP_LIMIT);
            assertEquals(0, callerResult.exitCode(), callerResult.describe());
            IvrCall.follow(server, uac, caller).awaitEnded(contact, "CONTACT_FLOW_DISCONNECT");
            Map<String, String> results = flowResults(contact);
            assertTrue(results.get("dial").startsWith("ConnectionTimeLimitExceeded"), results.toString());
            assertEquals(List.of("log", "dial", "no-answer", "bye"), List.copyOf(results.keySet()));
            Duration rang = Duration.between(flowStart(contact, "dial"), flowStart(contact, "no-answer"));
            assertTrue(rang.toMillis() >= TIME_LIMIT_SECONDS * 1000L - 100,
                    "the timeout branch ran " + rang.toMillis() + " ms after the dial began");

            // What the caller heard: the ringback from the 180 until the time limit, then the timeout branch's
            // prompt. The relay marks the first packet of each new source (RFC 3550 marker bit).
            List<RtpPeer.Received> heard = caller.received().stream().filter(p -> p.payloadType() == PCMU).toList();
            List<Integer> starts = new ArrayList<>();
            for (int i = 0; i < heard.size(); i++) {
                if (heard.get(i).marker()) {
                    starts.add(i);
                }
            }
            assertEquals(2, starts.size(), "two sources, ringback then the prompt; they start at packets " + starts);
            assertEquals(0, starts.get(0), "the ringback is the first thing the caller hears");
            short[] ringback = RtpPeer.decode(heard.subList(0, starts.get(1)), PCMU);
            short[] prompt = RtpPeer.decode(heard.subList(starts.get(1), heard.size()), PCMU);
            assertTrue(ringback.length >= 6250 * 8,
                    "the caller heard " + ringback.length / 8 + " ms of ringback in a " + TIME_LIMIT_SECONDS + " s limit");
            assertRingbackTone(ringback, 100, "the first 2 s");
            for (int ms = 2100; ms < 5900; ms += 200) {
                assertSilent(ringback, ms, "the 4 s pause");
            }
            assertRingbackTone(ringback, 6020, "the second cadence");
            double match = PromptAudio.bestCorrelation(prompt, server.instanceDir().resolve("prompts/goodbye.wav"));
            assertTrue(match > 0.95, "after the ringback the caller does not hear goodbye.wav whole (correlation "
                    + match + ")");
        }
    }

    @Test
    void thirdPartyEarlyMediaIsHeardBeforeTheAnswerAndTheAnswersSdpReplacesIt() throws Exception {
        try (RtpPeer caller = RtpPeer.open(); RtpPeer announcement = RtpPeer.open(); RtpPeer thirdParty = RtpPeer.open();
             Sipp.Running uas = thirdParty("early-media", "third_party_early_media.xml", thirdParty, Duration.ofSeconds(8),
                     "-key", "early_rtp_port", Integer.toString(announcement.port()));
             Sipp.Running uac = call("early-media-caller", RESUMING_DID, caller)) {
            String contact = IvrCall.follow(server, uac, caller).contactId();
            Sipp.Message invite = uas.awaitReceived(m -> m.startsWith("INVITE "), Duration.ofSeconds(10));
            Sipp.Message answer = uac.awaitReceived(m -> m.startsWith("SIP/2.0 200") && m.contains("INVITE"),
                    Duration.ofSeconds(10));
            caller.remote(new InetSocketAddress("127.0.0.1", answer.audioPort()));
            InetSocketAddress edge = new InetSocketAddress("127.0.0.1", invite.audioPort());

            // The far end's announcement (a 1000 Hz tone) reaches the caller while SIPp holds its 200 back.
            announcement.remote(edge);
            announcement.sendTone(1000, 8000, Duration.ofSeconds(1), PCMU);
            List<RtpPeer.Received> early = caller.await(p -> p.payloadType() == PCMU, 30, Duration.ofSeconds(2));
            assertTrue(uas.messages().stream().noneMatch(m -> !m.received() && m.text().startsWith("SIP/2.0 200")),
                    "the third party answered before the test could listen to its early media");
            assertTrue(early.size() >= 30, "the caller heard " + early.size() + " packets of early media");
            double announced = RtpPeer.toneShare(RtpPeer.decode(early, PCMU), 1000);
            assertTrue(announced > 0.5, "the caller does not hear the early media: " + announced);

            // The 200 moves the media to the answering phone's address; the announcement peer hears nothing more.
            uas.awaitReceived(m -> m.startsWith("ACK "), Duration.ofSeconds(10));
            // The digits go out once the answer is bridged: hearing them shows the bridge is up.
            awaitDigits(thirdParty, 3, Duration.ofSeconds(6));
            thirdParty.remote(edge);
            announcement.clearReceived();
            caller.clearReceived();
            Thread callerTalks = new Thread(() -> caller.sendTone(700, 8000, Duration.ofSeconds(1), PCMU), "caller");
            callerTalks.start();
            thirdParty.sendTone(1100, 8000, Duration.ofSeconds(1), PCMU);
            callerTalks.join(5000);
            List<RtpPeer.Received> atThirdParty = thirdParty.await(p -> p.payloadType() == PCMU, 40, Duration.ofSeconds(3));
            List<RtpPeer.Received> atCaller = caller.await(p -> p.payloadType() == PCMU, 40, Duration.ofSeconds(3));
            assertTrue(RtpPeer.toneShare(RtpPeer.decode(atThirdParty, PCMU), 700) > 0.5,
                    "the answering phone does not hear the caller");
            assertTrue(RtpPeer.toneShare(RtpPeer.decode(atCaller, PCMU), 1100) > 0.5,
                    "the caller does not hear the answering phone");
            assertEquals(0, announcement.received().size(), "media still goes to the early media's address");

            Sipp.Result thirdPartyResult = uas.awaitResult(SIPP_LIMIT);
            assertEquals(0, thirdPartyResult.exitCode(), thirdPartyResult.describe());
            Sipp.Result callerResult = uac.awaitResult(SIPP_LIMIT);
            assertEquals(0, callerResult.exitCode(), callerResult.describe());
            IvrCall.follow(server, uac, caller).awaitEnded(contact, "CONTACT_FLOW_DISCONNECT");
            assertEquals("Connected", flowResults(contact).get("dial"));
        }
    }

    /** 200 ms of {@code audio} from {@code fromMs} hold the 440 Hz and 480 Hz of North American ringback. */
    private static void assertRingbackTone(short[] audio, int fromMs, String where) {
        short[] window = java.util.Arrays.copyOfRange(audio, fromMs * 8, fromMs * 8 + 1600);
        double low = RtpPeer.toneShare(window, 440);
        double high = RtpPeer.toneShare(window, 480);
        assertTrue(low > 0.4 && high > 0.4, "no ringback tone in " + where + " (440 Hz share " + low
                + ", 480 Hz share " + high + ")");
    }

    private static void assertSilent(short[] audio, int fromMs, String where) {
        for (int i = fromMs * 8; i < fromMs * 8 + 1600; i++) {
            assertTrue(Math.abs(audio[i]) < 100, "sound in " + where + " at " + i / 8 + " ms: " + audio[i]);
        }
    }

    @Test
    void callerHangingUpDuringTheTransferHangsUpTheThirdParty() throws Exception {
        try (RtpPeer caller = RtpPeer.open(); RtpPeer thirdParty = RtpPeer.open();
             Sipp.Running uas = thirdParty("stays", "third_party_stays.xml", thirdParty, null);
             Sipp.Running uac = Sipp.scenarioFile(SippScenarios.path("ivr_caller.xml"))
                     .name("leaving-caller")
                     .target("127.0.0.1", server.sipPort())
                     .args("-s", RESUMING_DID, "-key", "rtp_port", Integer.toString(caller.port()))
                     .traceMessages().calls(1).callDuration(Duration.ofSeconds(3)).timeout(SIPP_LIMIT).start(work)) {
            String contact = IvrCall.follow(server, uac, caller).contactId();
            Sipp.Result callerResult = uac.awaitResult(SIPP_LIMIT);
            assertEquals(0, callerResult.exitCode(), callerResult.describe());
            // The UAS scenario passes only when the edge sends the third party a BYE.
            Sipp.Result thirdPartyResult = uas.awaitResult(Duration.ofSeconds(10));
            assertEquals(0, thirdPartyResult.exitCode(), "the third party was not hung up: " + thirdPartyResult.describe());
            IvrCall.follow(server, uac, caller).awaitEnded(contact, "CUSTOMER_DISCONNECT");
            Map<String, String> results = flowResults(contact);
            assertEquals(List.of("log", "dial"), List.copyOf(results.keySet()), results.toString());
        }
    }

    /** One digit the third party heard: its RFC 4733 event, and when its first and last packets arrived. */
    private record DigitHeard(char digit, long firstNanos, long lastNanos) {
    }

    /** Waits for {@code count} digits sent as RFC 4733 events (one RTP timestamp per digit), in arrival order. */
    private static List<DigitHeard> awaitDigits(RtpPeer peer, int count, Duration timeout) {
        List<DigitHeard> heard = new ArrayList<>();
        try {
            return Await.value(count + " digits heard by the third party", timeout, () -> {
                Map<Long, DigitHeard> byTimestamp = new LinkedHashMap<>();
                for (RtpPeer.Received p : peer.received()) {
                    if (p.payloadType() != TELEPHONE_EVENT) {
                        continue;
                    }
                    char digit = "0123456789*#ABCD".charAt(p.payload()[0] & 0x0F);
                    byTimestamp.merge(p.timestamp(), new DigitHeard(digit, p.arrivalNanos(), p.arrivalNanos()),
                            (a, b) -> new DigitHeard(a.digit(), a.firstNanos(), b.lastNanos()));
                }
                heard.clear();
                heard.addAll(byTimestamp.values());
                return heard.size() >= count ? Optional.of(List.copyOf(heard)) : Optional.empty();
            });
        } catch (AssertionError e) {
            throw new AssertionError("the third party heard " + heard.size() + " of " + count + " digits: " + heard, e);
        }
    }

    /** Each block the contact ran (flow log Identifier) with its Results, in order. */
    private static Map<String, String> flowResults(String contact) {
        Map<String, String> results = new LinkedHashMap<>();
        for (JsonNode entry : IvrCall.flowLog(server, contact)) {
            results.put(entry.path("Identifier").asText(), entry.path("Results").asText(null));
        }
        return results;
    }

    private static Instant flowStart(String contact, String identifier) {
        Optional<JsonNode> entry = IvrCall.flowLog(server, contact).stream()
                .filter(e -> identifier.equals(e.path("Identifier").asText())).findFirst();
        assertTrue(entry.isPresent(), "no flow log entry " + identifier);
        return Instant.parse(entry.get().path("Timestamp").asText());
    }

    /**
     * Starts a SIPp UAS as the third party on the trunk's destination port, and waits until it listens; {@code more}
     * are further SIPp arguments.
     */
    private static Sipp.Running thirdParty(String name, String scenario, RtpPeer media, Duration stay, String... more) {
        Sipp sipp = Sipp.scenarioFile(SippScenarios.path(scenario))
                .name(name).localPort(THIRD_PARTY_PORT).traceMessages()
                .args("-key", "rtp_port", Integer.toString(media.port())).args(more).calls(1).timeout(SIPP_LIMIT);
        if (stay != null) {
            sipp.callDuration(stay);
        }
        Sipp.Running running = sipp.start(work);
        try {
            return running.awaitUdpBound(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            running.close();
            throw e;
        }
    }

    /** Starts a SIPp caller to {@code did} that stays on the line until the server hangs up. */
    private static Sipp.Running call(String name, String did, RtpPeer media) {
        return Sipp.scenarioFile(SippScenarios.path("transfer_caller.xml"))
                .name(name).target("127.0.0.1", server.sipPort())
                .args("-s", did, "-key", "rtp_port", Integer.toString(media.port())).traceMessages()
                .calls(1).timeout(SIPP_LIMIT).start(work);
    }

}
