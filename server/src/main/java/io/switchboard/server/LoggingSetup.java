package io.switchboard.server;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** Switches Logback between text and JSON lines once the settings are known, and routes JUL into SLF4J. */
final class LoggingSetup {
    private LoggingSetup() {
    }

    static void routeJavaUtilLogging() {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }

    /** Replaces the text configuration from logback.xml by the JSON one. */
    static void useJsonLines() {
        URL json = LoggingSetup.class.getResource("logback-json.xml");
        if (json == null) {
            throw new IllegalStateException("logback-json.xml missing from the jar");
        }
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(json);
        } catch (JoranException e) {
            throw new IllegalStateException("cannot configure JSON logging: " + e.getMessage(), e);
        }
    }
}
