package io.switchboard.server;

import io.netty.util.ResourceLeakDetector;
import io.switchboard.config.ConfigProblem;
import io.switchboard.config.InstanceLoader;
import io.switchboard.config.LoadResult;
import io.switchboard.config.PasswordHasher;
import io.switchboard.config.ServerSettings;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * {@code java -jar switchboard.jar [run|validate|hash-password|import-flow|flow-check|simulate] [flags]}. Exit status: 0 on success and
 * after a SIGTERM drain, 1 when the server cannot start or an instance is invalid, 2 on a bad command line.
 */
public final class Main {
    static final int EXIT_OK = 0;
    static final int EXIT_FAILURE = 1;
    static final int EXIT_USAGE = 2;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine commandLine;
        try {
            commandLine = CommandLine.parse(args);
        } catch (UsageException e) {
            err.println("switchboard: " + e.getMessage());
            return EXIT_USAGE;
        }
        if (commandLine.has("help")) {
            out.println(CommandLine.usage());
            return EXIT_OK;
        }
        if (commandLine.has("version")) {
            out.println("switchboard " + version());
            return EXIT_OK;
        }
        return switch (commandLine.subcommand()) {
            case "validate" -> validate(commandLine, out, err);
            case "hash-password" -> hashPassword(commandLine, out, err);
            case "import-flow" -> new ImportFlowCommand(out, err).run(commandLine);
            case "flow-check" -> new FlowCheckCommand(out, err).run(commandLine);
            case "simulate" -> new SimulateCommand(out, err).run(commandLine);
            default -> serve(commandLine, err);
        };
    }

    private static int validate(CommandLine commandLine, PrintStream out, PrintStream err) {
        if (commandLine.positional().size() != 1) {
            err.println("switchboard: validate takes one instance directory");
            return EXIT_USAGE;
        }
        Path dir = Path.of(commandLine.positional().get(0));
        LoadResult result = InstanceLoader.load(dir);
        if (result.isValid()) {
            out.println(dir + ": valid");
            return EXIT_OK;
        }
        result.problems().forEach(p -> err.println(p.toString()));
        err.println(dir + ": " + result.problems().size() + " problem" + (result.problems().size() == 1 ? "" : "s"));
        return EXIT_FAILURE;
    }

    private static int hashPassword(CommandLine commandLine, PrintStream out, PrintStream err) {
        char[] password;
        try {
            password = readPassword(commandLine.has("stdin"), err);
        } catch (IOException e) {
            err.println("switchboard: cannot read the password: " + e.getMessage());
            return EXIT_FAILURE;
        }
        if (password == null || password.length == 0) {
            err.println("switchboard: empty password");
            return EXIT_FAILURE;
        }
        try {
            out.println(PasswordHasher.hash(password));
            return EXIT_OK;
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private static char[] readPassword(boolean fromStdin, PrintStream err) throws IOException {
        Console console = System.console();
        if (!fromStdin && console != null) {
            char[] first = console.readPassword("password: ");
            char[] second = console.readPassword("again: ");
            if (first == null || !Arrays.equals(first, second)) {
                err.println("switchboard: the passwords differ");
                return null;
            }
            return first;
        }
        BufferedReader reader = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line = reader.readLine();
        return line == null ? null : line.toCharArray();
    }

    /**
     * Netty samples one buffer allocation in 128 by default and records its stack, a debugging aid that costs
     * the media and TURN paths a tenth of their CPU; the server runs without it unless
     * {@code -Dio.netty.leakDetection.level} asks for a level (the tests ask for paranoid).
     */
    static void disableLeakSamplingUnlessAsked() {
        if (System.getProperty("io.netty.leakDetection.level") == null
                && System.getProperty("io.netty.leakDetectionLevel") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
    }

    private static int serve(CommandLine commandLine, PrintStream err) {
        String configFile = commandLine.flags().getOrDefault("config", System.getenv("SWITCHBOARD_CONFIG"));
        ServerSettings.Result resolved = ServerSettings.resolve(configFile == null ? null : Path.of(configFile),
                System.getenv(), commandLine.settingOverrides());
        if (!resolved.isValid()) {
            resolved.problems().forEach(p -> err.println("switchboard: " + p));
            return EXIT_USAGE;
        }
        ServerSettings settings = resolved.settings();
        if (settings.logFormat() == ServerSettings.LogFormat.JSON) {
            LoggingSetup.useJsonLines();
        }
        LoggingSetup.routeJavaUtilLogging();
        Logger log = LoggerFactory.getLogger("switchboard");
        disableLeakSamplingUnlessAsked();

        CountDownLatch stopRequested = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), signal -> stopRequested.countDown());
        Signal.handle(new Signal("INT"), signal -> stopRequested.countDown());

        Switchboard server;
        try {
            server = Switchboard.start(settings);
        } catch (StartupException e) {
            // Logged once (stdout, text or JSON); the exit status tells scripts it failed.
            log.error("switchboard cannot start: {}", e.getMessage());
            return EXIT_FAILURE;
        }
        try {
            stopRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("stop requested");
        server.drainAndStop();
        return EXIT_OK;
    }

    static String version() {
        String version = Main.class.getPackage().getImplementationVersion();
        return version == null ? "development build" : version;
    }
}
