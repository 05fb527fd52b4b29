import io.switchboard.config.model.RoutingProfile;
import io.switchboard.routing.contact.ContactId;
import io.switchboard.routing.core.VirtualLoop;
import io.switchboard.routing.router.Router;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Router decisions per second and the latency of one decision, on the virtual clock: 10,000 agents whose
 * routing profiles each serve 3 of 200 queues (priorities 1-3, a third of them with a delay), and 100,000
 * waiting contacts. Two phases: agents becoming free while contacts wait (each takes the best contact its
 * profile allows), and contacts arriving while agents wait (each goes to the longest-available agent who
 * serves its queue). Every matched contact is replaced, so the book stays at its size.
 * Usage: bench/router/run.sh [agents] [queues] [contacts] [decisions per phase]
 */
public final class RouterBench {

    public static void main(String[] args) {
        int agents = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int queues = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int contacts = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        int decisions = args.length > 3 ? Integer.parseInt(args[3]) : 200_000;
        for (int round = 1; round <= 3; round++) {
            run(round, agents, queues, contacts, decisions);
        }
    }

    private static void run(int round, int agents, int queues, int contacts, int decisions) {
        SplittableRandom random = new SplittableRandom(42);
        VirtualLoop loop = new VirtualLoop(Instant.parse("2024-07-10T15:00:00Z"));
        List<Router.Match> matches = new ArrayList<>();
        Router router = new Router(loop, matches::add);
        RoutingProfile[] profiles = new RoutingProfile[agents];
        for (int a = 0; a < agents; a++) {
            List<RoutingProfile.QueueConfig> served = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                served.add(new RoutingProfile.QueueConfig("q" + random.nextInt(queues), i + 1,
                        random.nextInt(3) == 0 ? 30 : 0));
            }
            profiles[a] = new RoutingProfile("p" + a, null, served, served.get(0).queue(), null);
        }
        long[] contactIds = {0};
        Runnable newContact = () -> router.enqueue(new ContactId(new java.util.UUID(1, contactIds[0]++)),
                "q" + random.nextInt(queues), loop.now(), Router.DEFAULT_PRIORITY, Duration.ZERO);
        for (int c = 0; c < contacts; c++) {
            newContact.run();
            if (c % 1000 == 0) {
                loop.advance(Duration.ofMillis(100));
            }
        }
        loop.advance(Duration.ofSeconds(60)); // every delay crossed: the book as a busy afternoon has it

        // Phase 1: agents become free one by one while 100,000 contacts wait.
        long[] latencies = new long[decisions];
        int made = 0;
        long start = System.nanoTime();
        for (int i = 0; i < decisions; i++) {
            int agent = random.nextInt(agents);
            int before = matches.size();
            long t0 = System.nanoTime();
            router.agentAvailable("a" + agent, profiles[agent]);
            latencies[i] = System.nanoTime() - t0;
            if (matches.size() > before) {
                made++;
                newContact.run();
            }
        }
        long phase1 = System.nanoTime() - start;
        print(round, "agent-free", agents, queues, contacts, made, phase1, latencies);

        // Phase 2: no contact waits; every agent is available; contacts arrive one by one.
        VirtualLoop idleLoop = new VirtualLoop(loop.now());
        matches.clear();
        Router idle = new Router(idleLoop, matches::add);
        for (int a = 0; a < agents; a++) {
            idle.agentAvailable("a" + a, profiles[a]);
        }
        made = 0;
        start = System.nanoTime();
        for (int i = 0; i < decisions; i++) {
            int before = matches.size();
            long t0 = System.nanoTime();
            idle.enqueue(new ContactId(new java.util.UUID(2, i)), "q" + random.nextInt(queues), idleLoop.now(), Router.DEFAULT_PRIORITY,
                    Duration.ZERO);
            latencies[i] = System.nanoTime() - t0;
            if (matches.size() > before) {
                made++;
                Router.Match m = matches.get(matches.size() - 1);
                int agent = Integer.parseInt(m.agent().substring(1));
                idle.agentAvailable(m.agent(), profiles[agent]); // the call ends at once: back in line
            } else {
                idle.withdraw(new ContactId(new java.util.UUID(2, i))); // delayed queues only: it hangs up
            }
        }
        long phase2 = System.nanoTime() - start;
        print(round, "contact-arrives", agents, queues, 0, made, phase2, latencies);
    }

    private static void print(int round, String phase, int agents, int queues, int waiting, int made, long nanos,
                              long[] latencies) {
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        System.out.printf("round=%d phase=%s agents=%d queues=%d waiting=%d events=%d decisions=%d events_per_s=%.0f "
                        + "p50_us=%.1f p99_us=%.1f p999_us=%.1f%n", round, phase, agents, queues, waiting,
                latencies.length, made, latencies.length / (nanos / 1e9), sorted[sorted.length / 2] / 1e3,
                sorted[(int) (sorted.length * 0.99)] / 1e3, sorted[(int) (sorted.length * 0.999)] / 1e3);
    }
}
