package io.switchboard.server.web;

import io.switchboard.config.ServerSettings;
import io.switchboard.control.ControlApi;
import io.switchboard.control.http.HttpRoutes;
import io.switchboard.control.http.StaticFiles;
import io.switchboard.control.tls.ServerTls;
import io.switchboard.server.StartupException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mounts the Contact Control Panel at {@code /ccp} and starts the HTTPS listener: browsers give a page the
 * microphone only on a secure origin (or localhost), so agents on other machines need HTTPS.
 */
public final class WebListeners {
    private static final Logger LOG = LoggerFactory.getLogger("http");
    /** Where the CCP's files sit on the classpath (control-api's resources). */
    public static final String CCP_ROOT = "io/switchboard/control/pages/ccp";
    /** The generated certificate is written here below the data directory, for a trial user to import. */
    static final String SELF_SIGNED_PEM = "tls/self-signed-certificate.pem";

    private WebListeners() {
    }

    /** Serves the CCP's HTML, CSS and JavaScript modules at {@code /ccp/}. */
    public static void mountPages(HttpRoutes routes) throws StartupException {
        try {
            StaticFiles ccp = StaticFiles.fromClasspath(WebListeners.class.getClassLoader(), CCP_ROOT);
            StaticFiles.mount(routes, "/ccp", ccp);
            LOG.debug("/ccp serves {} files", ccp.size());
        } catch (IOException e) {
            throw new StartupException("cannot read the CCP's files from the jar: " + e.getMessage(), e);
        }
    }

    /**
     * Starts HTTPS when the settings ask for it and answers where it listens, or null when they do not. A
     * self-signed certificate is announced at WARN with its fingerprint, so that a person can check what the
     * browser shows.
     */
    public static InetSocketAddress startHttps(ControlApi http, ServerSettings settings, String advertised)
            throws StartupException {
        if (!settings.httpsEnabled()) {
            return null;
        }
        ServerTls tls = material(settings, advertised);
        InetSocketAddress address = new InetSocketAddress(settings.bindAddress(), settings.httpsPort());
        InetSocketAddress bound;
        try {
            bound = http.listenTls(address, tls);
        } catch (Exception e) {
            throw StartupException.bindFailure("https", address, e);
        }
        if (tls.isSelfSigned()) {
            Path pem = writePem(settings.dataDir(), tls);
            LOG.warn("HTTPS on {}:{} uses a SELF-SIGNED certificate made at start (--self-signed): for trials only;"
                    + " browsers warn until it is trusted. Configure tlsCertificate and tlsPrivateKey for real use.",
                    settings.bindAddress(), bound.getPort());
            LOG.warn("self-signed certificate: {}; sha-256 fingerprint {}{}", tls.describe(), tls.fingerprint(),
                    pem == null ? "" : "; written to " + pem);
        } else {
            LOG.info("HTTPS on {}:{} with {}", settings.bindAddress(), bound.getPort(), tls.describe());
        }
        return bound;
    }

    private static ServerTls material(ServerSettings settings, String advertised) throws StartupException {
        if (settings.tlsEnabled()) {
            try {
                return ServerTls.fromPem(settings.tlsCertificate(), settings.tlsPrivateKey());
            } catch (IOException e) {
                throw new StartupException("cannot serve HTTPS: " + e.getMessage(), e);
            }
        }
        return ServerTls.selfSigned(settings.publicAddress() == null ? List.of(advertised)
                : List.of(advertised, settings.publicAddress()));
    }

    private static Path writePem(Path dataDir, ServerTls tls) {
        Path pem = dataDir.resolve(SELF_SIGNED_PEM);
        try {
            Files.createDirectories(pem.getParent());
            Files.write(pem, tls.certificatePem());
            return pem;
        } catch (IOException e) {
            LOG.warn("cannot write the self-signed certificate to {}: {}", pem, e.getMessage());
            return null;
        }
    }
}
