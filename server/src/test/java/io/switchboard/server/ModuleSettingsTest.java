package io.switchboard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.DemoInstance;
import io.switchboard.config.InstanceConfig;
import io.switchboard.config.InstanceLoader;
import io.switchboard.config.ServerSettings;
import io.switchboard.config.model.Cidr;
import io.switchboard.config.model.Md5Hex;
import io.switchboard.config.model.SipTrunk;
import io.switchboard.media.api.MediaRelaySettings;
import io.switchboard.sip.api.SipEdgeSettings;
import io.switchboard.sip.api.TrunkDefinition;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleSettingsTest {

    @TempDir
    Path dir;

    private static ServerSettings settings(Map<String, String> flags) {
        return ServerSettings.resolve(null, Map.of(), flags).settings();
    }

    @Test
    void serverSettingsMapOntoEdgeAndRelay() throws Exception {
        ServerSettings s = settings(Map.of("bind", "127.0.0.1", "public-address", "203.0.113.7", "sip-port", "5070",
                "rtp-ports", "30000-30099"));
        SipEdgeSettings sip = ModuleSettings.sipEdge(s, ModuleSettings.advertisedAddress(s));
        assertEquals("127.0.0.1", sip.bindAddress());
        assertEquals("203.0.113.7", sip.publicAddress());
        assertEquals(5070, sip.sipPort());
        MediaRelaySettings media = ModuleSettings.mediaRelay(s, ModuleSettings.advertisedAddress(s), dir);
        assertEquals("203.0.113.7", media.publicAddress());
        assertEquals(30000, media.rtpPortMin());
        assertEquals(30099, media.rtpPortMax());
    }

    @Test
    void sipLimitsFromFlagsReachTheEdge() {
        ServerSettings s = settings(Map.ofEntries(Map.entry("sip-connection-idle-timeout", "60"),
                Map.entry("sip-first-request-timeout", "3"), Map.entry("sip-max-connections-per-source", "500"),
                Map.entry("sip-max-connections", "2000"), Map.entry("sip-auth-failures-to-ban", "7"),
                Map.entry("sip-ban-seconds", "120"), Map.entry("sip-user-auth-failures-to-ban", "4"),
                Map.entry("sip-user-ban-seconds", "900"), Map.entry("sip-core-backlog-to-shed", "0"),
                Map.entry("sip-shed-retry-after", "30")));
        io.switchboard.sip.api.SipLimits l = ModuleSettings.sipEdge(s, "127.0.0.1").limits();
        assertEquals(java.time.Duration.ofSeconds(60), l.connectionIdleTimeout());
        assertEquals(java.time.Duration.ofSeconds(3), l.firstRequestTimeout());
        assertEquals(500, l.maxConnectionsPerSource());
        assertEquals(2000, l.maxConnections());
        assertEquals(7, l.authFailuresToBan());
        assertEquals(java.time.Duration.ofSeconds(120), l.banDuration());
        assertEquals(4, l.userAuthFailuresToBan());
        assertEquals(java.time.Duration.ofSeconds(900), l.userBanDuration());
        assertEquals(0, l.coreBacklogToShed());
        assertEquals(java.time.Duration.ofSeconds(30), l.shedRetryAfter());
    }

    @Test
    void withoutSipFlagsTheEdgeKeepsItsDefaultLimits() {
        assertEquals(io.switchboard.sip.api.SipLimits.defaults(),
                ModuleSettings.sipEdge(settings(Map.of()), "127.0.0.1").limits());
    }

    @Test
    void wildcardBindAdvertisesAnInterfaceAddressNeverTheWildcard() throws Exception {
        assertEquals("127.0.0.1", ModuleSettings.advertisedAddress(settings(Map.of("bind", "127.0.0.1"))));
        assertEquals("203.0.113.7", ModuleSettings.advertisedAddress(
                settings(Map.of("bind", "0.0.0.0", "public-address", "203.0.113.7"))));
        String chosen = ModuleSettings.advertisedAddress(settings(Map.of()));
        assertTrue(!InetAddress.getByName(chosen).isAnyLocalAddress(), chosen);

        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        InetAddress linkLocal = InetAddress.getByName("169.254.1.1");
        InetAddress v6 = InetAddress.getByName("2001:db8::1");
        InetAddress lan = InetAddress.getByName("192.0.2.10");
        assertEquals("192.0.2.10", ModuleSettings.pickAdvertised(List.of(loopback, linkLocal, v6, lan)));
        assertEquals("127.0.0.1", ModuleSettings.pickAdvertised(List.of(loopback, v6)));
    }

    @Test
    void tlsSettingsReachTheEdge() throws Exception {
        Path cert = Files.writeString(dir.resolve("cert.pem"), "not parsed here");
        Path key = Files.writeString(dir.resolve("key.pem"), "not parsed here");
        ServerSettings s = settings(Map.of("bind", "127.0.0.1"));
        ServerSettings tls = ServerSettings.resolve(null, Map.of("SWITCHBOARD_TLS_CERTIFICATE", cert.toString(),
                "SWITCHBOARD_TLS_PRIVATE_KEY", key.toString()), Map.of("bind", "127.0.0.1")).settings();
        assertTrue(!ModuleSettings.sipEdge(s, "127.0.0.1").tlsEnabled());
        SipEdgeSettings edge = ModuleSettings.sipEdge(tls, "127.0.0.1");
        assertTrue(edge.tlsEnabled());
        assertEquals(5061, edge.tlsPort());
        assertEquals(cert, edge.tlsCertificate());
    }

    @Test
    void tooSmallRtpRangeIsAStartupError() {
        ServerSettings s = settings(Map.of("rtp-ports", "30000-30001"));
        StartupException e = assertThrows(StartupException.class, () -> ModuleSettings.mediaRelay(s, "127.0.0.1", dir));
        assertTrue(e.getMessage().startsWith("rtp-ports 30000-30001"), e.getMessage());
    }

    @Test
    void demoTrunkAdmitsLoopbackAndDialsDanasPhone() throws Exception {
        InstanceConfig demo = InstanceLoader.load(DemoInstance.extractTo(dir.resolve("demo"))).config();
        List<TrunkDefinition> trunks = ModuleSettings.trunks(demo);
        assertEquals(1, trunks.size());
        TrunkDefinition t = trunks.get(0);
        assertEquals("demo-trunk", t.name());
        assertEquals(List.of("127.0.0.1/32"), t.inboundCidrs());
        assertEquals(List.of("127.0.0.1:5070;transport=udp"), t.outboundDestinations());
        assertEquals(100, t.maxConcurrentCalls());
    }

    @Test
    void destinationsKeepWhatTheOperatorLeftOutForDnsToChoose() {
        SipTrunk trunk = new SipTrunk("carrier", null, new SipTrunk.Outbound(List.of(
                new SipTrunk.Destination(io.switchboard.config.model.HostPort.parse("sbc.example.net"), null),
                new SipTrunk.Destination(io.switchboard.config.model.HostPort.parse("sbc.example.net"),
                        SipTrunk.Transport.TCP),
                new SipTrunk.Destination(io.switchboard.config.model.HostPort.parse("192.0.2.7:5080"), null)),
                null, null), List.of(), null, null, 0, SipTrunk.RtpSource.NAT);
        assertEquals(List.of("sbc.example.net", "sbc.example.net;transport=tcp", "192.0.2.7:5080"),
                ModuleSettings.trunk(trunk).outboundDestinations());
    }

    @Test
    void dnsServersReachTheEdgeAndTheSystemsAreTheDefault() throws Exception {
        ServerSettings s = ServerSettings.resolve(null, Map.of("SWITCHBOARD_DNS_SERVERS", "127.0.0.1:5353, [::1]"),
                Map.of()).settings();
        assertEquals(List.of(new java.net.InetSocketAddress(InetAddress.getByName("127.0.0.1"), 5353),
                new java.net.InetSocketAddress(InetAddress.getByName("::1"), 53)),
                ModuleSettings.sipEdge(s, "127.0.0.1").dns().servers());
        assertEquals(List.of(), ModuleSettings.sipEdge(settings(Map.of()), "127.0.0.1").dns().servers());
        assertTrue(ServerSettings.resolve(null, Map.of("SWITCHBOARD_DNS_SERVERS", "ns.example.net"), Map.of())
                .problems().stream().anyMatch(p -> p.message().contains("\"ns.example.net\"")));
    }

    @Test
    void trunkThatRequiresDigestAdmitsNoSourceWithoutIt() {
        SipTrunk trunk = new SipTrunk("carrier", new SipTrunk.Inbound(List.of(Cidr.parse("198.51.100.0/24")),
                List.of(new SipTrunk.DigestUser("pbx", "switchboard", new Md5Hex("0123456789abcdef0123456789abcdef")))),
                null, List.of(), null, null, 0, SipTrunk.RtpSource.NAT);
        assertEquals(List.of(), ModuleSettings.trunk(trunk).inboundCidrs());
    }

    @Test
    void digestUsersReachTheEdgeAsHa1CallableFromTheAllowedSources() {
        SipTrunk trunk = new SipTrunk("carrier", new SipTrunk.Inbound(List.of(Cidr.parse("198.51.100.0/24")),
                List.of(new SipTrunk.DigestUser("pbx", "switchboard", new Md5Hex("0123456789abcdef0123456789abcdef")))),
                null, List.of(), null, null, 0, SipTrunk.RtpSource.NAT);
        TrunkDefinition t = ModuleSettings.trunk(trunk);
        assertEquals(List.of("198.51.100.0/24"), t.digestSources());
        assertEquals("switchboard", t.digestUsers().get("pbx").realm());
        assertEquals("0123456789abcdef0123456789abcdef", t.digestUsers().get("pbx").md5Ha1());
        assertEquals(null, t.digestUsers().get("pbx").sha256Ha1(), "the instance keeps MD5 HA1 only");
    }
}
